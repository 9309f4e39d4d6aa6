// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rebuild after dpkg: every install, removal, hold or "apt-mark auto"
 * changes dpkg's status (or APT's extended_states) and nothing else, and the
 * page waits for the index after each one. APT keeps the parse of the lists
 * apart from dpkg's status (srcpkgcache.bin, pkgcache.bin); so does this: a
 * package's versions, candidate and row depend on the lists, the preferences
 * and its own status entry only, so only the packages whose status stanza
 * changed (new, gone, other bytes: the old and new stanzas are paired by
 * their bytes, and only the others parsed) or whose automatic flag changed
 * are made again (package-rows.ts, as the full build makes them), from their
 * list stanzas, which stay in their own file (index-builder.ts) and are not
 * read but for those packages; a package whose stanza only moved keeps its
 * record with the stanza's new number; every other row and record is kept
 * from the old files as it is, as ranges of them (column-patch.ts), which the
 * new files name rather than copy (layered-file.ts). When no row moved, the
 * relation index follows (relation-patch.ts).
 *
 * What the lists say that a patch cannot see without reading them again
 * (the names of Multi-Arch: allowed packages, for pins; whether they carry
 * phasing) is kept in the detail file's meta; when dpkg's status changes one
 * of these (a status stanza that is the only Multi-Arch: allowed one of its
 * name, phasing in a status stanza), the answer is null and the caller builds
 * the whole index.
 */
import type { PackageOrigin } from "../../protocol/index.js";
import type { AptConfig } from "../apt/config.js";
import fs from "node:fs";
import { FieldSet, forEachStanzaOf, stanzaFields } from "../apt/deb822-stream.js";
import { isInstalledState, readExtendedStates, statusField } from "../apt/dpkg-status.js";
import type { IndexTarget } from "../apt/index-targets.js";
import { loadPreferences } from "../apt/preferences.js";
import { isSecurityOrigin } from "../apt/security.js";
import { trace } from "../trace.js";
import { ColumnFile } from "./column-file.js";
import { ColumnPatch, oldStrings, type OldStrings } from "./column-patch.js";
import { NumberPatch } from "./number-patch.js";
import { ColumnWriter } from "./column-writer.js";
import type { CacheBody } from "./layered-file.js";
import { ListStanzas } from "./list-stanzas.js";
import type { OpenCacheFile } from "./index-cache.js";
import { detailChunks } from "./detail-columns.js";
import {
    buildInputsOf,
    indexFilesOf,
    LIST_FIELDS,
    patchableStatusStanza,
    policyOf,
    STATUS_FIELDS,
    statusRefsFrom,
    type BuiltIndex,
} from "./index-builder.js";
import {
    STATUS_OWNERS_COLUMN,
    STATUS_STANZAS_COLUMN,
    type DetailMeta,
    type DetailPackage,
    type HotMeta,
    type RecordRef,
} from "./index-data.js";
import { VersionTable } from "./version-table.js";
import { displayName, makeRecord, RowTables, type HotRow, type MadeRecord, type RowContext } from "./package-rows.js";
import { RELATION_SOURCES_COLUMN } from "./relation-index.js";
import { SortedNames } from "./sorted-names.js";
import { rangeHolding } from "./range-holding.js";
import type { StringColumn } from "./string-column.js";
import { Spool } from "./spool.js";
import { StringsBuilder } from "./strings-builder.js";
import { UpdateFlags } from "./update-flags.js";

/** The cache as the rebuild after dpkg may patch it: its hot and detail files, current but for dpkg's files. */
export interface PatchableCache {
    hot: OpenCacheFile;
    detail: OpenCacheFile;
    /** The list stanzas file, current (its id is the detail file's stanzasId). */
    stanzas: OpenCacheFile;
}

/** What the patch needs of a status stanza (parsed only for those that changed). */
interface PatchEntry {
    name: string;
    architecture: string;
    want: string;
    state: string;
    /** Its version is Multi-Arch: allowed. */
    anyGroup: boolean;
}

const S_PACKAGE = STATUS_FIELDS.slot("package");
const S_STATUS = STATUS_FIELDS.slot("status");
const S_ARCH = STATUS_FIELDS.slot("architecture");
const S_MULTI_ARCH = STATUS_FIELDS.slot("multi-arch");
/** Enough to find the stanzas the build takes (dpkg-status.ts statusEntry: a package and a version). */
const SPLIT_FIELDS = new FieldSet(["package", "version"]);

