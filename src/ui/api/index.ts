// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One typed function per bridge command. Values are always passed as
 * `--option=value` and names after `--`, so nothing a user types (a search
 * for "-rf") can ever be read as an option by the bridge.
 */
import type {
    AppCategoryListResponse,
    BatchResponse,
    CandidateChangelogResponse,
    CategoryListResponse,
    ChangelogResponse,
    DependenciesResponse,
    FilesResponse,
    OperationCancelResponse,
    OperationCurrentResponse,
    HistoryListResponse,
    HoldResponse,
    OperationKind,
    OperationRecord,
    OperationStreamEvent,
    OperationPreview,
    OperationPreviewResponse,
    PackageDetailsResponse,
    PackageCountsResponse,
    PackageListResponse,
    PackageTab,
    PreviewKind,
    RepositoryListResponse,
    ResidualPackage,
    ResidualPackagesResponse,
    ReverseDependenciesResponse,
    SectionListResponse,
    StoreListResponse,
    PackageFacetsResponse,
    StoreDeleteResponse,
    StoreExportResponse,
    StorePreviewResponse,
    StoreSaveResponse,
    StoreStateResponse,
} from "../../protocol/index.js";
import { callBridge, streamOperation, type CallOptions, type RunningOperation } from "./bridge.js";
import { preloadRequests } from "./preload.js";

export { BridgeError, humanMessage, toBridgeError } from "./errors.js";
export type { RunningOperation } from "./bridge.js";

type ReadOptions = Pick<CallOptions, "signal" | "attempts" | "backoffMs">;

/** The store set ("marine" or "marine,devtools": see state/store-set.ts) as one `--store=ID` per store. */
function storeArg(store: string | null | undefined): string[] {
    return store ? store.split(",").map((id) => `--store=${id}`) : [];
}

/**
 * The page's first requests for a list of the whole system (no store chosen), in one bridge
 * process (preload.ts): the argument vectors the page is about to ask, built by the same
 * functions its requests use. `browseGrid`: the Browse tab's section grid is shown.
 */
export function preloadOpening(repository: string | null, browseGrid: boolean): void {
    const requests = [
        ["stores", "list"],
        ["repositories", "list"],
        ["packages", "counts"],
        ...(repository ? [countsArgs(null, repository)] : []),
        ...(browseGrid ? [["sections", "list", ...gridArgs(null, { repository, withApps: true })]] : []),
        ["operations", "current"],
    ];
    preloadRequests(requests, () =>
        callBridge<BatchResponse>(["batch"], { input: JSON.stringify(requests), attempts: 1 })
    );
}

export function listStores(options?: ReadOptions): Promise<StoreListResponse> {
    return callBridge<StoreListResponse>(["stores", "list"], options);
}

export function listRepositories(store: string | null, options?: ReadOptions): Promise<RepositoryListResponse> {
    return callBridge(["repositories", "list", ...storeArg(store)], options);
}

/** Counts follow the cascade: within the store, then within the repository when one is chosen. */
type ScopeOptions = ReadOptions & { repository?: string | null };

function repoArg(repository: string | null | undefined): string[] {
    return repository ? [`--repo=${repository}`] : [];
}

/** The Browse grids: `withApps` asks for the AppStream categories of the same scope in the same answer. */
type GridOptions = ScopeOptions & { withApps?: boolean };

function gridArgs(store: string | null, options: GridOptions | undefined): string[] {
    return [...storeArg(store), ...repoArg(options?.repository), ...(options?.withApps ? ["--with-apps"] : [])];
}

export function listSections(store: string | null, options?: GridOptions): Promise<SectionListResponse> {
    return callBridge(["sections", "list", ...gridArgs(store, options)], options);
}

export function listCategories(store: string | null, options?: GridOptions): Promise<CategoryListResponse> {
    return callBridge(["categories", "list", ...gridArgs(store, options)], options);
}

/**
 * The page's language for AppStream texts (`--lang`), or none for English
 * (AppStream's untranslated text): the argument vectors of English pages stay as they were.
 */
export function langArgs(): string[] {
    const lang = window.cockpit?.language;
    if (!lang || /^en(?:[-_]|$)/i.test(lang) || !/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$/.test(lang)) return [];
    return [`--lang=${lang}`];
}

