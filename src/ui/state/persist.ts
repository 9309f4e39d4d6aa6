// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's choices that survive a reload, in localStorage under one key
 * with a version number. Anything unreadable (storage disabled, corrupt JSON,
 * a value of the wrong type, an older version) falls back field by field to
 * the defaults, and a full storage (quota) never breaks the page.
 */
import { MAX_SEARCH_LENGTH, type PackageTab } from "../../protocol/index.js";
import { STORE_SET } from "./store-set.js";

export const STORAGE_KEY = "cockpit-apt:view";
export const STORAGE_VERSION = 1;

export interface ViewState {
    /** The active stores (one id, or several joined by ",": store-set.ts), or null for "System" (all packages). */
    store: string | null;
    /** Repository id ("origin:suite"), or null for all repositories. */
    repository: string | null;
    tab: PackageTab;
    /** The search text; only ever used by the Search tab. */
    query: string;
    /** Section (or custom section / category id) opened in Browse, or null for the grid. */
    section: string | null;
    /** Debtag facet filters of the Search tab, FACET::VALUE (issue 17). */
    tags: string[];
}

export const DEFAULT_VIEW: ViewState = Object.freeze({
    store: null,
    repository: null,
    tab: "browse",
    query: "",
    section: null,
    tags: [] as string[],
});

/** A facet filter as the bridge accepts it (cli/args.ts validateTag); at most MAX_TAGS of them. */
const TAG = /^[^\s,:][^\s,]*::[^\s,]+$/;
const MAX_TAGS = 20;

export function sanitizeTags(v: unknown): string[] {
    if (!Array.isArray(v)) return [];
    return [
        ...new Set(
            v.filter((t): t is string => typeof t === "string" && t.length <= 200 && TAG.test(t) && !t.startsWith("-"))
        ),
    ].slice(0, MAX_TAGS);
}

const TABS: readonly PackageTab[] = ["browse", "search", "installed", "updates"];
// Same shapes the bridge accepts; anything else stored would only produce an error.
const MAX_QUERY = MAX_SEARCH_LENGTH;

function stringOrNull(v: unknown, valid: (s: string) => boolean): string | null {
    return typeof v === "string" && v !== "" && valid(v) ? v : null;
}

/** Validate an arbitrary parsed value into a ViewState (exported for tests). */
export function sanitizeView(raw: unknown): ViewState {
    if (!raw || typeof raw !== "object") return { ...DEFAULT_VIEW, tags: [] };
    const o = raw as Record<string, unknown>;
    if (o.version !== STORAGE_VERSION) return { ...DEFAULT_VIEW };
    return {
        store: stringOrNull(o.store, (s) => STORE_SET.test(s)),
        repository: stringOrNull(o.repository, (s) => s.length <= 300 && s.includes(":")),
        tab:
            typeof o.tab === "string" && (TABS as readonly string[]).includes(o.tab)
                ? (o.tab as PackageTab)
                : DEFAULT_VIEW.tab,
        query: typeof o.query === "string" ? o.query.slice(0, MAX_QUERY) : "",
        section: stringOrNull(o.section, (s) => s.length <= 100),
        tags: sanitizeTags(o.tags),
    };
}

function storage(): Storage | null {
    try {
        // Accessing localStorage itself throws when the browser blocks storage.
        return window.localStorage;
    } catch {
        return null;
    }
}

export function loadView(): ViewState {
    const s = storage();
    if (!s) return { ...DEFAULT_VIEW };
    try {
        const text = s.getItem(STORAGE_KEY);
        if (text === null) return { ...DEFAULT_VIEW };
        return sanitizeView(JSON.parse(text));
    } catch {
        return { ...DEFAULT_VIEW };
    }
}

/** Returns false when the value could not be stored (quota, disabled storage). */
export function saveView(view: ViewState): boolean {
    const s = storage();
    if (!s) return false;
    try {
        s.setItem(STORAGE_KEY, JSON.stringify({ version: STORAGE_VERSION, ...view }));
        return true;
    } catch {
        // QuotaExceededError: the view just is not remembered; nothing else depends on it.
        return false;
    }
}

/** The id of the last operation whose result the page showed (a reopened page shows newer ones). */
export const LAST_OPERATION_KEY = "cockpit-apt:last-operation";
const OPERATION_ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

export function loadLastOperation(): string | null {
    try {
        const v = storage()?.getItem(LAST_OPERATION_KEY) ?? null;
        return v !== null && OPERATION_ID.test(v) ? v : null;
    } catch {
        return null;
    }
}

export function saveLastOperation(id: string): void {
    try {
        storage()?.setItem(LAST_OPERATION_KEY, id);
    } catch {
        // not remembered: the page shows that result once more next time, nothing worse
    }
}
