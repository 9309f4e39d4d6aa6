// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A column file being built: chunks of bytes in memory or in a scratch file
 * (spool.ts), and the byte source (byte-source.ts) that reads across them.
 */
import fs from "node:fs";
import type { BodyRange } from "../verified-file.js";
import type { ByteSource } from "./byte-source.js";
import { rangeHolding } from "./range-holding.js";

/** Bytes kept in a scratch file (scratch.ts) rather than in memory: a chunk of a column file being built. */
export interface FileRange {
    readonly fd: number;
    readonly pos: number;
    readonly length: number;
}

/**
 * A piece of a file being written: bytes in memory, a scratch file's range, or a range of
 * an open cache file (a patch's unchanged rows: status-patch.ts), read and checked when used.
 */
export type Chunk = Buffer | FileRange | BodyRange;

export function isBodyRange(c: Chunk): c is BodyRange {
    return !Buffer.isBuffer(c) && "file" in c;
}

/** Bytes [from, from + length) of a chunk (a view for memory, a read for a file range). */
export function readChunk(c: Chunk, from: number, length: number): Buffer {
    if (Buffer.isBuffer(c)) return c.subarray(from, from + length);
    if (isBodyRange(c)) return c.file.read(c.pos + from, length);
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
        const n = fs.readSync(c.fd, out, done, length - done, c.pos + from + done);
        if (n === 0) throw new Error("index build: scratch file is shorter than written");
        done += n;
    }
    return out;
}

/** A scratch file's range read into `into` (at least as long); returns the part holding it. */
export function readChunkInto(c: FileRange, into: Buffer): Buffer {
    for (let done = 0; done < c.length;) {
        const n = fs.readSync(c.fd, into, done, c.length - done, c.pos + done);
        if (n === 0) throw new Error("index build: scratch file is shorter than written");
        done += n;
    }
    return into.subarray(0, c.length);
}

/** A freshly built file, still in its chunks (in memory, or ranges of a scratch file). */
export class ChunkSource implements ByteSource {
    private readonly starts: number[] = [];
    readonly length: number;

    constructor(readonly parts: readonly Chunk[]) {
        let pos = 0;
        for (const c of parts) {
            this.starts.push(pos);
            pos += c.length;
        }
        this.length = pos;
    }

    /** The chunks as Buffers, when they are all in memory (tests, the hot file). */
    get chunks(): readonly Buffer[] {
        if (!this.parts.every((c) => Buffer.isBuffer(c))) throw new Error("column file: chunks are in a scratch file");
        return this.parts as readonly Buffer[];
    }

    readInto(target: Buffer, at: number, pos: number, length: number): void {
        this.read(pos, length).copy(target, at);
    }

    read(pos: number, length: number): Buffer {
        // the chunk holding pos (binary search), then copy across chunks only if the range spans several
        const lo = rangeHolding(this.starts, pos);
        const first = this.parts[lo] as Chunk;
        const off = pos - (this.starts[lo] as number);
        if (off + length <= first.length) return readChunk(first, off, length);
        const out = Buffer.alloc(length);
        let done = 0;
        for (let k = lo; done < length && k < this.parts.length; k++) {
            const c = this.parts[k] as Chunk;
            const from = k === lo ? off : 0;
            const n = Math.min(c.length - from, length - done);
            readChunk(c, from, n).copy(out, done);
            done += n;
        }
        return out;
    }
}