/** AppStream categories of the apps in scope (a browse option beside sections). */
export function listAppCategories(store: string | null, options?: ScopeOptions): Promise<AppCategoryListResponse> {
    return callBridge(["categories", "apps", ...storeArg(store), ...repoArg(options?.repository)], options);
}

export interface PackageQuery {
    store?: string | null;
    repository?: string | null;
    tab?: PackageTab;
    query?: string;
    section?: string | null;
    /** A category:: debtag value (category browsing). */
    category?: string | null;
    /** Debtag facet filters, FACET::VALUE (OR within a facet, AND between facets). */
    tags?: readonly string[];
    /** An AppStream category ("Network"): only packages whose app is in it. */
    appCategory?: string | null;
    limit?: number;
    offset?: number;
    /**
     * The Updates tab: "known" answers at once with what is known of the updates APT keeps back
     * (PackageListResponse.keptBackPending says when APT's simulation has yet to run); "ask" (the
     * default) waits for that simulation.
     */
    keptBack?: KeptBackMode;
}

/** Whether a request waits for APT's simulation of "Upgrade all" ("ask") or answers with what is "known" without it. */
export type KeptBackMode = "ask" | "known";

/** The argument vector of `packages filter` for a query (exported for tests and the e2e engineer). */
export function filterArgs(q: PackageQuery): string[] {
    const args = ["packages", "filter", ...storeArg(q.store)];
    args.push(...repoArg(q.repository));
    if (q.tab) args.push(`--tab=${q.tab}`);
    // `--query=TEXT` keeps a query that starts with "-" a value, never an option.
    if (q.query !== undefined && q.query !== "") args.push(`--query=${q.query}`);
    if (q.section) args.push(`--section=${q.section}`);
    if (q.category) args.push(`--category=${q.category}`);
    for (const t of q.tags ?? []) args.push(`--tag=${t}`);
    if (q.appCategory) args.push(`--app-category=${q.appCategory}`);
    args.push(...langArgs());
    if (q.limit !== undefined) args.push(`--limit=${q.limit}`);
    if (q.offset !== undefined) args.push(`--offset=${q.offset}`);
    if (q.keptBack === "known") args.push("--no-kept-back");
    return args;
}

export function filterPackages(q: PackageQuery, options?: ReadOptions): Promise<PackageListResponse> {
    return callBridge(filterArgs(q), options);
}

/**
 * A package's details. `keptBack` "known": an update's reason to be kept back only as far as it is
 * known without APT's simulation (keptBackPending says when APT has yet to be asked: state/kept-back-check.ts).
 */
export function packageDetails(
    name: string,
    options?: ReadOptions,
    keptBack: KeptBackMode = "ask"
): Promise<PackageDetailsResponse> {
    const flag = keptBack === "known" ? ["--no-kept-back"] : [];
    return callBridge(["packages", "details", ...langArgs(), ...flag, "--", name], options);
}

export function packageDependencies(name: string, options?: ReadOptions): Promise<DependenciesResponse> {
    return callBridge(["packages", "dependencies", "--", name], options);
}

export function packageReverseDependencies(name: string, options?: ReadOptions): Promise<ReverseDependenciesResponse> {
    return callBridge(["packages", "rdepends", "--", name], options);
}

export function packageFiles(name: string, options?: ReadOptions): Promise<FilesResponse> {
    return callBridge(["packages", "files", "--", name], options);
}

export function packageChangelog(name: string, options?: ReadOptions): Promise<ChangelogResponse> {
    return callBridge(["packages", "changelog", "--", name], options);
}

/** Packages in dpkg's config-files state (removed, configuration kept): `dpkg -l` "rc". */
export async function residualPackages(options?: ReadOptions): Promise<ResidualPackage[]> {
    const r = await callBridge<ResidualPackagesResponse>(["packages", "residual"], options);
    return r.packages;
}

export async function previewOperation(
    kind: PreviewKind,
    names: string[],
    options?: ReadOptions
): Promise<OperationPreview> {
    const r = await callBridge<OperationPreviewResponse>(
        ["operations", "preview", kind, ...(names.length > 0 ? ["--", ...names] : [])],
        options
    );
    return r.preview;
}

/** Start a change (superuser "require"); events stream to `onEvent`, the first one "started" with its id. */
export function runOperation(
    kind: OperationKind,
    names: string[],
    onEvent: (e: OperationStreamEvent) => void
): RunningOperation {
    const args = ["operations", kind, ...(names.length > 0 ? ["--", ...names] : [])];
    return streamOperation(args, kind, onEvent);
}

