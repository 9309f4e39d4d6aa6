// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index cache: the built index kept on disk so that a request does not
 * parse 50 MB of Packages text. It is never stale: it records every file the
 * build read (path, size, mtime, inode; directories too, so a new list or
 * preferences file is noticed) and is rebuilt when any of them changed.
 * Concurrent bridges are safe: each writes a temporary file and renames it
 * into place; a reader sees an old complete cache or a new complete one.
 *
 * Every file is verified before use (verified-file.ts: trusted owner and
 * mode, length, checksums); so it is not flushed before the rename
 * (atomic-write.ts): a file a power cut damaged costs a rebuild.
 *
 * Where: cacheDirectory() (cache-directory.ts); other users read root's
 * (sharedCacheDirectory). One cache per APT_CONFIG value, so a sandbox root
 * never shares the host's cache.
 */
import fs from "node:fs";
import path from "node:path";
import { crypto } from "../lazy-modules.js";
import { isBodyRange, type Chunk } from "./chunk-source.js";
import { SCRATCH_PREFIX, TMP_SUFFIX } from "../scratch.js";
import { ATOMIC_TMP_FILE, writeAtomically } from "../atomic-write.js";
import { openVerified, VerifiedWriter } from "../verified-file.js";
import { BASE_FILE, LayeredFile, planLayer, type BaseFile, type CacheBody, type LayerOf } from "./layered-file.js";

export { cacheDirectory, sharedCacheDirectory } from "./cache-directory.js";

/**
 * The cache's name: everything outside the files that changes what APT reads,
 * which is APT_CONFIG alone. Not the locale: the build runs APT's tools in the
 * C locale (run.ts), so `apt-get indextargets` names the Translation-* files
 * of the languages APT is configured for (Acquire::Languages) whatever the
 * user's locale, and every user and locale shares one cache.
 */
export function cacheName(): string {
    return fnvHex(JSON.stringify([process.env.APT_CONFIG ?? ""]));
}

/** FNV-1a, 2 x 32 bits, as 16 hex digits: names for cache files, not secrets, and no crypto module to load on every request. */
export function fnvHex(key: string): string {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
    }
    return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

/**
 * `bytes` random bytes as hex, from the kernel's /dev/urandom: a build id, not a secret, and
 * every rebuild after dpkg makes one; loading node:crypto for it cost ~10 ms of the ~0.5 s.
 */
export function randomHex(bytes: number): string {
    const out = Buffer.alloc(bytes);
    try {
        const fd = fs.openSync("/dev/urandom", "r");
        try {
            if (fs.readSync(fd, out, 0, bytes, null) === bytes) return out.toString("hex");
        } finally {
            fs.closeSync(fd);
        }
    } catch {
        /* no /dev/urandom (a chroot without /dev): the crypto module's generator */
    }
    return crypto().randomBytes(bytes).toString("hex");
}

export type Signature = string;

function signature(p: string): Signature {
    try {
        // no exception (and its stack trace) for the files that are expected to be missing
        const st = fs.statSync(p, { throwIfNoEntry: false });
        return st ? `${st.isDirectory() ? "d" : "f"}:${st.size}:${st.mtimeMs}:${st.ino}` : "-";
    } catch {
        return "-";
    }
}

export interface CacheStamp {
    format: number;
    /** The bridge build that wrote it: a new bridge never trusts an old layout. */
    bridge: string;
    buildId: string;
    inputs: Array<[string, Signature]>;
    /** A layered file's base (layered-file.ts); absent in a full file. */
    layerOf?: LayerOf;
}

/** The signatures of `paths` now: taken before reading them, for stampFor's `earlier`. */
export function signaturesNow(paths: readonly string[]): Map<string, Signature> {
    return new Map(paths.map((p) => [p, signature(p)]));
}

/**
 * The stamp of a cache made from `inputs`. A file's signature should be taken
 * before it is read: one that changes while the build reads it then no longer
 * matches, and the next request rebuilds, where a signature taken after would
 * vouch for the new file with what was read of the old. `earlier` holds those
 * taken before (signaturesNow); the others are taken now (files first known
 * during the build, such as the lists APT names, whose directory's signature
 * is an earlier one: apt-get update renames them in).
 */
