// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The package database: every package APT knows, as APT sees it, served from
 * the index cache (index-cache.ts) and rebuilt from APT's files when any of
 * them changed (index-builder.ts).
 */
import os from "node:os";
import path from "node:path";
import type { PackageOrigin, PackageSummary, Repository } from "../../protocol/index.js";
import { AptConfig } from "../apt/config.js";
import { openOrBuild } from "./build-lock.js";
import type { ByteSource } from "./byte-source.js";
import { ColumnFile } from "./column-file.js";
import type { StringColumn } from "./string-column.js";
import { buildIndex, type BuiltIndex } from "./index-builder.js";
import { patchIndex, type PatchableCache } from "./status-patch.js";
import { baseFor, type BaseFile } from "./layered-file.js";
import {
    cacheDirectory,
    cacheName,
    openCacheFile,
    removeStaleCacheFiles,
    sharedCacheDirectory,
    signaturesNow,
    stampFor,
    stampIsCurrent,
    stampIsCurrentExcept,
    writeCacheFile,
    type CacheStamp,
    type OpenCacheFile,
} from "./index-cache.js";
import { aptConfigFiles, cachedIndexTargets, indexTargetsFile } from "./index-targets-cache.js";
import { cachedAptConfig, configFile } from "./config-cache.js";
import { cachedKeptBack, readKeptBack } from "./kept-back-cache.js";
import type { KeptBack } from "../apt/kept-back.js";
import { preferenceFiles } from "../apt/preferences.js";
import {
    FLAG_UPGRADABLE,
    INDEX_FORMAT,
    STATUS_STANZAS_COLUMN,
    type DetailMeta,
    type DetailPackage,
    type RecordRef,
    type StanzasMeta,
} from "./index-data.js";
import { countBy, PackageTable, repositoryId, repositoryName } from "./package-table.js";
import { trace } from "../trace.js";
import { whileSavingMemory } from "./save-memory.js";
import type { RelationIndex } from "./relation-index.js";
import { openRelationIndex, patchRelationCache, type RelationCacheKey } from "./relation-cache.js";
import { ListStanzas } from "./list-stanzas.js";
import { compareText } from "../text-order.js";

export { repositoryId, repositoryName } from "./package-table.js";

declare const __COCKPIT_APT_BUILD__: string | undefined;
/** Set by build.mjs: a new bridge build never trusts a cache an older one wrote. */
const BRIDGE_BUILD = typeof __COCKPIT_APT_BUILD__ === "string" ? __COCKPIT_APT_BUILD__ : "dev";

export interface DetailLookup {
    readonly meta: DetailMeta;
    /** The package by its listed name ("name" or "name:arch"), or null. */
    find(name: string): DetailPackage | null;
    names(): StringColumn;
    /** The raw text of a version's stanza (one of DetailVersion.records: a list's or dpkg's status). */
    record(ref: RecordRef): string;
    /** The raw text of list stanza i (a list RecordRef's second element, or a translation's). */
    stanza(i: number): string;
    /** Reverse relations and providers (relation-index.ts), made on first use after a build (relation-cache.ts). */
    relations(): RelationIndex;
}

/** How a request learns why updates are kept back: "ask" APT when its answer is not kept, or use only what is "known". */
export type KeptBackMode = "ask" | "known";

export interface Database {
    readonly table: PackageTable;
    /** Packages with a candidate or an installed version, sorted by name (decodes every row). */
    readonly packages: readonly PackageSummary[];
    /** One entry per (origin, suite) over all packages. */
    readonly repositories: readonly Repository[];
    readonly nativeArch: string;
    /** Identifies this build of the index: anything derived from it may be cached under this id. */
    readonly indexId: string;
    /**
     * Tells the table's rows why "Upgrade all" would keep each back (phased, removal: APT's own
     * simulation, kept-back.ts, from its cache beside the index when current). Only the requests
     * that show it call this: the simulation costs as much as a build. "known": only what is known
     * without asking APT (its answer cached for the current files, or no update at all). Returns
     * false when APT had to be asked and was not ("known"): the rows then say only "held" (the
     * Updates tab shows them at once and asks again: PackageListResponse.keptBackPending).
     */
    withKeptBack(mode?: KeptBackMode): boolean;
    detail(): DetailLookup;
    config(): AptConfig;
}

/** APT's configuration, kept beside the index when current (config-cache.ts). */
function aptConfig(): AptConfig {
    return cachedAptConfig(configFile(), INDEX_FORMAT, BRIDGE_BUILD);
}