/** The running operation, else the most recent one (a read: superuser "try"). */
export async function currentOperation(options?: ReadOptions): Promise<OperationRecord | null> {
    const r = await callBridge<OperationCurrentResponse>(["operations", "current"], options);
    return r.operation;
}

/** Reattach to an operation: its events from the beginning until its result. */
export function followOperation(
    id: string,
    kind: OperationKind,
    onEvent: (e: OperationStreamEvent) => void
): RunningOperation {
    return streamOperation(["operations", "follow", "--", id], kind, onEvent, "try");
}

/** Ask the runner to stop (only while APT downloads; the answer says when it is too late). */
export function cancelOperation(id: string): Promise<OperationCancelResponse> {
    return callBridge<OperationCancelResponse>(["operations", "cancel", "--", id], { superuser: "require" });
}

/** `packages changelog NAME --candidate`: what's new in the version an upgrade installs (fetched by apt-get: needs the network). */
export function candidateChangelog(name: string, options?: ReadOptions): Promise<CandidateChangelogResponse> {
    return callBridge(["packages", "changelog", "--candidate", "--", name], options);
}

export interface HistoryQuery {
    limit?: number;
    offset?: number;
    /** Only the runs that changed this package. */
    package?: string;
}

/** `history list`: APT's runs, newest first. */
export function listHistory(q: HistoryQuery, options?: ReadOptions): Promise<HistoryListResponse> {
    const args = ["history", "list"];
    if (q.limit !== undefined) args.push(`--limit=${q.limit}`);
    if (q.offset !== undefined) args.push(`--offset=${q.offset}`);
    if (q.package !== undefined) args.push(`--package=${q.package}`);
    return callBridge(args, options);
}

/** `operations hold|unhold -- NAME...` (apt-mark): a change, so superuser "require" and never retried. */
export function setHold(action: HoldResponse["action"], names: string[]): Promise<HoldResponse> {
    return callBridge<HoldResponse>(["operations", action, "--", ...names], { superuser: "require" });
}

// Store management (issue 17). Changes run with superuser "require"; a definition goes on stdin, never as a path.

export function setStoreEnabled(id: string, enabled: boolean): Promise<StoreStateResponse> {
    return callBridge(["stores", enabled ? "enable" : "disable", "--", id], { superuser: "require" });
}

/** Validates the definition's text as store `id` and, unless `check`, saves it (its id is set to `id`). Invalid: valid false with the findings. */
export function saveStore(id: string, text: string, check = false): Promise<StoreSaveResponse> {
    return callBridge(["stores", "save", ...(check ? ["--check"] : []), "--", id], {
        superuser: check ? "try" : "require",
        input: text,
        answerOnFailure: true,
    });
}

export function deleteStore(id: string): Promise<StoreDeleteResponse> {
    return callBridge(["stores", "delete", "--", id], { superuser: "require" });
}

export function exportStore(id: string, options?: ReadOptions): Promise<StoreExportResponse> {
    return callBridge(["stores", "export", "--", id], options);
}

/** What a definition (its text) would select on this machine. */
export function previewStoreText(text: string, options?: ReadOptions): Promise<StorePreviewResponse> {
    return callBridge(["stores", "preview", "-"], { ...options, input: text, answerOnFailure: true });
}

/** The facets, sections, repositories and installed/upgradable counts of a list's scope. */
export function packageFacets(
    q: Omit<PackageQuery, "limit" | "offset">,
    options?: ReadOptions
): Promise<PackageFacetsResponse> {
    const args = filterArgs(q).slice(2);
    return callBridge(["packages", "facets", ...args], options);
}

function countsArgs(store: string | null | undefined, repository: string | null | undefined): string[] {
    return ["packages", "counts", ...storeArg(store), ...repoArg(repository)];
}

/**
 * `packages counts`: installed, upgradable and security updates of a scope, for the tabs' numbers and the
 * page status. Unlike `packages filter --tab=updates` it never runs APT's kept-back simulation.
 */
export function packageCounts(
    store: string | null | undefined,
    repository: string | null | undefined,
    options?: ReadOptions
): Promise<PackageCountsResponse> {
    return callBridge(countsArgs(store, repository), options);
}
