// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Builds the index (HotIndex + DetailIndex + the list stanzas) from APT's own
 * files: the lists named by `apt-get indextargets`, dpkg's status,
 * extended_states and the preferences, applying APT's policy to choose every
 * candidate. The list stanzas go to a file of their own, which depends on the
 * lists alone: the rebuild after dpkg changed its status (status-patch.ts)
 * keeps it and patches the other two.
 */
import type { PackageOrigin } from "../../protocol/index.js";
import type { AptConfig } from "../apt/config.js";
import { FieldSet, forEachStanzaIn, type StanzaCallback, type StanzaView } from "../apt/deb822-stream.js";
import { isInstalledState, readExtendedStates, STATUS_ENTRY_FIELDS, statusEntry } from "../apt/dpkg-status.js";
import type { ChunkSource } from "./chunk-source.js";
import { DetailColumns } from "./detail-columns.js";
import { HotColumns } from "./hot-columns.js";
import { Spool } from "./spool.js";
import { StringsBuilder } from "./strings-builder.js";
import { ListStanzasWriter } from "./list-stanzas-writer.js";
import type { DetailMeta, HotMeta, IndexFile, RecordRef } from "./index-data.js";
import { INDEX_FORMAT } from "./index-data.js";
import { UpdateFlags } from "./update-flags.js";
import { isSecurityOrigin } from "../apt/security.js";
import { loadIndexTargets, type IndexTarget } from "../apt/index-targets.js";
import { openListReader, type ListReader } from "../apt/list-files.js";
import { openScratchFile } from "../scratch.js";
import { Policy, type PolicyFile } from "../apt/policy.js";
import { loadPreferences, type Preferences } from "../apt/preferences.js";
import { trace } from "../trace.js";
import { displayName, makeRecord, RowTables, type RowContext } from "./package-rows.js";
import { VERSION_FIELDS, VersionTable, type BuildPackage } from "./version-table.js";

export interface BuildInputs {
    files: string[];
    dirs: string[];
    /** Of `files`, those from dpkg (status, extended_states): a change of only these is patched (status-patch.ts). */
    dpkgFiles: string[];
}

export interface BuiltIndex {
    /** The hot column file (see index-data.ts). */
    hot: ChunkSource;
    /** The detail column file. */
    detail: ChunkSource;
    /** The list stanzas' column file; null when the build was told they are kept already (BuildOptions.stanzasKept). */
    stanzas: ChunkSource | null;
    inputs: BuildInputs;
    /**
     * A patch (status-patch.ts) that kept every detail row where it was: the rows of the
     * packages it made again (relation-patch.ts patches the relation index for them); else absent.
     */
    rowsMadeAgain?: number[] | null;
}

function originOf(t: IndexTarget): PackageOrigin {
    return {
        origin: t.origin,
        label: t.label,
        suite: t.suite,
        codename: t.codename,
        component: t.component,
        site: t.site,
    };
}

/** The index's files (the lists, then dpkg's status last) as the hot file lists them and as the policy sees them. */
export interface IndexFiles {
    origins: PackageOrigin[];
    files: IndexFile[];
    policyFiles: PolicyFile[];
    statusIdx: number;
}

export function indexFilesOf(targets: readonly IndexTarget[], statusFile: string): IndexFiles {
    const origins: PackageOrigin[] = [];
    const originIndex = new Map<string, number>();
    const files: IndexFile[] = [];
    const policyFiles: PolicyFile[] = [];
    for (const t of targets) {
        if (t.createdBy !== "Packages") continue;
        const o = originOf(t);
        const key = JSON.stringify(o);
        let oi = originIndex.get(key);
        if (oi === undefined) {
            oi = origins.length;
            origins.push(o);
            originIndex.set(key, oi);
        }
        files.push({
            path: t.filename,
            origin: oi,
            priority: 0,
            isStatus: false,
            notAutomatic: t.notAutomatic,
            butAutomaticUpgrades: t.butAutomaticUpgrades,
            component: t.component,
            architecture: t.architecture,
        });
        policyFiles.push({
            isStatus: false,
            hasRelease: t.releaseFile !== null,
            origin: t.origin,
            label: t.label,
            archive: t.suite,
            codename: t.codename,
            version: t.version,
            component: t.component,
            architecture: t.architecture,
            site: t.site,
            notAutomatic: t.notAutomatic,
            butAutomaticUpgrades: t.butAutomaticUpgrades,
        });
    }
    const statusIdx = files.length;
    files.push({
        path: statusFile,
        origin: -1,
        priority: 100,
        isStatus: true,
        notAutomatic: false,
        butAutomaticUpgrades: false,
        component: "now",
        architecture: "",
    });
    policyFiles.push({
        isStatus: true,
        hasRelease: false,
        origin: "",
        label: "",
        archive: "now",
        codename: "",
        version: "",
        component: "now",
        architecture: "",
        site: "",
        notAutomatic: false,
        butAutomaticUpgrades: false,
    });
    return { origins, files, policyFiles, statusIdx };
}