/** A status file's stanzas as the build takes them, as views of its bytes. */
interface StatusStanzas {
    data: Buffer;
    starts: number[];
    ends: number[];
}

function stanzaOf(s: StatusStanzas, k: number): Buffer {
    return s.data.subarray(s.starts[k], s.ends[k]);
}

/** dpkg's status now, split into the stanzas the build takes (fields read: two). */
function splitStatus(statusFile: string): StatusStanzas {
    let data: Buffer;
    try {
        data = fs.readFileSync(statusFile);
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        data = Buffer.alloc(0); // a fresh root: nothing installed
    }
    const out: StatusStanzas = { data, starts: [], ends: [] };
    forEachStanzaOf(data, SPLIT_FIELDS, (s, _data, start, end) => {
        if (!s.get(0) || !s.get(1)) return;
        out.starts.push(start);
        out.ends.push(end);
    });
    return out;
}

/** A status stanza's entry (as dpkg-status.ts statusEntry), or null when it is not patchableStatusStanza. */
function patchEntry(stanza: Buffer): PatchEntry | null {
    let entry: PatchEntry | null = null;
    forEachStanzaOf(stanza, STATUS_FIELDS, (s) => {
        if (!patchableStatusStanza(s)) return;
        const { want, state } = statusField(s.get(S_STATUS));
        entry = {
            name: s.get(S_PACKAGE) ?? "",
            architecture: s.get(S_ARCH) ?? "",
            want,
            state,
            anyGroup: s.equalsLowerCase(S_MULTI_ARCH, "allowed"),
        };
    });
    return entry;
}

/**
 * Pairs the stanzas of the old status with the same bytes in the new one (dpkg keeps one
 * stanza per package and architecture, so a stanza's bytes name its package): new stanza of
 * each old one, or -1.
 */
