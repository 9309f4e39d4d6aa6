// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The icons-<size>.tar(.gz) files of a DEP-11 target: a tar archive of PNG
 * files named as the catalog's "Icon: cached:" entries. The ustar format is
 * 512-byte headers followed by the file's data in 512-byte blocks; only
 * regular files are read, by their base name, and only the ones asked for.
 */
import path from "node:path";
import { readCompressed } from "./read-compressed.js";

/** The files of `archive` whose base names are in `wanted`, as bytes. Errors (a damaged archive) end the reading quietly. */
export function readTarMembers(archive: string, wanted: ReadonlySet<string>, maxBytes: number): Map<string, Buffer> {
    const found = new Map<string, Buffer>();
    if (wanted.size === 0) return found;
    let data: Buffer;
    try {
        data = readCompressed(archive);
    } catch {
        return found;
    }
    let longName: string | null = null;
    for (let pos = 0; pos + 512 <= data.length && found.size < wanted.size;) {
        const header = data.subarray(pos, pos + 512);
        if (header.every((b) => b === 0)) break; // end of archive
        const field = (start: number, len: number) => {
            const raw = header.subarray(start, start + len);
            const end = raw.indexOf(0);
            return raw.subarray(0, end >= 0 ? end : len).toString("utf8");
        };
        const size = parseInt(field(124, 12).trim() || "0", 8);
        if (!Number.isFinite(size) || size < 0) break;
        const type = String.fromCharCode(header[156] ?? 0);
        const prefix = field(345, 155);
        let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
        longName = null;
        const body = data.subarray(pos + 512, pos + 512 + size);
        if (type === "L")
            longName = body.toString("utf8").replace(/\0.*$/s, ""); // GNU long name of the next entry
        else if ((type === "0" || type === "\0") && size <= maxBytes) {
            name = path.posix.basename(name);
            if (wanted.has(name)) found.set(name, Buffer.from(body));
        }
        pos += 512 + Math.ceil(size / 512) * 512;
    }
    return found;
}
