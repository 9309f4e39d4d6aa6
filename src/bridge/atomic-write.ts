// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every file the bridge writes (caches: index, V8 code, store parses and
 * counts; configuration: automatic updates) is written the same way: a
 * temporary file next to it, named `.<name>.<pid>.<random>.tmp`, filled, then
 * renamed into place, so that a concurrent reader sees the old file or the new
 * one, whole. A write that cannot be made (read-only, no permission, disk
 * full) only costs speed for a cache, and is an error for configuration.
 *
 * Configuration is flushed (fsync) before the rename: otherwise a power cut
 * soon after can leave the new name on a file whose blocks never reached the
 * disk (zeroes or a cut file; ext4 only orders data before a rename that
 * replaces a file, and not on every mount option). Caches are not: every one
 * is a verified file (verified-file.ts: length, head and per-block checksums),
 * so such a file is found out when read and costs a rebuild, not a wrong
 * answer. Flushing the index (~180 MB on a Raspberry Pi's lists, rewritten
 * after every install) would make each operation wait for the SD card.
 */
import fs from "node:fs";
import path from "node:path";

/** The temporary files of writeAtomically: the final name, and the writer's pid (for index-cache.ts to clean up). */
export const ATOMIC_TMP_FILE = /^\.(.+)\.(\d+)\.[0-9a-z]+\.tmp$/;

/**
 * Writes `file` through `fill(fd)`, or throws what stopped it (and leaves no file behind):
 * for files whose failure the user must hear of (configuration, autoupdates/write-file.ts).
 */
export function writeAtomicallyOrThrow(file: string, fill: (fd: number) => void, { durable = true } = {}): void {
    const dir = path.dirname(file);
    const tmp = path.join(
        dir,
        `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10) || "0"}.tmp`
    );
    try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
        const fd = fs.openSync(tmp, "wx", 0o644);
        try {
            fill(fd);
            if (durable) fs.fsyncSync(fd);
        } finally {
            fs.closeSync(fd);
        }
        fs.renameSync(tmp, file);
    } catch (e) {
        try {
            fs.unlinkSync(tmp);
        } catch {
            /* nothing was written */
        }
        throw e;
    }
}

/**
 * Writes `file` through `fill(fd)`; false (and no file left) when it could not: for caches, where a
 * failure only costs speed. Not flushed: only for verified files, whose damage is found when read.
 */
export function writeAtomically(file: string, fill: (fd: number) => void): boolean {
    try {
        writeAtomicallyOrThrow(file, fill, { durable: false });
        return true;
    } catch {
        return false;
    }
}

/** Writes all of `data` to `fd`. */
export function writeFully(fd: number, data: Buffer): void {
    for (let off = 0; off < data.length;) off += fs.writeSync(fd, data, off, data.length - off);
}
