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
import { writeAtomically, writeFully } from "../atomic-write.js";

/**
 * Set (on globalThis) by a request that changed V8's flags (the index build
 * does, database.ts): V8 stamps code cache data with the flags, so data made
 * then would be refused by every other request. The launcher then writes none.
 */
export const V8_FLAGS_CHANGED = Symbol.for("cockpit-apt-bridge.v8-flags-changed");

export function noteV8FlagsChanged(): void {
    (globalThis as Record<symbol, unknown>)[V8_FLAGS_CHANGED] = true;
}

export function v8FlagsChanged(): boolean {
    return (globalThis as Record<symbol, unknown>)[V8_FLAGS_CHANGED] === true;
}

/** `code.<bridge key>.<command group>.v8cache` */
export const CODE_CACHE_FILE = /^code\.([0-9a-f]{16}|dev)\.[a-z]+\.v8cache$/;

export function codeCacheFileName(key: string, group: string): string {
    return `code.${key}.${group}.v8cache`;
}

/**
 * The cached data in `file`, when it can be trusted: a regular file of our
 * own user that nobody else may write (the data becomes code we run), not
 * implausibly large. Anything else: undefined, and the bridge compiles.
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
        const euid = typeof process.geteuid === "function" ? process.geteuid() : st.uid;
        if (!st.isFile() || st.uid !== euid || (st.mode & 0o022) !== 0 || st.size === 0 || st.size > 32 << 20) return undefined;
        const data = Buffer.allocUnsafe(st.size);
        for (let off = 0; off < data.length; ) {
            const n = fs.readSync(fd, data, off, data.length - off, off);
            if (n === 0) return undefined;
            off += n;
        }
        return data;
    } catch {
        return undefined;
    } finally {
        fs.closeSync(fd);
    }
}

/** Writes atomically (atomic-write.ts); a failure only costs speed. */
export function writeCodeCache(file: string, data: Buffer): boolean {
    return writeAtomically(file, (fd) => writeFully(fd, data));
}
