// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import path from "node:path";

/**
 * Every file of a cache directory with what changes when it is written again
 * (inode, size, mtime): two snapshots are equal only if no file was made,
 * changed or replaced (an atomic rename makes a new inode) in between.
 */
export function cacheFileStamps(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of fs.readdirSync(dir)) {
        const st = fs.statSync(path.join(dir, name));
        out[name] = `${st.ino}:${st.size}:${st.mtimeMs}`;
    }
    return out;
}
