// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The real download size of a change: what APT would fetch into its archive
 * cache. `apt-get -s` prints no "Need to get" line on Debian 12 (apt 2.6), so
 * the same command runs once more with --print-uris, which needs no root,
 * takes no lock and downloads nothing. It lists exactly the archives APT
 * would fetch, with their sizes (`'URI' file size hash`), leaving out the ones
 * already complete in Dir::Cache::archives. As APT's own "Need to get X/Y":
 *  - file: URIs are read in place (pkgAcquire counts them as local): 0 bytes;
 *  - a partial download in archives/partial/ is resumed: only the rest counts.
 * The answer also carries APT's "After this operation, ..." line (rounded),
 * used when the exact Installed-Size sum (disk-space.ts) cannot be made.
 */
import fs from "node:fs";
import path from "node:path";
import { aptGetCommand, type AptGetKind } from "../apt/apt-get.js";
import { parseAptSize } from "./simulate.js";

export interface PrintedUri {
    uri: string;
    fileName: string;
    size: number;
}

export function printUrisArgs(kind: AptGetKind, names: readonly string[]): string[] {
    return [
        "--print-uris",
        "-o",
        "APT::Color=0",
        "-o",
        "APT::Get::Show-User-Simulation-Note=false",
        ...aptGetCommand(kind, names),
    ];
}

/** The `'URI' filename size hash` lines of `apt-get --print-uris` (other lines are APT's summary). */
export function parsePrintedUris(stdout: string): PrintedUri[] {
    const out: PrintedUri[] = [];
    for (const line of stdout.split("\n")) {
        const m = /^'([^']+)' (\S+) (\d+)(?: \S+)?$/.exec(line);
        if (m) out.push({ uri: m[1] as string, fileName: m[2] as string, size: Number(m[3]) });
    }
    return out;
}

/** APT's rounded "After this operation, 5 MB of additional disk space will be used/freed." in bytes, or null. */
export function aptDiskSpaceLine(stdout: string): number | null {
    const m = /^After this operation, ([\d.,]+ [kMGTPE]?B) (?:of additional )?disk space will be (used|freed)\./m.exec(
        stdout
    );
    if (!m) return null;
    const size = parseAptSize(m[1] as string);
    return size === null ? null : m[2] === "freed" ? -size : size;
}

/**
 * Bytes still to fetch: every printed archive except local (file:) ones, minus what a
 * partial download in `<archives>/partial/` already holds (only when smaller, as APT resumes it).
 */
export function bytesToFetch(uris: readonly PrintedUri[], archivesDir: string): number {
    let total = 0;
    for (const u of uris) {
        if (u.uri.startsWith("file:")) continue;
        let partial = 0;
        // The file name comes from APT, but never let it climb out of the cache directory.
        if (!u.fileName.includes("/")) {
            try {
                const st = fs.statSync(path.join(archivesDir, "partial", u.fileName));
                if (st.isFile() && st.size < u.size) partial = st.size;
            } catch {
                /* no partial download */
            }
        }
        total += u.size - partial;
    }
    return total;
}
