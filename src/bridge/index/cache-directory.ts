// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where the bridge keeps what it derives from APT's files and its own code.
 *
 * The system cache is $COCKPIT_APT_CACHE_DIR, else /var/cache/cockpit-apt:
 * root writes it (files 0644, directory 0755), and every other user reads it
 * when it is current (sharedCacheDirectory): the index is the same for
 * everyone (index-cache.ts cacheName), so a user with limited access does not
 * build a copy of their own while root's is current. Another user writes
 * only when root's is not: in $COCKPIT_APT_CACHE_DIR when that directory is
 * theirs (or not there yet), else in $XDG_CACHE_HOME/cockpit-apt
 * (~/.cache/cockpit-apt), the home directory being an absolute $HOME or the
 * user's entry in the password database: never a relative path, which would
 * put a cache in whatever directory the bridge was started in. Files that
 * are not the reader's own or root's, or that others may write, are never
 * used (trusted-file.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const SYSTEM_CACHE = "/var/cache/cockpit-apt";

function euid(): number {
    return typeof process.geteuid === "function" ? process.geteuid() : -1;
}

function systemCacheDirectory(): string {
    return process.env.COCKPIT_APT_CACHE_DIR || SYSTEM_CACHE;
}

function homeDirectory(): string {
    const home = os.homedir();
    if (path.isAbsolute(home)) return home;
    try {
        const entry = os.userInfo().homedir; // the password database's, not $HOME
        if (path.isAbsolute(entry)) return entry;
    } catch {
        /* no entry for this uid */
    }
    return "/nonexistent"; // as for system users without a home: nothing is written
}

/** Whether `dir` is ours to write: it is ours, or not there yet (we make it). */
function ownsOrAbsent(dir: string): boolean {
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    return !st || st.uid === euid();
}

/** The directory this process writes its caches to. */
export function cacheDirectory(): string {
    const system = systemCacheDirectory();
    if (euid() === 0 || (process.env.COCKPIT_APT_CACHE_DIR && ownsOrAbsent(system))) return system;
    const xdg = process.env.XDG_CACHE_HOME;
    return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homeDirectory(), ".cache"), "cockpit-apt");
}

/** Root's cache, to read when current, for a process that writes elsewhere; null for root. */
export function sharedCacheDirectory(): string | null {
    const system = systemCacheDirectory();
    return cacheDirectory() === system ? null : system;
}
