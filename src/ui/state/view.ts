/*
 * The filter cascade store -> repository -> tab (-> section), as a pure
 * reducer so the rules are tested without React:
 * - a new store resets the repository and the section (a repository of the
 *   old store may hold nothing of the new one);
 * - a new repository resets the section;
 * - a new tab resets the section (sections belong to Browse); the search
 *   query stays stored but only the Search tab ever sends it;
 * - ids that no longer exist (store removed, repository gone) fall back to "all".
 */
import type { PackageTab } from "../../protocol/index.js";
import { DEFAULT_VIEW, type ViewState } from "./persist.js";

export type ViewAction =
    | { type: "store"; store: string | null }
    | { type: "repository"; repository: string | null }
    | { type: "tab"; tab: PackageTab }
    | { type: "query"; query: string }
    | { type: "section"; section: string | null }
    | { type: "clearFilters" }
    /** The list of existing stores is known: drop an active store that is gone. */
    | { type: "knownStores"; ids: string[] }
    /** The repositories of the active scope are known: drop a repository that is gone. */
    | { type: "knownRepositories"; ids: string[] };

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
    switch (action.type) {
        case "store":
            if (state.store === action.store) return state;
            return { ...state, store: action.store, repository: null, section: null };
        case "repository":
            if (state.repository === action.repository) return state;
            return { ...state, repository: action.repository, section: null };
        case "tab":
            if (state.tab === action.tab) return state;
            return { ...state, tab: action.tab, section: null };
        case "query":
            return state.query === action.query ? state : { ...state, query: action.query };
        case "section":
            return state.section === action.section ? state : { ...state, section: action.section };
        case "clearFilters":
            return { ...state, repository: null, section: null, query: "" };
        case "knownStores":
            if (state.store !== null && !action.ids.includes(state.store)) return { ...state, store: null, repository: null, section: null };
            return state;
        case "knownRepositories":
            if (state.repository !== null && !action.ids.includes(state.repository)) return { ...state, repository: null, section: null };
            return state;
    }
}

/** What the package list of a view asks the bridge (the query only on the Search tab). */
export function listQuery(view: ViewState) {
    return {
        store: view.store,
        repository: view.repository,
        tab: view.tab,
        query: view.tab === "search" ? view.query : undefined,
        section: view.tab === "browse" ? view.section : null,
    };
}

export { DEFAULT_VIEW };
