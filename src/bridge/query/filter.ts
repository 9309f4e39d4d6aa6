/*
 * The filter cascade of every package list:
 *   all packages -> store (if any) -> repository (if any) -> tab
 *   (browse: all; search: the query; installed; updates) -> section
 *   -> offset/limit (at most 1000 a page).
 * It works on row numbers of the package table and decodes only what a
 * step needs, and only the returned page in full.
 */
import type { PackageListResponse, PackageTab } from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import { WRITE_JSON, type JsonWritable } from "../cli/output.js";
import type { Database } from "../apt/database.js";
import type { PackageTable } from "../apt/package-table.js";
import { FLAG_INSTALLED, FLAG_UPGRADABLE } from "../apt/index-data.js";
import { sectionMatches } from "../apt/sections.js";

export const MAX_LIMIT = 1000;

export interface FilterOptions {
    /** The store's row predicate, when a store is active. */
    store?: ((row: number) => boolean) | undefined;
    /** A store's custom section row predicate, used instead of a Debian section when --section names one. */
    customSection?: ((row: number) => boolean) | undefined;
    /** Only packages tagged category::<category>. */
    category?: string | undefined;
    repository?: string | undefined;
    tab: PackageTab;
    query?: string | undefined;
    section?: string | undefined;
    limit: number;
    offset: number;
}

/** Rows (ascending) whose text in `column` contains `term` (lower-case), by scanning one decoded text. */
function rowsContaining(text: string, starts: Int32Array, term: string, into: Set<number>): void {
    let pos = text.indexOf(term);
    while (pos >= 0) {
        // binary search: the last row starting at or before pos
        let lo = 0;
        let hi = starts.length - 2;
        while (lo < hi) {
            const mid = (lo + hi + 1) >>> 1;
            if ((starts[mid] as number) <= pos) lo = mid;
            else hi = mid - 1;
        }
        into.add(lo);
        const next = starts[lo + 1] as number; // one hit per row is enough
        pos = text.indexOf(term, next);
    }
}

function lineStarts(text: string, count: number): Int32Array {
    const starts = new Int32Array(count + 1);
    let pos = 0;
    for (let i = 0; i < count; i++) {
        starts[i] = pos;
        pos = text.indexOf("\n", pos) + 1;
    }
    starts[count] = text.length;
    return starts;
}

/** Search: every word must occur in the name or the summary; names that match rank first. */
export function searchRows(table: PackageTable, query: string): Map<number, number> {
    const terms = query.split(/\s+/).filter(Boolean);
    const names = table.names.text().toLowerCase();
    const summaries = table.summaries.text().toLowerCase();
    const nameStarts = lineStarts(names, table.count);
    const summaryStarts = lineStarts(summaries, table.count);
    let matched: Set<number> | null = null;
    for (const t of terms) {
        const rows = new Set<number>();
        rowsContaining(names, nameStarts, t, rows);
        rowsContaining(summaries, summaryStarts, t, rows);
        if (matched === null) matched = rows;
        else {
            const m: Set<number> = matched;
            matched = new Set([...rows].filter((r) => m.has(r)));
        }
    }
    const ranks = new Map<number, number>();
    for (const r of matched ?? []) {
        const name = names.slice(nameStarts[r], (nameStarts[r + 1] as number) - 1);
        ranks.set(r, name === query ? 0 : name.startsWith(query) ? 1 : name.includes(query) ? 2 : terms.every((t) => name.includes(t)) ? 3 : 4);
    }
    return ranks;
}

/** The first two steps of the cascade: the rows of the store (if any), then of the repository (if any). */
export function scopeRows(db: Database, store: ((row: number) => boolean) | undefined, repository: string | undefined): number[] {
    const table = db.table;
    let rows: number[] = []; // pushed, not new Array(n): a packed array, never a slow dictionary
    for (let i = 0; i < table.count; i++) rows.push(i);
    if (store) rows = rows.filter(store);
    if (repository !== undefined) {
        const repo = repository;
        if (!db.repositories.some((r) => r.id === repo)) {
            throw new BridgeError("REPOSITORY_NOT_FOUND", `No repository ${JSON.stringify(repo)}`, { id: repo, known: db.repositories.map((r) => r.id) });
        }
        rows = rows.filter((i) => table.repository(i) === repo);
    }
    return rows;
}