/** The policy of the index's files (their priorities set in `files` too). */
export function policyOf(config: AptConfig, f: IndexFiles, prefs: Preferences, anyGroups: ReadonlySet<string>): Policy {
    const policy = new Policy(
        f.policyFiles,
        prefs.pins,
        config.nativeArchitecture,
        config.find("APT::Default-Release"),
        anyGroups
    );
    policy.filePriorities.forEach((p, i) => ((f.files[i] as IndexFile).priority = p));
    return policy;
}

/*
 * The fields of list stanzas the build reads (deb822-stream.ts finds only these;
 * version-table.ts says which and why). Details read everything else from the
 * stanzas' bytes, which are kept whole.
 */
export const LIST_FIELDS = new FieldSet(VERSION_FIELDS);
export const STATUS_FIELDS = new FieldSet([...VERSION_FIELDS, ...STATUS_ENTRY_FIELDS]);
const S_PHASED = STATUS_FIELDS.slot("phased-update-percentage");
const S_MD5 = STATUS_FIELDS.slot("description-md5");

/**
 * Whether the rebuild after dpkg (status-patch.ts) can follow this status stanza: one with
 * phasing or a Description-md5 changes what the lists alone say, which a patch does not read.
 */
export function patchableStatusStanza(s: StanzaView): boolean {
    return !s.has(S_PHASED) && !s.has(S_MD5);
}
const TRANSLATION_FIELDS = new FieldSet(["package", "description-md5"]);
const T_PACKAGE = TRANSLATION_FIELDS.slot("package");
const T_MD5 = TRANSLATION_FIELDS.slot("description-md5");

/**
 * dpkg's status stanzas are numbered apart (the detail file's "statusStanzas" column, from 0), the
 * list stanzas in the list stanzas file; a VersionTable wants one sequence: status stanza k is
 * `base + k` in it, above every list stanza, and k again in the records it gives back.
 */
export function statusRefsFrom(pkg: BuildPackage, statusIdx: number, base: number): BuildPackage {
    for (const v of pkg.versions) for (const r of v.records) if (r[0] === statusIdx) r[1] -= base;
    return pkg;
}

/** Reads a list (or the status) file stanza by stanza (compressed ones through a scratch file); `opened`: told how. */
function forEachListStanza(
    file: string,
    scratchDirs: readonly string[],
    fields: FieldSet,
    fn: StanzaCallback,
    opened?: (reader: ListReader) => void
): void {
    const reader = openListReader(file, scratchDirs);
    try {
        opened?.(reader);
        forEachStanzaIn(reader.read, fields, fn);
    } finally {
        reader.close();
    }
}

/** How the build may be told the list stanzas are kept already (their file is current: they are not written again). */
export interface BuildOptions {
    stanzasKept?: { id: string };
}

/**
 * Builds the index. `scratchDirs`: where scratch files (scratch.ts) may go, first
 * that works; the build keeps its big data there rather than in memory.
 * targets: apt-get indextargets' (index-targets-cache.ts), by default run now.
 */
