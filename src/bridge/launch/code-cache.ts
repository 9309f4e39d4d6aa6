/*
 * V8's code cache for the bridge's own code. Node compiles the 350 KB bundle
 * on every start (about 20 ms on a small machine, a fifth of a request);
 * with V8's serialized code for the functions a request ran, it only
 * deserializes. Node 20 has no compile cache of its own (module.enableCompileCache
 * came in Node 22), so the launcher does what it does: compile through
 * vm.Script with `cachedData`, and write the data after the first request.
 *
 * One file per bridge build and command word ("packages", "stores", ...),
 * since the data holds the functions that ran: a package list should not
 * deserialize the stores' YAML parser. V8 refuses data made by another V8 or
 * for other source (cachedDataRejected); the file is then rewritten.
 */
import fs from "node:fs";
import v8 from "node:v8";
import { writeAtomically, writeFully } from "../atomic-write.js";
import { isTrustedFile } from "../trusted-file.js";

// Shared with the index cache (which must not import the launcher): code-cache-files.ts.
export { CODE_CACHE_FILE, codeCacheFileName, noteV8FlagsChanged, V8_FLAGS_CHANGED, v8FlagsChanged } from "../code-cache-files.js";

/**
 * V8 stamps cached data with a checksum of its bytes but checks it only with
 * --verify-snapshot-checksum, which is on in debug builds alone: in a release
 * build damaged data crashes the process (SIGSEGV, SIGTRAP) or, worse, runs
 * altered code. With the flag, V8 refuses it (cachedDataRejected) and the
 * bridge compiles and writes the file anew. The check is native: measured at
 * no cost on 900 KB of data, where hashing 120 KB in JavaScript at start-up
 * cost ~18 ms. The flag is part of the flag hash V8 stamps on the data, so it
 * is set before every compile and every createCachedData (launcher.ts).
 */
export function verifyCodeCacheChecksums(): void {
    v8.setFlagsFromString("--verify-snapshot-checksum");
}

/** Larger than any data the bridge makes (~130 KB): anything bigger is not ours. */
const MAX_CODE_CACHE = 32 << 20;

/**
 * The cached data in `file`, when it can be trusted: a regular file of our own
 * user or root that nobody else may write (the data becomes code we run:
 * trusted-file.ts), opened without following a link, not implausibly large.
 * Its bytes are V8's to check (verifyCodeCacheChecksums). Anything else:
 * undefined, and the bridge compiles (and writes the file anew).
 */
export function readCodeCache(file: string): Buffer | undefined {
    let fd: number;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    } catch {
        return undefined;
    }
    try {
        const st = fs.fstatSync(fd);
        if (!isTrustedFile(st) || st.size === 0 || st.size > MAX_CODE_CACHE) return undefined;
        const data = Buffer.allocUnsafe(st.size);
        let at = 0;
        while (at < data.length) {
            const n = fs.readSync(fd, data, at, data.length - at, at);
            if (n === 0) return undefined;
            at += n;
        }
        return data;
    } catch {
        return undefined;
    } finally {
        fs.closeSync(fd);
    }
}

/** Writes atomically with fsync (atomic-write.ts); a failure only costs speed. */
export function writeCodeCache(file: string, data: Buffer): boolean {
    return writeAtomically(file, (fd) => writeFully(fd, data));
}