/** A page of the list: its rows (in the order shown) out of `total`. */
export interface PackagePage {
    table: PackageTable;
    rows: number[];
    total: number;
    offset: number;
    limit: number;
}

function pageOf(table: PackageTable, rows: number[], total: number, opts: FilterOptions): PackagePage {
    return { table, rows, total, offset: opts.offset, limit: opts.limit };
}

function pageResponse(p: PackagePage): PackageListResponse {
    p.table.prefetch([...p.rows].sort((a, b) => a - b));
    return { packages: p.rows.map((i) => p.table.summary(i)), total: p.total, offset: p.offset, limit: p.limit };
}

/** The list as the protocol's objects. */
export function filterPackages(db: Database, opts: FilterOptions): PackageListResponse {
    return pageResponse(filterPage(db, opts));
}

/** The list as the bridge prints it: written row by row (PackageTable.writeSummary), the same JSON as filterPackages. */
export function filterPackagesJson(db: Database, opts: FilterOptions): JsonWritable<PackageListResponse> {
    const p = filterPage(db, opts);
    return {
        toJSON: () => pageResponse(p),
        [WRITE_JSON](w) {
            w.put('{"packages":[');
            // Runs of consecutive rows (a browse page is one) are copied from the index in one go.
            const rows = p.rows;
            for (let k = 0; k < rows.length; ) {
                const first = rows[k] as number;
                let last = first;
                if (k > 0) w.put(",");
                for (k++; k < rows.length && rows[k] === last + 1; k++) last++;
                p.table.writeSummaries(first, last, w);
            }
            w.put(`],"total":${p.total},"offset":${p.offset},"limit":${p.limit}}`);
        },
    };
}

/** The cascade: the rows of the page asked for. */
export function filterPage(db: Database, opts: FilterOptions): PackagePage {
    const table = db.table;
    const query = (opts.query ?? "").trim().toLowerCase();
    const unscoped = opts.store === undefined && opts.repository === undefined;
    const tabOnly = opts.section === undefined && opts.category === undefined && !query;
    // Fast paths for the lists the page asks for most, which need no list of all 60,000 rows:
    // every package (a page is a range of rows), and installed / updates straight from the flags.
    if (unscoped && tabOnly && (opts.tab === "browse" || opts.tab === "search")) {
        const page: number[] = [];
        for (let i = opts.offset; i < Math.min(table.count, opts.offset + opts.limit); i++) page.push(i);
        return pageOf(table, page, table.count, opts);
    }
    let rows: number[];
    if (unscoped && (opts.tab === "installed" || opts.tab === "updates")) {
        const flags = table.flags;
        const bit = opts.tab === "installed" ? FLAG_INSTALLED : FLAG_UPGRADABLE;
        rows = [];
        for (let i = 0; i < flags.length; i++) if ((flags[i] as number) & bit) rows.push(i);
    } else {
        rows = scopeRows(db, opts.store, opts.repository);
        if (opts.tab === "installed") rows = rows.filter((i) => table.isInstalled(i));
        else if (opts.tab === "updates") rows = rows.filter((i) => table.isUpgradable(i));
    }
    if (opts.section !== undefined) {
        const wanted = opts.section;
        if (opts.customSection) {
            rows = rows.filter(opts.customSection);
        } else {
            const ok = table.meta.sectionTable.map((s) => sectionMatches(s, wanted));
            rows = rows.filter((i) => ok[table.sectionIdx[i] as number]);
        }
    }
    if (opts.category !== undefined) {
        const tag = `category::${opts.category}`;
        const ok = Uint8Array.from(table.allTagSets(), (set) => (set.includes(tag) ? 1 : 0));
        rows = rows.filter((i) => {
            const k = table.tagIdx[i] as number;
            return k >= 0 && ok[k] === 1;
        });
    }
    if (query) {
        const ranks = searchRows(table, query);
        // Stable sort by rank keeps name order within a rank.
        rows = rows.filter((i) => ranks.has(i)).sort((a, b) => (ranks.get(a) as number) - (ranks.get(b) as number) || a - b);
    }
    return pageOf(table, rows.slice(opts.offset, opts.offset + opts.limit), rows.length, opts);
}