/** The files that decide what APT reads, besides the ones the build lists. */
function configInputs(config: AptConfig): string[] {
    // APT's configuration and sources files, and their directories (a file added there counts)
    return [...aptConfigFiles(config), config.findDir("Dir::Etc::parts"), config.findDir("Dir::Etc::sourceparts")];
}

/** Repositories with counts over the rows `include` accepts (all rows without it). */
export function repositoriesOf(table: PackageTable, include?: (row: number) => boolean): Repository[] {
    const byId = new Map<string, Repository>();
    const { origins, files } = table.meta;
    for (const o of origins) {
        const id = repositoryId(o);
        let r = byId.get(id);
        if (!r) {
            r = {
                id,
                name: repositoryName(o),
                origin: o.origin,
                label: o.label,
                suite: o.suite,
                codename: o.codename,
                components: [],
                architectures: [],
                packageCount: 0,
            };
            byId.set(id, r);
        }
        if (o.component && !r.components.includes(o.component)) r.components.push(o.component);
    }
    for (const f of files) {
        if (f.isStatus || f.origin < 0) continue;
        const r = byId.get(repositoryId(origins[f.origin] as PackageOrigin)) as Repository;
        if (f.architecture && !r.architectures.includes(f.architecture)) r.architectures.push(f.architecture);
    }
    let counts: Int32Array;
    if (include) {
        counts = new Int32Array(origins.length);
        const idx = table.originIdx;
        for (let i = 0; i < table.count; i++) {
            const o = idx[i] as number;
            if (o >= 0 && include(i)) counts[o] = (counts[o] as number) + 1;
        }
    } else {
        counts = countBy(table.originIdx, origins.length, null);
    }
    counts.forEach((n, o) => {
        (byId.get(table.repositoryIds[o] as string) as Repository).packageCount += n;
    });
    for (const r of byId.values()) {
        r.components.sort();
        r.architectures.sort();
    }
    return [...byId.values()].sort((a, b) => compareText(a.name, b.name) || compareText(a.suite, b.suite));
}

interface Loaded {
    hot: ByteSource;
    stamp: CacheStamp;
    detail: ByteSource | null;
    /** The list stanzas, when this process built them; else read from their file when first needed. */
    stanzas: ByteSource | null;
    /** The files the hot file came from: ours, or root's (cache-directory.ts). */
    files: CacheFiles;
    config: AptConfig | null;
}

interface CacheFiles {
    dir: string;
    hotFile: string;
    detailFile: string;
    stanzasFile: string;
    targetsFile: string;
    relationsFile: string;
    keptBackFile: string;
}

function cacheFiles(dir = cacheDirectory()): CacheFiles {
    const name = cacheName();
    const file = (kind: string) => path.join(dir, `${name}.${kind}`);
    return {
        dir,
        hotFile: file("hot"),
        detailFile: file("detail"),
        stanzasFile: file("stanzas"),
        targetsFile: indexTargetsFile(dir),
        relationsFile: file("relations"),
        keptBackFile: file("keptback"),
    };
}

/** The files and directories whatever APT computes from its cache depends on: configuration, lists, dpkg's status, preferences. */
function aptStateInputs(config: AptConfig): {
    aptInputs: string[];
    listsDir: string;
    prefsPlaces: string[];
    all: string[];
    dpkgFiles: string[];
} {
    const aptInputs = configInputs(config);
    const listsDir = config.findDir("Dir::State::lists");
    const prefs = preferenceFiles(config);
    // Where preferences may appear, even while none are there: a new /etc/apt/preferences counts.
    const prefsPlaces = [config.findFile("Dir::Etc::preferences"), config.findDir("Dir::Etc::preferencesparts")].filter(
        (p) => p !== ""
    );
    const dpkgFiles = [config.findFile("Dir::State::status"), config.findFile("Dir::State::extended_states")];
    const all = [...aptInputs, listsDir, ...dpkgFiles, ...prefsPlaces, ...prefs.files, ...prefs.dirs];
    return { aptInputs, listsDir, prefsPlaces, all, dpkgFiles };
}

