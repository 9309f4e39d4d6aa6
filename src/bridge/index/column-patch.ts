// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Columns made from older ones (status-patch.ts): runs of their entries kept
 * as ranges of the old cache file, never read into memory (110 MB of hot file
 * on a Pi-like index) and, written as a layer (layered-file.ts), never copied;
 * new entries between them. A strings column's offsets are the one part that
 * must be made anew (a run's entries start elsewhere now): they are read in
 * pieces through one buffer and written moved. Same result as a
 * StringsBuilder (ColumnWriter.built takes either).
 */
import type { Chunk } from "./chunk-source.js";
import type { CacheBody } from "./layered-file.js";
import type { StringColumn } from "./string-column.js";

/** An old strings column to copy from: where its offsets and entries are in its open cache file. */
export interface OldStrings {
    file: Pick<CacheBody, "ranges" | "readInto">;
    offsetsStart: number;
    dataStart: number;
}

/** An old column of an open cache file. */
export function oldStrings(column: StringColumn, file: Pick<CacheBody, "ranges" | "readInto">): OldStrings {
    const { offsetsStart, dataStart } = column.place();
    return { file, offsetsStart, dataStart };
}

/** Old offsets are read through this, 64 Ki at a time: no 630 KB array per column, no fresh memory to fault in. */
const PIECE = 64 * 1024;
let piece = new Uint32Array(PIECE + 1);

export class ColumnPatch {
    private offsets: Uint32Array;
    private n = 0;
    private bytes = 0;
    private readonly chunks: Chunk[] = [];
    /** New entries not yet made a chunk. */
    private pending: Buffer[] = [];

    /** `expected`: about how many entries it will have (the old count and the changed ones). */
    constructor(expected = 4096) {
        this.offsets = new Uint32Array(expected + 2);
    }

    get count(): number {
        return this.n;
    }

    /** Room for `more` entries' offsets and the end's. */
    private reserve(more: number): void {
        if (this.n + more + 1 < this.offsets.length) return;
        const bigger = new Uint32Array(Math.max(this.offsets.length * 2, this.n + more + 2));
        bigger.set(this.offsets.subarray(0, this.n));
        this.offsets = bigger;
    }

    private flushPending(): void {
        if (this.pending.length === 0) return;
        this.chunks.push(Buffer.concat(this.pending));
        this.pending = [];
    }

    /** Entries [from, to) of `old`, as they are. */
    copy(old: OldStrings, from: number, to: number): void {
        if (from >= to) return;
        this.flushPending();
        this.reserve(to - from);
        // offsets from .. to (the run's end too), in pieces, each moved by where the run now starts
        let base = -1;
        let shift = 0;
        let end = 0;
        for (let at = from; at <= to; at += PIECE) {
            const n = Math.min(PIECE, to - at + 1);
            if (piece.length < n) piece = new Uint32Array(n);
            const bytes = Buffer.from(piece.buffer, 0, n * 4);
            old.file.readInto(bytes, 0, old.offsetsStart + at * 4, n * 4);
            if (base < 0) {
                base = piece[0] as number;
                shift = this.bytes - base;
            }
            const out = this.offsets;
            const last = Math.min(n, to - at); // offsets of entries (the run's end is not one)
            for (let i = 0, k = this.n + at - from; i < last; i++, k++) out[k] = (piece[i] as number) + shift;
            end = piece[n - 1] as number;
        }
        this.n += to - from;
        this.bytes += end - base;
        for (const c of old.file.ranges(old.dataStart + base, end - base)) this.chunks.push(c);
    }

    /** A new entry (without "\n"). */
    add(value: string): void {
        const b = Buffer.from(value + "\n", "utf8");
        this.reserve(1);
        this.offsets[this.n++] = this.bytes;
        this.bytes += b.length;
        this.pending.push(b);
    }

    finish(): { offsets: Buffer; chunks: Chunk[]; bytes: number; count: number } {
        this.flushPending();
        this.offsets[this.n] = this.bytes;
        const offsets = this.offsets.subarray(0, this.n + 1);
        return {
            offsets: Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength),
            chunks: this.chunks,
            bytes: this.bytes,
            count: this.n,
        };
    }
}
