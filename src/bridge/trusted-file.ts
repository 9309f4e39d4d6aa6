// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whether a cache file may be believed. What the bridge reads from its caches
 * becomes what the page shows (the index) or code it runs (V8's code cache),
 * so a file is used only when nobody but its reader or root could have
 * written it: a regular file owned by the running user or by root (root's
 * shared cache, read by other users: cache-directory.ts), writable by
 * neither its group nor others. Checked on the open descriptor (fstat), so a
 * file swapped in after the check is not the one read. One check for every
 * cache: index, relations, targets, store caches, code cache.
 */
import type fs from "node:fs";

const euid = typeof process.geteuid === "function" ? process.geteuid() : -1;

export function isTrustedFile(st: fs.Stats): boolean {
    return st.isFile() && (st.uid === euid || st.uid === 0) && (st.mode & 0o022) === 0;
}
