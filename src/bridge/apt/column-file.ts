import fs from "node:fs";
import type { JsonWriter } from "../cli/output.js";

/*
 * A small binary container for the index cache: a JSON header plus named
 * columns that are used in place, without parsing 60,000 objects.
 *  - "strings": uint32 byte offsets (count + 1) then UTF-8 bytes; an entry is
 *    decoded only when it is read;
 *  - "int32" / "uint8": typed arrays viewed directly over the file's bytes.
 * Layout: 4-byte header length, header JSON, then each column 8-byte aligned.
 */

interface ColumnEntry {
    kind: "strings" | "int32" | "uint8";
    offset: number;
    count: number;
    /** strings: byte length of the UTF-8 part */
    bytes?: number;
}

interface Header {
    meta: unknown;
    columns: Record<string, ColumnEntry>;
}

const align = (n: number) => (n + 7) & ~7;

export class ColumnWriter {
    // Each column is a list of chunks, never concatenated: the detail file is ~70 MB and a
    // copy of it per step would triple the bridge's memory while it rebuilds the index.
    private readonly parts: Array<{ name: string; kind: ColumnEntry["kind"]; chunks: Chunk[]; length: number; count: number; bytes?: number }> = [];

    /** Entries may not contain "\n": each is followed by one, so the column also reads as one text. */
    strings(name: string, values: readonly string[]): this {
        const builder = new StringsBuilder(new Spool(null));
        for (const v of values) builder.addString(v);
        return this.built(name, builder);
    }

    /** A strings column from already encoded UTF-8 entries (each without "\n" at its end). */
    bytes(name: string, values: readonly Buffer[]): this {
        const nl = Buffer.from("\n");
        const offsets = new Uint32Array(values.length + 1);
        // Entries are joined into blocks of about 1 MiB: few chunks to write, no 70 MB copy.
        const parts: Buffer[] = [];
        let block: Buffer[] = [];
        let blockSize = 0;
        let pos = 0;
        values.forEach((b, i) => {
            offsets[i] = pos;
            block.push(b, nl);
            blockSize += b.length + 1;
            pos += b.length + 1;
            if (blockSize >= 1 << 20) {
                parts.push(Buffer.concat(block, blockSize));
                block = [];
                blockSize = 0;
            }
        });
        if (blockSize) parts.push(Buffer.concat(block, blockSize));
        offsets[values.length] = pos;
        parts.unshift(Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength));
        this.parts.push({ name, kind: "strings", chunks: parts, length: offsets.byteLength + pos, count: values.length, bytes: pos });
        return this;
    }

    /** A strings column from a StringsBuilder (whose bytes may be in a scratch file). */
    built(name: string, builder: StringsBuilder): this {
        const { offsets, chunks, bytes, count } = builder.finish();
        this.parts.push({ name, kind: "strings", chunks: [offsets, ...chunks], length: offsets.length + bytes, count, bytes });
        return this;
    }

    int32(name: string, values: readonly number[]): this {
        const a = Int32Array.from(values);
        this.parts.push({ name, kind: "int32", chunks: [Buffer.from(a.buffer, a.byteOffset, a.byteLength)], length: a.byteLength, count: values.length });
        return this;
    }

    uint8(name: string, values: readonly number[]): this {
        const a = Uint8Array.from(values);
        this.parts.push({ name, kind: "uint8", chunks: [Buffer.from(a.buffer, a.byteOffset, a.byteLength)], length: a.byteLength, count: values.length });
        return this;
    }

    /** The file as a list of chunks (header, columns, padding), in order. */
    toChunks(meta: unknown): ChunkSource {
        // Offsets are relative to the start of the column area, so the header size does not matter.
        const columns: Record<string, ColumnEntry> = {};
        let pos = 0;
        for (const p of this.parts) {
            columns[p.name] = { kind: p.kind, offset: pos, count: p.count, ...(p.bytes !== undefined ? { bytes: p.bytes } : {}) };
            pos = align(pos + p.length);
        }
        const header = Buffer.from(JSON.stringify({ meta, columns } satisfies Header), "utf8");
        const head = Buffer.alloc(align(4 + header.length));
        head.writeUInt32LE(header.length, 0);
        header.copy(head, 4);
        const chunks: Chunk[] = [head];
        for (const p of this.parts) {
            for (const c of p.chunks) chunks.push(c);
            const pad = align(p.length) - p.length;
            if (pad) chunks.push(Buffer.alloc(pad));
        }
        return new ChunkSource(chunks);
    }
}

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

/** Bytes kept in a scratch file (scratch.ts) rather than in memory: a chunk of a column file being built. */
export interface FileRange {
    readonly fd: number;
    readonly pos: number;
    readonly length: number;
}

