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
    private readonly parts: Array<{ name: string; kind: ColumnEntry["kind"]; data: Buffer; count: number; bytes?: number }> = [];

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
        this.parts.push({ name, kind: "strings", data: Buffer.concat([offsetBytes, ...encoded]), count: values.length, bytes: pos });
        return this;
    }

    int32(name: string, values: readonly number[]): this {
        const a = Int32Array.from(values);
        this.parts.push({ name, kind: "int32", data: Buffer.from(a.buffer, a.byteOffset, a.byteLength), count: values.length });
        return this;
    }

    uint8(name: string, values: readonly number[]): this {
        const a = Uint8Array.from(values);
        this.parts.push({ name, kind: "uint8", data: Buffer.from(a.buffer, a.byteOffset, a.byteLength), count: values.length });
        return this;
    }

    toBuffer(meta: unknown): Buffer {
        // Offsets are relative to the start of the column area, so the header size does not matter.
        const columns: Record<string, ColumnEntry> = {};
        let pos = 0;
        for (const p of this.parts) {
            columns[p.name] = { kind: p.kind, offset: pos, count: p.count, ...(p.bytes !== undefined ? { bytes: p.bytes } : {}) };
            pos = align(pos + p.data.length);
        }
        const header = Buffer.from(JSON.stringify({ meta, columns } satisfies Header), "utf8");
        const start = align(4 + header.length);
        const out = Buffer.alloc(start + pos);
        out.writeUInt32LE(header.length, 0);
        header.copy(out, 4);
        for (const p of this.parts) p.data.copy(out, start + (columns[p.name] as ColumnEntry).offset);
        return out;
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
    private window: { start: number; buf: Buffer } | null = null;

    constructor(
        private readonly source: ByteSource,
        private readonly at: number,
        readonly count: number,
    ) {}

    private get offsets(): Uint32Array {
        this.offsetsCache ??= typedView(Uint32Array, 4, this.source.read(this.at, (this.count + 1) * 4), this.count + 1);
        return this.offsetsCache;
    }

    private get dataStart(): number {
        return this.at + (this.count + 1) * 4;
    }

    /** Reads the bytes of rows first..last (inclusive) in one go. */
    prefetch(first: number, last: number): void {
        if (first > last || this.count === 0) return;
        const start = this.offsets[first] as number;
        const end = this.offsets[last + 1] as number;
        this.window = { start, buf: this.source.read(this.dataStart + start, end - start) };
    }

    get(i: number): string {
        let s = this.cache.get(i);
        if (s === undefined) {
            const start = this.offsets[i] as number;
            const end = (this.offsets[i + 1] as number) - 1; // without the "\n"
            const w = this.window;
            if (w && start >= w.start && end <= w.start + w.buf.length) s = w.buf.toString("utf8", start - w.start, end - w.start);
            else s = this.source.read(this.dataStart + start, end - start).toString("utf8");
            this.cache.set(i, s);
        }
        return s;
    }

    /** The whole column as one text, entries each followed by "\n" (one read, one decode, for scanning). */
    text(): string {
        return this.source.read(this.dataStart, this.offsets[this.count] as number).toString("utf8");
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
