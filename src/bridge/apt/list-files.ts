/*
 * Reading APT's list files, which may be kept compressed on disk
 * (Acquire::GzipIndexes): gzip is decompressed in-process by Node's zlib;
 * the other formats (lz4, xz, zstd, bzip2, lzma) by APT's own
 * `apt-helper cat-file`, which supports exactly what APT can write and needs
 * no native npm addon (the bridge must run on any architecture Node runs on).
 */
import fs from "node:fs";
import { zlib } from "../lazy-modules.js";
import { runAptTool } from "./run.js";

const APT_HELPER = "/usr/lib/apt/apt-helper";
const HELPER_EXTENSIONS = [".lz4", ".xz", ".zst", ".bz2", ".lzma"];

/**
 * The file's bytes as a Latin-1 string: one byte per character, so V8 keeps it
 * in half the memory of a UTF-8 decode (which turns 50 MB of Packages into a
 * 100 MB two-byte string as soon as one maintainer's name has an accent), and
 * character offsets are byte offsets. Callers decode the fields they keep with
 * `latin1ToUtf8`.
 */
export function readListFileBytes(path: string): string {
    if (path.endsWith(".gz")) return zlib().gunzipSync(fs.readFileSync(path)).toString("latin1");
    if (HELPER_EXTENSIONS.some((ext) => path.endsWith(ext))) return runAptTool(APT_HELPER, ["cat-file", path], undefined, "latin1");
    try {
        return fs.readFileSync(path, "latin1");
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return "";
        throw e;
    }
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/** A field taken from a `readListFileBytes` text, as the UTF-8 it is. */
export function latin1ToUtf8(value: string): string {
    return NON_ASCII.test(value) ? Buffer.from(value, "latin1").toString("utf8") : value;
}

export function readListFile(path: string): string {
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
        if (code <= 0x20 || code >= 0x7f || "\\|{}[]<>\"^~_=!@#$%^&*".includes(ch)) {
            for (const byte of Buffer.from(ch, "utf8")) quoted += "%" + byte.toString(16).padStart(2, "0");
        } else {
            quoted += ch;
        }
    }
    return quoted.replace(/\//g, "_");
}
