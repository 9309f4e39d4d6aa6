// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's shared state: the persisted view (store, repository, tab,
 * query, section), the stores and repositories of the current scope,
 * administrative access, the route from cockpit.location, and a generation
 * number that every list depends on so a finished operation refreshes them all.
 */
import React, {
    createContext,
    useCallback,
    useContext,
    useEffect,
    useLayoutEffect,
    useMemo,
    useReducer,
    useRef,
    useState,
} from "react";
import {
    STORES_DIRECTORY,
    type PackageTab,
    type Repository,
    type Store,
    type StoreLoadIssue,
} from "../../protocol/index.js";
import { listRepositories, listStores } from "../api/index.js";
import type { BridgeError } from "../api/errors.js";
import { saveView, type ViewState } from "./persist.js";
import { listLocation, tabFromOptions, viewReducer } from "./view.js";
import { openPage, routeFromPath, type Route } from "./opening.js";
import { knownSubset, storeSetIds } from "./store-set.js";
import type { PresetView } from "./presets.js";
import { setAssetDirectory } from "./asset-directory.js";
import { useRequest, type Request } from "./useRequest.js";
import {
    navigate,
    replaceLocation,
    useAdminAccess,
    useLocation,
    useStoresDirWatch,
    type AdminAccess,
} from "./cockpit-hooks.js";

/** The details page's tabs; the URL's `?tab=` on a package path (absent: the overview). */
export const DETAILS_TABS = ["overview", "dependencies", "versions", "files", "changelog", "history"] as const;
export type DetailsTab = (typeof DETAILS_TABS)[number];

export function detailsTabFromOptions(options: Record<string, string>): DetailsTab {
    const t = options.tab;
    return t && (DETAILS_TABS as readonly string[]).includes(t) ? (t as DetailsTab) : "overview";
}

export interface AppState {
    view: ViewState;
    route: Route;
    stores: Store[];
    storesLoaded: boolean;
    storeIssues: StoreLoadIssue[];
    /** `stores list` itself failed (the toggle is then absent and lists cover the whole system). */
    storesError: BridgeError | null;
    /** Read the store list again (Try again). */
    reloadStores(): void;
    /** The one active store (null for System or several stores). */
    activeStore: Store | null;
    /** Every active store (several when the user picked several). */
    activeStores: Store[];
    /** Every store, enabled or not (the management view); `stores` holds only the enabled ones. */
    allStores: Store[];
    repositories: Request<Repository[]>;
    /**
     * The header above the tabs has its final height: the store list and the first repository list
     * have answered (or failed). The lists and grids wait for it, so that the store toggle and the
     * repository select appearing never push rows down under a finger (a tap would land elsewhere).
     */
    headerSettled: boolean;
    access: AdminAccess;
    /** On a package route: the details tab the URL names. */
    detailsTab: DetailsTab;
    /** Open a details tab (a history entry). */
    setDetailsTab(tab: DetailsTab): void;
    /** Back to the list the user came from (the breadcrumb). */
    backToList(): void;
    /** Bumped after every change to the system; lists reload when it changes. */
    generation: number;
    selectStore(id: string | null): void;
    setRepository(id: string | null): void;
    setTab(tab: PackageTab): void;
    setQuery(query: string): void;
    setSection(section: string | null): void;
    /** The Search tab's facet filters. */
    setTags(tags: string[]): void;
    /** Shows a saved preset (stores, repository, tab, query, facets). */
    applyPreset(view: PresetView): void;
    clearFilters(): void;
    openPackage(name: string): void;
    /** Reload lists and stores after a change to the system. */
    refresh(): void;
}

const Context = createContext<AppState | null>(null);

export function useAppState(): AppState {
    const s = useContext(Context);
    if (!s) throw new Error("useAppState outside AppStateProvider");
    return s;
}