/** The files a build or patch wrote, opened for this request; null parts: not written (read-only, full disk). */
function rebuild(config: AptConfig): { built: BuiltIndex; stamp: CacheStamp } {
    const files = cacheFiles();
    const { dir, hotFile, detailFile, stanzasFile, targetsFile, relationsFile, keptBackFile } = files;
    const { aptInputs, listsDir, prefsPlaces, all, dpkgFiles } = aptStateInputs(config);
    // Signed before they are read (stampFor): dpkg may rewrite its status while the build runs.
    const before = signaturesNow(all);
    const targets = cachedIndexTargets(targetsFile, INDEX_FORMAT, BRIDGE_BUILD, listsDir, aptInputs);
    trace("build: index targets");
    const scratchDirs = [dir, os.tmpdir()];
    // Only dpkg's status (and extended_states) changed since the cache was made, as after every
    // install, removal or hold: the packages whose status changed are made again, the rest is kept.
    const previous = patchableCache(files, dpkgFiles);
    let built: BuiltIndex | null = null;
    // A patch is written as layers over the last full build's files (layered-file.ts).
    let bases: { hot: BaseFile | null; detail: BaseFile | null } = { hot: null, detail: null };
    if (previous) {
        built = whileSavingMemory(() => patchIndex(config, previous, targets));
        trace(built ? "build: patched" : "build: not patchable");
        if (built)
            bases = {
                hot: baseFor(previous.hot.file, previous.hot.stamp.buildId, hotFile),
                detail: baseFor(previous.detail.file, previous.detail.stamp.buildId, detailFile),
            };
    }
    // A full build; when only dpkg or the preferences changed, the list stanzas' file is kept.
    const keptStanzas = built ? null : currentStanzasId(stanzasFile);
    built ??= whileSavingMemory(() =>
        buildIndex(config, scratchDirs, targets, keptStanzas ? { stanzasKept: { id: keptStanzas } } : {})
    );
    const inputs = [...built.inputs.files, ...built.inputs.dirs, ...aptInputs, ...prefsPlaces];
    const stamp = stampFor(INDEX_FORMAT, BRIDGE_BUILD, inputs, before);
    trace("build: done");
    // The list stanzas first, then the detail file: a hot file on disk promises a matching detail
    // file, and a detail file its stanzas (DetailMeta.stanzasId).
    const dpkg = new Set(built.inputs.dpkgFiles);
    const stanzasOk =
        built.stanzas === null ||
        writeCacheFile(
            stanzasFile,
            stampFor(
                INDEX_FORMAT,
                BRIDGE_BUILD,
                inputs.filter((p) => !dpkg.has(p)),
                before
            ),
            built.stanzas.parts
        );
    if (
        stanzasOk &&
        writeCacheFile(detailFile, stamp, built.detail.parts, bases.detail ?? undefined) &&
        writeCacheFile(hotFile, stamp, built.hot.parts, bases.hot ?? undefined)
    ) {
        // A patch that kept every row: the relation index follows it, if there was one (relation-patch.ts).
        if (previous && built.rowsMadeAgain) {
            const lists = new ListStanzas(previous.stanzas.file);
            try {
                patchRelationCache(
                    {
                        file: relationsFile,
                        format: INDEX_FORMAT,
                        bridge: BRIDGE_BUILD,
                        buildId: stamp.buildId,
                    },
                    previous.detail.stamp.buildId,
                    new ColumnFile(previous.detail.file),
                    new ColumnFile(built.detail),
                    built.rowsMadeAgain,
                    lists
                );
            } finally {
                lists.close();
            }
        }
        removeStaleCacheFiles(
            dir,
            [hotFile, detailFile, stanzasFile, targetsFile, relationsFile, keptBackFile, configFile(dir)].map((f) =>
                path.basename(f)
            ),
            INDEX_FORMAT,
            BRIDGE_BUILD
        );
    }
    trace("build: cache files written");
    return { built, stamp };
}

/** The id of the list stanzas file when it is current (the lists and configuration it was made from are), else null. */
function currentStanzasId(stanzasFile: string): string | null {
    const opened = openCacheFile(stanzasFile);
    if (!opened) return null;
    try {
        if (!stampIsCurrent(opened.stamp, INDEX_FORMAT, BRIDGE_BUILD)) return null;
        return (new ColumnFile(opened.file).meta as StanzasMeta).stanzasId;
    } catch {
        return null; // a damaged head: built anew
    } finally {
        opened.file.close();
    }
}

