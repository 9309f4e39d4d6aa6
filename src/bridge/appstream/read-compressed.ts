// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A file APT downloaded, whatever its compression: gzip (what the DEP-11
 * targets keep, KeepCompressedAs "gz") is unpacked here; anything else
 * (.xz, .zst, .lz4) by APT's own `apt-helper cat-file`, as list files are.
 */
import fs from "node:fs";
import { zlib } from "../lazy-modules.js";
import { runAptToolBytes } from "../apt/run.js";

export function readCompressed(file: string): Buffer {
    if (!file.startsWith("/")) throw new Error(`not an absolute path: ${file}`); // never an option of apt-helper
    if (file.endsWith(".gz")) return zlib().gunzipSync(fs.readFileSync(file));
    if (/\.(xz|zst|lz4|bz2)$/.test(file)) return runAptToolBytes("/usr/lib/apt/apt-helper", ["cat-file", file]);
    return fs.readFileSync(file);
}
