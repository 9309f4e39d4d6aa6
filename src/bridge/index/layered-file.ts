// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Layered cache files: what the rebuild after dpkg writes (status-patch.ts).
 * A patch changes the rows of the few packages dpkg touched and keeps the
 * rest as ranges of the old file; written out whole, those ranges are ~150 MB
 * of copying and checksumming on a Raspberry Pi's index, most of the patch's
 * time. So the patched file is a layer instead: the new bytes (the changed
 * rows, the columns' offsets and numbers) and a table of extents that lays
 * them over ranges of a base file, the last full build's file, kept under a
 * name of its own (`<cache file>.base-<its build id>`, a hard link made when
 * the first layer over it is written). Readers see one body
 * (LayeredFile, a ByteSource like VerifiedFile), each part checked when read
 * by the file it comes from.
 *
 * There is never more than one layer: a patch of a layered file names the
 * same base and copies what it keeps of the old layer's own bytes (the rows
 * changed since the full build). When a layer's own bytes would pass a
 * quarter of its base (and 1 MiB), the patch writes a full file instead,
 * which the next patch takes as its base. A full build writes a full file; the bases nothing
 * names any more go with the cache directory's clean-up (index-cache.ts).
 *
 * The layer's body: uint32 extent count, uint32 0, then per extent three
 * float64 (source: 0 base, 1 this layer's data; position in it; length),
 * then the data. Its stamp names the base and the base's build id; a base
 * that is missing or another build's makes the layered file unusable (a
 * cache miss: the next build replaces it), never a wrong answer.
 */
import fs from "node:fs";
import path from "node:path";
import { CacheDamagedError, openVerified, type BodyRange, type VerifiedFile } from "../verified-file.js";
import { isBodyRange, type Chunk } from "./chunk-source.js";
import { rangeHolding } from "./range-holding.js";

/** What the readers of a cache file's body need (a VerifiedFile or a LayeredFile). */
export interface CacheBody {
    readonly bodyLength: number;
    read(pos: number, length: number): Buffer;
    readInto(target: Buffer, at: number, pos: number, length: number): void;
    verify(pos: number, length: number): void;
    /** Bytes [pos, pos + length) as ranges of the files that hold them, not read yet (status-patch.ts keeps them). */
    ranges(pos: number, length: number): BodyRange[];
    /** The whole body, checked. */
    body(): Buffer;
    close(): void;
}

/** A layered file's stamp names its base (CacheStamp.layerOf). */
export interface LayerOf {
    /** The base's file name, in the layer's directory. */
    file: string;
    buildId: string;
}

/** An open base file: a full cache file under its base name. */
export interface BaseFile {
    readonly file: VerifiedFile;
    readonly name: string;
    readonly buildId: string;
}

/** `<cache name>.<hot|detail|relations>.base-<build id>`: nothing else may be named by a stamp (no path, no other file). */
export const BASE_FILE = /^([0-9a-f]{16}\.(?:hot|detail|relations))\.base-[0-9a-f]{16}$/;

const EXTENT = 3; // float64s per extent
const FROM_BASE = 0;
const FROM_LAYER = 1;
/**
 * A layer whose own bytes pass this share of its base is written as a full file instead (it
 * grows with the rows changed since the full build); one under SMALL_LAYER bytes never is.
 */
const MOST_LAYER_SHARE = 0.25;
const SMALL_LAYER = 1 << 20;

/** A layered file opened: one body over its base and its layer. */
export class LayeredFile implements CacheBody {
    readonly bodyLength: number;
    /** Where each extent starts in the body. */
    private readonly starts: number[];

    private constructor(
        readonly base: BaseFile,
        private readonly layer: VerifiedFile,
        private readonly extents: Float64Array,
        private readonly dataStart: number
    ) {
        this.starts = [];
        let pos = 0;
        for (let e = 0; e < extents.length; e += EXTENT) {
            this.starts.push(pos);
            pos += extents[e + 2] as number;
        }
        this.bodyLength = pos;
    }

    /**
     * The layered file `layer` (just opened, its stamp read) over the base its stamp names;
     * null when the base is missing, untrusted, damaged or another build's, or the extents do
     * not fit the files. Takes `layer` over (closed on null).
     */
    static open(layerPath: string, layer: VerifiedFile, of: LayerOf): LayeredFile | null {
        let base: VerifiedFile | null = null;
        let opened: LayeredFile | null = null;
        try {
            if (typeof of.file !== "string" || !BASE_FILE.test(of.file)) return null;
            base = openVerified(path.join(path.dirname(layerPath), of.file));
            if (!base || (JSON.parse(base.head.toString("utf8")) as { buildId?: unknown }).buildId !== of.buildId)
                return null;
            const count = layer.read(0, 8).readUInt32LE(0);
            const dataStart = 8 + count * EXTENT * 8;
            if (dataStart > layer.bodyLength) return null;
            const table = layer.read(8, count * EXTENT * 8);
            const extents = new Float64Array(count * EXTENT);
            for (let i = 0; i < extents.length; i++) extents[i] = table.readDoubleLE(i * 8);
            for (let e = 0; e < extents.length; e += EXTENT) {
                const source = extents[e] as number;
                const pos = extents[e + 1] as number;
                const length = extents[e + 2] as number;
                const room = source === FROM_BASE ? base.bodyLength : layer.bodyLength - dataStart;
                if (
                    (source !== FROM_BASE && source !== FROM_LAYER) ||
                    !Number.isSafeInteger(pos) ||
                    !Number.isSafeInteger(length) ||
                    pos < 0 ||
                    length <= 0 ||
                    pos + length > room
                )
                    return null;
            }
            opened = new LayeredFile({ file: base, name: of.file, buildId: of.buildId }, layer, extents, dataStart);
            return opened;
        } catch {
            return null; // a damaged table (CacheDamagedError: the layer removed itself) or head
        } finally {
            if (!opened) {
                base?.close();
                layer.close();
            }
        }
    }