function patchableCache(files: CacheFiles, dpkgFiles: readonly string[]): PatchableCache | null {
    const hot = openCacheFile(files.hotFile);
    const detail = hot ? openCacheFile(files.detailFile) : null;
    const dpkg = new Set(dpkgFiles);
    if (
        hot &&
        detail &&
        detail.stamp.buildId === hot.stamp.buildId &&
        stampIsCurrentExcept(hot.stamp, INDEX_FORMAT, BRIDGE_BUILD, dpkg)
    ) {
        const stanzas = openCacheFile(files.stanzasFile);
        try {
            const id = (new ColumnFile(detail.file).meta as DetailMeta).stanzasId;
            if (
                stanzas &&
                stampIsCurrent(stanzas.stamp, INDEX_FORMAT, BRIDGE_BUILD) &&
                id === (new ColumnFile(stanzas.file).meta as StanzasMeta).stanzasId
            )
                return { hot, detail, stanzas };
        } catch {
            /* a damaged head: built anew */
        }
        stanzas?.file.close();
    }
    hot?.file.close();
    detail?.file.close();
    return null;
}

/** The hot cache file when it is current, else null. */
function currentHot(hotFile: string): OpenCacheFile | null {
    const cached = openCacheFile(hotFile);
    if (cached && stampIsCurrent(cached.stamp, INDEX_FORMAT, BRIDGE_BUILD)) return cached;
    if (cached) cached.file.close();
    return null;
}

function load(): Loaded {
    const own = cacheFiles();
    // Another user reads root's cache while it is current: one cache for everyone.
    const sharedDir = sharedCacheDirectory();
    if (sharedDir !== null) {
        const shared = cacheFiles(sharedDir);
        const c = currentHot(shared.hotFile);
        if (c) return { hot: c.file, stamp: c.stamp, detail: null, stanzas: null, files: shared, config: null };
    }
    // Stale: build, unless another bridge is building right now; then wait for its cache.
    return openOrBuild(
        `${own.hotFile}.build-lock`,
        () => currentHot(own.hotFile),
        (c): Loaded => ({ hot: c.file, stamp: c.stamp, detail: null, stanzas: null, files: own, config: null }),
        (): Loaded => {
            if (process.env.COCKPIT_APT_DEBUG)
                process.stderr.write(`cockpit-apt-bridge[${process.pid}]: building the package index\n`);
            const config = aptConfig();
            const { built, stamp } = rebuild(config);
            return { hot: built.hot, stamp, detail: built.detail, stanzas: built.stanzas, files: own, config };
        }
    );
}

/** The index files the first openDatabase of a sharingIndexFiles call loaded, for the others; null outside one. */
let sharedLoad: { loaded: Loaded | null } | null = null;

/**
 * Runs `fn`, in which every openDatabase reads the index files the first one loaded (opened,
 * stamped and checked once): a batch's requests (commands/batch.ts), ~10 ms each on the host's
 * index. Each still makes its own Database and PackageTable, so no request sees what another
 * asked for (kept-back packages, a detail lookup).
 */
export async function sharingIndexFiles<T>(fn: () => Promise<T>): Promise<T> {
    const outer = sharedLoad;
    sharedLoad = { loaded: null };
    try {
        return await fn();
    } finally {
        sharedLoad = outer;
    }
}

export function openDatabase(): Database {
    const loaded = sharedLoad ? (sharedLoad.loaded ??= load()) : load();
    let table = new PackageTable(loaded.hot);
    trace("index opened");
    let repositories: Repository[] | null = null;
    let detail: DetailLookup | null = null;
    const db: Database = {
        get table() {
            return table;
        },
        get packages() {
            return table.all();
        },
        get repositories() {
            repositories ??= repositoriesOf(table);
            return repositories;
        },
        get nativeArch() {
            return table.meta.nativeArch;
        },
        get indexId() {
            return loaded.stamp.buildId;
        },
        detail() {
            if (!detail) {
                if (!loaded.detail) {
                    const cached = openCacheFile(loaded.files.detailFile);
                    if (cached && cached.stamp.buildId === loaded.stamp.buildId) {
                        loaded.detail = cached.file;
                    } else {
                        cached?.file.close();
                        // Another bridge replaced the cache between our two reads: use a fresh build throughout.
                        loaded.config ??= aptConfig();
                        const { built, stamp } = rebuild(loaded.config);
                        loaded.hot = built.hot;
                        loaded.detail = built.detail;
                        loaded.stanzas = built.stanzas;
                        loaded.stamp = stamp;
                        loaded.files = cacheFiles();
                        table = new PackageTable(loaded.hot);
                        repositories = null;
                    }
                }
                const own = cacheFiles();
                const shared = loaded.files.dir !== own.dir ? loaded.files.relationsFile : undefined;
                detail = detailLookup(loaded.detail, () => stanzasOf(loaded), {
                    file: own.relationsFile,
                    ...(shared ? { shared } : {}),
                    format: INDEX_FORMAT,
                    bridge: BRIDGE_BUILD,
                    buildId: loaded.stamp.buildId,
                });
            }
            return detail;
        },
        config() {
            loaded.config ??= aptConfig();
            return loaded.config;
        },
        withKeptBack(mode = "ask") {
            // With no update at all, nothing can be kept back: APT's simulation (seconds) is not asked.
            const any = table.flags.some((f) => (f & FLAG_UPGRADABLE) !== 0);
            const phasing = table.meta.listsHavePhasing;
            const keptBack = !any
                ? new Map()
                : mode === "known"
                  ? knownKeptBack(phasing)
                  : keptBackOf(phasing, () => db.config());
            if (keptBack) table.useKeptBack(keptBack);
            trace("kept-back packages");
            return keptBack !== null;
        },
    };
    return db;
}

