// SPDX-License-Identifier: LGPL-2.1-or-later
import { readChunk, readChunkInto, type Chunk, type FileRange } from "./chunk-source.js";
import { rangeHolding } from "./range-holding.js";
import type { Spool } from "./spool.js";

const BLOCK = 1 << 20;

/**
 * A strings column built one entry at a time, in blocks of about 1 MiB handed
 * to a Spool: no array of 60,000 strings or Buffers, no concatenated copy.
 * Entries are UTF-8 (or the list files' own bytes) and must not contain "\n".
 */
export class StringsBuilder {
    private offsets = new Uint32Array(4096);
    private n = 0;
    /** Bytes in finished chunks. */
    private flushed = 0;
    private block: Buffer;
    private used = 0;
    private readonly chunks: Array<Buffer | FileRange> = [];
    private readonly chunkStarts: number[] = [];

    /** blockSize: of the blocks handed to a scratch file (one is kept in memory while it fills). */
    constructor(
        private readonly spool: Spool,
        blockSize = BLOCK
    ) {
        // In memory, blocks start small and double up to BLOCK: a column of 30 tag sets needs no MiB.
        this.block = Buffer.allocUnsafe(spool.onDisk ? blockSize : 16384);
    }

    get count(): number {
        return this.n;
    }

    private push(start: number): number {
        if (this.n + 1 >= this.offsets.length) {
            const bigger = new Uint32Array(this.offsets.length * 2);
            bigger.set(this.offsets);
            this.offsets = bigger;
        }
        this.offsets[this.n] = start;
        return this.n++;
    }

    private flush(last = false): void {
        if (this.used === 0) return;
        this.chunkStarts.push(this.flushed);
        const chunk = this.spool.append(this.block.subarray(0, this.used));
        this.chunks.push(chunk);
        this.flushed += this.used;
        // A block kept in memory by the spool is never written again: the next one is new (and bigger).
        if (Buffer.isBuffer(chunk) && !last) this.block = Buffer.allocUnsafe(Math.min(BLOCK, this.block.length * 2));
        this.used = 0;
    }

    private room(n: number): void {
        if (this.used + n <= this.block.length) return;
        this.flush();
        if (n > this.block.length) this.block = Buffer.allocUnsafe(n);
    }

    /** Adds data[start, end) as the next entry; returns its index. */
    addBytes(data: Buffer, start: number, end: number): number {
        const n = end - start;
        this.room(n + 1);
        const i = this.push(this.flushed + this.used);
        data.copy(this.block, this.used, start, end);
        this.used += n;
        this.block[this.used++] = 10;
        return i;
    }

    /** Adds a string (as UTF-8) as the next entry; returns its index. */
    addString(value: string): number {
        // Counting the UTF-8 bytes first is a pass over every string (~1.5 million per build):
        // only when the worst case (3 bytes per UTF-16 unit) might not fit in the block.
        if (this.used + value.length * 3 + 1 > this.block.length) this.room(Buffer.byteLength(value, "utf8") + 1);
        const i = this.push(this.flushed + this.used);
        this.used += this.block.write(value, this.used, "utf8");
        this.block[this.used++] = 10;
        return i;
    }

    /** Entry i's bytes (valid until the next add). */
    get(i: number): Buffer {
        const start = this.offsets[i] as number;
        const end = i + 1 < this.n ? (this.offsets[i + 1] as number) - 1 : this.flushed + this.used - 1;
        if (start >= this.flushed) return this.block.subarray(start - this.flushed, end - this.flushed);
        // entries never straddle chunks: the chunk holding start
        const lo = rangeHolding(this.chunkStarts, start);
        return readChunk(this.chunks[lo] as Chunk, start - (this.chunkStarts[lo] as number), end - start);
    }

    /** Entry i's length in bytes. */
    entryLength(i: number): number {
        const end = i + 1 < this.n ? (this.offsets[i + 1] as number) : this.flushed + this.used;
        return end - (this.offsets[i] as number) - 1;
    }

    /**
     * Calls `fn(i, bytes, start, end)` for every entry in order, reading the
     * chunks one after the other (a scratch file's through one buffer): a
     * sequential pass over entries kept on disk.
     */
    forEachEntry(fn: (i: number, bytes: Buffer, start: number, end: number) => void): void {
        let spare: Buffer | null = null;
        let i = 0;
        const visit = (bytes: Buffer, base: number, length: number) => {
            for (; i < this.n && (this.offsets[i] as number) < base + length; i++) {
                const start = (this.offsets[i] as number) - base;
                fn(i, bytes, start, start + this.entryLength(i));
            }
        };
        this.chunks.forEach((c, k) => {
            let bytes: Buffer;
            if (Buffer.isBuffer(c)) bytes = c;
            else {
                if (!spare || spare.length < c.length) spare = Buffer.allocUnsafe(c.length);
                bytes = readChunkInto(c, spare);
            }
            visit(bytes, this.chunkStarts[k] as number, c.length);
        });
        visit(this.block, this.flushed, this.used);
    }

    /** The column's parts: offsets (count + 1) then the bytes. No more entries may be added. */
    finish(): { offsets: Buffer; chunks: Chunk[]; bytes: number; count: number } {
        // The last block in memory: copied to its size when mostly empty.
        if (!this.spool.onDisk && this.used < this.block.length / 2)
            this.block = Buffer.from(this.block.subarray(0, this.used));
        this.flush(true);
        this.offsets[this.n] = this.flushed;
        const offsets = this.offsets.subarray(0, this.n + 1);
        return {
            offsets: Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength),
            chunks: this.chunks,
            bytes: this.flushed,
            count: this.n,
        };
    }
}
