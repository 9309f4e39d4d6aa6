// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One package's row and detail record, as the index holds them: made here
 * only, by the full build (index-builder.ts) for every package and by the
 * rebuild after dpkg (status-patch.ts) for the packages whose dpkg status
 * changed, so that a patched index cannot differ from a built one.
 */
import type { PackageOrigin } from "../../protocol/index.js";
import type { Policy } from "../apt/policy.js";
import { compareVersions } from "../apt/version.js";
import type { DetailPackage, IndexFile, RecordRef } from "./index-data.js";
import { FLAG_ESSENTIAL, FLAG_INSTALLED, FLAG_UPGRADABLE, NO_PHASING } from "./index-data.js";
import { searchTextOf } from "./package-table.js";
import { storedSummaryPrefix } from "./summary-json.js";
import type { UpdateFlags } from "./update-flags.js";
import type { BuildPackage, BuildVersion } from "./version-table.js";

/** A listed package's fields in the hot file (index-data.ts names its columns). */
export interface HotRow {
    name: string;
    arch: string;
    summary: string;
    installed: string;
    candidate: string;
    /** Index into the section table. */
    section: number;
    /** Index into the tag sets, -1: none. */
    tagSet: number;
    /** Index into the origins, -1: none. */
    origin: number;
    flags: number;
    phased: number;
    /** The row's PackageSummary as JSON. */
    json: string;
    search: string;
}

export interface MadeRecord {
    record: DetailPackage;
    /** The reverse relation index's sources (relation-index.ts): stanza codes (stanzaCode) of installed and candidate. */
    relation: [number, number];
    /** Null: not a list entry (only configuration files left, or nothing installable). */
    row: HotRow | null;
}

/** The section and tag set tables of the hot file, grown as rows need new entries. */
export class RowTables {
    private readonly sectionIdx = new Map<string, number>();
    private readonly tagSetIdx = new Map<string, number>();
    /** The tag sets after the `known` ones (all of them for a build). */
    readonly tagSets: string[] = [];

    /**
     * `known`: tag sets already numbered 0 .. count - 1, looked up where they are (a patch: the old
     * file's column, status-patch.ts), not decoded into this table.
     */
    constructor(
        readonly sections: string[] = [],
        private readonly known?: { readonly count: number; find(value: string): number }
    ) {
        sections.forEach((s, i) => this.sectionIdx.set(s, i));
    }

    section(value: string): number {
        return intern(this.sections, this.sectionIdx, value);
    }

    tagSet(value: string): number {
        let i = this.tagSetIdx.get(value);
        if (i !== undefined) return i;
        i = this.known?.find(value) ?? -1;
        if (i < 0) {
            i = this.tagSetCount;
            this.tagSets.push(value);
        }
        this.tagSetIdx.set(value, i);
        return i;
    }

    get tagSetCount(): number {
        return (this.known?.count ?? 0) + this.tagSets.length;
    }
}

function intern(table: string[], idx: Map<string, number>, value: string): number {
    let i = idx.get(value);
    if (i === undefined) {
        i = table.length;
        table.push(value);
        idx.set(value, i);
    }
    return i;
}

/**
 * A stanza's number for the reverse relation index (relation-index.ts): a
 * list stanza's index (>= 0), a dpkg status stanza's as -2 - its index, -1 none.
 */
export function stanzaCode(files: readonly IndexFile[], ref: RecordRef | undefined): number {
    if (!ref) return -1;
    return files[ref[0]]?.isStatus ? -2 - ref[1] : ref[1];
}

export interface RowContext {
    nativeArch: string;
    files: readonly IndexFile[];
    origins: readonly PackageOrigin[];
    policy: Policy;
    /** extended_states' automatically installed packages ("name:arch"). */
    auto: ReadonlySet<string>;
    /** The Translation-* stanza of a description (name, Description-md5). */
    translation(name: string, md5: string): RecordRef | null;
    updates: UpdateFlags;
    tables: RowTables;
}

/** The display name: the name for the native architecture, else name:arch. */
export function displayName(pkg: { name: string; arch: string }, nativeArch: string): string {
    return pkg.arch === nativeArch ? pkg.name : `${pkg.name}:${pkg.arch}`;
}

/** Package `pkg` (its versions in any order: sorted here) as its detail record and, when listed, its row. */
export function makeRecord(pkg: BuildPackage, display: string, ctx: RowContext): MadeRecord {
    const { files, policy } = ctx;
    pkg.versions.sort((a, b) => compareVersions(b.version, a.version));
    const cand = policy.candidate(pkg) as BuildVersion | null;
    const cur = pkg.current;
    const record: DetailPackage = {
        name: display,
        arch: pkg.arch,
        state: pkg.state,
        auto: ctx.auto.has(`${pkg.name}:${pkg.arch}`) || ctx.auto.has(`${pkg.name}:${cand?.arch ?? cur?.arch ?? ""}`),
        versions: pkg.versions.map((v) => ({
            version: v.version,
            arch: v.arch,
            files: v.files,
            records: v.records,
            priority: policy.versionPriority(pkg, v),
            descriptionMd5: v.descriptionMd5,
            translation: ctx.translation(pkg.name, v.descriptionMd5),
        })),
        current: cur ? pkg.versions.indexOf(cur) : -1,
        candidate: cand ? pkg.versions.indexOf(cand) : -1,
    };
    const relation: [number, number] = [
        stanzaCode(files, cur?.records[0]),
        cand === cur ? -1 : stanzaCode(files, cand?.records[0]),
    ];
    const shown = cand ?? cur;
    if (!shown) return { record, relation, row: null };
    let origin = -1;
    if (cand) {
        let best = -Infinity;
        for (const f of cand.files) {
            const file = files[f] as IndexFile;
            if (file.isStatus) continue;
            if (file.priority > best) {
                best = file.priority;
                origin = file.origin;
            }
        }
    }
    // Security archives carry no Tag field: take the tags from any version that has them.
    let tags = shown.tags;
    if (tags.length === 0) tags = pkg.versions.find((v) => v.tags.length > 0)?.tags ?? [];
    const summary = shown.summary.replace(/\n/g, " ");
    const installed = cur?.version ?? "";
    const candidate = cand?.version ?? "";
    const tagSet = tags.length ? ctx.tables.tagSet(tags.join(",")) : -1;
    const upgradable = cur !== null && cand !== null && compareVersions(cand.version, cur.version) > 0;
    const flags =
        (upgradable ? FLAG_UPGRADABLE : 0) |
        (cur ? FLAG_INSTALLED : 0) |
        ((cur ?? shown).essential ? FLAG_ESSENTIAL : 0) |
        ctx.updates.flags(pkg.held, upgradable, cand?.files);
    const phased = cand?.phased ?? NO_PHASING;
    // Up to its origin (summary-json.ts): a list writes the rest from the row's origin, tags, flags and phasing.
    const json = storedSummaryPrefix({
        name: display,
        architecture: shown.arch,
        summary,
        section: shown.section,
        installed,
        candidate,
        flags,
    });
    return {
        record,
        relation,
        row: {
            name: display,
            arch: shown.arch,
            summary,
            installed,
            candidate,
            section: ctx.tables.section(shown.section),
            tagSet,
            origin,
            flags,
            phased,
            json,
            search: searchTextOf(display, summary),
        },
    };
}