    /** Calls `fn` for each extent's part of [pos, pos + length): its file, where in it, where in the range, how long. */
    private pieces(pos: number, length: number, fn: (file: VerifiedFile, at: number, done: number, n: number) => void) {
        if (length <= 0) return;
        if (pos < 0 || pos + length > this.bodyLength)
            throw new CacheDamagedError(this.layer.path, "read beyond its end");
        for (let k = rangeHolding(this.starts, pos), done = 0; done < length; k++) {
            const e = k * EXTENT;
            const off = pos + done - (this.starts[k] as number);
            const n = Math.min((this.extents[e + 2] as number) - off, length - done);
            const at = (this.extents[e + 1] as number) + off;
            if (this.extents[e] === FROM_BASE) fn(this.base.file, at, done, n);
            else fn(this.layer, this.dataStart + at, done, n);
            done += n;
        }
    }

    readInto(target: Buffer, at: number, pos: number, length: number): void {
        this.pieces(pos, length, (file, from, done, n) => file.readInto(target, at + done, from, n));
    }

    read(pos: number, length: number): Buffer {
        const out = Buffer.allocUnsafe(length);
        this.readInto(out, 0, pos, length);
        return out;
    }

    verify(pos: number, length: number): void {
        this.pieces(pos, length, (file, from, _done, n) => file.verify(from, n));
    }

    ranges(pos: number, length: number): BodyRange[] {
        const out: BodyRange[] = [];
        this.pieces(pos, length, (file, from, _done, n) => out.push({ file, pos: from, length: n }));
        return out;
    }

    body(): Buffer {
        return this.read(0, this.bodyLength);
    }

    close(): void {
        this.layer.close();
        this.base.file.close();
    }
}

/**
 * The base a patch of `top` (the cache file at `topPath`, open) lays its layer over: the same
 * base when `top` is layered, else `top` itself, hard-linked under its base name. Null when the
 * link cannot be made (a file system without hard links, or `top` is no longer at `topPath`):
 * the patch is written whole.
 */
export function baseFor(top: CacheBody, buildId: string, topPath: string): BaseFile | null {
    if (top instanceof LayeredFile) return top.base;
    const file = top as VerifiedFile;
    const name = `${path.basename(topPath)}.base-${buildId}`;
    if (!BASE_FILE.test(name)) return null;
    const basePath = path.join(path.dirname(topPath), name);
    try {
        const ino = fs.fstatSync(file.fd).ino;
        const linked = () => fs.lstatSync(basePath, { throwIfNoEntry: false })?.ino === ino;
        if (!linked()) {
            try {
                fs.unlinkSync(basePath); // another file under that name: not ours to trust
            } catch {
                /* none */
            }
            fs.linkSync(topPath, basePath);
        }
        return linked() ? { file, name, buildId } : null;
    } catch {
        return null;
    }
}

/** A layer planned: its extents (the body's layout) and the chunks of its own data, in order. */
export interface LayerPlan {
    table: Buffer;
    data: Chunk[];
    dataBytes: number;
}

/**
 * How `body` (a patch's chunks, some of them ranges of `base`) is written as a layer over
 * `base`; null when its own bytes would be too many (write it whole).
 */
export function planLayer(body: readonly Chunk[], base: BaseFile): LayerPlan | null {
    const extents: number[] = [];
    const data: Chunk[] = [];
    let dataBytes = 0;
    for (const c of body) {
        if (c.length === 0) continue;
        const last = extents.length - EXTENT;
        if (isBodyRange(c) && c.file === base.file) {
            if (
                last >= 0 &&
                extents[last] === FROM_BASE &&
                (extents[last + 1] as number) + (extents[last + 2] as number) === c.pos
            )
                extents[last + 2] = (extents[last + 2] as number) + c.length; // the next range of the base: one extent
            else extents.push(FROM_BASE, c.pos, c.length);
            continue;
        }
        if (last >= 0 && extents[last] === FROM_LAYER) extents[last + 2] = (extents[last + 2] as number) + c.length;
        else extents.push(FROM_LAYER, dataBytes, c.length);
        data.push(c);
        dataBytes += c.length;
    }
    if (dataBytes > SMALL_LAYER && dataBytes > base.file.bodyLength * MOST_LAYER_SHARE) return null;
    const table = Buffer.alloc(8 + extents.length * 8);
    table.writeUInt32LE(extents.length / EXTENT, 0);
    extents.forEach((x, i) => table.writeDoubleLE(x, 8 + i * 8));
    return { table, data, dataBytes };
}
