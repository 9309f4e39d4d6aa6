// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The four tabs (Browse / Search / Installed / Updates) of the current scope
 * (store + repository). Each list is one `packages filter` call built from
 * the view by listQuery(): the search query only ever goes with the Search tab.
 */
import { FacetFilter } from "./FacetFilter.js";
import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Badge } from "@patternfly/react-core/dist/dynamic/components/Badge";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/dynamic/components/Breadcrumb";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Checkbox } from "@patternfly/react-core/dist/dynamic/components/Checkbox";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { Label } from "@patternfly/react-core/dist/dynamic/components/Label";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/dynamic/components/EmptyState";
import { SearchInput } from "@patternfly/react-core/dist/dynamic/components/SearchInput";
import { Skeleton } from "@patternfly/react-core/dist/dynamic/components/Skeleton";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/dynamic/components/Tabs";
import { Title } from "@patternfly/react-core/dist/dynamic/components/Title";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/dynamic/components/Toolbar";
import SearchIcon from "@patternfly/react-icons/dist/esm/icons/search-icon";
import ExclamationTriangleIcon from "@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon";
import { Tooltip } from "@patternfly/react-core/dist/dynamic/components/Tooltip";
import {
    MAX_SEARCH_LENGTH,
    type AppCategoryInfo,
    type PackageCountsResponse,
    type PackageListResponse,
    type PackageSummary,
    type PackageTab,
} from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import {
    filterPackages,
    packageCounts,
    listCategories,
    listSections,
    toBridgeError,
    type PackageQuery,
} from "../api/index.js";
import { APP_CATEGORY_PREFIX, appCategoryIcon, appCategoryLabel } from "./app-categories.js";
import type { BridgeError } from "../api/errors.js";
import { useToasts } from "./Toasts.js";
import { AutoremoveAction } from "./AutoremoveAction.js";
import { useAppState } from "../state/AppState.js";
import { useOperations } from "../state/operations.js";
import { useRequest, type Request } from "../state/useRequest.js";
import { useKeptBackCheck } from "../state/kept-back-check.js";
import { listQuery } from "../state/view.js";
import { cancelPrefetch, prefetchList, takePrefetched } from "../state/list-prefetch.js";
import { ConfigurationLeftBehind } from "./LeftBehind.js";
import { PackageList, type RowAction } from "./PackageList.js";
import { KeptBackCheck, KeptBackSection, ReadyUpdates } from "./UpdatesView.js";
import { useHold } from "./hold-action.js";
import { splitUpdates } from "../state/updates.js";
import { useSystemPageStatus } from "../state/page-status.js";
import { SectionGrid, sectionLabel, type GridEntry } from "./SectionGrid.js";
import { NoInstalled, NoMatch, NoPackages, NoUpdates, UpdateListsAction } from "./EmptyStates.js";
import { formatCount } from "./format.js";
import { onTabListKeyDown } from "./tab-keys.js";
import { AutomaticUpdatesCard } from "./AutomaticUpdatesCard.js";
import { ListsUpdatedLine, SystemStatusNotice } from "./SystemStatusNotice.js";

export { UpdateListsAction };
export const SEARCH_DEBOUNCE_MS = 300;
/**
 * A pause in typing after which the search's first rows are asked for, while the debounce still
 * runs: a bridge process per pause, not per key (a newer key aborts it). bench:e2e: the answer
 * takes ~300 ms on this 2-core VM (a Node start and a scan of the index), so it is there shortly
 * after the debounce instead of ~300 ms after it.
 */
export const SEARCH_PREFETCH_MS = 100;
const CATEGORY_PREFIX = "category::";

/**
 * The store scope to query: undefined while the store list is still loading
 * and a remembered store is not confirmed yet (its id might be stale).
 */
function useScope(): string | null | undefined {
    const { view, activeStores, storesLoaded } = useAppState();
    if (view.store === null) return null;
    if (activeStores.length > 0 && activeStores.length === view.store.split(",").length) return view.store;
    return storesLoaded ? null : undefined;
}

function queryKey(q: PackageQuery, generation: number, extra = ""): string {
    return JSON.stringify([
        q.store ?? null,
        q.repository ?? null,
        q.tab,
        q.query ?? null,
        q.section ?? null,
        q.category ?? null,
        q.appCategory ?? null,
        q.tags ?? [],
        q.limit ?? null,
        generation,
        extra,
    ]);
}

