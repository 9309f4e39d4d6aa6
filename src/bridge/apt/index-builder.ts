/*
 * Builds the index (HotIndex + DetailIndex) from APT's own files: the lists
 * named by `apt-get indextargets`, dpkg's status, extended_states and the
 * preferences, applying APT's policy to choose every candidate.
 */
import type { PackageOrigin } from "../../protocol/index.js";
import type { AptConfig } from "./config.js";
import { forEachStanza, parseTags, summaryOf } from "./deb822.js";
import { isInstalledState, parseStatus, readExtendedStates } from "./dpkg-status.js";
import { ColumnWriter, type ChunkSource } from "./column-file.js";
import type { DetailMeta, DetailPackage, HotMeta, IndexFile, RecordRef } from "./index-data.js";
import { FLAG_INSTALLED, FLAG_UPGRADABLE, INDEX_FORMAT } from "./index-data.js";
import { loadIndexTargets, type IndexTarget } from "./index-targets.js";
import { latin1ToUtf8, readListFileBytes } from "./list-files.js";
import { Policy, type PolicyFile, type PolicyPackage, type PolicyVersion } from "./policy.js";
import { RELATION_ENTRIES_COLUMN, RELATION_TARGETS_COLUMN, RelationIndexBuilder } from "./relation-index.js";
import { loadPreferences } from "./preferences.js";
import { compareVersions } from "./version.js";

interface BuildVersion extends PolicyVersion {
    arch: string;
    records: RecordRef[];
    section: string;
    summary: string;
    tags: string[];
    descriptionMd5: string;
}

interface BuildPackage extends PolicyPackage {
    versions: BuildVersion[];
    current: BuildVersion | null;
    byVersion: Map<string, BuildVersion>;
    state: string;
}

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
    return { origin: t.origin, label: t.label, suite: t.suite, codename: t.codename, component: t.component, site: t.site };
}

