// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The filter cascade of every package list:
 *   all packages -> store (if any) -> repository (if any) -> tab
 *   (browse: all; search: the query; installed; updates) -> section
 *   -> category -> debtag facets -> offset/limit (at most 1000 a page).
 * It works on row numbers of the package table and decodes only what a
 * step needs, and only the returned page in full.
 */
import type { PackageListResponse, PackageSummary, PackageTab } from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import { JsonWriter, WRITE_JSON, type JsonWritable } from "../cli/output.js";
import type { Database, KeptBackMode } from "../index/database.js";
import type { PackageTable } from "../index/package-table.js";
import { FLAG_INSTALLED, FLAG_UPGRADABLE } from "../index/index-data.js";
import { sectionMatches } from "../apt/sections.js";
import { filterByFacets, type FacetGroup } from "./facets.js";
import type { AppJoin } from "./app-join.js";

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
    /** `--tag` filters grouped by facet (OR within a facet, AND between facets). */
    facets?: readonly FacetGroup[] | undefined;
    /** With stores named: which of them select a row (each summary then says so in `stores`). */
    storesOf?: ((row: number) => string[]) | undefined;
    limit: number;
    offset: number;
    /** AppStream data to join into the rows (app-join.ts), when there is any. */
    apps?: AppJoin | undefined;
    /** Only packages whose app is in this AppStream category: their names. */
    appCategory?: ReadonlySet<string> | undefined;
    /** The Updates tab: "known" gives the kept-back reasons known without asking APT (PackageListResponse.keptBackPending). */
    keptBack?: KeptBackMode | undefined;
}

/**
 * The words a row must all contain, fewest first: each distinct word once,
 * and no word that is part of another one (a row containing "nginx-full"
 * contains "nginx"), longest first (the rarest, as a rule). "a a a ... a"
 * (100 times) is one word, not 100 scans of the index.
 */
export function searchTerms(query: string): { terms: string[]; distinct: number } {
    const distinct = [...new Set(query.split(/\s+/).filter(Boolean))];
    const sorted = [...distinct].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    const terms: string[] = [];
    for (const t of sorted) if (!terms.some((kept) => kept.includes(t))) terms.push(t);
    return { terms, distinct: distinct.length };
}

/**
 * Search: every word must occur in the name or the summary; names that match rank first.
 * The index is scanned once, for the longest word; the other words are looked for only in the
 * rows that word found, so the cost is one scan whatever the number of words.
 */
export function searchRows(table: PackageTable, query: string): Map<number, number> {
    const { terms, distinct } = searchTerms(query);
    const ranks = new Map<number, number>();
    const first = terms[0];
    if (first === undefined) return ranks;
    // Per row that has the first word: whether every word so far was in the name. The index keeps each row's
    // "lower-case name<TAB>lower-case summary" (a word has no white space, so never spans the two).
    const inName = new Map<number, boolean>();
    // A one-word query ranks an exact name 0, a name prefix 1: where its match starts, and the name's length.
    const exact = new Set<number>();
    const prefix = new Set<number>();
    const needle = Buffer.from(first, "utf8");
    table.searchText.forEachMatch([needle], (_k, row, piece, entryStart, at) => {
        const tab = piece.indexOf(9, entryStart);
        inName.set(row, at < tab);
        if (distinct === 1 && at === entryStart) {
            if (tab - entryStart === needle.length) exact.add(row);
            else prefix.add(row);
        }
    });
    for (const [row, named] of inName) {
        let all = named;
        let ok = true;
        if (terms.length > 1) {
            const text = table.searchText.get(row);
            const tab = text.indexOf("\t");
            for (let k = 1; k < terms.length && ok; k++) {
                const at = text.indexOf(terms[k] as string);
                if (at < 0) ok = false;
                else all &&= at < tab;
            }
        }
        if (!ok) continue;
        ranks.set(row, exact.has(row) ? 0 : prefix.has(row) ? 1 : distinct === 1 && all ? 2 : all ? 3 : 4);
    }
    return ranks;
}

