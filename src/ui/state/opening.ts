// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's opening, without React: where the URL points (the route), the
 * remembered view put into the URL, and the first requests started as one
 * batch (api/preload.ts). The page's small first script (src/ui/opening.ts,
 * loaded before the page's bundle) runs it, so the bridge's Node start
 * overlaps the bundle's load and React's first render; the page runs it again
 * when React starts (AppState.tsx), which then takes the batch already under
 * way (preload.ts: the same requests, one batch).
 */
import { preloadOpening } from "../api/index.js";
import { loadView, type ViewState } from "./persist.js";
import { listLocation, tabFromOptions } from "./view.js";

export type Route = { kind: "list" } | { kind: "package"; name: string } | { kind: "history" };

export function routeFromPath(path: string[]): { route: Route; store: string | null | undefined } {
    if (path[0] === "package" && path[1]) return { route: { kind: "package", name: path[1] }, store: undefined };
    if (path[0] === "store" && path[1]) return { route: { kind: "list" }, store: path[1] };
    // APT's history (HistoryView.tsx): the store stays what it was, like on a package's page.
    if (path[0] === "history" && path.length === 1) return { route: { kind: "history" }, store: undefined };
    // Anything else (including unknown paths) is the plain list of the whole system.
    return { route: { kind: "list" }, store: null };
}

/** The page's location: cockpit.location's path and its options (the "?tab=..." of the URL). */
export interface PageLocation {
    path: string[];
    options: Record<string, string>;
}

export function currentLocation(): PageLocation {
    const l = window.cockpit?.location;
    const options: Record<string, string> = {};
    for (const [k, v] of Object.entries(l?.options ?? {})) {
        // Repeated options come as arrays: the last one counts.
        const value = Array.isArray(v) ? v[v.length - 1] : v;
        if (typeof value === "string") options[k] = value;
    }
    return { path: [...(l?.path ?? [])], options };
}

/**
 * The remembered view. A page opened without a path shows the remembered
 * store: it goes into the URL (replace, not push) before anything reads the
 * location, so that afterwards an empty path always means "System" and the
 * remembered repository and section are not reset by a passing "System".
 * A tab the URL names (a bookmark of `#/?tab=updates`) is the one shown; without
 * one, the remembered tab and section are.
 * Then the first requests of a list of the whole system start, as one batch.
 */
export function openPage(): ViewState {
    const view = loadView();
    const c = window.cockpit;
    if (!c) return view;
    const path = c.location.path;
    const { route, store } = routeFromPath(path);
    const named = tabFromOptions(currentLocation().options);
    // Also the tab and section, so that Back from the first tab change returns to them.
    if (route.kind === "list" && (path.length === 0 || named === undefined)) {
        const shown = path.length === 0 ? view.store : store;
        const remembered = shown === view.store ? view.section : null;
        const to = listLocation(shown ?? null, named?.tab ?? view.tab, named ? named.section : remembered);
        c.location.replace(to.path, to.options);
    }
    preloadFirstRequests(view);
    return view;
}

/** A list of the whole system opens with one bridge process for its first requests (api/preload.ts). */
function preloadFirstRequests(view: ViewState): void {
    if (!window.cockpit) return;
    const location = currentLocation();
    const { route, store } = routeFromPath(location.path);
    if (route.kind !== "list" || store) return;
    const shown = tabFromOptions(location.options);
    const tab = shown?.tab ?? view.tab;
    const section = shown ? shown.section : view.section;
    preloadOpening(view.repository, tab === "browse" && !section);
}
