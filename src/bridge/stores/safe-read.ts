// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reading a store definition without reading anything else. `stores list`
 * runs as root, and its findings reach the page: a definition that is a
 * symlink to /etc/shadow must not be read at all, and a device node or FIFO
 * named *.yaml must never be opened (opening /dev/zero reads forever, a FIFO
 * blocks until a writer comes).
 *
 * The type is checked with lstat before any open; the file is then opened
 * with O_NOFOLLOW | O_NONBLOCK and fstat must show the same regular file
 * (nothing swapped in between). A symlink in the stores directory is followed
 * only when it resolves to a regular file inside the stores directory or the
 * store asset directory (/usr/share/container-stores): where store packages
 * put their files.
 */
import fs from "node:fs";
import path from "node:path";
import type { StoreLoadIssue } from "../../protocol/index.js";

/** Definitions are a few kilobytes; anything this big is a mistake, not a store. */
export const MAX_DEFINITION_BYTES = 256 * 1024;

/** Where a symlinked definition may point; null: anywhere (a file an author named on the command line). */
export type AllowedRoots = readonly string[] | null;

export interface Target {
    /** The file to open: `file` itself, or where its symlink resolves. */
    real: string;
    stats: fs.Stats;
}

function within(file: string, root: string): boolean {
    const rel = path.relative(root, file);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

function realRoot(root: string): string | null {
    try {
        return fs.realpathSync(root);
    } catch {
        return null;
    }
}

function errnoIssue(file: string, e: unknown): StoreLoadIssue {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
        code === "EACCES"
            ? "permission denied"
            : code === "ENOENT"
              ? "no such file"
              : code === "ELOOP"
                ? "too many symbolic links"
                : String(code ?? e);
    return { file, code: code === "ENOENT" ? "NOT_FOUND" : "UNREADABLE", message: `cannot be read: ${why}` };
}

/**
 * What `file` is, without opening it: a regular file of a sane size (itself,
 * or the regular file its symlink resolves to within `allowed`), else why not.
 */
export function definitionTarget(file: string, allowed: AllowedRoots): Target | { issue: StoreLoadIssue } {
    let st: fs.Stats;
    try {
        st = fs.lstatSync(file);
    } catch (e) {
        return { issue: errnoIssue(file, e) };
    }
    let real = file;
    if (st.isSymbolicLink()) {
        try {
            real = fs.realpathSync(file);
            st = fs.lstatSync(real);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === "ENOENT")
                return { issue: { file, code: "NOT_FOUND", message: "is a symbolic link to nothing; skipped" } };
            return { issue: errnoIssue(file, e) };
        }
        // The target is not named: a message must not tell what a link points at outside the store directories.
        if (allowed !== null && !allowed.map(realRoot).some((r) => r !== null && within(real, r))) {
            return {
                issue: {
                    file,
                    code: "LINK_OUTSIDE",
                    message:
                        "is a symbolic link to a file outside the stores directory and the store asset directory; skipped",
                },
            };
        }
    }
    if (st.isDirectory())
        return { issue: { file, code: "NOT_A_FILE", message: "is a directory, not a file; skipped" } };
    if (!st.isFile())
        return {
            issue: { file, code: "NOT_A_FILE", message: "is not a regular file (a device, FIFO or socket); skipped" },
        };
    if (st.size > MAX_DEFINITION_BYTES) {
        return {
            issue: {
                file,
                code: "TOO_LARGE",
                message: `is ${st.size} bytes, more than the ${MAX_DEFINITION_BYTES} a store definition may have; skipped`,
            },
        };
    }
    return { real, stats: st };
}

/** The text of a target found by definitionTarget, or why it cannot be read. */
export function readTarget(file: string, target: Target): { text: string } | { issue: StoreLoadIssue } {
    let fd: number;
    try {
        fd = fs.openSync(target.real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (e) {
        return { issue: errnoIssue(file, e) };
    }
    try {
        const st = fs.fstatSync(fd);
        // Replaced between lstat and open (by a FIFO, a device, another file): refuse rather than guess.
        if (!st.isFile() || st.ino !== target.stats.ino || st.dev !== target.stats.dev) {
            return { issue: { file, code: "NOT_A_FILE", message: "changed while it was being read; skipped" } };
        }
        // One byte more than allowed tells a file that grew after fstat.
        const buf = Buffer.alloc(Math.min(st.size, MAX_DEFINITION_BYTES) + 1);
        let off = 0;
        while (off < buf.length) {
            const n = fs.readSync(fd, buf, off, buf.length - off, off);
            if (n === 0) break;
            off += n;
        }
        if (off > MAX_DEFINITION_BYTES) {
            return {
                issue: {
                    file,
                    code: "TOO_LARGE",
                    message: `is more than the ${MAX_DEFINITION_BYTES} bytes a store definition may have; skipped`,
                },
            };
        }
        return { text: buf.subarray(0, off).toString("utf8") };
    } catch (e) {
        return { issue: errnoIssue(file, e) };
    } finally {
        fs.closeSync(fd);
    }
}

/** definitionTarget, then readTarget. */
export function readDefinitionFile(file: string, allowed: AllowedRoots): { text: string } | { issue: StoreLoadIssue } {
    const target = definitionTarget(file, allowed);
    return "issue" in target ? target : readTarget(file, target);
}