/**
 * The first two steps of the cascade: the rows of the store (if any), then of
 * the repository (if any), out of `from` (ascending; all rows by default).
 */
export function scopeRows(
    db: Database,
    store: ((row: number) => boolean) | undefined,
    repository: string | undefined,
    from?: number[]
): number[] {
    const table = db.table;
    let rows: number[];
    if (from) rows = from;
    else {
        rows = []; // pushed, not new Array(n): a packed array, never a slow dictionary
        for (let i = 0; i < table.count; i++) rows.push(i);
    }
    if (store) rows = rows.filter(store);
    if (repository !== undefined) {
        const repo = repository;
        if (!db.repositories.some((r) => r.id === repo)) {
            throw new BridgeError("REPOSITORY_NOT_FOUND", `No repository ${JSON.stringify(repo)}`, {
                id: repo,
                known: db.repositories.map((r) => r.id),
            });
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
    apps?: AppJoin | undefined;
    keptBackPending: boolean;
}

function pageOf(
    table: PackageTable,
    rows: number[],
    total: number,
    opts: FilterOptions,
    keptBackPending: boolean
): PackagePage {
    return { table, rows, total, offset: opts.offset, limit: opts.limit, apps: opts.apps, keptBackPending };
}

/** Row i's summary, with its app when it has one. */
function rowSummary(p: PackagePage, i: number): PackageSummary {
    const s = p.table.summary(i);
    const app = p.apps?.has(s.name) ? p.apps.summary(s.name) : undefined;
    return app ? { ...s, app } : s;
}

function pageResponse(p: PackagePage): PackageListResponse {
    p.table.prefetch([...p.rows].sort((a, b) => a - b));
    return {
        packages: p.rows.map((i) => rowSummary(p, i)),
        total: p.total,
        offset: p.offset,
        limit: p.limit,
        ...(p.keptBackPending ? { keptBackPending: true as const } : {}),
    };
}

/** The list as the protocol's objects. */
export function filterPackages(db: Database, opts: FilterOptions): PackageListResponse {
    return pageResponse(filterPage(db, opts));
}

/** The list as the bridge prints it: each row's JSON copied from the index (PackageTable.writeSummaries), the same JSON as filterPackages. */
export function filterPackagesJson(db: Database, opts: FilterOptions): JsonWritable<PackageListResponse> {
    const p = filterPage(db, opts);
    const storesOf = opts.storesOf;
    if (storesOf) {
        // Each summary gains its stores: made as objects (a page of at most 1000), not copied from the index.
        const page = pageResponse(p);
        page.packages.forEach((s, k) => (s.stores = storesOf(p.rows[k] as number)));
        const text = JSON.stringify(page);
        return { toJSON: () => page, [WRITE_JSON]: (w) => w.put(text) };
    }
    // Runs of consecutive rows (a browse page is one) are copied from the index in one go;
    // a row with an AppStream app is written on its own, its summary with `app` (few rows have one).
    const rows = p.rows;
    const apps = p.apps;
    const appRows = apps ? apps.rowsWithApp(p.table, rows) : new Set<number>();
    const withApp = (i: number) => appRows.has(i);
    const pieces: Array<[number, number] | number> = [];
    for (let k = 0; k < rows.length;) {
        const first = rows[k] as number;
        if (withApp(first)) {
            pieces.push(first);
            k++;
            continue;
        }
        let last = first;
        for (k++; k < rows.length && rows[k] === last + 1 && !withApp(last + 1); k++) last++;
        pieces.push([first, last]);
    }
    const single = pieces.filter((x): x is number => typeof x === "number");
    // Checked now, while nothing is written: a damaged cache file then costs a rebuild, not half a document.
    p.table.prepareSummaries([
        ...pieces.filter((x): x is [number, number] => typeof x !== "number"),
        ...single.map((i): [number, number] => [i, i]),
    ]);
    // A row with an app: its stored JSON with `app` added last (as rowSummary's object would be written),
    // not a summary decoded from the columns (names, versions, summaries: columns a list never reads).
    const appJson = new Map(
        single.map((i) => {
            const parts: Buffer[] = [];
            const w = new JsonWriter((b) => parts.push(Buffer.from(b)));
            p.table.writeSummaries([[i, i]], w);
            w.flush();
            const row = Buffer.concat(parts).toString("utf8");
            const app = apps?.summary(p.table.names.get(i));
            return [i, app ? `${row.slice(0, -1)},"app":${JSON.stringify(app)}}` : row];
        })
    );
    return {
        toJSON: () => pageResponse(p),
        [WRITE_JSON](w) {
            w.put('{"packages":[');
            pieces.forEach((x, n) => {
                if (n > 0) w.put(",");
                if (typeof x === "number") w.put(appJson.get(x) as string);
                else p.table.writeSummaries([x], w);
            });
            w.put(`],"total":${p.total},"offset":${p.offset},"limit":${p.limit}`);
            w.put(p.keptBackPending ? ',"keptBackPending":true}' : "}");
        },
    };
}

/** The cascade: the rows of the page asked for. */
export function filterPage(db: Database, opts: FilterOptions): PackagePage {
    // The Updates tab shows why "Upgrade all" keeps some back: APT's simulation, asked for it alone
    // (or, "known", only what is known of it without asking).
    const keptBackPending = opts.tab === "updates" && !db.withKeptBack(opts.keptBack);
    const table = db.table;
    const query = (opts.query ?? "").trim().toLowerCase();
    const unscoped = opts.store === undefined && opts.repository === undefined;
    const tabOnly =
        opts.section === undefined &&
        opts.category === undefined &&
        opts.appCategory === undefined &&
        !query &&
        !opts.facets?.length;
    // Fast paths for the lists the page asks for most, which need no list of all 60,000 rows:
    // every package (a page is a range of rows), and installed / updates straight from the flags.
    if (unscoped && tabOnly && (opts.tab === "browse" || opts.tab === "search")) {
        const page: number[] = [];
        for (let i = opts.offset; i < Math.min(table.count, opts.offset + opts.limit); i++) page.push(i);
        return pageOf(table, page, table.count, opts, keptBackPending);
    }
    const rows = filterRows(db, opts);
    return pageOf(table, rows.slice(opts.offset, opts.offset + opts.limit), rows.length, opts, keptBackPending);
}

/** Every row of the cascade, in the order shown (no fast path: `packages facets` counts them all). */
export function filterRows(db: Database, opts: Omit<FilterOptions, "limit" | "offset">): number[] {
    const table = db.table;
    const query = (opts.query ?? "").trim().toLowerCase();
    const unscoped = opts.store === undefined && opts.repository === undefined;
    // The rows to start from, as few as can be known at once: a search's matches, or the
    // installed / upgradable rows straight from the flags; else every row.
    const ranks = query ? searchRows(table, query) : null;
    let rows: number[];
    if (ranks) {
        rows = scopeRows(
            db,
            opts.store,
            opts.repository,
            [...ranks.keys()].sort((a, b) => a - b)
        );
        if (opts.tab === "installed") rows = rows.filter((i) => table.isInstalled(i));
        else if (opts.tab === "updates") rows = rows.filter((i) => table.isUpgradable(i));
    } else if (unscoped && (opts.tab === "installed" || opts.tab === "updates")) {
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
    if (opts.facets?.length) rows = filterByFacets(table, rows, opts.facets);
    if (opts.appCategory !== undefined) {
        const names = opts.appCategory;
        rows = rows.filter((i) => names.has(table.names.get(i).split(":")[0] as string));
    }
    if (ranks) {
        // By rank, then in name order within a rank.
        rows = rows.sort((a, b) => (ranks.get(a) as number) - (ranks.get(b) as number) || a - b);
    }
    return rows;
}