export function stampFor(
    format: number,
    bridge: string,
    inputs: readonly string[],
    earlier?: ReadonlyMap<string, Signature>
): CacheStamp {
    const unique = [...new Set(inputs)].sort();
    return {
        format,
        bridge,
        buildId: randomHex(8),
        inputs: unique.map((p) => [p, earlier?.get(p) ?? signature(p)]),
    };
}

export function stampIsCurrent(stamp: CacheStamp, format: number, bridge: string): boolean {
    return stampIsCurrentExcept(stamp, format, bridge, new Set());
}

/** Whether every input but `except` is as the stamp saw it (those may have changed). */
export function stampIsCurrentExcept(
    stamp: CacheStamp,
    format: number,
    bridge: string,
    except: ReadonlySet<string>
): boolean {
    if (stamp.format !== format || stamp.bridge !== bridge || !Array.isArray(stamp.inputs)) return false;
    for (const [p, sig] of stamp.inputs) if (!except.has(p) && signature(p) !== sig) return false;
    return true;
}

/** An open cache file: its stamp, and its body to read (checked as it is read: verified-file.ts; over its base when layered). */
export interface OpenCacheFile {
    stamp: CacheStamp;
    file: CacheBody;
}

/**
 * Opens "<stamp line>\n<body>" (a verified file whose head is the stamp line)
 * for reading parts of the body later; null when missing, untrusted, cut
 * short or damaged. The descriptor stays open for the life of the process
 * (one request), so a concurrent rename cannot swap the file under us.
 */
export function openCacheFile(file: string): OpenCacheFile | null {
    const opened = openVerified(file);
    if (!opened) return null;
    let stamp: CacheStamp;
    try {
        stamp = JSON.parse(opened.head.toString("utf8")) as CacheStamp;
    } catch {
        opened.close();
        return null; // cannot be: the head's checksum matched; an older layout, say
    }
    if (stamp.layerOf === undefined) return { stamp, file: opened };
    const layered = LayeredFile.open(file, opened, stamp.layerOf);
    return layered ? { stamp, file: layered } : null;
}

/**
 * Writes atomically (atomic-write.ts); failure (read-only, no permission, disk full) only costs
 * speed, never the answer. With `base` (a patch: layered-file.ts), as a layer over it, unless
 * the layer's own bytes would be too many.
 */
export function writeCacheFile(file: string, stamp: CacheStamp, body: readonly Chunk[], base?: BaseFile): boolean {
    const layer = base ? planLayer(body, base) : null;
    const written: CacheStamp =
        layer && base ? { ...stamp, layerOf: { file: base.name, buildId: base.buildId } } : stamp;
    return writeAtomically(file, (fd) => {
        // The stamp line is padded so that the body starts 8-byte aligned (typed arrays view it in place).
        let line = JSON.stringify(written);
        line += " ".repeat((8 - ((Buffer.byteLength(line) + 1) % 8)) % 8) + "\n";
        const out = new VerifiedWriter(fd, Buffer.from(line, "utf8"));
        let copyBuffer: Buffer | null = null;
        for (const chunk of layer ? [layer.table, ...layer.data] : body) {
            if (Buffer.isBuffer(chunk)) {
                out.write(chunk);
                continue;
            }
            // a scratch file's range or an open cache file's (checked as it is read): copied through one buffer
            copyBuffer ??= Buffer.allocUnsafe(1 << 20);
            for (let off = 0; off < chunk.length;) {
                const want = Math.min(copyBuffer.length, chunk.length - off);
                let n = want;
                if (isBodyRange(chunk)) chunk.file.readInto(copyBuffer, 0, chunk.pos + off, want);
                else n = fs.readSync(chunk.fd, copyBuffer, 0, want, chunk.pos + off);
                if (n === 0) throw new Error("index cache: scratch file is shorter than written");
                out.write(copyBuffer.subarray(0, n));
                off += n;
            }
        }
        out.finish();
    });
}

