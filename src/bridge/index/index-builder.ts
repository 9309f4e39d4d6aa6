// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Builds the index (HotIndex + DetailIndex) from APT's own files: the lists
 * named by `apt-get indextargets`, dpkg's status, extended_states and the
 * preferences, applying APT's policy to choose every candidate.
 */
import type { PackageOrigin } from "../../protocol/index.js";
import type { AptConfig } from "../apt/config.js";
import { FieldSet, forEachStanzaIn, type StanzaCallback } from "../apt/deb822-stream.js";
import { isInstalledState, readExtendedStates, STATUS_ENTRY_FIELDS, statusEntry } from "../apt/dpkg-status.js";
import type { ChunkSource } from "./chunk-source.js";
import { ColumnWriter } from "./column-writer.js";
import { Spool } from "./spool.js";
import { StringsBuilder } from "./strings-builder.js";
import type { DetailMeta, DetailPackage, HotMeta, IndexFile, RecordRef } from "./index-data.js";
import { FLAG_ESSENTIAL, FLAG_INSTALLED, FLAG_UPGRADABLE, INDEX_FORMAT, NO_PHASING } from "./index-data.js";
import { UpdateFlags } from "./update-flags.js";
import { isSecurityOrigin } from "../apt/security.js";
import { loadIndexTargets, type IndexTarget } from "../apt/index-targets.js";
import { packageSummary, searchTextOf } from "./package-table.js";
import { openListReader } from "../apt/list-files.js";
import { openScratchFile } from "../scratch.js";
import { Policy, type PolicyFile } from "../apt/policy.js";
import { RELATION_SOURCES_COLUMN } from "./relation-index.js";
import { loadPreferences } from "../apt/preferences.js";
import { compareVersions } from "../apt/version.js";
import { trace } from "../trace.js";
import { VERSION_FIELDS, VersionTable, type BuildPackage, type BuildVersion } from "./version-table.js";

/** Everything the build read, for the cache key. */
export interface BuildInputs {
    files: string[];
    dirs: string[];
}