/**
 * The counts on the tabs are secondary: they start once the first list (or
 * section grid) has arrived, so their two bridge processes do not compete with
 * it for the CPU (measured on 2 cores: five bridges at once made the first
 * grid wait 0.8 s instead of 0.3 s; a Raspberry Pi has few cores too). If the
 * first list takes long, they start after this delay anyway.
 */
export const COUNTS_MAX_DELAY_MS = 3000;

/** Called by the tab bodies when their first answer (list or grid, data or error) is there. */
const FirstAnswerContext = React.createContext<() => void>(() => {});

function useReportFirstAnswer(settled: boolean): void {
    const report = React.useContext(FirstAnswerContext);
    useEffect(() => {
        if (settled) report();
    }, [settled, report]);
}

function useAfter(ms: number): boolean {
    const [ready, setReady] = useState(false);
    useEffect(() => {
        const t = setTimeout(() => setReady(true), ms);
        return () => clearTimeout(t);
    }, [ms]);
    return ready;
}

/**
 * Whether secondary requests may start (see COUNTS_MAX_DELAY_MS), and the callback that says the
 * first answer they wait for is there.
 */
function useAfterFirstAnswer(): [boolean, () => void] {
    const [answered, setAnswered] = useState(false);
    const report = useCallback(() => setAnswered(true), []);
    return [useAfter(COUNTS_MAX_DELAY_MS) || answered, report];
}

interface TabCount {
    count: number | null;
    /** Why the count is missing (shown as a marker on the tab, never silently left out). */
    error: BridgeError | null;
}

/**
 * The numbers on the Installed and Updates tabs: one `packages counts` of the scope (counts only,
 * never the kept-back simulation that the Updates tab's own list runs).
 */
function useTabCounts(
    store: string | null | undefined,
    repository: string | null,
    generation: number,
    enabled: boolean
): Request<PackageCountsResponse> {
    return useRequest(
        `counts:${JSON.stringify([store ?? null, repository])}:${generation}`,
        store === undefined || !enabled ? null : (signal) => packageCounts(store, repository, { signal })
    );
}

function tabCount(
    data: PackageCountsResponse | null,
    error: BridgeError | null,
    key: "installed" | "upgradable"
): TabCount {
    return { count: data?.[key] ?? null, error };
}

function ListSkeleton() {
    return (
        <div data-testid="list-loading" aria-busy="true">
            {Array.from({ length: 8 }, (_v, i) => (
                <Skeleton
                    key={i}
                    height="2.5rem"
                    className="apt-skeleton-row"
                    screenreaderText={i === 0 ? _("Loading packages") : undefined}
                />
            ))}
        </div>
    );
}

interface ListPaneProps {
    query: PackageQuery | null;
    label: string;
    empty: React.ReactNode;
}

/**
 * A list's first request: about one screen of rows (a desktop shows ~17, a phone ~7), so that they are
 * painted as soon as the bridge has answered; the rest of the page follows in a second request.
 */
export const FIRST_ROWS = 50;
/** Rows a page of the list holds (the bridge's most): "Show more" adds another page. */
export const PAGE_ROWS = 1000;

/** The request of a list's first rows (shared with the search's prefetch: the same key, the same arguments). */
export function firstRowsRequest(query: PackageQuery, generation: number) {
    const q: PackageQuery = { ...query, limit: FIRST_ROWS };
    return { key: queryKey(query, generation), fetch: (signal: AbortSignal) => filterPackages(q, { signal }) };
}

/** The rest of a page after its first rows, fetched in the background for the list `key`. */
interface Rest {
    key: string;
    status: "loading" | "ready" | "error";
    packages: PackageSummary[];
    error?: string;
}

/**
 * The rows of the page after `first` (its first rows), asked for once they are shown; null when the
 * first answer is the whole page. Rows already shown are never added twice (the index may have been
 * rebuilt between the two requests).
 */
