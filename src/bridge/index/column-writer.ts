// SPDX-License-Identifier: LGPL-2.1-or-later
import { StringsBuilder } from "./strings-builder.js";
import { Spool } from "./spool.js";
import { ChunkSource, type Chunk } from "./chunk-source.js";
import { align, type ColumnEntry, type Header } from "./column-layout.js";

/** Writes a column file (format: column-file.ts) from columns given whole or built (StringsBuilder), as chunks that may lie in a scratch file. */
export class ColumnWriter {
    // Each column is a list of chunks, never concatenated: the detail file is ~70 MB and a
    // copy of it per step would triple the bridge's memory while it rebuilds the index.
    private readonly parts: Array<{
        name: string;
        kind: ColumnEntry["kind"];
        chunks: Chunk[];
        length: number;
        count: number;
        bytes?: number;
    }> = [];

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
        this.parts.push({
            name,
            kind: "strings",
            chunks: parts,
            length: offsets.byteLength + pos,
            count: values.length,
            bytes: pos,
        });
        return this;
    }

    /** A strings column from a StringsBuilder (whose bytes may be in a scratch file) or a ColumnPatch. */
    built(name: string, builder: Pick<StringsBuilder, "finish">): this {
        const { offsets, chunks, bytes, count } = builder.finish();
        this.parts.push({
            name,
            kind: "strings",
            chunks: [offsets, ...chunks],
            length: offsets.length + bytes,
            count,
            bytes,
        });
        return this;
    }

    /** A number column given as chunks (a NumberPatch: column-patch.ts). */
    numbers(
        name: string,
        kind: "int32" | "uint8",
        built: { finish(): { chunks: Chunk[]; count: number; bytes: number } }
    ): this {
        const { chunks, count, bytes } = built.finish();
        this.parts.push({ name, kind, chunks, length: bytes, count });
        return this;
    }

    int32(name: string, values: ArrayLike<number>): this {
        const a = values instanceof Int32Array ? values : Int32Array.from(values);
        this.parts.push({
            name,
            kind: "int32",
            chunks: [Buffer.from(a.buffer, a.byteOffset, a.byteLength)],
            length: a.byteLength,
            count: values.length,
        });
        return this;
    }

    uint8(name: string, values: ArrayLike<number>): this {
        const a = values instanceof Uint8Array ? values : Uint8Array.from(values);
        this.parts.push({
            name,
            kind: "uint8",
            chunks: [Buffer.from(a.buffer, a.byteOffset, a.byteLength)],
            length: a.byteLength,
            count: values.length,
        });
        return this;
    }

    /** The file as a list of chunks (header, columns, padding), in order. */
    toChunks(meta: unknown): ChunkSource {
        // Offsets are relative to the start of the column area, so the header size does not matter.
        const columns: Record<string, ColumnEntry> = {};
        let pos = 0;
        for (const p of this.parts) {
            columns[p.name] = {
                kind: p.kind,
                offset: pos,
                count: p.count,
                ...(p.bytes !== undefined ? { bytes: p.bytes } : {}),
            };
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