/** Root's kept-back packages, which another user reads while they are current (root's bridge made them for the same files). */
function sharedKeptBack(listsHavePhasing: boolean): KeptBack | null {
    const sharedDir = sharedCacheDirectory();
    return sharedDir !== null
        ? readKeptBack(cacheFiles(sharedDir).keptBackFile, INDEX_FORMAT, BRIDGE_BUILD, listsHavePhasing)
        : null;
}

/** APT's kept-back packages from a cache file that is current (root's or ours), else null: APT is not asked. */
function knownKeptBack(listsHavePhasing: boolean): KeptBack | null {
    return (
        sharedKeptBack(listsHavePhasing) ??
        readKeptBack(cacheFiles().keptBackFile, INDEX_FORMAT, BRIDGE_BUILD, listsHavePhasing)
    );
}

/** APT's kept-back packages (kept-back.ts), from our cache file when current, else asked now and kept there. */
function keptBackOf(listsHavePhasing: boolean, config: () => AptConfig): KeptBack {
    const shared = sharedKeptBack(listsHavePhasing);
    if (shared) return shared;
    const { keptBackFile, targetsFile } = cacheFiles();
    return cachedKeptBack(keptBackFile, INDEX_FORMAT, BRIDGE_BUILD, listsHavePhasing, () => {
        const { aptInputs, listsDir, all } = aptStateInputs(config());
        const targets = cachedIndexTargets(targetsFile, INDEX_FORMAT, BRIDGE_BUILD, listsDir, aptInputs);
        return {
            inputs: all,
            lists: [
                ...targets.map((t) => t.filename),
                ...targets.flatMap((t) => (t.releaseFile ? [t.releaseFile] : [])),
            ],
        };
    });
}

/** The list stanzas the loaded detail file names: built by this process, or their file. */
function stanzasOf(loaded: Loaded): ByteSource {
    if (loaded.stanzas) return loaded.stanzas;
    const detail = new ColumnFile(loaded.detail as ByteSource);
    const want = (detail.meta as DetailMeta).stanzasId;
    const opened = openCacheFile(loaded.files.stanzasFile);
    if (opened && (new ColumnFile(opened.file).meta as StanzasMeta).stanzasId === want) {
        loaded.stanzas = opened.file;
        return opened.file;
    }
    opened?.file.close();
    // Replaced since the detail file was written (an apt-get update and a build in between): a
    // request that far behind answers with what it has, the next one reads the new index.
    throw new Error("index cache: the list stanzas changed while this request ran; please try again");
}

function detailLookup(source: ByteSource, stanzaSource: () => ByteSource, relationKey: RelationCacheKey): DetailLookup {
    const file = new ColumnFile(source);
    const meta = file.meta as DetailMeta;
    const names = file.strings("names");
    const records = file.strings("records");
    const statusStanzas = file.strings(STATUS_STANZAS_COLUMN);
    let stanzas: ListStanzas | null = null;
    const listStanzas = () => (stanzas ??= new ListStanzas(stanzaSource()));
    let relations: RelationIndex | null = null;
    return {
        meta,
        names: () => names,
        stanza: (i) => listStanzas().text(i),
        record(ref) {
            return ref[0] === meta.statusFile ? statusStanzas.get(ref[1]) : listStanzas().text(ref[1]);
        },
        relations() {
            relations ??= openRelationIndex(file, listStanzas, relationKey);
            return relations;
        },
        find(name) {
            let lo = 0;
            let hi = names.count - 1;
            while (lo <= hi) {
                const mid = (lo + hi) >>> 1;
                const n = names.get(mid);
                if (n === name) return JSON.parse(records.get(mid)) as DetailPackage;
                if (n < name) lo = mid + 1;
                else hi = mid - 1;
            }
            return null;
        },
    };
}
