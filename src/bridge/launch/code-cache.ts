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
import { readVerified, writeVerified } from "../verified-file.js";

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
 * The cached data in `file`, when it can be trusted and is whole: a regular
 * file of our own user or root that nobody else may write (the data becomes
 * code we run: trusted-file.ts), not implausibly large, whose checksums match
 * (verified-file.ts). V8 checks cached data only against its version, flags
 * and source, not its bytes: in a release build damaged data crashes the
 * process (SIGSEGV, SIGTRAP) or, worse, runs altered code. Anything else:
 * undefined, and the bridge compiles (and writes the file anew).
 */
export function readCodeCache(file: string): Buffer | undefined {
    const data = readVerified(file, 32 << 20);
    return data && data.length > 0 ? data : undefined;
}

/** Writes atomically (atomic-write.ts), with its checksums; a failure only costs speed. */
export function writeCodeCache(file: string, data: Buffer): boolean {
    return writeVerified(file, data);
}
