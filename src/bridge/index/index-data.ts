// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index cache's two files (column-file.ts containers):
 *  - the hot file: what every list needs, one column per field, one entry
 *    per listed package, sorted by name; read in place, decoded lazily;
 *  - the detail file: per package (listed or not: config-files remnants too),
 *    every version with its files, priority and where its stanzas are, as
 *    one small JSON document per package, read only by details and friends,
 *    with the stanzas themselves and what the reverse relation index is made
 *    from (relation-cache.ts keeps that index in a third file, made when first
 *    asked for).
 */
import type { PackageOrigin } from "../../protocol/index.js";

export const INDEX_FORMAT = 15;

export interface IndexFile {
    /** The list file (or dpkg status file) path. */
    path: string;
    /** Index into HotMeta.origins, or -1 for dpkg's status file. */
    origin: number;
    priority: number;
    isStatus: boolean;
    notAutomatic: boolean;
    butAutomaticUpgrades: boolean;
    component: string;
    architecture: string;
}

export interface HotMeta {
    format: number;
    nativeArch: string;
    origins: PackageOrigin[];
    files: IndexFile[];
    count: number;
    sectionTable: string[];
    /** How many distinct tag sets the "tagSets" strings column holds (each "a,b,c", sorted). */
    tagSetCount: number;
    /** Some list stanza carries Phased-Update-Percentage (kept-back.ts asks APT about phasing then). */
    listsHavePhasing: boolean;
}

/** Columns of the hot file: strings names, archs, summaries, installed, candidates;
 * int32 sections (-> sectionTable), tags (-> tagSets or -1), origin (-> origins or -1); uint8 flags, phased;
 * strings tagSets (one per distinct set), summaryJson (each row's PackageSummary as JSON up to its origin:
 * summary-json.ts) and
 * searchText (each row's "name\tsummary" lower-cased). */
export const FLAG_UPGRADABLE = 1;
export const FLAG_INSTALLED = 2;
export const FLAG_ESSENTIAL = 4;
/** Updates (issue 13): the candidate is from a security archive; dpkg's selection is hold. */
export const FLAG_SECURITY = 8;
export const FLAG_HELD = 16;
/** Bits 5-6: why an upgradable row is kept back (KEPT_BACK_CODES[code], 0: it is not, or not known at build time:
 * the build knows only "held"; the others come from kept-back.ts when asked, PackageTable.useKeptBack). */
export const KEPT_BACK_SHIFT = 5;
export const KEPT_BACK_MASK = 3 << KEPT_BACK_SHIFT;
export const KEPT_BACK_CODES = [null, "held", "phased", "removal"] as const;
/** The uint8 "phased" column: the candidate's Phased-Update-Percentage, or NO_PHASING. */
export const NO_PHASING = 255;

/**
 * One place a version's stanza stands: [file index, index of its text], in the list stanzas file's
 * stanzas (list-stanzas.ts) for a list file, in the detail file's "statusStanzas" column for dpkg's status.
 * A translation's: [Translation file index, index in the list stanzas file].
 */
export type RecordRef = [number, number];

export interface DetailVersion {
    version: string;
    arch: string;
    files: number[];
    records: RecordRef[];
    priority: number;
    descriptionMd5: string;
    /** Its long description's stanza in a Translation-* file: [translation file index, stanza index]. */
    translation: RecordRef | null;
}

export interface DetailPackage {
    name: string;
    arch: string;
    /** dpkg's state ("installed", "config-files", ...) or "not-installed". */
    state: string;
    auto: boolean;
    versions: DetailVersion[];
    /** Index into versions, or -1. */
    current: number;
    candidate: number;
}

export interface DetailMeta {
    format: number;
    translationFiles: string[];
    /** The index of dpkg's status among the files (HotMeta.files): its RecordRefs name status stanzas. */
    statusFile: number;
    /** The list stanzas file whose stanzas the records name (StanzasMeta.stanzasId). */
    stanzasId: string;
    /** What the rebuild after dpkg (status-patch.ts) needs to know of the lists without reading them:
     * the names with a Multi-Arch: allowed version in them, whether they carry phasing, */
    listAnyGroups: string[];
    /** the names with a Multi-Arch: allowed version in the lists or dpkg's status (glob pins reach them), */
    anyGroups: string[];
    /** whether no status stanza has what only the lists should say (index-builder.ts patchableStatusStanza), */
    statusPatchable: boolean;
    listsHavePhasing: boolean;
    /** and extended_states' automatically installed packages ("name:arch") the records were made with. */
    auto: string[];
}
/** Columns of the detail file: strings names (sorted), records (JSON DetailPackage per name), statusStanzas
 * (dpkg's status stanzas, raw text), int32 statusOwners (per status stanza, the row of its package) and
 * relationSources (per row, installed and candidate stanza: package-rows.ts stanzaCode). */

/** The detail file's column of dpkg status stanzas, and of the detail row each one belongs to. */
export const STATUS_STANZAS_COLUMN = "statusStanzas";
export const STATUS_OWNERS_COLUMN = "statusOwners";

/** The list stanzas file (list-stanzas.ts): where each list and Translation stanza is in its list, or a copy
 * of it. It depends on the lists alone, so the rebuild after dpkg keeps it (status-patch.ts). */
export interface StanzasMeta {
    format: number;
    stanzasId: string;
    /** The lists read in place, as the build found them (a read compares them: list-stanzas.ts). */
    lists: ListIdentity[];
}

/** A list file as fstat saw it when the build read it. */
export interface ListIdentity {
    path: string;
    dev: number;
    ino: number;
    size: number;
    mtimeMs: number;
}