export function buildIndex(
    config: AptConfig,
    scratchDirs: readonly string[] = [],
    targets: readonly IndexTarget[] = loadIndexTargets(config.findDir("Dir::State::lists")),
    options: BuildOptions = {}
): BuiltIndex {
    const nativeArch = config.nativeArchitecture;
    const statusFile = config.findFile("Dir::State::status");
    const extendedStatesFile = config.findFile("Dir::State::extended_states");
    const prefs = loadPreferences(config);

    const packageTargets = targets.filter((t) => t.createdBy === "Packages");
    const translationTargets = targets.filter((t) => t.createdBy === "Translations");
    const indexFiles = indexFilesOf(targets, statusFile);
    const { origins, files, statusIdx } = indexFiles;

    // Every list stanza a version stands in, kept for details: where it is in its list, or its bytes
    // (list-stanzas.ts), in a file of its own (written only when the lists changed); copies go to a scratch file.
    const spool = new Spool(openScratchFile(scratchDirs));
    const stanzasKept = options.stanzasKept !== undefined;
    const stanzas = new ListStanzasWriter(stanzasKept ? new Spool(null) : spool);
    let stanzaCount = 0;
    // When the file is current, the same lists give the same stanzas in the same order: only counted.
    const keepStanza = stanzasKept
        ? () => stanzaCount++
        : (data: Buffer, start: number, end: number, dataPos: number): number =>
              (stanzaCount = stanzas.add(data, start, end, dataPos) + 1) - 1;
    const listOpened = (path: string) => (reader: ListReader) => {
        if (!stanzasKept) stanzas.beginList(path, reader.plainFile);
    };

    const updates = new UpdateFlags(
        files.map((f) => f.origin >= 0 && isSecurityOrigin(origins[f.origin] as PackageOrigin))
    );
    // 260,000 versions (of 400,000 stanzas) on a Pi-like index are held until the policy ran: compactly (version-table.ts).
    const versions = new VersionTable(nativeArch, new Set(config.architectures), updates);
    packageTargets.forEach((t, fileIdx) => {
        forEachListStanza(
            t.filename,
            scratchDirs,
            LIST_FIELDS,
            (s, data, start, end, dataPos) => {
                const ver = versions.add(s, true);
                if (ver >= 0) versions.addStanza(ver, fileIdx, keepStanza(data, start, end, dataPos));
            },
            listOpened(t.filename)
        );
    });
    const listAnyGroups = [...versions.anyGroups].sort();
    const listsHavePhasing = updates.listsHavePhasing;

    trace("build: package lists read");
    const statusStanzas = new StringsBuilder(spool, 256 * 1024);
    const statusBase = stanzaCount;
    let statusPatchable = true;
    forEachListStanza(statusFile, scratchDirs, STATUS_FIELDS, (s, data, start, end) => {
        const e = statusEntry(s.toMap(), start, end);
        if (!e?.version) return; // a not-installed stanza without a version: nothing to show
        if (!patchableStatusStanza(s)) statusPatchable = false;
        const ver = versions.add(s, false);
        versions.addStanza(ver, statusIdx, statusBase + statusStanzas.addBytes(data, start, end));
        versions.setStatus(ver, e.state, e.want === "hold", isInstalledState(e.state));
    });

    trace("build: dpkg status read");
    const translationFiles = translationTargets.map((t) => t.filename);
    const translations = new Map<string, RecordRef>();
    translationTargets.forEach((t, ti) => {
        forEachListStanza(
            t.filename,
            scratchDirs,
            TRANSLATION_FIELDS,
            (s, data, start, end, dataPos) => {
                const key = `${s.get(T_PACKAGE) ?? ""}/${s.get(T_MD5) ?? ""}`;
                if (!translations.has(key)) translations.set(key, [ti, keepStanza(data, start, end, dataPos)]);
            },
            listOpened(t.filename)
        );
    });

    trace("build: translations read");
    const policy = policyOf(config, indexFiles, prefs, versions.anyGroups);
    const auto = readExtendedStates(extendedStatesFile);
    const tables = new RowTables();
    const ctx: RowContext = {
        nativeArch,
        files,
        origins,
        policy,
        auto,
        translation: (name, md5) => translations.get(`${name}/${md5}`) ?? null,
        updates,
        tables,
    };

    const hot = new HotColumns(spool);
    // Detail records are written as they are made, in name order (no object of 60,000 records).
    const detail = new DetailColumns(spool);
    const statusOwners = new Array<number>(statusStanzas.count).fill(-1);

    const ordered = versions.finish();
    for (let k = 0; k < ordered.length; k++) {
        // Made now, one package at a time (version-table.ts), and gone with this iteration.
        const pkg = statusRefsFrom(versions.package(ordered[k] as number), statusIdx, statusBase);
        const display = displayName(pkg, nativeArch);
        const made = makeRecord(pkg, display, ctx);
        for (const v of pkg.versions)
            for (const r of v.records) if (r[0] === statusIdx) statusOwners[r[1]] = detail.relationSources.length / 2;
        detail.addJson(display, JSON.stringify(made.record), made.relation);
        if (made.row) hot.add(made.row);
    }
    // rows are in name order already
    trace("build: rows and records made");

    // Done with what only the rows needed: the rest of the build need not carry it.
    translations.clear();
    const stanzasId = options.stanzasKept?.id ?? newStanzasId();
    const hotMeta: HotMeta = {
        format: INDEX_FORMAT,
        nativeArch,
        origins,
        files,
        count: hot.flags.length,
        sectionTable: tables.sections,
        tagSetCount: tables.tagSets.length,
        listsHavePhasing: updates.listsHavePhasing,
    };
    const detailMeta: DetailMeta = {
        format: INDEX_FORMAT,
        translationFiles,
        statusFile: statusIdx,
        stanzasId,
        listAnyGroups,
        anyGroups: [...versions.anyGroups].sort(),
        statusPatchable,
        listsHavePhasing,
        auto: [...auto].sort(),
    };
    const built: BuiltIndex = {
        hot: hot.toChunks(hotMeta, tables.tagSets),
        detail: detail.toChunks(detailMeta, statusStanzas, statusOwners),
        stanzas: stanzasKept ? null : stanzas.toChunks({ format: INDEX_FORMAT, stanzasId }),
        inputs: buildInputsOf(config, targets, prefs),
    };
    trace("build: columns made");
    return built;
}

/** What a build (or a patch: status-patch.ts) of the index read, for its cache stamp. */
export function buildInputsOf(config: AptConfig, targets: readonly IndexTarget[], prefs: Preferences): BuildInputs {
    const statusFile = config.findFile("Dir::State::status");
    const extendedStatesFile = config.findFile("Dir::State::extended_states");
    return {
        files: [
            ...targets.map((t) => t.filename),
            ...targets.flatMap((t) => (t.releaseFile ? [t.releaseFile] : [])),
            statusFile,
            extendedStatesFile,
            ...prefs.files,
        ],
        dirs: [config.findDir("Dir::State::lists"), ...prefs.dirs],
        dpkgFiles: [statusFile, extendedStatesFile],
    };
}

/** A new id for a list stanzas file: the detail files made with it name it (DetailMeta.stanzasId). */
function newStanzasId(): string {
    return `${process.pid.toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