/** Cache files (hex cache name; the list stanzas', index-targets-cache.ts's, relation-cache.ts's, kept-back-cache.ts's and config-cache.ts's too; ".json": an older layout). */
const CACHE_FILE = /^[0-9a-f]{16}\.(?:hot|detail|stanzas|targets|relations|keptback|config)(?:\.json)?$/;
/** V8 code caches of earlier bridges (`code.<bridge key>.<command>.v8cache`): left behind, removed. */
const CODE_CACHE_FILE = /^code\.([0-9a-f]{16}|dev)\.[a-z]+\.v8cache$/;
/** The stores' caches (definition-cache.ts): never removed (one per stores directory), their temporary files are. */
const STORE_CACHE_FILE = /^(?:stores|store-counts)-[0-9a-f]{16}\.json$/;
/** Scratch files: `.scratch.<pid>.<random>.tmp` (scratch.ts). */
const SCRATCH_FILE = new RegExp(
    `^${SCRATCH_PREFIX.replace(/\./g, "\\.")}(\\d+)\\.[0-9a-z]+${TMP_SUFFIX.replace(/\./g, "\\.")}$`
);
const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;

export function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
    }
}

/** Whether the cache file `top` is a layer over the base file `baseName` (layered-file.ts). */
function namesBase(top: string, baseName: string): boolean {
    const opened = openVerified(top);
    if (!opened) return false;
    try {
        return (JSON.parse(opened.head.toString("utf8")) as CacheStamp).layerOf?.file === baseName;
    } catch {
        return false;
    } finally {
        opened.close();
    }
}

function hasFormat(file: string, format: number): boolean {
    const opened = openCacheFile(file);
    if (!opened) return false;
    opened.file.close();
    return opened.stamp.format === format;
}

/**
 * Removes what earlier bridges left in the cache directory and nobody will
 * use again, after a rebuild (never on the fast path):
 *  - temporary files of writers that are gone (their pid is dead) or stuck
 *    for an hour (a write takes seconds);
 *  - cache files of other cache names (another APT_CONFIG or locale) unused
 *    for a week, since a cache in use is rewritten at every apt-get update or
 *    dpkg run; and files of another index format after an hour (the grace
 *    lets an older bridge that is running right now finish);
 *  - V8 code caches that earlier bridges kept, after an hour. The stores'
 *    caches (one per stores directory) stay; their temporary files go like
 *    the others;
 *  - base files (layered-file.ts) that their cache file no longer names: at
 *    once for the current files (this builder holds their lock, so no other
 *    is linking one), an hour after they were linked for others.
 * The current files (`keep`) are never touched. Removing a file another
 * process has open is harmless on Linux (it keeps reading its open file);
 * one that it was about to open costs it a rebuild, never a wrong answer.
 * Returns the names removed.
 */
export function removeStaleCacheFiles(
    dir: string,
    keep: readonly string[],
    format: number,
    bridgeKey: string,
    now = Date.now()
): string[] {
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        return [];
    }
    const removed: string[] = [];
    for (const name of names) {
        if (keep.includes(name)) continue;
        // a temporary file of one of ours (atomic-write.ts), or a scratch file: its writer's pid
        const tmp = ATOMIC_TMP_FILE.exec(name);
        const ours = (base: string) =>
            CACHE_FILE.test(base) || BASE_FILE.test(base) || CODE_CACHE_FILE.test(base) || STORE_CACHE_FILE.test(base);
        const tmpPid = tmp && ours(tmp[1] as string) ? tmp[2] : SCRATCH_FILE.exec(name)?.[1];
        const code = tmpPid === undefined ? CODE_CACHE_FILE.exec(name) : null;
        if (code && code[1] === bridgeKey) continue; // this bridge's code cache
        const base = tmpPid === undefined ? BASE_FILE.exec(name) : null;
        if (!code && !base && tmpPid === undefined && !CACHE_FILE.test(name)) continue; // not ours
        const file = path.join(dir, name);
        let age: number;
        let linked: number;
        try {
            const st = fs.lstatSync(file);
            if (!st.isFile()) continue;
            age = now - st.mtimeMs;
            linked = now - st.ctimeMs; // a base's mtime is its build's; the link made it one
        } catch {
            continue;
        }
        const top = base?.[1] as string;
        const stale =
            tmpPid !== undefined
                ? age > HOUR || !processAlive(Number(tmpPid))
                : code
                  ? age > HOUR
                  : base
                    ? (keep.includes(top) || linked > HOUR) && !namesBase(path.join(dir, top), name)
                    : age > WEEK || (age > HOUR && !hasFormat(file, format));
        if (!stale) continue;
        try {
            fs.unlinkSync(file);
            removed.push(name);
        } catch {
            /* gone already, or not ours to remove */
        }
    }
    return removed;
}
