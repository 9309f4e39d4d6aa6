// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Store definitions left behind by removed store packages. A definition
 * under /etc is a conffile: `apt-get remove` leaves it (the package goes to
 * dpkg's config-files state) until a purge. Such a file is not a store: the
 * package that provided it, its icons and its apps' meaning are gone.
 *
 * Which files those are comes from dpkg's own status file (the Conffiles of
 * packages in config-files state), mapped into dpkg's instdir (the sandbox
 * root under APT_CONFIG). The answer is kept in a small cache keyed by the
 * index build and the status file's identity, both of which change whenever
 * dpkg's status does; a miss costs one scan of the status file (and one
 * `apt-config dump` for the instdir).
 */
import fs from "node:fs";
import path from "node:path";
import type { StoreLeftBehind } from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import { cacheDirectory } from "../index/index-cache.js";
import { dpkgRoot, resolveInRoot } from "../apt/dpkg-root.js";
import { residualPackages } from "../apt/residual.js";
import { cacheFileName, readJsonVerified, writeJsonAtomic } from "./definition-cache.js";

interface Body {
    key: string;
    /** Real path of a definition (its directory resolved, not the file) -> the package. */
    files: Record<string, string>;
}

function realDir(dir: string): string | null {
    try {
        return fs.realpathSync(dir);
    } catch {
        return null;
    }
}

/** The path a definition file is compared by: its directory's real path and its own name (not followed). */
export function comparablePath(file: string): string | null {
    const dir = realDir(path.dirname(file));
    return dir === null ? null : path.join(dir, path.basename(file));
}

function statusFileOf(db: Database): string {
    return db.table.meta.files.find((f) => f.isStatus)?.path ?? path.join(dpkgRoot(db.config()).admindir, "status");
}

function compute(db: Database, statusFile: string, storesDir: string): Record<string, string> {
    const files: Record<string, string> = {};
    const stores = realDir(storesDir);
    if (stores === null) return files;
    const residual = residualPackages(statusFile, db.nativeArch);
    if (residual.length === 0) return files;
    const instdir = realDir(dpkgRoot(db.config()).instdir);
    if (instdir === null) return files;
    for (const p of residual) {
        for (const conffile of p.paths) {
            const dir = resolveInRoot(instdir, path.posix.dirname(conffile));
            if (dir === null) continue;
            const host = path.join(dir, path.posix.basename(conffile));
            if (path.dirname(host) === stores) files[host] = p.name;
        }
    }
    return files;
}

/** Definition files of `storesDir` that removed, not purged packages left behind: comparablePath -> package. */
export function leftBehindDefinitions(db: Database, storesDir: string, dir = cacheDirectory()): Map<string, string> {
    const statusFile = statusFileOf(db);
    let st = "none";
    try {
        const s = fs.statSync(statusFile);
        st = `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    } catch {
        /* no status file: nothing is installed, nothing left behind */
    }
    const key = `${db.indexId}\u0000${statusFile}\u0000${st}`;
    const file = path.join(dir, cacheFileName("stores-left-behind", storesDir));
    try {
        // written with its checksum trailer (writeJsonAtomic): read back through it
        const body = readJsonVerified(file) as Body | null;
        if (body && body.key === key && body.files && typeof body.files === "object")
            return new Map(Object.entries(body.files));
    } catch {
        /* none yet, or unreadable: compute */
    }
    const files = compute(db, statusFile, storesDir);
    writeJsonAtomic(file, { key, files } satisfies Body);
    return new Map(Object.entries(files));
}

/** As `stores list` reports them. */
export function leftBehindList(found: ReadonlyMap<string, string>, files: readonly string[]): StoreLeftBehind[] {
    const out: StoreLeftBehind[] = [];
    for (const f of files) {
        const p = comparablePath(f);
        const pkg = p !== null ? found.get(p) : undefined;
        if (pkg !== undefined) out.push({ file: f, package: pkg });
    }
    return out;
}
