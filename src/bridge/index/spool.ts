// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import type { FileRange } from "./chunk-source.js";

/** A write that failed for want of room: the disk (or the user's quota, or the file size limit) is full. */
function isOutOfSpace(e: unknown): boolean {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    return code === "ENOSPC" || code === "EDQUOT" || code === "EFBIG";
}

/**
 * An append-only scratch file that takes finished blocks of a column being
 * built, so that the build's memory does not grow with the 50+ MB of stanzas
 * it keeps. Without a scratch file (fd null) the blocks stay in memory; so do
 * they from the first block the disk has no room for: a nearly full SD card
 * costs memory, not the answer (the page is how one would free space).
 */
export class Spool {
    private pos = 0;
    private full = false;
    constructor(readonly fd: number | null) {}

    /** Whether blocks go to the scratch file (a block kept in memory must never be refilled by its builder). */
    get onDisk(): boolean {
        return this.fd !== null && !this.full;
    }

    /** Keeps `block` and says where it is now: a file range, or `block` itself (then the caller must not change it). */
    append(block: Buffer): Buffer | FileRange {
        if (this.fd === null || this.full) return block;
        try {
            for (let off = 0; off < block.length;)
                off += fs.writeSync(this.fd, block, off, block.length - off, this.pos + off);
        } catch (e) {
            if (!isOutOfSpace(e)) throw e;
            this.full = true; // the ranges written so far stay readable
            return block;
        }
        const range: FileRange = { fd: this.fd, pos: this.pos, length: block.length };
        this.pos += block.length;
        return range;
    }
}
