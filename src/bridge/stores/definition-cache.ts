// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Parsed store definitions kept between requests: every request is a new
 * process, and parsing and validating 50 YAML files costs more than the rest
 * of `stores list`. An entry is keyed by the file's path, inode, size, mtime
 * and ctime, and the whole cache by the bridge build, so an edited file or a
 * new bridge is parsed again. Asset files are not part of an entry (they are
 * checked at every load). Losing the cache only costs time; failing to write
 * it (a read-only or foreign cache directory) is silent.
 */
import type fs from "node:fs";
import path from "node:path";
import { readVerified, writeVerified } from "../verified-file.js";
import { cacheDirectory, fnvHex } from "../index/index-cache.js";
import type { ParsedDefinition } from "./definition.js";

declare const __COCKPIT_APT_BUILD__: string | undefined;
const BUILD = typeof __COCKPIT_APT_BUILD__ === "string" ? __COCKPIT_APT_BUILD__ : "dev";
const MAX_ENTRIES = 1000;

interface CacheBody {
    build: string;
    entries: Record<string, ParsedDefinition>;
}

/** "<kind>-<FNV-1a of the stores directory>.json": one cache file per directory (tests and the demo use their own). */
export function cacheFileName(kind: string, storesDir: string): string {
    return `${kind}-${fnvHex(path.resolve(storesDir))}.json`;
}

/** Writes JSON to `file` atomically, with checksums (verified-file.ts); failing is silent: these caches only save time. */
export function writeJsonAtomic(file: string, value: unknown): void {
    writeVerified(file, Buffer.from(JSON.stringify(value), "utf8"));
}

/** The JSON in `file` when it is trusted and whole (verified-file.ts), else null. */
export function readJsonVerified(file: string): unknown {
    const data = readVerified(file);
    return data ? (JSON.parse(data.toString("utf8")) as unknown) : null;
}

export function entryKey(file: string, st: fs.Stats): string {
    return `${file}\u0000${st.ino}\u0000${st.size}\u0000${st.mtimeMs}\u0000${st.ctimeMs}`;
}

export class DefinitionCache {
    private readonly file: string;
    private readonly old: Record<string, ParsedDefinition>;
    private readonly now: Record<string, ParsedDefinition> = {};
    private changed = false;

    constructor(storesDir: string, dir = cacheDirectory()) {
        this.file = path.join(dir, cacheFileName("stores", storesDir));
        let old: Record<string, ParsedDefinition> = {};
        try {
            const body = readJsonVerified(this.file) as CacheBody | null;
            if (body && body.build === BUILD && body.entries && typeof body.entries === "object") old = body.entries;
        } catch {
            /* no cache yet, or an unreadable one: parse everything */
        }
        this.old = old;
    }

    get(key: string): ParsedDefinition | undefined {
        const hit = Object.hasOwn(this.old, key) ? this.old[key] : undefined;
        if (hit) this.now[key] = hit;
        return hit;
    }

    put(key: string, parsed: ParsedDefinition): void {
        this.now[key] = parsed;
        this.changed = true;
    }

    /** Writes what this load used (so entries of removed files go), when anything changed. */
    save(): void {
        const removed = Object.keys(this.old).some((k) => !Object.hasOwn(this.now, k));
        if (!this.changed && !removed) return;
        const keys = Object.keys(this.now).slice(0, MAX_ENTRIES);
        const body: CacheBody = {
            build: BUILD,
            entries: Object.fromEntries(keys.map((k) => [k, this.now[k] as ParsedDefinition])),
        };
        writeJsonAtomic(this.file, body);
    }
}
