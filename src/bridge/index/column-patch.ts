// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A strings column made from an older one (status-patch.ts): runs of its
 * entries copied as ranges of the old cache file, never read into memory
 * (110 MB of hot file on a Pi-like index), with new entries between them.
 * Same result as a StringsBuilder (ColumnWriter.built takes either).
 */
import type { Chunk } from "./chunk-source.js";
import type { StringColumn } from "./string-column.js";

/** An old strings column to copy from: its offsets, and its bytes as ranges of its (checked) file. */
export interface OldStrings {
    offsets: Uint32Array;
    /** Bytes [pos, pos + length) of the entries' data as a chunk (checked before it is handed out). */
    range(pos: number, length: number): Chunk;
}

/** An old column of a cache file opened as a VerifiedFile (verified-file.ts fileRange). */
export function oldStrings(column: StringColumn, file: { fileRange(pos: number, length: number): Chunk }): OldStrings {
    const { offsets, dataStart } = column.layout();
    return { offsets, range: (pos, length) => file.fileRange(dataStart + pos, length) };
}

export class ColumnPatch {
    private offsets = new Uint32Array(4096);
    private n = 0;
    private bytes = 0;
    private readonly chunks: Chunk[] = [];
    /** New entries not yet made a chunk. */
    private pending: Buffer[] = [];

    get count(): number {
        return this.n;
    }

    private push(length: number): void {
        if (this.n + 2 >= this.offsets.length) {
            const bigger = new Uint32Array(this.offsets.length * 2);
            bigger.set(this.offsets);
            this.offsets = bigger;
        }
        this.offsets[this.n++] = this.bytes;
        this.bytes += length;
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
        const base = old.offsets[from] as number;
        for (let i = from; i < to; i++) this.push((old.offsets[i + 1] as number) - (old.offsets[i] as number));
        this.chunks.push(old.range(base, (old.offsets[to] as number) - base));
    }

    /** A new entry (without "\n"). */
    add(value: string): void {
        const b = Buffer.from(value + "\n", "utf8");
        this.push(b.length);
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
