/*
 * The page's shared state: the persisted view (store, repository, tab,
 * query, section), the stores and repositories of the current scope,
 * administrative access, the route from cockpit.location, and a generation
 * number that every list depends on so a finished operation refreshes them all.
 */
import React, { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useState } from "react";
import type { PackageTab, Repository, Store, StoreLoadIssue } from "../../protocol/index.js";
import { listRepositories, listStores } from "../api/index.js";
import type { BridgeError } from "../api/errors.js";
import { loadView, saveView, type ViewState } from "./persist.js";
import { viewReducer } from "./view.js";
import { setAssetDirectory } from "./asset-directory.js";
import { useRequest, type Request } from "./useRequest.js";
import { navigate, STORES_DIR, useAdminAccess, useLocationPath, useStoresDirWatch, type AdminAccess } from "./cockpit-hooks.js";

export type Route = { kind: "list" } | { kind: "package"; name: string } | { kind: "history" };

export function routeFromPath(path: string[]): { route: Route; store: string | null | undefined } {
    if (path[0] === "package" && path[1]) return { route: { kind: "package", name: path[1] }, store: undefined };
    if (path[0] === "store" && path[1]) return { route: { kind: "list" }, store: path[1] };
    // APT's history (HistoryView.tsx): the store stays what it was, like on a package's page.
    if (path[0] === "history" && path.length === 1) return { route: { kind: "history" }, store: undefined };
    // Anything else (including unknown paths) is the plain list of the whole system.
    return { route: { kind: "list" }, store: null };
}

export interface AppState {
    view: ViewState;
    route: Route;
    stores: Store[];
    storesLoaded: boolean;
    storeIssues: StoreLoadIssue[];
    /** `stores list` itself failed (the toggle is then absent and lists cover the whole system). */
    storesError: BridgeError | null;
    activeStore: Store | null;
    repositories: Request<Repository[]>;
    access: AdminAccess;
    /** Bumped after every change to the system; lists reload when it changes. */
    generation: number;
    selectStore(id: string | null): void;
    setRepository(id: string | null): void;
    setTab(tab: PackageTab): void;
    setQuery(query: string): void;
    setSection(section: string | null): void;
    clearFilters(): void;
    openPackage(name: string): void;
    /** Reload lists and stores after a change to the system. */
    refresh(): void;
}

const Context = createContext<AppState | null>(null);

/**
 * The remembered view. A page opened without a path shows the remembered
 * store: it goes into the URL (replace, not push) before anything reads the
 * location, so that afterwards an empty path always means "System" and the
 * remembered repository and section are not reset by a passing "System".
 */
function initialView(): ViewState {
    const view = loadView();
    const c = window.cockpit;
    if (c && c.location.path.length === 0 && view.store) c.location.replace(["store", view.store]);
    return view;
}

export function useAppState(): AppState {
    const s = useContext(Context);
    if (!s) throw new Error("useAppState outside AppStateProvider");
    return s;
}

export function AppStateProvider({ children }: { children: React.ReactNode }) {
    const [view, dispatch] = useReducer(viewReducer, undefined, initialView);
    const path = useLocationPath();
    const { route, store: routeStore } = routeFromPath(path);
    const access = useAdminAccess();
    const [generation, setGeneration] = useState(0);

    useEffect(() => {
        saveView(view);
    }, [view]);

    // The location decides the store on list routes (deep links, back button).
    useEffect(() => {
        if (routeStore !== undefined) dispatch({ type: "store", store: routeStore });
    }, [routeStore]);

    const stores = useRequest("stores", (signal) => listStores({ signal }));
    const storeList = useMemo(() => stores.data?.stores ?? [], [stores.data]);
    const storesLoaded = stores.status === "ready" || stores.status === "error" || stores.data !== null;
    useEffect(() => {
        if (stores.status === "ready") dispatch({ type: "knownStores", ids: storeList.map((s) => s.id) });
    }, [stores.status, storeList]);
    // A store that vanished (its package was removed) or a deep link to an unknown store: back to System.
    useEffect(() => {
        if (stores.status === "ready" && routeStore && !storeList.some((s) => s.id === routeStore)) window.cockpit?.location.replace([]);
    }, [stores.status, storeList, routeStore]);

    const reloadStores = stores.reload;
    // The bridge says which directory it read (COCKPIT_APT_STORES_DIR in the demo); older bridges do not.
    useStoresDirWatch(stores.data?.directory ?? STORES_DIR, reloadStores);
    setAssetDirectory(stores.data?.assetDirectory);

    const activeStore = storeList.find((s) => s.id === view.store) ?? null;
    // Wait for the store list before asking for a store's repositories: the id might be stale.
    // If the store list cannot be read at all, the page still works on the whole system.
    const storeForQuery = view.store === null || activeStore ? view.store : stores.status === "error" ? null : undefined;
    const repositories = useRequest(
        `repos:${storeForQuery ?? "?"}:${generation}`,
        storeForQuery === undefined ? null : async (signal) => (await listRepositories(storeForQuery, { signal })).repositories,
    );
    useEffect(() => {
        if (repositories.status === "ready" && repositories.data) dispatch({ type: "knownRepositories", ids: repositories.data.map((r) => r.id) });
    }, [repositories.status, repositories.data]);

    const selectStore = useCallback((id: string | null) => {
        dispatch({ type: "store", store: id });
        navigate(id ? ["store", id] : []);
    }, []);
    const setRepository = useCallback((id: string | null) => dispatch({ type: "repository", repository: id }), []);
    const setTab = useCallback((tab: PackageTab) => dispatch({ type: "tab", tab }), []);
    const setQuery = useCallback((query: string) => dispatch({ type: "query", query }), []);
    const setSection = useCallback((section: string | null) => dispatch({ type: "section", section }), []);
    const clearFilters = useCallback(() => dispatch({ type: "clearFilters" }), []);
    const openPackage = useCallback((name: string) => navigate(["package", name]), []);
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
        activeStore,
        repositories,
        access,
        generation,
        selectStore,
        setRepository,
        setTab,
        setQuery,
        setSection,
        clearFilters,
        openPackage,
        refresh,
    };
    return <Context.Provider value={value}>{children}</Context.Provider>;
}
