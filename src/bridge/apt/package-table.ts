/*
 * The listed packages, read in place from the hot index file: row i is the
 * i-th package by name. Fields are decoded only when asked for, so a page of
 * 1,000 rows out of 60,000 costs 1,000 decodes, not 60,000.
 */
import type { PackageOrigin, PackageSummary } from "../../protocol/index.js";
import { ColumnFile, type ByteSource, type StringColumn } from "./column-file.js";
import { FLAG_ESSENTIAL, FLAG_INSTALLED, FLAG_UPGRADABLE, type HotMeta } from "./index-data.js";

export function repositoryId(o: PackageOrigin): string {
    return `${o.origin || o.label || o.site}:${o.suite}`;
}

export function repositoryName(o: PackageOrigin): string {
    return o.origin || o.label || o.site || "Local repository";
}

const NO_TAGS: readonly string[] = Object.freeze([]);

export class PackageTable {
    readonly meta: HotMeta;
    readonly count: number;
    readonly names: StringColumn;
    readonly summaries: StringColumn;
    private readonly archs: StringColumn;
    private readonly installed: StringColumn;
    private readonly candidates: StringColumn;
    private readonly file: ColumnFile;
    private sectionCol: Int32Array | null = null;
    private tagCol: Int32Array | null = null;
    private originCol: Int32Array | null = null;
    private flagCol: Uint8Array | null = null;
    private tagSetColumn: StringColumn | null = null;
    private readonly tagSetsParsed = new Map<number, readonly string[]>();
    readonly repositoryIds: readonly string[];
    private rows: PackageSummary[] | null = null;

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
        this.repositoryIds = this.meta.origins.map(repositoryId);
    }

    // Columns are read when first needed: a browse page never reads the section column of 60,000 rows.
    get sectionIdx(): Int32Array {
        this.sectionCol ??= this.file.int32("sections");
        return this.sectionCol;
    }
    get tagIdx(): Int32Array {
        this.tagCol ??= this.file.int32("tags");
        return this.tagCol;
    }
    get originIdx(): Int32Array {
        this.originCol ??= this.file.int32("origin");
        return this.originCol;
    }
    get flags(): Uint8Array {
        this.flagCol ??= this.file.uint8("flags");
        return this.flagCol;
    }
    /** Tag set t as a frozen array, shared by every row that has exactly these tags. */
    tagSet(t: number): readonly string[] {
        let set = this.tagSetsParsed.get(t);
        if (!set) {
            this.tagSetColumn ??= this.file.strings("tagSets");
            set = Object.freeze(this.tagSetColumn.get(t).split(","));
            this.tagSetsParsed.set(t, set);
        }
        return set;
    }

    /** Every tag set (index = tag set number), read with one read of the column, for whole-table matching. */
    allTagSets(): readonly (readonly string[])[] {
        this.tagSetColumn ??= this.file.strings("tagSets");
        const text = this.tagSetColumn.text();
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
    }

    section(i: number): string {
        return this.meta.sectionTable[this.sectionIdx[i] as number] as string;
    }

    tags(i: number): readonly string[] {
        const t = this.tagIdx[i] as number;
        return t >= 0 ? this.tagSet(t) : NO_TAGS;
    }

    origin(i: number): PackageOrigin | null {
        const o = this.originIdx[i] as number;
        return o >= 0 ? (this.meta.origins[o] as PackageOrigin) : null;
    }

    repository(i: number): string | null {
        const o = this.originIdx[i] as number;
        return o >= 0 ? (this.repositoryIds[o] as string) : null;
    }

    isInstalled(i: number): boolean {
        return ((this.flags[i] as number) & FLAG_INSTALLED) !== 0;
    }

    isUpgradable(i: number): boolean {
        return ((this.flags[i] as number) & FLAG_UPGRADABLE) !== 0;
    }

    isEssential(i: number): boolean {
        return ((this.flags[i] as number) & FLAG_ESSENTIAL) !== 0;
    }

    /** Row i as the protocol's PackageSummary (a fresh object the caller may keep). */
    summary(i: number): PackageSummary {
        return {
            name: this.names.get(i),
            architecture: this.archs.get(i),
            summary: this.summaries.get(i),
            section: this.section(i),
            installedVersion: this.installed.get(i) || null,
            candidateVersion: this.candidates.get(i) || null,
            upgradable: this.isUpgradable(i),
            origin: this.origin(i),
            repository: this.repository(i),
            tags: this.tags(i) as string[],
            essential: this.isEssential(i),
        };
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