function pairStanzas(old: StatusStanzas, now: StatusStanzas): Int32Array {
    // Candidates by length and first bytes ("Package: name\n..."), then compared whole.
    const hash = (bytes: Buffer) => {
        let h = bytes.length | 0;
        for (let i = 0, n = Math.min(bytes.length, 64); i < n; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
        return h;
    };
    const byHash = new Map<number, number[]>();
    for (let k = 0; k < now.starts.length; k++) pushTo(byHash, hash(stanzaOf(now, k)), k);
    const taken = new Uint8Array(now.starts.length);
    const pairs = new Int32Array(old.starts.length).fill(-1);
    for (let k = 0; k < old.starts.length; k++) {
        const bytes = stanzaOf(old, k);
        for (const n of byHash.get(hash(bytes)) ?? []) {
            if (taken[n] || !stanzaOf(now, n).equals(bytes)) continue;
            taken[n] = 1;
            pairs[k] = n;
            break;
        }
    }
    return pairs;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
    if (a.size !== b.size) return false;
    for (const x of a) if (!b.has(x)) return false;
    return true;
}

/** A detail record as the patched file holds it. */
interface NewRecord {
    json: string;
    relation: readonly [number, number];
    /** The status stanzas it names. */
    statusRefs: number[];
}

function statusRefsOf(record: DetailPackage, statusIdx: number): number[] {
    const refs: number[] = [];
    for (const v of record.versions) for (const r of v.records) if (r[0] === statusIdx) refs.push(r[1]);
    return refs;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/** The name of a package by its display name ("name" or "name:arch"). */
function bareName(display: string): string {
    const colon = display.indexOf(":");
    return colon < 0 ? display : display.slice(0, colon);
}

/** Finds an entry of a column of unique entries by its text, searching the column's bytes (none decoded). */
function entryFinder(column: StringColumn): { count: number; find(value: string): number } {
    let bytes: Buffer | null = null;
    let offsets: Uint32Array | null = null;
    return {
        count: column.count,
        find(value) {
            bytes ??= column.bytes();
            offsets ??= column.layout().offsets;
            const entry = Buffer.from(value + "\n", "utf8");
            // at the start, or after another entry's newline (not the end of a longer entry)
            let at = bytes.subarray(0, entry.length).equals(entry)
                ? 0
                : bytes.indexOf(Buffer.from("\n" + value + "\n"));
            if (at < 0) return -1;
            if (at > 0) at++;
            const row = rangeHolding(offsets, at);
            return offsets[row] === at ? row : -1;
        },
    };
}

/**
 * The index patched for dpkg's status now, or null when a full build is needed.
 * The result's chunks name ranges of the old files (open for the rest of the request).
 */
export function patchIndex(
    config: AptConfig,
    prev: PatchableCache,
    targets: readonly IndexTarget[]
): BuiltIndex | null {
    const hotFile = new ColumnFile(prev.hot.file);
    const detailFile = new ColumnFile(prev.detail.file);
    const hotMeta = hotFile.meta as HotMeta;
    const detailMeta = detailFile.meta as DetailMeta;
    const nativeArch = config.nativeArchitecture;
    if (hotMeta.nativeArch !== nativeArch || !Array.isArray(detailMeta.listAnyGroups)) return null;

    const statusPath = config.findFile("Dir::State::status");
    const extendedStatesPath = config.findFile("Dir::State::extended_states");
    const indexFiles = indexFilesOf(targets, statusPath);
    const { files, origins, statusIdx } = indexFiles;
    if (
        statusIdx !== detailMeta.statusFile ||
        files.length !== hotMeta.files.length ||
        files.some((f, i) => f.path !== hotMeta.files[i]?.path)
    )
        return null;

    // What the status says now, against what the old index was made with.
    if (!Array.isArray(detailMeta.anyGroups) || detailMeta.statusPatchable !== true) return null;
    const status = splitStatus(statusPath);
    const oldStatusColumn = detailFile.strings(STATUS_STANZAS_COLUMN);
    const oldOffsets = oldStatusColumn.layout().offsets;
    const oldStatus: StatusStanzas = { data: oldStatusColumn.bytes(), starts: [], ends: [] };
    for (let k = 0; k < oldStatusColumn.count; k++) {
        oldStatus.starts.push(oldOffsets[k] as number);
        oldStatus.ends.push((oldOffsets[k + 1] as number) - 1);
    }
    const statusOwners = detailFile.int32(STATUS_OWNERS_COLUMN);
    const pairs = pairStanzas(oldStatus, status);
    trace("patch: dpkg status read");

    // The packages to make again: those whose status stanzas changed, before or now, and those whose
    // automatic flag changed. Every other package keeps its record and row; only the numbers of its
    // stanzas may move (the status file's order shifts after an install).
    const newEntries = new Map<number, PatchEntry>(); // the new stanzas that changed, parsed
    const paired = new Uint8Array(status.starts.length);
    for (const n of pairs) if (n >= 0) paired[n] = 1;
    for (let n = 0; n < paired.length; n++) {
        if (paired[n]) continue;
        const entry = patchEntry(stanzaOf(status, n));
        if (entry === null) return null;
        newEntries.set(n, entry);
    }
    // A few names looked up are read one by one; many, at once.
    const detailNames = new SortedNames(detailFile.strings("names"), newEntries.size > 64);
    const changedRows = new Set<number>();
    const auto = readExtendedStates(extendedStatesPath);
    const oldAuto = new Set(detailMeta.auto);
    const autoNames = new Set<string>();
    for (const a of auto) if (!oldAuto.has(a)) autoNames.add(a.slice(0, a.lastIndexOf(":")));
    for (const a of oldAuto) if (!auto.has(a)) autoNames.add(a.slice(0, a.lastIndexOf(":")));
    for (const name of autoNames) for (const row of detailNames.rowsOfBare(name)) changedRows.add(row);

    const prefs = loadPreferences(config);
    const keyOf = (e: PatchEntry) =>
        displayName(
            { name: e.name, arch: e.architecture === "all" || !e.architecture ? nativeArch : e.architecture },
            nativeArch
        );
    const changedOld: number[] = [];
    pairs.forEach((n, k) => {
        if (n >= 0) return;
        changedOld.push(k);
        const row = statusOwners[k] as number;
        if (row >= 0) changedRows.add(row);
    });
    for (const entry of newEntries.values()) {
        const row = detailNames.find(keyOf(entry));
        if (row >= 0) changedRows.add(row);
    }
    // The stanzas that changed, new and old: the names they give Multi-Arch: allowed (which glob pins reach)
    // must be the same, or be the lists' anyway; the stanzas that stayed gave the same names before.
    const listAnyGroups = new Set(detailMeta.listAnyGroups);
    const newGroups = new Set<string>();
    for (const e of newEntries.values()) if (e.anyGroup && !listAnyGroups.has(e.name)) newGroups.add(e.name);
    const oldGroups = new Set<string>();
    for (const k of changedOld) {
        const s = stanzaFields(stanzaOf(oldStatus, k), STATUS_FIELDS);
        const name = s.get("package") ?? "";
        if (s.get("multi-arch")?.toLowerCase() === "allowed" && !listAnyGroups.has(name)) oldGroups.add(name);
    }
    if (!sameSet(newGroups, oldGroups)) return null;
    // The packages that stay, whose stanzas moved: old stanza -> new, by row.
    const moved = new Map<number, Map<number, number>>();
    const unmoved: Array<[number, number]> = []; // [old row, status stanza]: records kept as they are
    pairs.forEach((n, k) => {
        const row = statusOwners[k] as number;
        if (n < 0 || row < 0 || changedRows.has(row)) return;
        let moves = moved.get(row);
        if (!moves) moved.set(row, (moves = new Map()));
        moves.set(k, n);
    });
    for (const [row, moves] of moved)
        if ([...moves].every(([from, to]) => from === to)) {
            for (const k of moves.keys()) unmoved.push([row, k]);
            moved.delete(row);
        }
    const anyGroups = new Set(detailMeta.anyGroups);
    const updates = new UpdateFlags(
        files.map((f) => f.origin >= 0 && isSecurityOrigin(origins[f.origin] as PackageOrigin))
    );
    // Their versions, gathered as the build gathers them (version-table.ts).
    const versions = new VersionTable(nativeArch, new Set(config.architectures), updates);
    // Their list stanzas, in the order the build met them (file by file: stanza numbers grow with it).
    const oldRecordJson = detailFile.strings("records");
    const oldRecords = new Map<string, DetailPackage>();
    const listRefs: RecordRef[] = [];
    for (const row of changedRows) {
        const record = JSON.parse(oldRecordJson.get(row)) as DetailPackage;
        oldRecords.set(record.name, record);
        for (const v of record.versions) for (const ref of v.records) if (ref[0] !== statusIdx) listRefs.push(ref);
    }
    listRefs.sort((a, b) => a[1] - b[1]);
    // Small windows: the stanzas wanted are a few thousand scattered over 300 MB, each window is checked.
    const listStanzas = new ListStanzas(prev.stanzas.file);
    try {
        const listStanza = listStanzas.windowedReader(8192, 2, true);
        for (const ref of listRefs)
            forEachStanzaOf(listStanza(ref[1]), LIST_FIELDS, (v) => {
                const ver = versions.add(v, true);
                if (ver >= 0) versions.addStanza(ver, ref[0], ref[1]);
            });
    } finally {
        listStanzas.close();
    }
    const statusStanzas = new StringsBuilder(new Spool(null), 64 * 1024);
    const ownerOfNew = new Int32Array(status.starts.length).fill(-1); // the row of an unchanged stanza
    pairs.forEach((n, k) => {
        if (n >= 0) ownerOfNew[n] = statusOwners[k] as number;
    });
    // Status stanza k is statusBase + k in the table (index-builder.ts statusRefsFrom).
    const statusBase = (listRefs[listRefs.length - 1]?.[1] ?? -1) + 1;
    for (let n = 0; n < status.starts.length; n++) {
        const bytes = stanzaOf(status, n);
        const k = statusStanzas.addBytes(bytes, 0, bytes.length);
        const entry = newEntries.get(n);
        // an unchanged stanza of a package made again (its automatic flag changed) is read as well
        if (!entry && !changedRows.has(ownerOfNew[n] as number)) continue;
        const e = entry ?? (patchEntry(bytes) as PatchEntry);
        forEachStanzaOf(bytes, STATUS_FIELDS, (v) => {
            const ver = versions.add(v, false);
            versions.addStanza(ver, statusIdx, statusBase + k);
            versions.setStatus(ver, e.state, e.want === "hold", isInstalledState(e.state));
        });
    }
    trace("patch: packages gathered");

    const translations = new Map<string, RecordRef>();
    for (const record of oldRecords.values())
        for (const v of record.versions)
            if (v.translation) translations.set(`${bareName(record.name)}/${v.descriptionMd5}`, v.translation);
    const tables = new RowTables([...hotMeta.sectionTable], entryFinder(hotFile.strings("tagSets")));
    const ctx: RowContext = {
        nativeArch,
        files,
        origins,
        policy: policyOf(config, indexFiles, prefs, anyGroups),
        auto,
        // A description keeps the translation the build found for it (the Translation files did not change).
        translation: (name, md5) => translations.get(`${name}/${md5}`) ?? null,
        updates,
        tables,
    };
    if (files.some((f, i) => f.priority !== hotMeta.files[i]?.priority)) return null; // cannot be: the preferences are inputs
    // Every package made again (by display name; null: gone), sorted.
    const made = new Map<string, MadeRecord | null>();
    for (const name of oldRecords.keys()) made.set(name, null);
    for (const p of versions.finish()) {
        const pkg = statusRefsFrom(versions.package(p), statusIdx, statusBase);
        const display = displayName(pkg, nativeArch);
        made.set(display, makeRecord(pkg, display, ctx));
    }
    // The detail records: made again, or renumbered.
    const records = new Map<string, NewRecord | null>();
    for (const [name, m] of made)
        records.set(
            name,
            m
                ? {
                      json: JSON.stringify(m.record),
                      relation: m.relation,
                      statusRefs: statusRefsOf(m.record, statusIdx),
                  }
                : null
        );
    // Those whose stanzas moved: their record with the new numbers.
    for (const [row, moves] of moved) {
        const record = JSON.parse(oldRecordJson.get(row)) as DetailPackage;
        const relations = detailFile.int32(RELATION_SOURCES_COLUMN, 2 * row, 2);
        for (const v of record.versions)
            for (const ref of v.records) if (ref[0] === statusIdx) ref[1] = moves.get(ref[1]) as number;
        const move = (code: number) => (code <= -2 ? -2 - (moves.get(-2 - code) as number) : code);
        records.set(record.name, {
            json: JSON.stringify(record),
            relation: [move(relations[0] as number), move(relations[1] as number)],
            statusRefs: statusRefsOf(record, statusIdx),
        });
    }
    const changed = [...made.keys()].sort((a, b) => (a < b ? -1 : 1));
    const changedRecords = [...records.keys()].sort((a, b) => (a < b ? -1 : 1));
    trace("patch: rows made");

    unmoved.sort((a, b) => a[0] - b[0]);
    const detail = patchDetail(prev.detail.file, detailFile, detailNames, changedRecords, records, unmoved);
    const owners = new Array<number>(statusStanzas.count).fill(-1);
    for (const [k, row] of detail.owners) owners[k] = row;
    const detailMetaNew: DetailMeta = { ...detailMeta, auto: [...auto].sort() };
    const hot = patchHot(prev.hot.file, hotFile, hotMeta, changed, made, tables);
    trace("patch: columns made");
    // Every package made again kept its row (none came or went): the relation index can be patched too.
    const rowsOfMade = [...made].map(([name, m]) => (m ? detailNames.find(name) : -1));
    return {
        hot: hot,
        detail: detailChunks(detail, detailMetaNew, statusStanzas, owners),
        stanzas: null,
        inputs: buildInputsOf(config, targets, prefs),
        rowsMadeAgain: rowsOfMade.every((row) => row >= 0) ? rowsOfMade : null,
    };
}

/**
 * Walks the old rows (sorted names) and the changed names (sorted) together: `keep(from, to)` for
 * each run of old rows that stays, `put(name)` for each changed name in its place (old row or not).
 */
function mergeRows(
    oldNames: SortedNames,
    changed: readonly string[],
    keep: (from: number, to: number) => void,
    put: (name: string) => void
): void {
    let row = 0;
    for (const name of changed) {
        // old rows before `name` stay
        const end = oldNames.lowerBound(name, row);
        keep(row, end);
        row = end;
        if (row < oldNames.count && oldNames.get(row) === name) row++; // the old row of a changed package: replaced (or dropped)
        put(name);
    }
    keep(row, oldNames.count);
}

function patchDetail(
    source: CacheBody,
    file: ColumnFile,
    oldNames: SortedNames,
    changed: readonly string[],
    made: ReadonlyMap<string, NewRecord | null>,
    unmoved: ReadonlyArray<readonly [number, number]>
): { names: ColumnPatch; records: ColumnPatch; relationSources: NumberPatch; owners: Array<[number, number]> } {
    const names = oldStrings(file.strings("names"), source);
    const records = oldStrings(file.strings("records"), source);
    const rows = oldNames.count + changed.length;
    const outNames = new ColumnPatch(rows);
    const outRecords = new ColumnPatch(rows);
    // two values per row: copied as pairs
    const outRelations = new NumberPatch(source, file.numbersAt(RELATION_SOURCES_COLUMN, "int32").pos, "int32");
    const ownerOf: Array<[number, number]> = []; // [status stanza, row]
    let nextUnmoved = 0;
    mergeRows(
        oldNames,
        changed,
        (from, to) => {
            for (; nextUnmoved < unmoved.length && (unmoved[nextUnmoved] as [number, number])[0] < to; nextUnmoved++) {
                const [row, k] = unmoved[nextUnmoved] as [number, number];
                ownerOf.push([k, outNames.count + row - from]);
            }
            outNames.copy(names, from, to);
            outRecords.copy(records, from, to);
            outRelations.copy(2 * from, 2 * to);
        },
        (name) => {
            const m = made.get(name);
            if (!m) return;
            for (const k of m.statusRefs) ownerOf.push([k, outNames.count]);
            outNames.add(name);
            outRecords.add(m.json);
            outRelations.add(m.relation[0]);
            outRelations.add(m.relation[1]);
        }
    );
    return { names: outNames, records: outRecords, relationSources: outRelations, owners: ownerOf };
}

const HOT_STRINGS = ["names", "archs", "summaries", "installed", "candidates", "summaryJson", "searchText"] as const;
type HotString = (typeof HOT_STRINGS)[number];

function hotStringOf(r: HotRow, column: HotString): string {
    switch (column) {
        case "names":
            return r.name;
        case "archs":
            return r.arch;
        case "summaries":
            return r.summary;
        case "installed":
            return r.installed;
        case "candidates":
            return r.candidate;
        case "summaryJson":
            return r.json;
        case "searchText":
            return r.search;
    }
}

function patchHot(
    source: CacheBody,
    file: ColumnFile,
    meta: HotMeta,
    changedNames: readonly string[],
    made: ReadonlyMap<string, MadeRecord | null>,
    tables: RowTables
) {
    const oldNames = new SortedNames(file.strings("names"), false); // a few names looked up
    // The changed names that are rows, before or now.
    const changed = changedNames.filter((n) => made.get(n)?.row || oldNames.find(n) >= 0);
    const old = new Map<HotString, OldStrings>(HOT_STRINGS.map((c) => [c, oldStrings(file.strings(c), source)]));
    const rows = oldNames.count + changed.length;
    const out = new Map<HotString, ColumnPatch>(HOT_STRINGS.map((c) => [c, new ColumnPatch(rows)]));
    // The number columns: runs of the old values kept as they are, the changed rows' values between.
    const numberPatch = (name: string, kind: "int32" | "uint8") =>
        new NumberPatch(source, file.numbersAt(name, kind).pos, kind);
    const numbers = {
        sections: numberPatch("sections", "int32"),
        tags: numberPatch("tags", "int32"),
        origin: numberPatch("origin", "int32"),
        flags: numberPatch("flags", "uint8"),
        phased: numberPatch("phased", "uint8"),
    };
    let count = 0;
    mergeRows(
        oldNames,
        changed,
        (from, to) => {
            for (const c of HOT_STRINGS) (out.get(c) as ColumnPatch).copy(old.get(c) as OldStrings, from, to);
            for (const n of Object.values(numbers)) n.copy(from, to);
            count += to - from;
        },
        (name) => {
            const row = made.get(name)?.row;
            if (!row) return;
            for (const c of HOT_STRINGS) (out.get(c) as ColumnPatch).add(hotStringOf(row, c));
            numbers.sections.add(row.section);
            numbers.tags.add(row.tagSet);
            numbers.origin.add(row.origin);
            numbers.flags.add(row.flags);
            numbers.phased.add(row.phased);
            count++;
        }
    );
    const newMeta: HotMeta = {
        ...meta,
        count,
        sectionTable: tables.sections,
        tagSetCount: tables.tagSetCount,
    };
    const col = (c: HotString) => out.get(c) as ColumnPatch;
    // The old tag sets as they are, then the new ones (RowTables numbered them after the old).
    const oldTagSets = file.strings("tagSets");
    const tagSets = new ColumnPatch(oldTagSets.count + tables.tagSets.length);
    tagSets.copy(oldStrings(oldTagSets, source), 0, oldTagSets.count);
    for (const t of tables.tagSets) tagSets.add(t);
    return new ColumnWriter()
        .built("names", col("names"))
        .built("archs", col("archs"))
        .built("summaries", col("summaries"))
        .built("installed", col("installed"))
        .built("candidates", col("candidates"))
        .numbers("sections", "int32", numbers.sections)
        .numbers("tags", "int32", numbers.tags)
        .numbers("origin", "int32", numbers.origin)
        .numbers("flags", "uint8", numbers.flags)
        .numbers("phased", "uint8", numbers.phased)
        .built("tagSets", tagSets)
        .built("summaryJson", col("summaryJson"))
        .built("searchText", col("searchText"))
        .toChunks(newMeta);
}
