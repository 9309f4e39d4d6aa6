// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT's index targets (apt/index-targets.ts), kept on disk beside the index
 * cache. Their answer depends on APT's configuration and sources, the lists
 * directory and the Release files there, never on dpkg's status: so the
 * rebuild that follows every install or removal need not ask again. Asking
 * costs little now (0.05 s; the full `apt-get indextargets` built APT's
 * whole cache: 1.6-4 s and 150 MB on a Pi's index), but the answer is also
 * what AppStream's rebuild reads (its DEP-11 targets), so it is kept whole:
 * every kind of target, each caller picking its own.
 *
 * The file is "<stamp line>\n<targets as JSON>" (index-cache.ts), stamped
 * like the index: a changed input means a new run.
 */
import fs from "node:fs";
import path from "node:path";
import type { AptConfig } from "../apt/config.js";
import {
    cacheDirectory,
    cacheName,
    openCacheFile,
    signaturesNow,
    stampFor,
    stampIsCurrent,
    writeCacheFile,
} from "./index-cache.js";
import { trace } from "../trace.js";
import {
    loadAllIndexTargets,
    packageIndexTargets,
    snapshotsMentioned,
    type IndexTarget,
} from "../apt/index-targets.js";

/** The index targets file of the cache directory `dir`. */
export function indexTargetsFile(dir = cacheDirectory()): string {
    return path.join(dir, `${cacheName()}.targets`);
}

/**
 * The Packages and Translations targets, from `file` when it is current, else
 * from APT (and then saved there with every other kind). `inputs`: the
 * configuration files and directories APT reads (database.ts configInputs).
 */
export function cachedIndexTargets(
    file: string,
    format: number,
    bridge: string,
    listsDir: string,
    inputs: readonly string[]
): IndexTarget[] {
    const cached = currentIndexTargets(file, format, bridge);
    if (cached) return packageIndexTargets(cached);
    const before = signaturesNow([listsDir, ...inputs]);
    const targets = loadAllIndexTargets(listsDir, snapshotsMentioned(inputs));
    trace("index targets: asked of APT");
    const files = [
        ...targets.map((t) => t.filename),
        ...new Set(targets.flatMap((t) => (t.releaseFile ? [t.releaseFile] : []))),
    ];
    const stamp = stampFor(format, bridge, [listsDir, ...inputs, ...files], before);
    // Failure to write (read-only cache directory) only costs the next build a run of apt-get.
    writeCacheFile(file, stamp, [Buffer.from(JSON.stringify(targets), "utf8")]);
    return packageIndexTargets(targets);
}

/**
 * Every kind of target from the first of `files` that is current, else asked
 * of APT now (not saved: only the index build knows every input its stamp
 * needs). For AppStream's rebuild, which follows the index build's.
 * `aptFiles`: APT's configuration and sources files (aptConfigFiles).
 */
export function indexTargetsNow(
    files: readonly string[],
    format: number,
    bridge: string,
    listsDir: string,
    aptFiles: readonly string[]
): IndexTarget[] {
    for (const file of files) {
        const cached = currentIndexTargets(file, format, bridge);
        if (cached) return cached;
    }
    return loadAllIndexTargets(listsDir, snapshotsMentioned(aptFiles));
}

/**
 * The configuration and sources files APT reads (those of database.ts
 * configInputs that are files): where snapshots would be turned on.
 */
export function aptConfigFiles(config: AptConfig): string[] {
    const files: string[] = [];
    if (process.env.APT_CONFIG) files.push(process.env.APT_CONFIG);
    files.push(config.findFile("Dir::Etc::main"), config.findFile("Dir::Etc::sourcelist"));
    for (const key of ["Dir::Etc::parts", "Dir::Etc::sourceparts"]) {
        const dir = config.findDir(key);
        try {
            for (const name of fs.readdirSync(dir)) files.push(path.join(dir, name));
        } catch {
            /* no such directory */
        }
    }
    return files;
}

/** The targets `file` holds when it is current and sound, else null. */
export function currentIndexTargets(file: string, format: number, bridge: string): IndexTarget[] | null {
    const opened = openCacheFile(file);
    if (!opened) return null;
    try {
        if (!stampIsCurrent(opened.stamp, format, bridge)) return null;
        const body = opened.file.body();
        const targets: unknown = JSON.parse(body.toString("utf8"));
        // The shape the build relies on; list paths absolute (they become apt-helper's arguments).
        const valid = (t: unknown): t is IndexTarget =>
            typeof t === "object" &&
            t !== null &&
            typeof (t as IndexTarget).filename === "string" &&
            (t as IndexTarget).filename.startsWith("/") &&
            typeof (t as IndexTarget).createdBy === "string" &&
            typeof (t as IndexTarget).baseUri === "string" &&
            typeof (t as IndexTarget).component === "string";
        return Array.isArray(targets) && targets.every(valid) ? targets : null;
    } catch {
        return null; // damaged: ask APT again
    } finally {
        opened.file.close();
    }
}
