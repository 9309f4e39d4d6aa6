// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Saved filter presets (issue 17): the current scope (stores, repository,
 * tab, search text, facets) under a name, per user in this browser's
 * localStorage like the rest of the view. Unreadable entries are dropped one
 * by one; a full storage only means the preset is not kept.
 */
import { MAX_SEARCH_LENGTH, type PackageTab } from "../../protocol/index.js";
import { sanitizeTags, type ViewState } from "./persist.js";
import { STORE_SET } from "./store-set.js";

export const PRESETS_KEY = "cockpit-apt:presets";
const MAX_PRESETS = 50;
const TABS: readonly PackageTab[] = ["browse", "search", "installed", "updates"];

export type PresetView = Pick<ViewState, "store" | "repository" | "tab" | "query" | "tags">;

export interface Preset {
    name: string;
    view: PresetView;
}

function sanitizePreset(raw: unknown): Preset | null {
    if (!raw || typeof raw !== "object") return null;
    const o = raw as { name?: unknown; view?: Record<string, unknown> };
    if (typeof o.name !== "string" || !o.name.trim() || o.name.length > 100 || !o.view || typeof o.view !== "object")
        return null;
    const v = o.view;
    return {
        name: o.name,
        view: {
            store: typeof v.store === "string" && STORE_SET.test(v.store) ? v.store : null,
            repository:
                typeof v.repository === "string" && v.repository.length <= 300 && v.repository.includes(":")
                    ? v.repository
                    : null,
            tab:
                typeof v.tab === "string" && (TABS as readonly string[]).includes(v.tab)
                    ? (v.tab as PackageTab)
                    : "browse",
            query: typeof v.query === "string" ? v.query.slice(0, MAX_SEARCH_LENGTH) : "",
            tags: sanitizeTags(v.tags),
        },
    };
}

export function loadPresets(): Preset[] {
    try {
        const list: unknown = JSON.parse(window.localStorage.getItem(PRESETS_KEY) ?? "[]");
        return Array.isArray(list)
            ? list
                  .map(sanitizePreset)
                  .filter((p): p is Preset => p !== null)
                  .slice(0, MAX_PRESETS)
            : [];
    } catch {
        return [];
    }
}

function store(list: Preset[]): boolean {
    try {
        window.localStorage.setItem(PRESETS_KEY, JSON.stringify(list));
        return true;
    } catch {
        return false;
    }
}

/** Saves `view` as preset `name` (replacing one of that name); false when it could not be stored. */
export function savePreset(name: string, view: ViewState): boolean {
    const preset: Preset = {
        name: name.trim(),
        view: {
            store: view.store,
            repository: view.repository,
            tab: view.tab,
            query: view.query,
            tags: [...view.tags],
        },
    };
    return store([...loadPresets().filter((p) => p.name !== preset.name), preset].slice(-MAX_PRESETS));
}

export function deletePreset(name: string): void {
    store(loadPresets().filter((p) => p.name !== name));
}
