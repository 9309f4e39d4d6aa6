// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The listed packages, read in place from the hot index file: row i is the
 * i-th package by name. Fields are decoded only when asked for, so a page of
 * 1,000 rows out of 60,000 costs 1,000 decodes, not 60,000.
 */
import type { KeptBackReason, PackageOrigin, PackageSummary } from "../../protocol/index.js";
import type { JsonWriter } from "../cli/output.js";
import type { ByteSource } from "./byte-source.js";
import { ColumnFile } from "./column-file.js";
import { rangeHolding } from "./range-holding.js";
import { summaryEnd, summaryMiddle, summaryOrigin } from "./summary-json.js";
import type { StringColumn } from "./string-column.js";
import {
    FLAG_ESSENTIAL,
    FLAG_HELD,
    FLAG_INSTALLED,
    FLAG_SECURITY,
    FLAG_UPGRADABLE,
    KEPT_BACK_CODES,
    KEPT_BACK_MASK,
    KEPT_BACK_SHIFT,
    NO_PHASING,
    type HotMeta,
} from "./index-data.js";

export function repositoryId(o: PackageOrigin): string {
    return `${o.origin || o.label || o.site}:${o.suite}`;
}

export function repositoryName(o: PackageOrigin): string {
    return o.origin || o.label || o.site || "Local repository";
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/** How many rows in scope have each value of a per-row index column (-1: none, not counted) among `rows` (null: all). */
export function countBy(column: Int32Array, size: number, rows: readonly number[] | null): Int32Array {
    const counts = new Int32Array(size);
    if (rows === null) {
        for (let i = 0; i < column.length; i++) {
            const v = column[i] as number;
            if (v >= 0) counts[v] = (counts[v] as number) + 1;
        }
    } else {
        for (const i of rows) {
            const v = column[i] as number;
            if (v >= 0) counts[v] = (counts[v] as number) + 1;
        }
    }
    return counts;
}

/** A row's text for search: name and summary, lower-cased (a name has no tab). */
export function searchTextOf(name: string, summary: string): string {
    return `${name.toLowerCase()}\t${summary.toLowerCase()}`;
}

/** A row's fields as the index holds them (empty version: none; flags: FLAG_*). */
export interface RowFields {
    name: string;
    architecture: string;
    summary: string;
    section: string;
    installed: string;
    candidate: string;
    flags: number;
    origin: PackageOrigin | null;
    tags: readonly string[];
    /** The candidate's Phased-Update-Percentage, NO_PHASING when none. */
    phased: number;
    /** Why "Upgrade all" keeps it back, when known beyond what the flags say (PackageTable.useKeptBack). */
    keptBack?: KeptBackReason | null;
}

/** The kept-back reason the flags hold: "held" (known at build time) or none. */
function keptBackOfFlags(flags: number): KeptBackReason | null {
    return KEPT_BACK_CODES[(flags & KEPT_BACK_MASK) >> KEPT_BACK_SHIFT] ?? null;
}

/**
 * The protocol's PackageSummary of a row: made here only, for the objects
 * (PackageTable.summary) and for the JSON the index builder stores per row,
 * so that the two cannot disagree.
 */
export function packageSummary(r: RowFields): PackageSummary {
    return {
        name: r.name,
        architecture: r.architecture,
        summary: r.summary,
        section: r.section,
        installedVersion: r.installed || null,
        candidateVersion: r.candidate || null,
        upgradable: (r.flags & FLAG_UPGRADABLE) !== 0,
        origin: r.origin,
        repository: r.origin ? repositoryId(r.origin) : null,
        tags: r.tags as string[],
        essential: (r.flags & FLAG_ESSENTIAL) !== 0,
        security: (r.flags & FLAG_SECURITY) !== 0,
        held: (r.flags & FLAG_HELD) !== 0,
        keptBack: r.keptBack !== undefined ? r.keptBack : keptBackOfFlags(r.flags),
        phasedPercentage: r.phased === NO_PHASING ? null : r.phased,
    };
}

/**
 * A column of numbers, one per row: read whole when a loop needs every row,
 * or only the rows of one page (prefetch), so that showing 1,000 rows does
 * not read (and page in) four columns of 60,000.
 */
class NumberColumn<T extends Int32Array | Uint8Array> {
    private whole: T | null = null;
    private window: { first: number; values: T } | null = null;

    constructor(
        private readonly read: (first: number, count: number) => T,
        private readonly count: number
    ) {}

    all(): T {
        this.whole ??= this.read(0, this.count);
        return this.whole;
    }

    /** Reads rows first..last, unless the whole column is there already (or the page is most of it). */
    prefetch(first: number, last: number): void {
        if (this.whole === null && last - first < this.count / 4)
            this.window = { first, values: this.read(first, last - first + 1) };
    }

    /** Rows first..last (a view: of the window when it holds them, else of the whole column). */
    range(first: number, last: number): T {
        const w = this.window;
        if (this.whole === null && w !== null && first >= w.first && last - w.first < w.values.length)
            return w.values.subarray(first - w.first, last - w.first + 1) as T;
        return this.all().subarray(first, last + 1) as T;
    }

    get(i: number): number {
        const w = this.window;
        if (this.whole === null && w !== null && i >= w.first && i - w.first < w.values.length)
            return w.values[i - w.first] as number;
        return this.all()[i] as number;
    }
}

export class PackageTable {
    readonly meta: HotMeta;
    readonly count: number;
    readonly names: StringColumn;
    readonly summaries: StringColumn;
    private readonly archs: StringColumn;
    private readonly installed: StringColumn;
    private readonly candidates: StringColumn;
    /** Each row's summary as JSON up to its origin (summary-json.ts; writeSummaries adds the rest). */
    private readonly summaryJson: StringColumn;
    /** Each row's "name<TAB>summary", lower-cased, for search (query/filter.ts). */
    readonly searchText: StringColumn;
    private readonly file: ColumnFile;
    private readonly sectionCol: NumberColumn<Int32Array>;
    private readonly tagCol: NumberColumn<Int32Array>;
    private readonly originCol: NumberColumn<Int32Array>;
    private readonly flagCol: NumberColumn<Uint8Array>;
    private readonly phasedCol: NumberColumn<Uint8Array>;
    private tagSetColumn: StringColumn | null = null;
    private readonly tagSetsParsed = new Map<number, readonly string[]>();
    readonly repositoryIds: readonly string[];
    private rows: PackageSummary[] | null = null;
    /** APT's kept-back packages (kept-back.ts), once a request asked for them: see useKeptBack. */
    private keptBackByName: ReadonlyMap<string, KeptBackReason> | null = null;
    /** The rows' JSON after their stored part (summary-json.ts): by origin and tag set, then by flags and phasing. */
    private readonly tails = new Map<number, Map<number, string>>();
    private readonly middles = new Map<number, string>();
    private readonly originTexts = new Map<number, string>();
    private readonly ends = new Map<number, string>();
    /** Keys of `middles`: (tag set + 1) * originKeys + origin + 1, small integers. */
    private readonly originKeys: number;

    constructor(source: ByteSource) {
        const file = new ColumnFile(source);
        this.file = file;
        this.meta = file.meta as HotMeta;
        this.count = this.meta.count;
        this.names = file.strings("names");
        this.summaries = file.strings("summaries");
        this.archs = file.strings("archs");
        this.installed = file.strings("installed");
        this.candidates = file.strings("candidates");
        this.summaryJson = file.strings("summaryJson");
        this.searchText = file.strings("searchText");
        this.repositoryIds = this.meta.origins.map(repositoryId);
        this.originKeys = this.meta.origins.length + 1;
        this.sectionCol = new NumberColumn((first, n) => file.int32("sections", first, n), this.count);
        this.tagCol = new NumberColumn((first, n) => file.int32("tags", first, n), this.count);
        this.originCol = new NumberColumn((first, n) => file.int32("origin", first, n), this.count);
        this.flagCol = new NumberColumn((first, n) => file.uint8("flags", first, n), this.count);
        this.phasedCol = new NumberColumn((first, n) => file.uint8("phased", first, n), this.count);
    }

    // Whole columns, read when first needed, for the loops over every row.
    get sectionIdx(): Int32Array {
        return this.sectionCol.all();
    }
    get tagIdx(): Int32Array {
        return this.tagCol.all();
    }
    get originIdx(): Int32Array {
        return this.originCol.all();
    }
    get flags(): Uint8Array {
        return this.flagCol.all();
    }
    /** Tag set t as a frozen array, shared by every row that has exactly these tags. */
    tagSet(t: number): readonly string[] {
        let set = this.tagSetsParsed.get(t);
        if (!set) {
            set = Object.freeze(this.tagSetJoined(t).split(","));
            this.tagSetsParsed.set(t, set);
        }
        return set;
    }

    /** The tag sets as one text, one set per line ("a,b,c\n"), read once. */
    tagSetText(): string {
        return this.tagSetLines().text;
    }

    /** The tag set whose line holds character `pos` of tagSetText(). */
    tagSetAt(pos: number): number {
        return rangeHolding(this.tagSetLines().starts, pos);
    }

    private tagSetLinesCache: { text: string; starts: Int32Array } | null = null;
    private tagSetLines(): { text: string; starts: Int32Array } {
        if (!this.tagSetLinesCache) {
            this.tagSetColumn ??= this.file.strings("tagSets");
            const text = this.tagSetColumn.text();
            const starts = new Int32Array(this.meta.tagSetCount);
            for (let t = 1, pos = text.indexOf("\n"); t < starts.length; t++, pos = text.indexOf("\n", pos + 1))
                starts[t] = pos + 1;
            this.tagSetLinesCache = { text, starts };
        }
        return this.tagSetLinesCache;
    }

    /** Every tag set (index = tag set number), read with one read of the column, for whole-table matching. */
    allTagSets(): readonly (readonly string[])[] {
        const text = this.tagSetText();
        const out: (readonly string[])[] = new Array<readonly string[]>(this.meta.tagSetCount);
        let pos = 0;
        for (let t = 0; t < this.meta.tagSetCount; t++) {
            const end = text.indexOf("\n", pos);
            let set = this.tagSetsParsed.get(t);
            if (!set) {
                set = Object.freeze(text.slice(pos, end).split(","));
                this.tagSetsParsed.set(t, set);
            }
            out[t] = set;
            pos = end + 1;
        }
        return out;
    }

    /** Reads the string fields of these rows (ascending) with few reads per column: a page of a list. */
    prefetch(rows: readonly number[]): void {
        for (const c of [this.names, this.summaries, this.archs, this.installed, this.candidates]) c.prefetch(rows);
        if (rows.length === 0) return;
        for (const c of [this.sectionCol, this.tagCol, this.originCol, this.flagCol, this.phasedCol])
            c.prefetch(rows[0] as number, rows[rows.length - 1] as number);
        this.prefetchTagSets(rows);
    }

    /** The distinct tag sets of these rows, read together: one read each would be ~500 system calls a page. */
    private prefetchTagSets(rows: readonly number[]): void {
        const wanted = new Set<number>();
        for (const i of rows) {
            const t = this.tagCol.get(i);
            if (t >= 0 && !this.tagSetsParsed.has(t)) wanted.add(t);
        }
        if (wanted.size === 0) return;
        this.tagSetColumn ??= this.file.strings("tagSets");
        const sets = [...wanted].sort((a, b) => a - b);
        this.tagSetColumn.prefetch(sets);
        for (const t of sets) this.tagSetsParsed.set(t, Object.freeze(this.tagSetColumn.get(t).split(",")));
    }

    section(i: number): string {
        return this.meta.sectionTable[this.sectionCol.get(i)] as string;
    }

    tags(i: number): readonly string[] {
        const t = this.tagCol.get(i);
        return t >= 0 ? this.tagSet(t) : NO_TAGS;
    }

    origin(i: number): PackageOrigin | null {
        const o = this.originCol.get(i);
        return o >= 0 ? (this.meta.origins[o] as PackageOrigin) : null;
    }

    repository(i: number): string | null {
        const o = this.originCol.get(i);
        return o >= 0 ? (this.repositoryIds[o] as string) : null;
    }

    isInstalled(i: number): boolean {
        return (this.flagCol.get(i) & FLAG_INSTALLED) !== 0;
    }

    isUpgradable(i: number): boolean {
        return (this.flagCol.get(i) & FLAG_UPGRADABLE) !== 0;
    }

    isEssential(i: number): boolean {
        return (this.flagCol.get(i) & FLAG_ESSENTIAL) !== 0;
    }

    /**
     * Tells the rows why "Upgrade all" keeps each kept-back package (kept-back.ts, by listed name).
     * The index holds only "held" (dpkg's selection, known when it is built): the simulation that
     * finds the others costs as much as a build, so only requests that show it ask for it
     * (Database.withKeptBack). Without it, an upgradable row that is not held says null.
     */
    useKeptBack(keptBack: ReadonlyMap<string, KeptBackReason>): void {
        this.keptBackByName = keptBack;
        this.rows = null;
    }

    /** Row i's kept-back reason. */
    keptBack(i: number): KeptBackReason | null {
        const flags = this.flagCol.get(i);
        const known = keptBackOfFlags(flags);
        if (known !== null || this.keptBackByName === null || (flags & FLAG_UPGRADABLE) === 0) return known;
        return this.keptBackByName.get(this.names.get(i)) ?? null;
    }

    /** Whether row i's stored JSON lacks what useKeptBack told (then it is made anew). */
    private keptBackDiffers(i: number): boolean {
        return (
            this.keptBackByName !== null &&
            this.keptBackByName.size > 0 &&
            this.isUpgradable(i) &&
            this.keptBack(i) !== keptBackOfFlags(this.flagCol.get(i))
        );
    }

    /** Row i as the protocol's PackageSummary (a fresh object the caller may keep). */
    summary(i: number): PackageSummary {
        return packageSummary({
            name: this.names.get(i),
            architecture: this.archs.get(i),
            summary: this.summaries.get(i),
            section: this.section(i),
            installed: this.installed.get(i),
            candidate: this.candidates.get(i),
            flags: this.flagCol.get(i),
            origin: this.origin(i),
            tags: this.tags(i),
            phased: this.phasedCol.get(i),
            keptBack: this.keptBack(i),
        });
    }

    /**
     * Writes the rows of the runs ([first, last] each) as JSON.stringify would
     * write their summaries, joined by commas: the index builder stored each row's
     * JSON up to its origin (summary-json.ts), and the rest is one text per origin,
     * tag set, flags and phasing. A page is 1,000 rows, and making
     * their objects and JSON in a just-started process (all of it interpreted, none
     * of it optimized yet) was a fifth of a request.
     */
    writeSummaries(runs: ReadonlyArray<readonly [number, number]>, w: JsonWriter): void {
        const keptBack = this.keptBackByName !== null && this.keptBackByName.size > 0;
        let comma = false;
        for (const [from, to] of runs)
            this.summaryJson.forEachPiece(from, to, (a, b, bytes, offsets, base) => {
                const origins = this.originCol.range(a, b);
                const tags = this.tagCol.range(a, b);
                const flags = this.flagCol.range(a, b);
                const phased = this.phasedCol.range(a, b);
                for (let i = a; i <= b; i++) {
                    const k = i - a;
                    // A kept-back reason from the simulation, which the stored JSON lacks: made anew.
                    if (keptBack && this.keptBackDiffers(i)) {
                        w.put((comma ? "," : "") + JSON.stringify(this.summary(i)));
                    } else {
                        const o = origins[k] as number;
                        const t = tags[k] as number;
                        const f = flags[k] as number;
                        const p = phased[k] as number;
                        const mk = (t + 1) * this.originKeys + (o + 1);
                        const ek = f * 0x100 + p;
                        const tail = this.tails.get(mk)?.get(ek) ?? this.makeTail(mk, ek, o, t, f, p);
                        w.putBytes(bytes, (offsets[k] as number) - base, (offsets[k + 1] as number) - base - 1, comma);
                        w.put(tail);
                    }
                    comma = true;
                }
            });
    }

    /**
     * A row's JSON after its stored part (summary-json.ts) for origin o, tag set t, flags f and
     * phasing p, made once: summaryMiddle's text and summaryEnd's (made by packageSummary).
     */
    private makeTail(mk: number, ek: number, o: number, t: number, f: number, p: number): string {
        let middle = this.middles.get(mk);
        if (middle === undefined) {
            middle = summaryMiddle(this.originJson(o), t >= 0 ? this.tagSetJoined(t) : "");
            this.middles.set(mk, middle);
        }
        let end = this.ends.get(ek);
        if (end === undefined) {
            const summary = packageSummary({
                name: "",
                architecture: "",
                summary: "",
                section: "",
                installed: "",
                candidate: "",
                flags: f,
                origin: null,
                tags: NO_TAGS,
                phased: p,
            });
            end = summaryEnd(JSON.stringify(summary));
            this.ends.set(ek, end);
        }
        const tail = middle + end;
        let byEnd = this.tails.get(mk);
        if (!byEnd) this.tails.set(mk, (byEnd = new Map()));
        byEnd.set(ek, tail);
        return tail;
    }

    /** summaryOrigin of origin o (-1: none), made once per origin. */
    private originJson(o: number): string {
        let json = this.originTexts.get(o);
        if (json === undefined) {
            json = summaryOrigin(
                o >= 0 ? (this.meta.origins[o] as PackageOrigin) : null,
                o >= 0 ? (this.repositoryIds[o] as string) : null
            );
            this.originTexts.set(o, json);
        }
        return json;
    }

    /** Tag set t as its column holds it ("a,b,c"). */
    private tagSetJoined(t: number): string {
        this.tagSetColumn ??= this.file.strings("tagSets");
        return this.tagSetColumn.get(t);
    }

    /**
     * Checks what writeSummaries(runs) will copy (a damaged cache file throws here, before any
     * output), and reads the rows' origins and tag sets together: a search's page is up to
     * 1,000 runs of one row, each written apart.
     */
    prepareSummaries(runs: ReadonlyArray<readonly [number, number]>): void {
        this.summaryJson.verifyRuns(runs);
        let min = Infinity;
        let max = -1;
        for (const [from, to] of runs) {
            min = Math.min(min, from);
            max = Math.max(max, to);
        }
        if (max < 0) return;
        for (const c of [this.originCol, this.tagCol, this.flagCol, this.phasedCol]) c.prefetch(min, max);
        // the page's tag sets as text, read together (summaryMiddle makes their JSON without splitting them)
        const sets = new Set<number>();
        for (const [from, to] of runs) for (let i = from; i <= to; i++) sets.add(this.tagCol.get(i));
        sets.delete(-1);
        this.tagSetColumn ??= this.file.strings("tagSets");
        this.tagSetColumn.prefetch([...sets].sort((a, b) => a - b));
    }

    /**
     * Row i as a PackageSummary whose fields are decoded when read: the store
     * matcher looks at a few fields of every row and should pay only for those.
     */
    view(i: number): PackageSummary {
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        const table = this;
        return {
            get name() {
                return table.names.get(i);
            },
            get architecture() {
                return table.archs.get(i);
            },
            get summary() {
                return table.summaries.get(i);
            },
            get section() {
                return table.section(i);
            },
            get installedVersion() {
                return table.installed.get(i) || null;
            },
            get candidateVersion() {
                return table.candidates.get(i) || null;
            },
            get upgradable() {
                return table.isUpgradable(i);
            },
            get origin() {
                return table.origin(i);
            },
            get repository() {
                return table.repository(i);
            },
            get tags() {
                return table.tags(i) as string[];
            },
            get essential() {
                return table.isEssential(i);
            },
            get security() {
                return (table.flagCol.get(i) & FLAG_SECURITY) !== 0;
            },
            get held() {
                return (table.flagCol.get(i) & FLAG_HELD) !== 0;
            },
            get keptBack() {
                return table.keptBack(i);
            },
            get phasedPercentage() {
                const p = table.phasedCol.get(i);
                return p === NO_PHASING ? null : p;
            },
        };
    }

    /** Every row as a PackageSummary (decodes everything: for whole-database consumers). */
    all(): PackageSummary[] {
        if (!this.rows) {
            const rows = new Array<PackageSummary>(this.count);
            for (let i = 0; i < this.count; i++) rows[i] = this.summary(i);
            this.rows = rows;
        }
        return this.rows;
    }

    /** Row of a package by exact name (binary search: rows are sorted by name), or -1. */
    find(name: string): number {
        let lo = 0;
        let hi = this.count - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const n = this.names.get(mid);
            if (n === name) return mid;
            if (n < name) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }
}
