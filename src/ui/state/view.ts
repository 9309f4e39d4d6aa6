// SPDX-License-Identifier: LGPL-2.1-or-later
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
import { knownSubset } from "./store-set.js";

export type ViewAction =
    | { type: "store"; store: string | null }
    | { type: "repository"; repository: string | null }
    | { type: "tab"; tab: PackageTab }
    | { type: "query"; query: string }
    | { type: "section"; section: string | null }
    | { type: "clearFilters" }
    /** The Search tab's facet filters (issue 17). */
    | { type: "tags"; tags: string[] }
    /** A saved preset: stores, repository, tab, query and facets at once (presets.ts). */
    | { type: "preset"; view: Pick<ViewState, "store" | "repository" | "tab" | "query" | "tags"> }
    /** The location (Back, Forward, a link) names the store, the tab and the section: show them. */
    | { type: "location"; store: string | null; tab: PackageTab; section: string | null }
    /** The list of existing (enabled) stores is known: drop the active stores that are gone or disabled. */
    | { type: "knownStores"; ids: string[] }
    /** The repositories of the active scope are known: drop a repository that is gone. */
    | { type: "knownRepositories"; ids: string[] };

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
    switch (action.type) {
        case "store":
            if (state.store === action.store) return state;
            return { ...state, store: action.store, repository: null, section: null };
        case "tags":
            return { ...state, tags: action.tags };
        case "preset":
            return { ...state, ...action.view, section: null };
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
        case "location": {
            if (state.store === action.store && state.tab === action.tab && state.section === action.section)
                return state;
            // Another store: its repositories are others (the same rule as "store").
            const repository = state.store === action.store ? state.repository : null;
            return {
                ...state,
                store: action.store,
                repository,
                tab: action.tab,
                section: action.tab === "browse" ? action.section : null,
            };
        }
        case "clearFilters":
            return { ...state, repository: null, section: null, query: "", tags: [] };
        case "knownStores": {
            const store = knownSubset(state.store, action.ids);
            return store === state.store ? state : { ...state, store, repository: null, section: null };
        }
        case "knownRepositories":
            if (state.repository !== null && !action.ids.includes(state.repository))
                return { ...state, repository: null, section: null };
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
        tags: view.tab === "search" ? view.tags : [],
    };
}

export { DEFAULT_VIEW };

/*
 * The view in the URL, so that Back and Forward walk through tabs and
 * sections: `#/` or `#/store/ID`, with `?tab=TAB` and (Browse only)
 * `&section=ID`. The repository and the search text are not part of it
 * (they are choices of a filter, remembered in localStorage).
 */
const TABS: readonly PackageTab[] = ["browse", "search", "installed", "updates"];

export function listLocation(
    store: string | null,
    tab: PackageTab,
    section: string | null
): { path: string[]; options: Record<string, string> } {
    const options: Record<string, string> = { tab };
    if (tab === "browse" && section) options.section = section;
    return { path: store ? ["store", store] : [], options };
}

/** The tab and section a list location names; undefined when it names no tab (an old link): keep the current ones. */
export function tabFromOptions(
    options: Record<string, string>
): { tab: PackageTab; section: string | null } | undefined {
    const tab = options.tab;
    if (!tab || !(TABS as readonly string[]).includes(tab)) return undefined;
    const section = tab === "browse" && options.section ? options.section.slice(0, 100) : null;
    return { tab: tab as PackageTab, section };
}
