// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which index files APT uses, and their release data. APT computes the
 * targets from its configuration and sources alone (debReleaseIndex::
 * GetIndexTargets); `apt-get indextargets` prints them, but opens APT's
 * cache first, and without pkgcache.bin (Dir::Cache::pkgcache "", as Debian's
 * container images and Raspberry Pi OS set) that means parsing every list:
 * 1.6-4 s and 150 MB on a Pi's index, even with --no-release-info.
 *
 * So apt-get is asked with its lists and dpkg status pointed at nothing (its
 * cache is then built from no files: 0.04 s, 9 MB) and without release data;
 * what that run leaves out is done here exactly as apt-get does it:
 * - the file name: APT's own name under the real Dir::State::lists, and the
 *   first of the target's CompressionTypes that exists (EXISTING_FILENAME);
 *   targets without a file are left out, as apt-get leaves them out;
 * - the release data: read from the InRelease/Release file APT picks
 *   (release-file.ts), which is what apt-get prints from its cache.
 * Only the index targets cache (index/index-targets-cache.ts) runs this, so
 * a rebuild after dpkg pays nothing; index-targets.test.ts proves the answer
 * equal to the full `apt-get indextargets`, field by field.
 */
import fs from "node:fs";
import { forEachStanza } from "./deb822.js";
import { readReleaseInfo, releaseFileOf, type ReleaseInfo } from "./release-file.js";
import { runAptTool } from "./run.js";

export interface IndexTarget {
    /** "Packages", "Translations", "DEP-11", "DEP-11-icons"... (APT's Created-By). */
    createdBy: string;
    filename: string;
    origin: string;
    label: string;
    suite: string;
    codename: string;
    version: string;
    component: string;
    architecture: string;
    language: string;
    /** Host of the repository ("deb.debian.org"), "" for file: and cdrom: sources. */
    site: string;
    baseUri: string;
    /** The InRelease/Release file APT read for this target, or null (flat repository without one). */
    releaseFile: string | null;
    notAutomatic: boolean;
    butAutomaticUpgrades: boolean;
}

/**
 * Where apt-get is told its lists are: a directory nobody can create (nothing
 * can be made under /proc), so no list is parsed; its name marks where APT's
 * own file name starts in the Filename it prints. The caches are turned off
 * for the run: a pkgcache.bin built from no lists must never replace the
 * system's (apt-get would write it when run as root).
 */
const NO_LISTS_MARKER = "/cockpit-apt-no-lists/";
export const TARGET_LISTING_ARGS: readonly string[] = [
    "indextargets",
    "--no-release-info",
    "-o",
    `Dir::State::lists=/proc${NO_LISTS_MARKER}`,
    "-o",
    "Dir::State::status=/dev/null",
    "-o",
    "Dir::Cache::pkgcache=",
    "-o",
    "Dir::Cache::srcpkgcache=",
];

/**
 * The same question with APT's real lists, for when they decide the sources
 * themselves: APT 2.9 and later reads a source's InRelease/Release while it
 * parses the sources when snapshots are on (APT::Snapshot, or a source's
 * "snapshot" option: the snapshot server comes from the Release file,
 * debmetaindex.cc CreateItemInternal). Then apt-get builds its cache as the
 * full run does; only the release data is still read here.
 */
export const TARGET_LISTING_WITH_LISTS_ARGS: readonly string[] = ["indextargets", "--no-release-info"];

/**
 * Whether any of APT's configuration or sources files may turn snapshots on:
 * a line, not a comment, naming the option ("APT::Snapshot \"...\"", a nested
 * "Snapshot \"...\"", a source's "snapshot=" or "Snapshot:"). A false alarm
 * only costs the slower listing; none means snapshots are off, as they are
 * by default. (Debian's images name snapshot.debian.org in comments.)
 */
