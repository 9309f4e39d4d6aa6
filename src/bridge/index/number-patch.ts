// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A number column made from an older one (status-patch.ts): as a strings
 * column's entries (column-patch.ts), runs of its values are kept as ranges
 * of the old cache file, named by a layer (layered-file.ts) and not copied;
 * the changed rows' values between them.
 */
import type { Chunk } from "./chunk-source.js";
import type { CacheBody } from "./layered-file.js";

/** A number column (int32 or uint8) made from an older one: runs of its values kept as ranges of the old file. */
export class NumberPatch {
    private n = 0;
    private readonly chunks: Chunk[] = [];
    private pending: number[] = [];

    constructor(
        private readonly file: Pick<CacheBody, "ranges">,
        /** Where the old column's values start in the file. */
        private readonly start: number,
        readonly kind: "int32" | "uint8"
    ) {}

    private get width(): number {
        return this.kind === "int32" ? 4 : 1;
    }

    get count(): number {
        return this.n;
    }

    private flushPending(): void {
        if (this.pending.length === 0) return;
        const values = this.kind === "int32" ? Int32Array.from(this.pending) : Uint8Array.from(this.pending);
        this.chunks.push(Buffer.from(values.buffer, values.byteOffset, values.byteLength));
        this.pending = [];
    }

    /** Values [from, to) of the old column. */
    copy(from: number, to: number): void {
        if (from >= to) return;
        this.flushPending();
        for (const c of this.file.ranges(this.start + from * this.width, (to - from) * this.width)) this.chunks.push(c);
        this.n += to - from;
    }

    add(value: number): void {
        this.pending.push(value);
        this.n++;
    }

    finish(): { chunks: Chunk[]; count: number; bytes: number } {
        this.flushPending();
        return { chunks: this.chunks, count: this.n, bytes: this.n * this.width };
    }
}
