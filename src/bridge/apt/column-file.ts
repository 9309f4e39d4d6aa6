import fs from "node:fs";

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
    private readonly parts: Array<{ name: string; kind: ColumnEntry["kind"]; chunks: Buffer[]; length: number; count: number; bytes?: number }> = [];

    /** Entries may not contain "\n": each is followed by one, so the column also reads as one text. */
    strings(name: string, values: readonly string[]): this {
        const encoded = values.map((v) => Buffer.from(v + "\n", "utf8"));
        const offsets = new Uint32Array(values.length + 1);
        let pos = 0;
        encoded.forEach((b, i) => {
            offsets[i] = pos;
            pos += b.length;
        });
        offsets[values.length] = pos;
        const offsetBytes = Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength);
        this.parts.push({ name, kind: "strings", chunks: [offsetBytes, Buffer.concat(encoded)], length: offsetBytes.length + pos, count: values.length, bytes: pos });
        return this;
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
        const chunks: Buffer[] = [head];
        for (const p of this.parts) {
            for (const c of p.chunks) chunks.push(c);
            const pad = align(p.length) - p.length;
            if (pad) chunks.push(Buffer.alloc(pad));
        }
        return new ChunkSource(chunks);
    }
}

/** Where a column file's bytes come from: memory (just built) or an open cache file. */
export interface ByteSource {
    read(pos: number, length: number): Buffer;
}

export class BufferSource implements ByteSource {
    constructor(private readonly buf: Buffer) {}
    read(pos: number, length: number): Buffer {
        return this.buf.subarray(pos, pos + length);
    }
}

/** A freshly built file, still in its chunks. */
export class ChunkSource implements ByteSource {
    private readonly starts: number[] = [];
    readonly length: number;

    constructor(readonly chunks: readonly Buffer[]) {
        let pos = 0;
        for (const c of chunks) {
            this.starts.push(pos);
            pos += c.length;
        }
        this.length = pos;
    }

    read(pos: number, length: number): Buffer {
        // the chunk holding pos (binary search), then copy across chunks only if the range spans several
        let lo = 0;
        let hi = this.chunks.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >>> 1;
            if ((this.starts[mid] as number) <= pos) lo = mid;
            else hi = mid - 1;
        }
        const first = this.chunks[lo] as Buffer;
        const off = pos - (this.starts[lo] as number);
        if (off + length <= first.length) return first.subarray(off, off + length);
        const out = Buffer.alloc(length);
        let done = 0;
        for (let k = lo; done < length && k < this.chunks.length; k++) {
            const c = this.chunks[k] as Buffer;
            const from = k === lo ? off : 0;
            done += c.copy(out, done, from, Math.min(c.length, from + length - done));
        }
        return out;
    }
}

export class FileSource implements ByteSource {
    constructor(
        private readonly fd: number,
        private readonly base: number,
    ) {}
    read(pos: number, length: number): Buffer {
        const out = Buffer.allocUnsafe(length);
        let done = 0;
        while (done < length) {
            const n = fs.readSync(this.fd, out, done, length - done, this.base + pos + done);
            if (n === 0) throw new Error("index cache: file is shorter than its header says");
            done += n;
        }
        return out;
    }
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
    private windows: Array<{ first: number; offsets: Uint32Array; buf: Buffer }> = [];

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

    private windowFor(i: number): { first: number; offsets: Uint32Array; buf: Buffer } | null {
        let lo = 0;
        let hi = this.windows.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const w = this.windows[mid] as { first: number; offsets: Uint32Array; buf: Buffer };
            if (i < w.first) hi = mid - 1;
            else if (i >= w.first + w.offsets.length - 1) lo = mid + 1;
            else return w;
        }
        return null;
    }

    get(i: number): string {
        let s = this.cache.get(i);
        if (s === undefined) {
            const w = this.windowFor(i);
            if (w) {
                const base = w.offsets[0] as number;
                s = w.buf.toString("utf8", (w.offsets[i - w.first] as number) - base, (w.offsets[i - w.first + 1] as number) - base - 1);
            } else {
                const o = this.offsetRange(i, i);
                const start = o[0] as number;
                s = this.source.read(this.dataStart + start, (o[1] as number) - start - 1).toString("utf8");
            }
            this.cache.set(i, s);
        }
        return s;
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

    int32(name: string): Int32Array {
        const e = this.entry(name, "int32");
        return typedView(Int32Array, 4, this.source.read(this.start + e.offset, e.count * 4), e.count);
    }

    uint8(name: string): Uint8Array {
        const e = this.entry(name, "uint8");
        return this.source.read(this.start + e.offset, e.count);
    }
}
