// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Scratch files for the index build: decompressed lists and the big columns
 * of the detail file go to disk as they are made instead of staying in the
 * bridge's memory. A scratch file is unlinked as soon as it is open, so
 * nothing is left behind even if the process is killed; it lives as long as
 * its descriptor (the rest of this one request).
 */
import fs from "node:fs";
import path from "node:path";

/** Prefix and suffix of the names, so that a crash between open and unlink leaves a file index-cache.ts cleans. */
export const SCRATCH_PREFIX = ".scratch.";
export const TMP_SUFFIX = ".tmp";

/** A new unlinked read-write file in the first of `dirs` that works, or null when none does. */
export function openScratchFile(dirs: readonly string[]): number | null {
    for (const dir of dirs) {
        try {
            fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
        } catch {
            continue;
        }
        for (let attempt = 0; attempt < 3; attempt++) {
            const name = path.join(
                dir,
                `${SCRATCH_PREFIX}${process.pid}.${Math.random().toString(36).slice(2, 10)}${TMP_SUFFIX}`
            );
            let fd: number;
            try {
                fd = fs.openSync(name, "wx+", 0o600);
            } catch (e) {
                if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
                break; // not writable here: the next directory
            }
            try {
                fs.unlinkSync(name);
            } catch {
                /* still usable; the cache cleaner removes it once this process is gone */
            }
            return fd;
        }
    }
    return null;
}