export function buildIndex(config: AptConfig): BuiltIndex {
    const nativeArch = config.nativeArchitecture;
    const archs = new Set(config.architectures);
    const listsDir = config.findDir("Dir::State::lists");
    const statusFile = config.findFile("Dir::State::status");
    const extendedStatesFile = config.findFile("Dir::State::extended_states");
    const targets = loadIndexTargets(listsDir);
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
        files.push({ path: t.filename, origin: oi, priority: 0, isStatus: false, notAutomatic: t.notAutomatic, butAutomaticUpgrades: t.butAutomaticUpgrades, component: t.component, architecture: t.architecture });
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
    files.push({ path: statusFile, origin: -1, priority: 100, isStatus: true, notAutomatic: false, butAutomaticUpgrades: false, component: "now", architecture: "" });
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

    // Every stanza a version stands in, kept for details as UTF-8 bytes (off the JS heap, and
    // not a slice that would pin the whole 50 MB list text in memory).
    const stanzaBytes: Buffer[] = [];
    const keepStanza = (text: string, start: number, end: number): number => {
        stanzaBytes.push(Buffer.from(text.slice(start, end).trimEnd(), "latin1")); // the original bytes
        return stanzaBytes.length - 1;
    };

    const packages = new Map<string, BuildPackage>();
    const getVersion = (name: string, stanzaArch: string, version: string, source: string): BuildVersion => {
        const pkgArch = stanzaArch === "all" || stanzaArch === "" ? nativeArch : stanzaArch;
        const key = `${name}:${pkgArch}`;
        let pkg = packages.get(key);
        if (!pkg) {
            pkg = { name, arch: pkgArch, versions: [], current: null, byVersion: new Map(), state: "not-installed" };
            packages.set(key, pkg);
        }
        let ver = pkg.byVersion.get(version);
        if (!ver) {
            ver = { version, arch: stanzaArch || nativeArch, files: [], records: [], source, section: "", summary: "", tags: [], descriptionMd5: "" };
            pkg.byVersion.set(version, ver);
            pkg.versions.push(ver);
        }
        return ver;
    };
    const fillFields = (ver: BuildVersion, s: Map<string, string>) => {
        // APT keeps what the first file said about a version; later files only add themselves.
        if (!ver.section) ver.section = s.get("section") ?? "";
        if (!ver.summary) ver.summary = latin1ToUtf8(summaryOf(s.get("description")));
        if (ver.tags.length === 0) ver.tags = parseTags(s.get("tag"));
        if (!ver.descriptionMd5) ver.descriptionMd5 = s.get("description-md5") ?? "";
    };
    const sourceOf = (s: Map<string, string>, name: string) => {
        const src = s.get("source");
        if (!src) return name;
        const sp = src.indexOf(" ");
        return sp < 0 ? src : src.slice(0, sp);
    };

    packageTargets.forEach((t, fileIdx) => {
        const text = readListFileBytes(t.filename);
        forEachStanza(text, (s, start, end) => {
            const name = s.get("package");
            const version = s.get("version");
            if (!name || !version) return;
            const arch = s.get("architecture") ?? "";
            if (arch !== "all" && !archs.has(arch)) return;
            const ver = getVersion(name, arch, version, sourceOf(s, name));
            if (ver.files[ver.files.length - 1] !== fileIdx) ver.files.push(fileIdx);
            ver.records.push([fileIdx, keepStanza(text, start, end)]);
            fillFields(ver, s);
        });
    });

    const statusText = readListFileBytes(statusFile);
    for (const e of parseStatus(statusText)) {
        if (!e.version) continue; // a not-installed stanza without a version: nothing to show
        const ver = getVersion(e.name, e.architecture, e.version, sourceOf(e.stanza, e.name));
        ver.files.push(statusIdx);
        ver.records.push([statusIdx, keepStanza(statusText, e.start, e.end)]);
        fillFields(ver, e.stanza);
        const pkg = packages.get(`${e.name}:${e.architecture === "all" || !e.architecture ? nativeArch : e.architecture}`) as BuildPackage;
        pkg.state = e.state;
        if (isInstalledState(e.state)) pkg.current = ver;
    }

    const translationFiles = translationTargets.map((t) => t.filename);
    const translations = new Map<string, RecordRef>();
    translationTargets.forEach((t, ti) => {
        const text = readListFileBytes(t.filename);
        forEachStanza(text, (s, start, end) => {
            const key = `${s.get("package") ?? ""}/${s.get("description-md5") ?? ""}`;
            if (!translations.has(key)) translations.set(key, [ti, keepStanza(text, start, end)]);
        });
    });

    const policy = new Policy(policyFiles, prefs.pins, nativeArch, config.find("APT::Default-Release"));
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

    interface Row {
        display: string;
        arch: string;
        summary: string;
        installed: string;
        candidate: string;
        section: number;
        tags: number;
        origin: number;
        flags: number;
    }
    const rows: Row[] = [];
    const detailPackages: Record<string, DetailPackage> = Object.create(null) as Record<string, DetailPackage>;
    // Reverse relations (rdepends, providers) of the installed and candidate versions: relation-index.ts.
    const relationIndex = new RelationIndexBuilder();

    for (const pkg of packages.values()) {
        pkg.versions.sort((a, b) => compareVersions(b.version, a.version));
        const cand = policy.candidate(pkg) as BuildVersion | null;
        const cur = pkg.current;
        const display = pkg.arch === nativeArch ? pkg.name : `${pkg.name}:${pkg.arch}`;
        detailPackages[display] = {
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
        const stanzaOf = (v: BuildVersion | null) => (v && v.records[0] ? stanzaBytes[v.records[0][1]] : undefined);
        relationIndex.add(display, cur !== null, [stanzaOf(cur), cand === cur ? undefined : stanzaOf(cand)]);
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
        rows.push({
            display,
            arch: shown.arch,
            summary: shown.summary.replace(/\n/g, " "),
            installed: cur?.version ?? "",
            candidate: cand?.version ?? "",
            section: intern(sectionTable, sectionIdx, shown.section),
            tags: tags.length ? intern(tagSets, tagSetIdx, tags.join(",")) : -1,
            origin,
            flags: (cur && cand && compareVersions(cand.version, cur.version) > 0 ? FLAG_UPGRADABLE : 0) | (cur ? FLAG_INSTALLED : 0),
        });
    }
    rows.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));

    const hotMeta: HotMeta = { format: INDEX_FORMAT, nativeArch, origins, files, count: rows.length, sectionTable, tagSetCount: tagSets.length };
    const hot = new ColumnWriter()
        .strings("names", rows.map((r) => r.display))
        .strings("archs", rows.map((r) => r.arch))
        .strings("summaries", rows.map((r) => r.summary))
        .strings("installed", rows.map((r) => r.installed))
        .strings("candidates", rows.map((r) => r.candidate))
        .int32("sections", rows.map((r) => r.section))
        .int32("tags", rows.map((r) => r.tags))
        .int32("origin", rows.map((r) => r.origin))
        .uint8("flags", rows.map((r) => r.flags))
        .strings("tagSets", tagSets)
        .toChunks(hotMeta);
    const detailNames = Object.keys(detailPackages).sort();
    const detailMeta: DetailMeta = { format: INDEX_FORMAT, translationFiles };
    const relationColumns = relationIndex.columns();
    const detail = new ColumnWriter()
        .strings("names", detailNames)
        .strings("records", detailNames.map((n) => JSON.stringify(detailPackages[n])))
        .bytes("stanzas", stanzaBytes)
        .strings(RELATION_TARGETS_COLUMN, relationColumns.targets)
        .strings(RELATION_ENTRIES_COLUMN, relationColumns.entries)
        .toChunks(detailMeta);
    const inputs: BuildInputs = {
        files: [...targets.map((t) => t.filename), ...targets.flatMap((t) => (t.releaseFile ? [t.releaseFile] : [])), statusFile, extendedStatesFile, ...prefs.files],
        dirs: [listsDir, ...prefs.dirs],
    };
    return { hot, detail, inputs };
}