export function AppStateProvider({ children }: { children: React.ReactNode }) {
    const [view, dispatch] = useReducer(viewReducer, undefined, openPage);
    const location = useLocation();
    const path = location.path;
    const { route, store: routeStore } = routeFromPath(path);
    const routeTab = route.kind === "list" ? tabFromOptions(location.options) : undefined;
    const detailsTab = route.kind === "package" ? detailsTabFromOptions(location.options) : "overview";
    // The callbacks below read the view through this ref (they keep their identity).
    const viewRef = useRef(view);
    viewRef.current = view;
    const access = useAdminAccess();
    const [generation, setGeneration] = useState(0);

    useEffect(() => {
        saveView(view);
    }, [view]);

    // The location decides the store, tab and section on list routes (deep links, Back and Forward).
    const routeTabName = routeTab?.tab;
    const routeSection = routeTab?.section;
    useEffect(() => {
        if (routeStore === undefined) return;
        if (routeTabName === undefined) dispatch({ type: "store", store: routeStore });
        else dispatch({ type: "location", store: routeStore, tab: routeTabName, section: routeSection ?? null });
    }, [routeStore, routeTabName, routeSection]);

    const stores = useRequest("stores", (signal) => listStores({ signal }));
    const allStores = useMemo(() => stores.data?.stores ?? [], [stores.data]);
    // A disabled store is in no scope: not in the toggle, not in any list (the bridge refuses it too).
    const storeList = useMemo(() => allStores.filter((s) => s.enabled !== false), [allStores]);
    const storesLoaded = stores.status === "ready" || stores.status === "error" || stores.data !== null;
    useEffect(() => {
        if (stores.status === "ready") dispatch({ type: "knownStores", ids: storeList.map((s) => s.id) });
    }, [stores.status, storeList]);
    // A store that vanished (its package was removed) or a deep link to an unknown store: back to System.
    useEffect(() => {
        if (stores.status !== "ready" || !routeStore) return;
        const kept = knownSubset(
            routeStore,
            storeList.map((s) => s.id)
        );
        if (kept !== routeStore) {
            const to = listLocation(kept, viewRef.current.tab, null);
            replaceLocation(to.path, to.options);
        }
    }, [stores.status, storeList, routeStore]);

    const reloadStores = stores.reload;
    // The bridge says which directory it read (COCKPIT_APT_STORES_DIR in the demo); older bridges do not.
    useStoresDirWatch(stores.data?.directory ?? STORES_DIRECTORY, reloadStores);
    // After render, before any effect: every component's layout effects run before the first
    // passive effect of the commit, so the store icons (read in useAssetUrl's effect) see it.
    const assetDirectory = stores.data?.assetDirectory;
    useLayoutEffect(() => setAssetDirectory(assetDirectory), [assetDirectory]);

    const activeStores = useMemo(
        () => storeSetIds(view.store).flatMap((id) => storeList.filter((s) => s.id === id)),
        [view.store, storeList]
    );
    const activeStore = activeStores.length === 1 ? (activeStores[0] as Store) : null;
    const allKnown = activeStores.length === storeSetIds(view.store).length;
    // Wait for the store list before asking for a store's repositories: the id might be stale.
    // If the store list cannot be read at all, the page still works on the whole system.
    const storeForQuery = view.store === null || allKnown ? view.store : stores.status === "error" ? null : undefined;
    const repositories = useRequest(
        `repos:${storeForQuery ?? "?"}:${generation}`,
        storeForQuery === undefined
            ? null
            : async (signal) => (await listRepositories(storeForQuery, { signal })).repositories
    );
    useEffect(() => {
        if (repositories.status === "ready" && repositories.data)
            dispatch({ type: "knownRepositories", ids: repositories.data.map((r) => r.id) });
    }, [repositories.status, repositories.data]);

    // Store, tab and section changes are history entries: they go through the URL,
    // and the location effect above shows them (so Back and Forward do the same).
    const go = useCallback((store: string | null, tab: PackageTab, section: string | null) => {
        const to = listLocation(store, tab, section);
        navigate(to.path, to.options);
    }, []);
    const selectStore = useCallback(
        (id: string | null) => {
            dispatch({ type: "store", store: id });
            go(id, viewRef.current.tab, null);
        },
        [go]
    );
    /** The section is reset by a filter change: the URL follows without a history entry. */
    const dropSectionFromUrl = useCallback(() => {
        const v = viewRef.current;
        if (v.section === null) return;
        const to = listLocation(v.store, v.tab, null);
        replaceLocation(to.path, to.options);
    }, []);
    const setRepository = useCallback(
        (id: string | null) => {
            if (viewRef.current.repository !== id) dropSectionFromUrl();
            dispatch({ type: "repository", repository: id });
        },
        [dropSectionFromUrl]
    );
    const setTab = useCallback(
        (tab: PackageTab) => {
            dispatch({ type: "tab", tab });
            go(viewRef.current.store, tab, null);
        },
        [go]
    );
    const setQuery = useCallback((query: string) => dispatch({ type: "query", query }), []);
    const setSection = useCallback(
        (section: string | null) => {
            dispatch({ type: "section", section });
            go(viewRef.current.store, viewRef.current.tab, section);
        },
        [go]
    );
    const setTags = useCallback((tags: string[]) => dispatch({ type: "tags", tags }), []);
    const applyPreset = useCallback(
        (preset: PresetView) => {
            dispatch({ type: "preset", view: preset });
            go(preset.store, preset.tab, null);
        },
        [go]
    );
    const clearFilters = useCallback(() => {
        dropSectionFromUrl();
        dispatch({ type: "clearFilters" });
    }, [dropSectionFromUrl]);
    const openPackage = useCallback((name: string) => navigate(["package", name]), []);
    const routeName = route.kind === "package" ? route.name : null;
    const setDetailsTab = useCallback(
        (tab: DetailsTab) => {
            if (routeName) navigate(["package", routeName], tab === "overview" ? {} : { tab });
        },
        [routeName]
    );
    const backToList = useCallback(() => {
        const v = viewRef.current;
        go(v.store, v.tab, v.section);
    }, [go]);
    const refresh = useCallback(() => {
        setGeneration((g) => g + 1);
        reloadStores();
    }, [reloadStores]);

    const value: AppState = {
        view,
        route,
        stores: storeList,
        storesLoaded,
        storeIssues: stores.data?.errors ?? [],
        storesError: stores.error,
        reloadStores,
        activeStore,
        activeStores,
        allStores,
        repositories,
        headerSettled: storesLoaded && (repositories.data !== null || repositories.error !== null),
        access,
        detailsTab,
        setDetailsTab,
        backToList,
        generation,
        selectStore,
        setRepository,
        setTab,
        setQuery,
        setSection,
        setTags,
        applyPreset,
        clearFilters,
        openPackage,
        refresh,
    };
    return <Context.Provider value={value}>{children}</Context.Provider>;
}