export type Chunk = Buffer | FileRange;

/** The index of the range holding `pos`, given each range's start (ascending, starts[0] <= pos): binary search. */
export function rangeHolding(starts: ArrayLike<number>, pos: number): number {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if ((starts[mid] as number) <= pos) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

/** Bytes [from, from + length) of a chunk (a view for memory, a read for a file range). */
export function readChunk(c: Chunk, from: number, length: number): Buffer {
    if (Buffer.isBuffer(c)) return c.subarray(from, from + length);
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
function readChunkInto(c: FileRange, into: Buffer): Buffer {
    for (let done = 0; done < c.length; ) {
        const n = fs.readSync(c.fd, into, done, c.length - done, c.pos + done);
        if (n === 0) throw new Error("index build: scratch file is shorter than written");
        done += n;
    }
    return into.subarray(0, c.length);
}

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
    append(block: Buffer): Chunk {
        if (this.fd === null || this.full) return block;
        try {
            for (let off = 0; off < block.length; ) off += fs.writeSync(this.fd, block, off, block.length - off, this.pos + off);
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
    private readonly chunks: Chunk[] = [];
    private readonly chunkStarts: number[] = [];

    /** blockSize: of the blocks handed to a scratch file (one is kept in memory while it fills). */
    constructor(
        private readonly spool: Spool,
        blockSize = BLOCK,
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
        if (!this.spool.onDisk && this.used < this.block.length / 2) this.block = Buffer.from(this.block.subarray(0, this.used));
        this.flush(true);
        this.offsets[this.n] = this.flushed;
        const offsets = this.offsets.subarray(0, this.n + 1);
        return { offsets: Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength), chunks: this.chunks, bytes: this.flushed, count: this.n };
    }
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

interface Window {
    first: number;
    offsets: Uint32Array;
    buf: Buffer;
    /** buf decoded when first needed, when it is ASCII (character offsets are byte offsets), else null. */
    text?: string | null;
}

/**
 * A strings column read on demand: its offsets when first used, then only the
 * byte ranges of the entries asked for (`prefetch` a run of rows in one read).
 */
export class StringColumn {
    private offsetsCache: Uint32Array | null = null;
    // A Map, not new Array(count): V8 turns a 60,000-slot holey array into a slow dictionary.
    private readonly cache = new Map<number, string>();
    /** Runs of rows read in one go (their offsets and bytes), sorted by first row. */
    private windows: Window[] = [];

    constructor(
        private readonly source: ByteSource,
        private readonly at: number,
        readonly count: number,
    ) {}

    /** Offsets of rows first..last+1 (all of them only when the whole column is needed). */
    private offsetRange(first: number, last: number): Uint32Array {
        if (this.offsetsCache) return this.offsetsCache.subarray(first, last + 2);
        const n = last - first + 2;
        return typedView(Uint32Array, 4, this.source.read(this.at + first * 4, n * 4), n);
    }

    private get dataStart(): number {
        return this.at + (this.count + 1) * 4;
    }

    /**
     * Reads the given rows (ascending) with few reads: rows close together share
     * one read of offsets and one of bytes; far-apart clusters are read apart, so
     * 750 installed packages scattered over 60,000 rows do not read the whole column.
     */
    prefetch(rows: readonly number[]): void {
        const GAP = 64;
        this.windows = [];
        for (let k = 0; k < rows.length; ) {
            const first = rows[k] as number;
            let last = first;
            k++;
            while (k < rows.length && (rows[k] as number) - last <= GAP) last = rows[k++] as number;
            const offsets = this.offsetRange(first, last);
            const start = offsets[0] as number;
            const end = offsets[offsets.length - 1] as number;
            this.windows.push({ first, offsets, buf: this.source.read(this.dataStart + start, end - start) });
        }
    }

    private windowFor(i: number): Window | null {
        let lo = 0;
        let hi = this.windows.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const w = this.windows[mid] as Window;
            if (i < w.first) hi = mid - 1;
            else if (i >= w.first + w.offsets.length - 1) lo = mid + 1;
            else return w;
        }
        return null;
    }

    /** Entry i's byte range within its window, when it was prefetched. */
    private located(i: number): { w: Window; from: number; to: number } | null {
        const w = this.windows.length ? this.windowFor(i) : null;
        if (!w) return null;
        const base = w.offsets[0] as number;
        return { w, from: (w.offsets[i - w.first] as number) - base, to: (w.offsets[i - w.first + 1] as number) - base - 1 };
    }

    /**
     * Checks the bytes writeJoined(runs) will copy, before anything is
     * written: a damaged cache file must not leave half a document on stdout.
     */
    verifyJoined(runs: ReadonlyArray<readonly [number, number]>): void {
        if (!this.source.verify || runs.length === 0) return;
        let min = Infinity;
        let max = -1;
        for (const [first, last] of runs) {
            min = Math.min(min, first);
            max = Math.max(max, last);
        }
        const offsets = this.offsetRange(min, max);
        for (const [first, last] of runs) {
            const start = offsets[first - min] as number;
            this.source.verify(this.dataStart + start, (offsets[last - min + 1] as number) - start);
        }
    }

    /**
     * Writes the entries of the runs (each [first, last], consecutive rows; the
     * runs in any order) joined by commas, for a column whose entries are JSON
     * texts (which never hold a raw newline): the bytes go from the file
     * straight into the output's buffer, one read per run and piece, and each
     * entry's closing newline there becomes the comma. No string is made, nor
     * any JavaScript run per entry but that one store.
     */
    writeJoined(runs: ReadonlyArray<readonly [number, number]>, out: JsonWriter): void {
        if (runs.length === 0) return;
        let min = Infinity;
        let max = -1;
        for (const [first, last] of runs) {
            min = Math.min(min, first);
            max = Math.max(max, last);
        }
        const offsets = this.offsetRange(min, max); // offsets[i - min]: entry i's start
        runs.forEach(([first, last], r) => {
            if (r > 0) out.put(",");
            const end = (offsets[last - min + 1] as number) - 1; // without the last entry's newline
            let k = first - min + 1; // offsets[k] - 1: where entry k - 1 + min's newline is
            for (let pos = offsets[first - min] as number; pos < end; ) {
                const n = Math.min(end - pos, out.capacity);
                const from = pos;
                out.putFrom(n, (buf, at) => {
                    this.source.readInto(buf, at, this.dataStart + from, n);
                    for (; k <= last - min && (offsets[k] as number) - 1 < from + n; k++) buf[at + (offsets[k] as number) - 1 - from] = 0x2c;
                });
                pos += n;
            }
        });
    }

    /**
     * A reader of entries' bytes in about the column's order, for a caller
     * that takes nearly every entry once but in its own order: the relation
     * index (relation-cache.ts) reads each package's stanzas in name order,
     * and the list files (and dpkg's status) are mostly sorted by name, so
     * consecutive requests fall in a few places that move forward. One read of
     * `windowBytes` per place serves the entries after it; a pread per stanza
     * (~100,000 of them, ~14 µs each on a VM) cost 1.4 s. The `ways` window
     * buffers are refilled, least recently used first (new ones for each read
     * cost more in garbage collection than they saved): a returned Buffer stays
     * valid while fewer than `ways` other windows are read, so for at least
     * `ways - 1` further calls. Reads all the offsets at once.
     */
    windowedReader(windowBytes = 128 * 1024, ways = 4): (i: number) => Buffer {
        const offsets = this.offsetRange(0, this.count - 1);
        const dataEnd = this.dataStart + (offsets[this.count] as number);
        // [position in the source, the buffer, bytes in it], most recent first
        const windows: Array<{ pos: number; buffer: Buffer; bytes: number }> = [];
        return (i: number): Buffer => {
            const pos = this.dataStart + (offsets[i] as number);
            const length = (offsets[i + 1] as number) - (offsets[i] as number) - 1;
            for (let w = 0; w < windows.length; w++) {
                const win = windows[w] as (typeof windows)[number];
                if (pos >= win.pos && pos + length <= win.pos + win.bytes) {
                    if (w > 0) windows.unshift(...windows.splice(w, 1));
                    return win.buffer.subarray(pos - win.pos, pos - win.pos + length);
                }
            }
            // A window from this entry as far as the column and the window size go.
            const take = Math.max(length, Math.min(windowBytes, dataEnd - pos));
            let win = windows.length < ways ? undefined : windows.pop();
            if (!win || win.buffer.length < take) win = { pos: 0, buffer: Buffer.allocUnsafe(Math.max(take, windowBytes)), bytes: 0 };
            this.source.readInto(win.buffer, 0, pos, take);
            win.pos = pos;
            win.bytes = take;
            windows.unshift(win);
            return win.buffer.subarray(0, length);
        };
    }

    get(i: number): string {
        let s = this.cache.get(i);
        if (s === undefined) {
            const at = this.located(i);
            if (at) {
                // a prefetched row: read once for a page, not worth caching
                const w = at.w;
                if (w.text === undefined) {
                    // Decoded at once; when every byte became one character (ASCII), entries are slices of it.
                    const text = w.buf.toString("utf8");
                    w.text = text.length === w.buf.length ? text : null;
                }
                return w.text !== null ? w.text.slice(at.from, at.to) : w.buf.toString("utf8", at.from, at.to);
            }
            const o = this.offsetRange(i, i);
            const start = o[0] as number;
            s = this.source.read(this.dataStart + start, (o[1] as number) - start - 1).toString("utf8");
            this.cache.set(i, s);
        }
        return s;
    }

    /**
     * Finds byte strings in the entries, without decoding them: the column is
     * read in pieces of whole entries (about 256 KiB) into one reused buffer
     * and searched there by Buffer.indexOf, so that scanning 60,000 entries
     * touches little memory. `found(needle, row, piece, entryStart, at)` is
     * called for the first occurrence of each needle in each entry (`piece`
     * holds the whole entry from `entryStart`; the match is at `at`). Needles
     * must not contain "\n".
     */
    forEachMatch(needles: readonly Buffer[], found: (needle: number, row: number, piece: Buffer, entryStart: number, at: number) => void): void {
        const PIECE = 256 * 1024;
        const offsets = this.offsetRange(0, this.count - 1);
        const end = offsets[this.count] as number;
        let piece = Buffer.allocUnsafe(PIECE);
        for (let row = 0; row < this.count; ) {
            const base = offsets[row] as number;
            // the last entry that ends within the piece (at least one: an entry longer than a piece gets its own)
            let last = row;
            let lo = row;
            let hi = this.count - 1;
            while (lo <= hi) {
                const mid = (lo + hi) >>> 1;
                if ((offsets[mid + 1] as number) - base <= PIECE) {
                    last = mid;
                    lo = mid + 1;
                } else hi = mid - 1;
            }
            const length = (offsets[last + 1] as number) - base;
            if (length > piece.length) piece = Buffer.allocUnsafe(length);
            this.source.readInto(piece, 0, this.dataStart + base, length);
            const view = piece.subarray(0, length);
            needles.forEach((needle, k) => {
                let r = row;
                for (let at = view.indexOf(needle); at >= 0; ) {
                    // the entry holding `at`: entries are short, so walk forward
                    while ((offsets[r + 1] as number) - base <= at) r++;
                    found(k, r, view, (offsets[r] as number) - base, at);
                    at = r + 1 > last ? -1 : view.indexOf(needle, (offsets[r + 1] as number) - base); // one match per entry
                }
            });
            row = last + 1;
            if (base + length >= end) break;
        }
    }

    /** The whole column as one text, entries each followed by "\n" (one read, one decode, for scanning). */
    text(): string {
        const end = this.offsetRange(this.count, this.count - 1)[0] as number; // offsets[count]: the end of the bytes
        return this.source.read(this.dataStart, end).toString("utf8");
    }
}

function typedView<T>(ctor: new (b: ArrayBufferLike, o: number, n: number) => T, bytesPer: number, buf: Buffer, count: number): T {
    if (buf.byteOffset % bytesPer === 0) return new ctor(buf.buffer, buf.byteOffset, count);
    const copy = new Uint8Array(count * bytesPer); // Buffer pooling may misalign small reads
    copy.set(buf.subarray(0, count * bytesPer));
    return new ctor(copy.buffer, 0, count);
}

export class ColumnFile {
    readonly meta: unknown;
    private readonly columns: Record<string, ColumnEntry>;
    private readonly start: number;

    constructor(private readonly source: ByteSource) {
        const len = source.read(0, 4).readUInt32LE(0);
        const header = JSON.parse(source.read(4, len).toString("utf8")) as Header;
        this.meta = header.meta;
        this.columns = header.columns;
        this.start = align(4 + len);
    }

    private entry(name: string, kind: ColumnEntry["kind"]): ColumnEntry {
        const e = this.columns[name];
        if (!e || e.kind !== kind) throw new Error(`index cache: no ${kind} column ${name}`);
        return e;
    }

    strings(name: string): StringColumn {
        const e = this.entry(name, "strings");
        return new StringColumn(this.source, this.start + e.offset, e.count);
    }

    /** Rows first .. first + count - 1 of an int32 column (all of them by default). */
    int32(name: string, first = 0, count?: number): Int32Array {
        const e = this.entry(name, "int32");
        const n = count ?? e.count - first;
        return typedView(Int32Array, 4, this.source.read(this.start + e.offset + first * 4, n * 4), n);
    }

    uint8(name: string, first = 0, count?: number): Uint8Array {
        const e = this.entry(name, "uint8");
        return this.source.read(this.start + e.offset + first, count ?? e.count - first);
    }
}
