// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What an installed package put on the system, from dpkg's own records:
 *  - `packages files NAME`: <admindir>/info/<name>:<arch>.list (Multi-Arch:
 *    same) or <name>.list, as `dpkg -L` prints it;
 *  - `packages changelog NAME`: /usr/share/doc/<name>/changelog.Debian.gz
 *    (or changelog.gz / changelog, compressed or not) inside dpkg's instdir.
 * Nothing is fetched from the network: a package that is not installed has
 * no changelog here.
 */
import fs from "node:fs";
import path from "node:path";
import type { ChangelogResponse, FilesResponse } from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import type { Database } from "../index/database.js";
import type { DetailPackage, DetailVersion } from "../index/index-data.js";
import { bareName } from "../index/relation-index.js";
import { zlib } from "../lazy-modules.js";
import { findDetailPackage } from "./details.js";
import { dpkgRoot, resolveInRoot } from "../apt/dpkg-root.js";

/** At most this many paths in a files answer (texlive-fonts-extra has ~100,000; nothing needs more). */
export const FILES_MAX = 200_000;
/** At most this much changelog text (the newest entries come first). */
export const CHANGELOG_MAX_BYTES = 1024 * 1024;

function installedVersion(pkg: DetailPackage): DetailVersion | null {
    return pkg.current >= 0 ? (pkg.versions[pkg.current] as DetailVersion) : null;
}

function notInstalled(name: string): BridgeError {
    return new BridgeError("PACKAGE_NOT_INSTALLED", `Package ${JSON.stringify(name)} is not installed`, { name });
}

export function packageFiles(db: Database, name: string): FilesResponse {
    const pkg = findDetailPackage(db, name);
    const current = installedVersion(pkg);
    if (!current) throw notInstalled(name);
    // dpkg's admindir holds the status file: the index knows its path (no apt-config run needed).
    const statusFile = db.table.meta.files.find((f) => f.isStatus)?.path;
    const admindir = statusFile ? path.dirname(statusFile) : dpkgRoot(db.config()).admindir;
    const bare = bareName(pkg.name);
    // dpkg names the list "name:arch.list" for Multi-Arch: same packages (arch "all" too), else "name.list".
    let text: string | null = null;
    for (const file of new Set([`${bare}:${current.arch}.list`, `${bare}:${pkg.arch}.list`, `${bare}.list`])) {
        try {
            text = fs.readFileSync(path.join(admindir, "info", file), "utf8");
            break;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        }
    }
    // An installed package always has a list (possibly empty); none at all means dpkg lost it:
    // the files are unknown, which the page must not show as "installs no files".
    if (text === null) return { package: pkg.name, files: [], truncated: false, listed: false };
    const files: string[] = [];
    let truncated = false;
    for (const line of text.split("\n")) {
        if (line === "" || line === "/.") continue;
        if (files.length >= FILES_MAX) {
            truncated = true;
            break;
        }
        files.push(line);
    }
    return { package: pkg.name, files, truncated, listed: true };
}

const CHANGELOG_NAMES = ["changelog.Debian.gz", "changelog.Debian", "changelog.gz", "changelog"];

/** Up to `max` bytes of a gzip file, decompressed as a stream (a 50 MB changelog is never inflated whole). */
function gunzipHead(file: string, max: number): Promise<{ data: Buffer; truncated: boolean }> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let settled = false;
        const input = fs.createReadStream(file);
        const gunzip = zlib().createGunzip();
        const finish = (truncated: boolean) => {
            if (settled) return;
            settled = true;
            input.destroy();
            gunzip.destroy();
            resolve({ data: Buffer.concat(chunks, size), truncated });
        };
        const fail = (e: Error) => {
            if (settled) return;
            settled = true;
            input.destroy();
            gunzip.destroy();
            reject(e);
        };
        gunzip.on("data", (chunk: Buffer) => {
            if (settled) return;
            chunks.push(chunk);
            size += chunk.length;
            if (size > max) finish(true);
        });
        gunzip.on("end", () => finish(false));
        gunzip.on("error", fail);
        input.on("error", fail);
        input.pipe(gunzip);
    });
}

function readHead(file: string, max: number): { data: Buffer; truncated: boolean } {
    const fd = fs.openSync(file, "r");
    try {
        const buf = Buffer.alloc(max + 1);
        let n = 0;
        for (;;) {
            const r = fs.readSync(fd, buf, n, buf.length - n, null);
            if (r === 0) break;
            n += r;
            if (n === buf.length) break;
        }
        return { data: buf.subarray(0, n), truncated: n > max };
    } finally {
        fs.closeSync(fd);
    }
}

/** Cuts after the last whole line within `max` bytes. */
function cutToLines(data: Buffer, max: number): Buffer {
    if (data.length <= max) return data;
    const nl = data.lastIndexOf(10, max - 1);
    return data.subarray(0, nl > 0 ? nl + 1 : max);
}

export async function packageChangelog(
    db: Database,
    name: string,
    maxBytes = CHANGELOG_MAX_BYTES
): Promise<ChangelogResponse> {
    const pkg = findDetailPackage(db, name);
    const none = (reason: ChangelogResponse["reason"]): ChangelogResponse => ({
        package: pkg.name,
        available: false,
        text: null,
        reason,
        file: null,
        truncated: false,
    });
    if (!installedVersion(pkg)) return none("not-installed");
    const { instdir } = dpkgRoot(db.config());
    const docDir = `/usr/share/doc/${bareName(pkg.name)}`;
    for (const base of CHANGELOG_NAMES) {
        const inside = `${docDir}/${base}`;
        const host = resolveInRoot(instdir, inside);
        if (host === null) continue;
        let st: fs.Stats;
        try {
            st = fs.statSync(host);
        } catch {
            continue;
        }
        if (!st.isFile()) continue;
        const { data, truncated } = base.endsWith(".gz") ? await gunzipHead(host, maxBytes) : readHead(host, maxBytes);
        const text = cutToLines(data, maxBytes).toString("utf8");
        return { package: pkg.name, available: true, text, reason: null, file: inside, truncated };
    }
    return none("absent");
}
