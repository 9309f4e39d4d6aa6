// SPDX-License-Identifier: LGPL-2.1-or-later
/* Where a column file's bytes come from; this file holds the in-memory source (a scratch file's: chunk-source.ts; a cache file's: verified-file.ts). */
/** Where a column file's bytes come from: memory (just built) or an open cache file (verified-file.ts VerifiedFile). */
export interface ByteSource {
    read(pos: number, length: number): Buffer;
    /** Copies bytes [pos, pos + length) to target[at...]: straight from a file into the output, no Buffer in between. */
    readInto(target: Buffer, at: number, pos: number, length: number): void;
    /**
     * Checks bytes [pos, pos + length) without keeping them, for a source that
     * may be damaged (an open cache file: verified-file.ts, which throws then).
     */
    verify?(pos: number, length: number): void;
}

export class BufferSource implements ByteSource {
    constructor(private readonly buf: Buffer) {}
    read(pos: number, length: number): Buffer {
        return this.buf.subarray(pos, pos + length);
    }
    readInto(target: Buffer, at: number, pos: number, length: number): void {
        this.buf.copy(target, at, pos, pos + length);
    }
}

/** A typed array over `buf` (copied when its offset is not aligned for the type). */
export function typedView<T>(
    ctor: new (b: ArrayBufferLike, o: number, n: number) => T,
    bytesPer: number,
    buf: Buffer,
    count: number
): T {
    if (buf.byteOffset % bytesPer === 0) return new ctor(buf.buffer, buf.byteOffset, count);
    const copy = new Uint8Array(count * bytesPer); // Buffer pooling may misalign small reads
    copy.set(buf.subarray(0, count * bytesPer));
    return new ctor(copy.buffer, 0, count);
}