function useRestOfPage(key: string, query: PackageQuery | null, first: PackageListResponse | null): Rest | null {
    const [rest, setRest] = useState<Rest | null>(null);
    const wanted =
        query !== null &&
        first !== null &&
        first.offset === 0 &&
        first.packages.length === FIRST_ROWS &&
        first.total > FIRST_ROWS;
    useEffect(() => {
        if (!wanted || !query || !first) return;
        const controller = new AbortController();
        setRest({ key, status: "loading", packages: [] });
        filterPackages(
            { ...query, offset: first.packages.length, limit: PAGE_ROWS - first.packages.length },
            { signal: controller.signal }
        ).then(
            (r) => {
                const shown = new Set(first.packages.map((p) => p.name));
                setRest({ key, status: "ready", packages: r.packages.filter((p) => !shown.has(p.name)) });
            },
            (e: unknown) => {
                if (!controller.signal.aborted)
                    setRest({ key, status: "error", packages: [], error: toBridgeError(e).message });
            }
        );
        return () => controller.abort();
        // `query` is new at every render; `key` says when it changed.
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [key, first, wanted]);
    return wanted && rest?.key === key ? rest : null;
}

/** Loads and shows one package list, with its loading, error and empty states. */
function ListPane({ query, label, empty }: ListPaneProps) {
    const { generation, access, openPackage, headerSettled } = useAppState();
    const ops = useOperations();
    const toasts = useToasts();
    const first = query ? firstRowsRequest(query, generation) : null;
    const key = first ? first.key : "none";
    const list = useRequest<PackageListResponse>(
        key,
        first ? (signal) => takePrefetched(first.key, signal) ?? first.fetch(signal) : null
    );
    useReportFirstAnswer(list.status === "ready" || list.status === "error");
    const current = list.status === "ready" && list.dataKey === key ? list.data : null;
    const rest = useRestOfPage(key, query, current);
    // "Show more": further pages of 1,000 appended below, reset whenever the list changes.
    const [more, setMore] = useState<PackageSummary[]>([]);
    const [loadingMore, setLoadingMore] = useState(false);
    // The list a "Show more" answer belongs to: pages of an older list are dropped.
    const keyRef = useRef(key);
    keyRef.current = key;
    useEffect(() => setMore([]), [key]);
    // The rest failed: said once; "Show more" then asks for it again.
    const restError = rest?.status === "error" ? (rest.error ?? "") : null;
    useEffect(() => {
        if (restError !== null) toasts.add("danger", _("More packages could not be loaded"), restError);
    }, [restError, toasts]);

    const restRows = rest?.packages;
    const packages = useMemo(() => {
        if (!list.data) return [];
        const extra = [...(restRows ?? []), ...more];
        return extra.length ? [...list.data.packages, ...extra] : list.data.packages;
    }, [list.data, restRows, more]);

    const { run: runHold } = useHold();
    const onAction = useCallback(
        (action: RowAction, name: string) =>
            action === "hold" || action === "unhold" ? runHold(action, name) : ops.start(action, [name]),
        [ops, runHold]
    );

    // The list waits for the header too (store toggle, repository select): it must not push the rows down once shown.
    if (!query || list.status === "loading" || list.status === "idle" || !headerSettled) return <ListSkeleton />;
    if (list.status === "error" && list.error) {
        return <ListError message={list.error.message} onRetry={list.reload} />;
    }
    if (packages.length === 0) return <>{empty}</>;
    const data = list.data!;
    const loaded = packages.length;
    // While the rest of the page loads, its rows are placeholders: the count and the scrollbar
    // say at once what the page will hold, and nothing jumps when the rows arrive.
    const pending =
        rest?.status === "loading" ? Math.max(0, Math.min(data.total, data.offset + PAGE_ROWS) - loaded) : 0;
    const loadMore = () => {
        setLoadingMore(true);
        const requestedFor = key;
        filterPackages({ ...query, offset: data.offset + loaded }).then(
            (r) => {
                if (requestedFor === keyRef.current) setMore((m) => [...m, ...r.packages]);
                setLoadingMore(false);
            },
            (e: unknown) => {
                setLoadingMore(false);
                const err = toBridgeError(e);
                toasts.add("danger", _("More packages could not be loaded"), err.message);
            }
        );
    };
    return (
        <>
            <Content component="small" className="apt-list-count" data-testid="list-count" aria-live="polite">
                {fmt(
                    ngettext("$0 of $1 package", "$0 of $1 packages", data.total),
                    formatCount(loaded + pending),
                    formatCount(data.total)
                )}
            </Content>
            <PackageList
                packages={packages}
                pendingRows={pending}
                canChange={access === "admin"}
                onOpen={openPackage}
                onAction={onAction}
                label={label}
            />
            {pending === 0 && loaded < data.total && (
                <Button
                    variant="secondary"
                    onClick={loadMore}
                    isLoading={loadingMore}
                    isDisabled={loadingMore}
                    data-testid="load-more"
                >
                    {_("Show more")}
                </Button>
            )}
        </>
    );
}

/** The Browse page's two grids, from one answer: the sections (or a store's categories) and the AppStream categories. */
interface Grids {
    entries: GridEntry[];
    apps: GridEntry[];
}

function appEntries(categories: AppCategoryInfo[] | undefined): GridEntry[] {
    return (categories ?? []).map((c) => ({
        key: APP_CATEGORY_PREFIX + c.id,
        label: appCategoryLabel(c.id),
        description: null,
        icon: appCategoryIcon(c.id),
        count: c.packageCount,
        custom: true,
    }));
}

function BrowseTab({ scope }: { scope: string | null | undefined }) {
    const { view, activeStore, generation, setSection, headerSettled } = useAppState();
    const byCategories = activeStore?.browseBy === "categories";
    const gridKey = `${byCategories ? "categories" : "sections"}:${scope ?? "?"}:${view.repository ?? ""}:${generation}`;
    // The AppStream categories (issue 16) come in the same answer: shown above the sections, they
    // would push the section cards down under a finger if they arrived after them.
    const grid = useRequest<Grids>(
        gridKey,
        scope === undefined
            ? null
            : byCategories
              ? async (signal) => {
                    const r = await listCategories(scope, { signal, repository: view.repository, withApps: true });
                    return {
                        entries: r.categories.map((c) => ({
                            key: CATEGORY_PREFIX + c.id,
                            label: c.label,
                            description: c.description,
                            icon: c.icon,
                            count: c.packageCount,
                            custom: true,
                        })),
                        apps: appEntries(r.appCategories),
                    };
                }
              : async (signal) => {
                    const r = await listSections(scope, { signal, repository: view.repository, withApps: true });
                    return {
                        entries: r.sections.map((s) => ({
                            key: s.name,
                            label: s.custom ? s.label : sectionLabel(s.label || s.name),
                            description: s.description,
                            icon: s.icon,
                            count: s.packageCount,
                            custom: s.custom,
                        })),
                        apps: appEntries(r.appCategories),
                    };
                }
    );
    useReportFirstAnswer(grid.status === "ready" || grid.status === "error");
    const category = view.section?.startsWith(CATEGORY_PREFIX) ? view.section : null;
    const appCategory = view.section?.startsWith(APP_CATEGORY_PREFIX)
        ? view.section.slice(APP_CATEGORY_PREFIX.length)
        : null;

    if (view.section) {
        const entry = grid.data?.entries.find((e) => e.key === view.section);
        const title =
            entry?.label ??
            (appCategory !== null
                ? appCategoryLabel(appCategory)
                : category
                  ? category.slice(CATEGORY_PREFIX.length)
                  : sectionLabel(view.section));
        const narrow: Partial<PackageQuery> =
            appCategory !== null
                ? { section: null, appCategory }
                : category
                  ? { section: null, category: category.slice(CATEGORY_PREFIX.length) }
                  : { section: view.section };
        const q: PackageQuery | null = scope === undefined ? null : { ...listQuery(view), store: scope, ...narrow };
        return (
            <>
                <Breadcrumb className="apt-breadcrumb">
                    <BreadcrumbItem>
                        <Button variant="link" isInline onClick={() => setSection(null)} data-testid="back-to-sections">
                            {byCategories ? _("All categories") : _("All sections")}
                        </Button>
                    </BreadcrumbItem>
                    <BreadcrumbItem isActive>{title}</BreadcrumbItem>
                </Breadcrumb>
                <SectionHeading title={title} section={view.section} />
                <ListPane query={q} label={fmt(_("Packages in $0"), title)} empty={<NoMatch what="section" />} />
            </>
        );
    }
    if (grid.status === "error" && grid.error) {
        return (
            <Alert
                variant="danger"
                isInline
                title={_("Sections could not be loaded")}
                data-testid="list-error"
                actionLinks={<AlertActionLink onClick={grid.reload}>{_("Try again")}</AlertActionLink>}
            >
                {grid.error.message}
            </Alert>
        );
    }
    // The grids wait for the header too (store toggle, repository select): it must not push them down once shown.
    if (grid.status !== "ready" || !grid.data || !headerSettled)
        return <SectionGrid entries={[]} loading onOpen={setSection} />;
    const entries = grid.data.entries;
    if (entries.length === 0) return <NoPackages />;
    const apps = grid.data.apps;
    return (
        <>
            {apps.length > 0 && (
                <div className="apt-app-categories-grid" data-testid="app-categories">
                    <Title headingLevel="h2" size="lg" className="apt-grid-heading">
                        {_("Apps by category")}
                    </Title>
                    <SectionGrid entries={apps} loading={false} onOpen={setSection} label={_("App categories")} apps />
                    <Title headingLevel="h2" size="lg" className="apt-grid-heading">
                        {byCategories ? _("All categories") : _("All sections")}
                    </Title>
                </div>
            )}
            <SectionGrid entries={entries} loading={false} onOpen={setSection} />
        </>
    );
}

/** The opened section's name; focus moves to it when a section opens (keyboard and screen reader users). */
function SectionHeading({ title, section }: { title: string; section: string }) {
    // (PatternFly's Title takes no ref: found by its id.)
    useEffect(() => {
        document.getElementById("section-title")?.focus();
    }, [section]);
    return (
        <Title
            headingLevel="h2"
            size="lg"
            id="section-title"
            tabIndex={-1}
            className="apt-focus-heading apt-section-title"
            data-testid="section-title"
        >
            {title}
        </Title>
    );
}

function SearchTab({ scope }: { scope: string | null | undefined }) {
    const { view, setQuery, setTags, generation } = useAppState();
    // The field follows typing at once; the list follows 300 ms after the last key.
    const [text, setText] = useState(view.query);
    const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
    const latest = useRef(text);
    useEffect(() => setText(view.query), [view.query]);
    // Leaving the tab within the 300 ms keeps what was typed (only the Search tab ever sends it).
    useEffect(
        () => () => {
            if (timer.current) {
                clearTimeout(timer.current);
                setQuery(latest.current.trim());
            }
        },
        [setQuery]
    );
    // The bridge's answer takes about as long as the debounce: its request starts once typing pauses
    // (list-prefetch.ts), and the list takes it when the debounce ends.
    const prefetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
    const stopPrefetch = () => {
        if (prefetchTimer.current) clearTimeout(prefetchTimer.current);
        prefetchTimer.current = null;
        cancelPrefetch();
    };
    useEffect(() => stopPrefetch, []);
    const onChange = (value: string) => {
        latest.current = value;
        setText(value);
        if (timer.current) clearTimeout(timer.current);
        stopPrefetch();
        const query = value.trim();
        if (scope !== undefined && query !== "" && query !== view.query) {
            const request = firstRowsRequest({ ...listQuery({ ...view, query }), store: scope }, generation);
            prefetchTimer.current = setTimeout(() => {
                prefetchTimer.current = null;
                prefetchList(request.key, request.fetch);
            }, SEARCH_PREFETCH_MS);
        }
        timer.current = setTimeout(() => {
            timer.current = null;
            setQuery(query);
        }, SEARCH_DEBOUNCE_MS);
    };
    const q: PackageQuery | null = scope === undefined ? null : { ...listQuery(view), store: scope };
    return (
        <>
            <SearchInput
                searchInputId="package-search"
                data-testid="package-search"
                aria-label={_("Search packages")}
                placeholder={_("Search by name or description")}
                value={text}
                onChange={(_e, v) => onChange(v)}
                onClear={() => {
                    stopPrefetch();
                    if (timer.current) clearTimeout(timer.current);
                    timer.current = null;
                    latest.current = "";
                    setText("");
                    setQuery("");
                }}
                className="apt-search"
                // The bridge refuses longer search text (the same constant validates it there).
                inputProps={{ maxLength: MAX_SEARCH_LENGTH }}
            />
            {text.length >= MAX_SEARCH_LENGTH && (
                <Content component="small" className="apt-subtle" data-testid="search-limit">
                    {fmt(_("Search text can be at most $0 characters."), formatCount(MAX_SEARCH_LENGTH))}
                </Content>
            )}
            <FacetFilter
                query={scope === undefined ? null : { ...listQuery(view), store: scope, tags: [] }}
                tags={view.tags}
                generation={generation}
                onChange={setTags}
            />
            {view.query === "" && view.tags.length === 0 ? (
                <EmptyState
                    titleText={_("Search for packages")}
                    headingLevel="h2"
                    icon={SearchIcon}
                    data-testid="search-prompt"
                >
                    <EmptyStateBody>{_("Type a name or a word from the description.")}</EmptyStateBody>
                </EmptyState>
            ) : (
                <ListPane query={q} label={_("Search results")} empty={<NoMatch what="search" />} />
            )}
        </>
    );
}

/**
 * The Installed tab. Its list comes first: the configuration left behind (`packages residual`)
 * and the autoremove count (`apt-get -s autoremove`, ~1 s of CPU on a full index) are asked once
 * the list has answered (or after COUNTS_MAX_DELAY_MS), so that their processes do not compete
 * with the list's for the CPU (bench:e2e: the Installed tab's rows waited ~1 s behind them).
 */
function InstalledTab({ scope }: { scope: string | null | undefined }) {
    const { view } = useAppState();
    const q: PackageQuery | null = scope === undefined ? null : { ...listQuery(view), store: scope };
    const reportToTabs = React.useContext(FirstAnswerContext);
    const [secondary, listAnswered] = useAfterFirstAnswer();
    const report = useCallback(() => {
        listAnswered();
        reportToTabs();
    }, [listAnswered, reportToTabs]);
    return (
        <>
            {/* Removed packages belong to no store or repository: shown only on the whole system. */}
            {secondary && view.store === null && view.repository === null && <ConfigurationLeftBehind />}
            {secondary && <AutoremoveAction />}
            <FirstAnswerContext.Provider value={report}>
                <InstalledList q={q} />
            </FirstAnswerContext.Provider>
        </>
    );
}

/** A list that could not be loaded: why, and Try again. */
function ListError({ message, onRetry }: { message: string; onRetry(): void }) {
    return (
        <Alert
            variant="danger"
            isInline
            title={_("The package list could not be loaded")}
            data-testid="list-error"
            actionLinks={<AlertActionLink onClick={onRetry}>{_("Try again")}</AlertActionLink>}
        >
            {message}
        </Alert>
    );
}

function InstalledList({ q }: { q: PackageQuery | null }) {
    return <ListPane query={q} label={_("Installed packages")} empty={<NoInstalled />} />;
}

/** "Upgrade all" (or, within a store or repository, "Upgrade shown"), with its count when known (null: APT is being asked). */
function upgradeAllLabel(scoped: boolean, ready: number | null): string {
    // How many APT keeps back is not known yet: no count that may be wrong.
    if (ready === null) return scoped ? _("Upgrade shown packages") : _("Upgrade all");
    return scoped
        ? fmt(ngettext("Upgrade $0 shown package", "Upgrade $0 shown packages", ready), ready)
        : fmt(ngettext("Upgrade all: $0 package", "Upgrade all: $0 packages", ready), ready);
}

function UpdatesTab({ scope }: { scope: string | null | undefined }) {
    const { view, access, generation, openPackage, headerSettled } = useAppState();
    const ops = useOperations();
    const { run: runHold, busy: holdBusy } = useHold();
    const toasts = useToasts();
    const [collecting, setCollecting] = useState(false);
    const [securityOnly, setSecurityOnly] = useState(false);
    const q: PackageQuery | null = scope === undefined ? null : { ...listQuery(view), store: scope };
    const key = q ? queryKey(q, generation) : "none";
    // The list at once, with what is known of the updates APT keeps back; APT is asked next when
    // it must be (an empty list has nothing APT could keep back), and its answer completes the list.
    const list = useKeptBackCheck<PackageListResponse>(
        key,
        q ? (signal) => filterPackages({ ...q, keptBack: "known" }, { signal }) : null,
        q ? (signal) => filterPackages(q, { signal }) : null,
        (first) => first.total > 0
    );
    const { checking } = list;
    useReportFirstAnswer(list.status === "ready" || list.status === "error");
    const split = useMemo(() => splitUpdates(list.data?.packages ?? []), [list.data]);
    const complete = list.data !== null && list.data.packages.length >= list.data.total;
    const onAction = useCallback(
        (action: RowAction, name: string) =>
            action === "hold" || action === "unhold" ? runHold(action, name) : ops.start(action, [name]),
        [ops, runHold]
    );
    // Unscoped, "Upgrade all" is `apt-get upgrade --with-new-pkgs`; what it keeps back is shown apart
    // and not counted. Within a store or a repository it upgrades exactly the packages this tab lists
    // that APT would upgrade, never the rest of the system.
    const scoped = !!scope || view.repository !== null;
    const upgradeAll = () => {
        if (!scoped) {
            ops.start("upgrade", []);
            return;
        }
        // Named packages are upgraded as named: while APT is asked which it keeps back, the whole
        // list is asked again with its answer (below) rather than naming one it would keep back.
        if (complete && !checking) {
            if (split.ready.length > 0)
                ops.start(
                    "upgrade",
                    split.ready.map((p) => p.name)
                );
            return;
        }
        setCollecting(true);
        filterPackages({ store: scope, repository: view.repository, tab: "updates" }).then(
            (r) => {
                setCollecting(false);
                const names = splitUpdates(r.packages).ready.map((p) => p.name);
                if (names.length > 0) ops.start("upgrade", names);
            },
            (e: unknown) => {
                setCollecting(false);
                toasts.add("danger", _("The list of updates could not be loaded"), toBridgeError(e).message);
            }
        );
    };
    const ready = list.data ? (complete ? split.ready.length : list.data.total - split.keptBack.length) : 0;
    const shown = securityOnly ? split.ready.filter((p) => p.security) : split.ready;
    return (
        <>
            <SystemStatusNotice />
            <Toolbar className="apt-updates-toolbar">
                <ToolbarContent>
                    {access === "admin" && (
                        <>
                            <ToolbarItem>
                                <UpdateListsAction variant="secondary" />
                            </ToolbarItem>
                            <ToolbarItem>
                                <Button
                                    variant="primary"
                                    onClick={upgradeAll}
                                    isDisabled={!list.data || ready === 0 || collecting}
                                    isLoading={collecting}
                                    data-testid="upgrade-all"
                                >
                                    {upgradeAllLabel(scoped, checking ? null : ready)}
                                </Button>
                            </ToolbarItem>
                        </>
                    )}
                    {split.security > 0 && (
                        <>
                            <ToolbarItem alignSelf="center">
                                <Label color="red" isCompact data-testid="security-count">
                                    {fmt(
                                        ngettext("$0 security update", "$0 security updates", split.security),
                                        split.security
                                    )}
                                </Label>
                            </ToolbarItem>
                            <ToolbarItem alignSelf="center">
                                <Checkbox
                                    id="security-only"
                                    label={_("Security only")}
                                    isChecked={securityOnly}
                                    onChange={(_e, v) => setSecurityOnly(v)}
                                    data-testid="security-only"
                                />
                            </ToolbarItem>
                        </>
                    )}
                </ToolbarContent>
            </Toolbar>
            <ListsUpdatedLine />
            <AutomaticUpdatesCard />
            <KeptBackCheck checking={checking} failed={list.checkFailed} />
            {list.status === "error" && list.error ? (
                <ListError message={list.error.message} onRetry={list.reload} />
            ) : !list.data || list.status === "loading" || list.status === "idle" || !headerSettled ? (
                <ListSkeleton />
            ) : list.data.total === 0 ? (
                <NoUpdates />
            ) : (
                <>
                    <Content component="small" className="apt-list-count" data-testid="list-count" aria-live="polite">
                        {checking && complete
                            ? // Some may yet be kept back: not "to install" before APT said which.
                              fmt(ngettext("$0 update", "$0 updates", split.ready.length), split.ready.length)
                            : complete
                              ? fmt(
                                    ngettext("$0 update to install", "$0 updates to install", split.ready.length),
                                    split.ready.length
                                )
                              : fmt(
                                    ngettext("$0 of $1 update", "$0 of $1 updates", list.data.total),
                                    list.data.packages.length,
                                    list.data.total
                                )}
                        {split.keptBack.length > 0 && (
                            <>
                                {" · "}
                                {fmt(
                                    ngettext("$0 kept back, below", "$0 kept back, below", split.keptBack.length),
                                    split.keptBack.length
                                )}
                            </>
                        )}
                    </Content>
                    <ReadyUpdates
                        packages={shown}
                        canChange={access === "admin"}
                        label={_("Available updates")}
                        onOpen={openPackage}
                        onAction={onAction}
                    />
                    <KeptBackSection
                        packages={split.keptBack}
                        canChange={access === "admin"}
                        busy={holdBusy}
                        onOpen={openPackage}
                        onAction={onAction}
                        onFullUpgrade={() => ops.start("full-upgrade", [])}
                    />
                </>
            )}
        </>
    );
}

function TabTitle({ text, count, id }: { text: string; count?: TabCount; id: string }) {
    const n = count?.count ?? null;
    return (
        <TabTitleText id={id}>
            {text}{" "}
            {n !== null && (
                <Badge isRead={n === 0} data-testid={`${id}-count`}>
                    {formatCount(n)}
                </Badge>
            )}
            {count?.error && (
                <Tooltip content={fmt(_("Could not be counted: $0"), count.error.message)}>
                    <span className="apt-count-failed" data-testid={`${id}-count-failed`}>
                        <ExclamationTriangleIcon aria-hidden />
                        <span className="pf-v6-screen-reader">
                            {fmt(_("(could not be counted: $0)"), count.error.message)}
                        </span>
                    </span>
                </Tooltip>
            )}
        </TabTitleText>
    );
}

export function PackageTabs() {
    const { view, setTab, generation } = useAppState();
    const scope = useScope();
    const [countsEnabled, reportFirstAnswer] = useAfterFirstAnswer();
    const counts = useTabCounts(scope, view.repository, generation, countsEnabled);
    // The same objects while the counts are (TabsView is drawn again only when its props change).
    const { data: countsData, error: countsError } = counts;
    const installedCount = useMemo(() => tabCount(countsData, countsError, "installed"), [countsData, countsError]);
    const updatesCount = useMemo(() => tabCount(countsData, countsError, "upgradable"), [countsData, countsError]);
    // The whole system's counts are the tabs' own while no store or repository is chosen.
    const systemScope = scope === null && view.repository === null;
    useSystemPageStatus(generation, countsEnabled, systemScope ? counts.data : null, systemScope);
    return (
        <FirstAnswerContext.Provider value={reportFirstAnswer}>
            <TabsView tab={view.tab} setTab={setTab} scope={scope} installed={installedCount} updates={updatesCount} />
        </FirstAnswerContext.Provider>
    );
}

interface TabsViewProps {
    tab: PackageTab;
    setTab(tab: PackageTab): void;
    scope: string | null | undefined;
    installed: TabCount;
    updates: TabCount;
}

/**
 * The tab bar and the tabs' bodies, drawn again only when what they show changes: PatternFly's
 * Tabs reads the page's computed style (its text direction) after every update, which makes the
 * browser compute the styles of a page still being built. While the page opens, the app's state
 * changes a dozen times (stores, repositories, counts, the first answer...); those reads took
 * ~100 ms of the main thread, which the page shares with Cockpit's shell (profiled in bench:e2e).
 * The tabs' bodies follow the app's state themselves (useAppState).
 */
const TabsView = React.memo(function TabsView({ tab, setTab, scope, installed, updates }: TabsViewProps) {
    return (
        <Tabs
            activeKey={tab}
            onSelect={(_e, key) => setTab(key as PackageTab)}
            onKeyDown={onTabListKeyDown}
            aria-label={_("Package views")}
            id="package-tabs"
            mountOnEnter
            unmountOnExit
        >
            <Tab eventKey="browse" title={<TabTitle text={_("Browse")} id="tab-browse" />}>
                <div className="apt-tab-body">
                    <BrowseTab scope={scope} />
                </div>
            </Tab>
            <Tab eventKey="search" title={<TabTitle text={_("Search")} id="tab-search" />}>
                <div className="apt-tab-body">
                    <SearchTab scope={scope} />
                </div>
            </Tab>
            <Tab eventKey="installed" title={<TabTitle text={_("Installed")} count={installed} id="tab-installed" />}>
                <div className="apt-tab-body">
                    <InstalledTab scope={scope} />
                </div>
            </Tab>
            <Tab eventKey="updates" title={<TabTitle text={_("Updates")} count={updates} id="tab-updates" />}>
                <div className="apt-tab-body">
                    <UpdatesTab scope={scope} />
                </div>
            </Tab>
        </Tabs>
    );
});
