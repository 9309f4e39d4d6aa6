// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reading APT's list files, which may be kept compressed on disk
 * (Acquire::GzipIndexes): decompressed by APT's own `apt-helper cat-file`,
 * which supports exactly what APT can write (gzip, lz4, xz, zstd, bzip2, lzma)
 * and needs no native npm addon (the bridge must run on any architecture Node
 * runs on); small files (Release data) may use Node's zlib for gzip.
 */
import fs from "node:fs";
import { zlib } from "../lazy-modules.js";
import type { ReadAt } from "./deb822-stream.js";
import { runAptTool, runAptToolBytes, runAptToolTo } from "./run.js";
import { openScratchFile } from "../scratch.js";

const APT_HELPER = "/usr/lib/apt/apt-helper";
const HELPER_EXTENSIONS = [".lz4", ".xz", ".zst", ".bz2", ".lzma"];

/** A list file opened for reading in chunks (see deb822-stream.ts). */
export interface ListReader {
    read: ReadAt;
    close(): void;
    /**
     * The file read in place (a plain list): its fstat when opened, whose bytes
     * `read` gives (positions are the file's own); null when the bytes come
     * decompressed from elsewhere (or the file is missing).
     */
    plainFile: fs.Stats | null;
}

/**
 * Opens a list file for reading in chunks, never holding it whole: a plain file
 * is read in place; a compressed one is decompressed by `apt-helper cat-file`
 * (all formats, gzip included) into an unlinked scratch file (scratch.ts) and
 * read from there. Without any writable scratch place, or room there, the
 * decompressed bytes are held in memory. A missing plain file reads as empty.
 */
export function openListReader(path: string, scratchDirs: readonly string[]): ListReader {
    assertAbsolute(path);
    const compressed = path.endsWith(".gz") || HELPER_EXTENSIONS.some((ext) => path.endsWith(ext));
    if (!compressed) {
        let fd: number;
        try {
            fd = fs.openSync(path, "r");
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "ENOENT")
                return { read: () => 0, close: () => undefined, plainFile: null };
            throw e;
        }
        let plainFile: fs.Stats;
        try {
            plainFile = fs.fstatSync(fd);
        } catch (e) {
            fs.closeSync(fd);
            throw e;
        }
        return {
            read: (buf, off, len, pos) => fs.readSync(fd, buf, off, len, pos),
            close: () => fs.closeSync(fd),
            plainFile,
        };
    }
    const inMemory = (): ListReader => {
        const bytes = path.endsWith(".gz")
            ? zlib().gunzipSync(fs.readFileSync(path))
            : runAptToolBytes(APT_HELPER, ["cat-file", path]);
        return {
            read: (buf, off, len, pos) => bytes.copy(buf, off, pos, Math.min(bytes.length, pos + len)),
            close: () => undefined,
            plainFile: null,
        };
    };
    const fd = openScratchFile(scratchDirs);
    if (fd === null) return inMemory();
    try {
        runAptToolTo(APT_HELPER, ["cat-file", path], fd);
    } catch {
        fs.closeSync(fd);
        // Most likely no room for the decompressed list (apt-helper says only "Write error"): in
        // memory then, which needs no disk; a list apt-helper cannot read fails there again, and says so.
        return inMemory();
    }
    return {
        read: (buf, off, len, pos) => fs.readSync(fd, buf, off, len, pos),
        close: () => fs.closeSync(fd),
        plainFile: null,
    };
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * A field read as Latin-1 (one character per byte, as deb822-stream.ts gives
 * them: character offsets are byte offsets, and 50 MB of text never becomes a
 * two-byte string), as the UTF-8 it is.
 */
export function latin1ToUtf8(value: string): string {
    return NON_ASCII.test(value) ? Buffer.from(value, "latin1").toString("utf8") : value;
}

/**
 * List paths come from apt-get indextargets (or the index targets kept beside the index cache):
 * always absolute. Anything else is refused before it could become an option of apt-helper.
 */
function assertAbsolute(path: string): void {
    if (!path.startsWith("/")) throw new Error(`list file path is not absolute: ${JSON.stringify(path)}`);
}

export function readListFile(path: string): string {
    assertAbsolute(path);
    if (path.endsWith(".gz")) return zlib().gunzipSync(fs.readFileSync(path)).toString("utf8");
    if (HELPER_EXTENSIONS.some((ext) => path.endsWith(ext))) return runAptTool(APT_HELPER, ["cat-file", path]);
    return fs.readFileSync(path, "utf8");
}

/**
 * APT's URItoFileName: the name under Dir::State::lists of a file fetched from
 * `uri` (scheme and credentials dropped, special characters %-quoted, "/" -> "_").
 */
export function uriToFileName(uri: string): string {
    let rest = uri.replace(/^[a-z0-9+.-]+:(\/\/)?/i, "");
    // drop user:password@ of the host part
    const slash = rest.indexOf("/");
    const hostPart = slash < 0 ? rest : rest.slice(0, slash);
    const at = hostPart.lastIndexOf("@");
    if (at >= 0) rest = rest.slice(at + 1);
    let quoted = "";
    for (const ch of rest) {
        const code = ch.codePointAt(0) as number;
        if (code <= 0x20 || code >= 0x7f || '\\|{}[]<>"^~_=!@#$%^&*'.includes(ch)) {
            for (const byte of Buffer.from(ch, "utf8")) quoted += "%" + byte.toString(16).padStart(2, "0");
        } else {
            quoted += ch;
        }
    }
    return quoted.replace(/\//g, "_");
}