export function snapshotsMentioned(files: readonly string[]): boolean {
    for (const file of files) {
        let text: string;
        try {
            if (!fs.statSync(file).isFile()) continue;
            text = fs.readFileSync(file, "utf8");
        } catch {
            continue; // gone or unreadable: APT cannot read it either
        }
        if (!/snapshot/i.test(text)) continue;
        for (const line of text.split("\n")) {
            if (/^\s*(#|\/\/)/.test(line)) continue;
            if (/\bsnapshot\s*[=:"]/i.test(line)) return true;
        }
    }
    return false;
}

function siteOf(repoUri: string): string {
    const m = /^[a-z0-9+.-]+:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(repoUri);
    return m ? (m[1] as string) : "";
}

/** IndexTarget::Option(EXISTING_FILENAME): the first compression type whose file exists, or null. */
function existingFile(plain: string, compressionTypes: string, exists: (f: string) => boolean): string | null {
    for (const type of compressionTypes.split(" ")) {
        if (type === "") continue;
        const file = type === "uncompressed" ? plain : `${plain}.${type}`;
        if (exists(file)) return file;
    }
    return null;
}

/**
 * The targets of a listing made with TARGET_LISTING_ARGS, in APT's order, every
 * kind (callers pick theirs by createdBy), with their file under `listsDir`
 * (APT's Dir::State::lists, ending in "/") and the release data of their
 * repository; only targets whose file exists.
 */
export function parseTargetListing(
    output: string,
    listsDir: string,
    exists: (f: string) => boolean = fs.existsSync,
    releaseInfo: (file: string | null) => ReleaseInfo = readReleaseInfo
): IndexTarget[] {
    const dir = listsDir.endsWith("/") ? listsDir : listsDir + "/";
    const targets: IndexTarget[] = [];
    const releases = new Map<string, { file: string | null; info: ReleaseInfo }>();
    forEachStanza(output, (s) => {
        const createdBy = s.get("created-by") ?? "";
        const listed = s.get("filename") ?? "";
        // Under the directory of no lists: APT's own name under the real one. Else already there.
        const at = listed.indexOf(NO_LISTS_MARKER);
        const plain = at >= 0 ? dir + listed.slice(at + NO_LISTS_MARKER.length) : listed;
        if (!createdBy || !plain.startsWith("/")) return;
        const filename = existingFile(plain, s.get("compressiontypes") ?? "", exists);
        if (filename === null) return;
        const baseUri = s.get("base-uri") ?? "";
        let release = releases.get(baseUri);
        if (!release) {
            const file = baseUri ? releaseFileOf(dir, baseUri) : null;
            release = { file, info: releaseInfo(file) };
            releases.set(baseUri, release);
        }
        const { notAutomatic, butAutomaticUpgrades, ...fields } = release.info;
        targets.push({
            createdBy,
            filename,
            ...fields,
            component: s.get("component") ?? "",
            architecture: s.get("architecture") ?? "",
            language: s.get("language") ?? "",
            site: siteOf(s.get("repo-uri") ?? ""),
            baseUri,
            releaseFile: release.file,
            notAutomatic,
            butAutomaticUpgrades,
        });
    });
    return targets;
}

/**
 * Every index target whose file exists (DEP-11 ones too), asked of APT now.
 * `listsDir`: Dir::State::lists; `withLists`: APT must see its lists to parse
 * the sources (snapshotsMentioned), slower.
 */
export function loadAllIndexTargets(listsDir: string, withLists = false): IndexTarget[] {
    const args = withLists ? TARGET_LISTING_WITH_LISTS_ARGS : TARGET_LISTING_ARGS;
    return parseTargetListing(runAptTool("apt-get", args), listsDir);
}

/** The targets the package index reads: Packages and Translations lists. */
export function packageIndexTargets(targets: readonly IndexTarget[]): IndexTarget[] {
    return targets.filter((t) => t.createdBy === "Packages" || t.createdBy === "Translations");
}

/**
 * The Packages and Translations targets whose file exists (APT skips missing,
 * optional indexes too). Without the configuration files at hand, APT sees its
 * lists (index-targets-cache.ts knows when it need not).
 */
export function loadIndexTargets(listsDir: string): IndexTarget[] {
    return packageIndexTargets(loadAllIndexTargets(listsDir, true));
}
