/*
 * The index cache: the built index kept on disk so that a request does not
 * parse 50 MB of Packages text. It is never stale: it records every file the
 * build read (path, size, mtime, inode; directories too, so a new list or
 * preferences file is noticed) and is rebuilt when any of them changed.
 * Concurrent bridges are safe: each writes a temporary file and renames it
 * into place; a reader sees an old complete cache or a new complete one.
 *
 * Where: $COCKPIT_APT_CACHE_DIR, else /var/cache/cockpit-apt for root, else
 * $XDG_CACHE_HOME/cockpit-apt (~/.cache/cockpit-apt). One cache per
 * APT_CONFIG value, so a sandbox root never shares the host's cache.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { crypto } from "../lazy-modules.js";

export function cacheDirectory(): string {
    const env = process.env.COCKPIT_APT_CACHE_DIR;
    if (env) return env;
    if (typeof process.geteuid === "function" && process.geteuid() === 0) return "/var/cache/cockpit-apt";
    const xdg = process.env.XDG_CACHE_HOME;
    return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache"), "cockpit-apt");
}

/** The cache's name: everything outside the files that changes what APT reads. */
export function cacheName(): string {
    const key = JSON.stringify([process.env.APT_CONFIG ?? "", process.env.LANGUAGE ?? "", process.env.LC_ALL ?? "", process.env.LANG ?? ""]);
    // FNV-1a, 2 x 32 bits: a name, not a secret, and no crypto module to load on every request.
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
    }
    return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

type Signature = string;

function signature(p: string): Signature {
    try {
        const st = fs.statSync(p);
        return `${st.isDirectory() ? "d" : "f"}:${st.size}:${st.mtimeMs}:${st.ino}`;
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
}

export function stampFor(format: number, bridge: string, inputs: readonly string[]): CacheStamp {
    const unique = [...new Set(inputs)].sort();
    return { format, bridge, buildId: crypto().randomBytes(8).toString("hex"), inputs: unique.map((p) => [p, signature(p)]) };
}

export function stampIsCurrent(stamp: CacheStamp, format: number, bridge: string): boolean {
    if (stamp.format !== format || stamp.bridge !== bridge || !Array.isArray(stamp.inputs)) return false;
    for (const [p, sig] of stamp.inputs) if (signature(p) !== sig) return false;
    return true;
}

/**
 * Opens "<stamp line>\n<body>" for reading parts of the body later; null when
 * missing or damaged. The descriptor stays open for the life of the process
 * (one request), so a concurrent rename cannot swap the file under us.
 */
export function openCacheFile(file: string): { stamp: CacheStamp; fd: number; bodyStart: number } | null {
    let fd: number;
    try {
        fd = fs.openSync(file, "r");
    } catch {
        return null;
    }
    try {
        let head = Buffer.alloc(0);
        for (let pos = 0; ; ) {
            const chunk = Buffer.allocUnsafe(16384);
            const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
            if (n === 0) break;
            head = Buffer.concat([head, chunk.subarray(0, n)]);
            pos += n;
            const nl = head.indexOf(10);
            if (nl >= 0) return { stamp: JSON.parse(head.toString("utf8", 0, nl)) as CacheStamp, fd, bodyStart: nl + 1 };
            if (pos > 16 * 1024 * 1024) break;
        }
    } catch {
        /* damaged: rebuilt by the caller */
    }
    fs.closeSync(fd);
    return null;
}

/** Writes atomically; failure (read-only, no permission, disk full) only costs speed, never the answer. */
export function writeCacheFile(file: string, stamp: CacheStamp, body: readonly Buffer[]): boolean {
    const dir = path.dirname(file);
    const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto().randomBytes(4).toString("hex")}.tmp`);
    try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
        // The stamp line is padded so that the body starts 8-byte aligned (typed arrays view it in place).
        let line = JSON.stringify(stamp);
        line += " ".repeat((8 - ((Buffer.byteLength(line) + 1) % 8)) % 8) + "\n";
        const fd = fs.openSync(tmp, "w", 0o644);
        try {
            for (const chunk of [Buffer.from(line, "utf8"), ...body]) {
                for (let off = 0; off < chunk.length; ) off += fs.writeSync(fd, chunk, off, chunk.length - off);
            }
        } finally {
            fs.closeSync(fd);
        }
        fs.renameSync(tmp, file);
        return true;
    } catch {
        try {
            fs.unlinkSync(tmp);
        } catch {
            /* nothing was written */
        }
        return false;
    }
}
