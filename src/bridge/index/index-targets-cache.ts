// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `apt-get indextargets`, kept on disk beside the index cache. Its answer
 * depends on APT's configuration and sources, the lists directory and the
 * Release files there, never on dpkg's status: so the rebuild that follows
 * every install or removal need not run it again. On a system without APT's
 * own binary caches (Dir::Cache::pkgcache "", as Debian's container images
 * set) each run builds APT's whole cache in memory: 0.75 s of a 5 s build.
 *
 * The file is "<stamp line>\n<targets as JSON>" (index-cache.ts), stamped
 * like the index: a changed input means a new run.
 */
import { openCacheFile, signaturesNow, stampFor, stampIsCurrent, writeCacheFile } from "./index-cache.js";
import { loadIndexTargets, type IndexTarget } from "../apt/index-targets.js";

/**
 * The index targets, from `file` when it is current, else from apt-get (and
 * then saved there). `inputs`: the configuration files and directories APT
 * reads (database.ts configInputs).
 */
export function cachedIndexTargets(
    file: string,
    format: number,
    bridge: string,
    listsDir: string,
    inputs: readonly string[]
): IndexTarget[] {
    const cached = readTargets(file, format, bridge);
    if (cached) return cached;
    const before = signaturesNow([listsDir, ...inputs]);
    const targets = loadIndexTargets(listsDir);
    const files = [
        ...targets.map((t) => t.filename),
        ...targets.flatMap((t) => (t.releaseFile ? [t.releaseFile] : [])),
    ];
    const stamp = stampFor(format, bridge, [listsDir, ...inputs, ...files], before);
    // Failure to write (read-only cache directory) only costs the next build a run of apt-get.
    writeCacheFile(file, stamp, [Buffer.from(JSON.stringify(targets), "utf8")]);
    return targets;
}

function readTargets(file: string, format: number, bridge: string): IndexTarget[] | null {
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
            typeof (t as IndexTarget).createdBy === "string";
        return Array.isArray(targets) && targets.every(valid) ? targets : null;
    } catch {
        return null; // damaged: run apt-get again
    } finally {
        opened.file.close();
    }
}