export interface BuiltIndex {
    /** The hot column file (see index-data.ts). */
    hot: ChunkSource;
    /** The detail column file. */
    detail: ChunkSource;
    inputs: BuildInputs;
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

/*
 * The fields of list stanzas the build reads (deb822-stream.ts finds only these;
 * version-table.ts says which and why). Details read everything else from the
 * stanzas' bytes, which are kept whole.
 */
const LIST_FIELDS = new FieldSet(VERSION_FIELDS);
const STATUS_FIELDS = new FieldSet([...VERSION_FIELDS, ...STATUS_ENTRY_FIELDS]);
const TRANSLATION_FIELDS = new FieldSet(["package", "description-md5"]);
const T_PACKAGE = TRANSLATION_FIELDS.slot("package");
const T_MD5 = TRANSLATION_FIELDS.slot("description-md5");

/**
 * Builds the index. `scratchDirs`: where scratch files (scratch.ts) may go, first
 * that works; the build keeps its big data there rather than in memory.
 */
/** targets: apt-get indextargets' (index-targets-cache.ts), by default run now. */
export function buildIndex(
    config: AptConfig,
    scratchDirs: readonly string[] = [],
    targets: readonly IndexTarget[] = loadIndexTargets(config.findDir("Dir::State::lists"))
): BuiltIndex {
    const nativeArch = config.nativeArchitecture;
    const archs = new Set(config.architectures);
    const listsDir = config.findDir("Dir::State::lists");
    const statusFile = config.findFile("Dir::State::status");
    const extendedStatesFile = config.findFile("Dir::State::extended_states");
    const prefs = loadPreferences(config);

    const packageTargets = targets.filter((t) => t.createdBy === "Packages");
    const translationTargets = targets.filter((t) => t.createdBy === "Translations");

    const origins: PackageOrigin[] = [];
    const originIndex = new Map<string, number>();
    const files: IndexFile[] = [];
    const policyFiles: PolicyFile[] = [];
    for (const t of packageTargets) {
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

    // Every stanza a version stands in, kept for details as its original bytes: straight into the
    // detail file's "stanzas" column, whose blocks go to a scratch file rather than stay in memory.
    const spool = new Spool(openScratchFile(scratchDirs));
    const stanzas = new StringsBuilder(spool);
    const keepStanza = (data: Buffer, start: number, end: number): number => stanzas.addBytes(data, start, end);
    const forEachListStanza = (file: string, fields: FieldSet, fn: StanzaCallback) => {
        const reader = openListReader(file, scratchDirs);
        try {
            forEachStanzaIn(reader.read, fields, fn);
        } finally {
            reader.close();
        }
    };
    const updates = new UpdateFlags(
        files.map((f) => f.origin >= 0 && isSecurityOrigin(origins[f.origin] as PackageOrigin))
    );
    // 260,000 versions (of 400,000 stanzas) on a Pi-like index are held until the policy ran: compactly (version-table.ts).
    const versions = new VersionTable(nativeArch, archs, updates);

    packageTargets.forEach((t, fileIdx) => {
        forEachListStanza(t.filename, LIST_FIELDS, (s, data, start, end) => {
            const ver = versions.add(s, true);
            if (ver >= 0) versions.addStanza(ver, fileIdx, keepStanza(data, start, end));
        });
    });

    trace("build: package lists read");
    forEachListStanza(statusFile, STATUS_FIELDS, (s, data, start, end) => {
        const e = statusEntry(s.toMap(), start, end);
        if (!e?.version) return; // a not-installed stanza without a version: nothing to show
        const ver = versions.add(s, false);
        versions.addStanza(ver, statusIdx, keepStanza(data, start, end));
        versions.setStatus(ver, e.state, e.want === "hold", isInstalledState(e.state));
    });

    trace("build: dpkg status read");
    const translationFiles = translationTargets.map((t) => t.filename);
    const translations = new Map<string, RecordRef>();
    translationTargets.forEach((t, ti) => {
        forEachListStanza(t.filename, TRANSLATION_FIELDS, (s, data, start, end) => {
            const key = `${s.get(T_PACKAGE) ?? ""}/${s.get(T_MD5) ?? ""}`;
            if (!translations.has(key)) translations.set(key, [ti, keepStanza(data, start, end)]);
        });
    });

    trace("build: translations read");
    const policy = new Policy(
        policyFiles,
        prefs.pins,
        nativeArch,
        config.find("APT::Default-Release"),
        versions.anyGroups
    );
    policy.filePriorities.forEach((p, i) => ((files[i] as IndexFile).priority = p));
    const auto = readExtendedStates(extendedStatesFile);

    // Sections and tag sets repeat a lot: store each once.
    const sectionTable: string[] = [];
    const sectionIdx = new Map<string, number>();
    const tagSets: string[] = [];
    const tagSetIdx = new Map<string, number>();
    const intern = (table: string[], idx: Map<string, number>, value: string) => {
        let i = idx.get(value);
        if (i === undefined) {
            i = table.length;
            table.push(value);
            idx.set(value, i);
        }
        return i;
    };

    // The hot file's columns, filled row by row (no object per row kept until the end).
    // Spooled too (10 MB on the Debian index), in blocks of 256 KiB: seven builders' blocks stay small.
    const column = () => new StringsBuilder(spool, 256 * 1024);
    const hotStrings = {
        names: column(),
        archs: column(),
        summaries: column(),
        installed: column(),
        candidates: column(),
        search: column(),
    };
    const hotNumbers = {
        sections: [] as number[],
        tags: [] as number[],
        origin: [] as number[],
        flags: [] as number[],
        phased: [] as number[],
    };
    // Each row's summary as JSON, for package lists (PackageTable.writeSummaries): ~30 MB, kept in the scratch file.
    const summaryJson = new StringsBuilder(spool);
    // Detail records are written as they are made, in name order (no object of 60,000 records).
    const detailNames = column();
    const detailRecords = new StringsBuilder(spool);
    // Per detail record, the stanzas whose relations count for the reverse relation index (installed,
    // then candidate if another version; -1: none), which relation-cache.ts builds when first asked.
    const relationSources: number[] = [];

    const ordered = versions.finish();
    const stanzaOf = (v: BuildVersion | null): number => (v && v.records[0] ? v.records[0][1] : -1);
    for (let k = 0; k < ordered.length; k++) {
        // Made now, one package at a time (version-table.ts), and gone with this iteration.
        const pkg: BuildPackage = versions.package(ordered[k] as number);
        const display = pkg.arch === nativeArch ? pkg.name : `${pkg.name}:${pkg.arch}`;
        pkg.versions.sort((a, b) => compareVersions(b.version, a.version));
        const cand = policy.candidate(pkg) as BuildVersion | null;
        const cur = pkg.current;
        const record: DetailPackage = {
            name: display,
            arch: pkg.arch,
            state: pkg.state,
            auto: auto.has(`${pkg.name}:${pkg.arch}`) || auto.has(`${pkg.name}:${cand?.arch ?? cur?.arch ?? ""}`),
            versions: pkg.versions.map((v) => ({
                version: v.version,
                arch: v.arch,
                files: v.files,
                records: v.records,
                priority: policy.versionPriority(pkg, v),
                descriptionMd5: v.descriptionMd5,
                translation: translations.get(`${pkg.name}/${v.descriptionMd5}`) ?? null,
            })),
            current: cur ? pkg.versions.indexOf(cur) : -1,
            candidate: cand ? pkg.versions.indexOf(cand) : -1,
        };
        detailNames.addString(display);
        detailRecords.addString(JSON.stringify(record));
        relationSources.push(stanzaOf(cur), cand === cur ? -1 : stanzaOf(cand));
        const shown = cand ?? cur;
        if (!shown) continue; // only config files left, or nothing installable: not a list entry
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
        const tagSet = tags.length ? intern(tagSets, tagSetIdx, tags.join(",")) : -1;
        const upgradable = cur !== null && cand !== null && compareVersions(cand.version, cur.version) > 0;
        const flags =
            (upgradable ? FLAG_UPGRADABLE : 0) |
            (cur ? FLAG_INSTALLED : 0) |
            ((cur ?? shown).essential ? FLAG_ESSENTIAL : 0) |
            updates.flags(pkg.held, upgradable, cand?.files);
        const phased = cand?.phased ?? NO_PHASING;
        hotStrings.names.addString(display);
        hotStrings.archs.addString(shown.arch);
        hotStrings.summaries.addString(summary);
        hotStrings.installed.addString(installed);
        hotStrings.candidates.addString(candidate);
        hotStrings.search.addString(searchTextOf(display, summary));
        hotNumbers.sections.push(intern(sectionTable, sectionIdx, shown.section));
        hotNumbers.tags.push(tagSet);
        hotNumbers.origin.push(origin);
        hotNumbers.flags.push(flags);
        hotNumbers.phased.push(phased);
        summaryJson.addString(
            JSON.stringify(
                packageSummary({
                    name: display,
                    architecture: shown.arch,
                    summary,
                    section: shown.section,
                    installed,
                    candidate,
                    flags,
                    origin: origin >= 0 ? (origins[origin] as PackageOrigin) : null,
                    // as the tag sets column gives them back: the set, in the order joined
                    tags: tagSet >= 0 ? (tagSets[tagSet] as string).split(",") : [],
                    phased,
                })
            )
        );
    }
    // rows are in name order already
    trace("build: rows and records made");

    // Done with what only the rows needed: the rest of the build need not carry it.
    translations.clear();
    const hotMeta: HotMeta = {
        format: INDEX_FORMAT,
        nativeArch,
        origins,
        files,
        count: hotNumbers.flags.length,
        sectionTable,
        tagSetCount: tagSets.length,
        listsHavePhasing: updates.listsHavePhasing,
    };
    const hot = new ColumnWriter()
        .built("names", hotStrings.names)
        .built("archs", hotStrings.archs)
        .built("summaries", hotStrings.summaries)
        .built("installed", hotStrings.installed)
        .built("candidates", hotStrings.candidates)
        .int32("sections", hotNumbers.sections)
        .int32("tags", hotNumbers.tags)
        .int32("origin", hotNumbers.origin)
        .uint8("flags", hotNumbers.flags)
        .uint8("phased", hotNumbers.phased)
        .strings("tagSets", tagSets)
        .built("summaryJson", summaryJson)
        .built("searchText", hotStrings.search)
        .toChunks(hotMeta);
    const detailMeta: DetailMeta = { format: INDEX_FORMAT, translationFiles };
    const detail = new ColumnWriter()
        .built("names", detailNames)
        .built("records", detailRecords)
        .built("stanzas", stanzas)
        .int32(RELATION_SOURCES_COLUMN, relationSources)
        .toChunks(detailMeta);
    trace("build: columns made");
    const inputs: BuildInputs = {
        files: [
            ...targets.map((t) => t.filename),
            ...targets.flatMap((t) => (t.releaseFile ? [t.releaseFile] : [])),
            statusFile,
            extendedStatesFile,
            ...prefs.files,
        ],
        dirs: [listsDir, ...prefs.dirs],
    };
    return { hot, detail, inputs };
}
