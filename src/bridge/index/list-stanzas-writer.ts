// SPDX-License-Identifier: LGPL-2.1-or-later
/* Writes the list stanzas file (list-stanzas.ts says what it holds) as the build reads the lists. */
import type fs from "node:fs";
import type { ChunkSource } from "./chunk-source.js";
import { ColumnWriter } from "./column-writer.js";
import type { ListIdentity, StanzasMeta } from "./index-data.js";
import { COPIES_COLUMN, startsWithFirstField, WHERE_COLUMN } from "./list-stanzas.js";
import type { Spool } from "./spool.js";
import { StringsBuilder } from "./strings-builder.js";

/** Offsets are int32: a list this large (never seen) is copied. */
const MAX_OFFSET_FILE = 0x7fffffff;

/** The list stanzas as the build meets them (forEachStanzaIn order), for the file's columns. */
export class ListStanzasWriter {
    private where = new Int32Array(3 * 4096);
    private n = 0;
    private readonly copies: StringsBuilder;
    private readonly lists: ListIdentity[] = [];
    /** The list being read, when its stanzas may be kept as offsets; else -1. */
    private current = -1;

    constructor(spool: Spool) {
        this.copies = new StringsBuilder(spool);
    }

    get count(): number {
        return this.n;
    }

    /**
     * The stanzas added next come from the list `path`; `plainFile`: its fstat
     * when the build reads it in place (list-files.ts ListReader), else null
     * (decompressed elsewhere: its stanzas are copied).
     */
    beginList(path: string, plainFile: fs.Stats | null): void {
        this.current = -1;
        if (!plainFile || !plainFile.isFile() || plainFile.size > MAX_OFFSET_FILE) return;
        this.current = this.lists.length;
        this.lists.push({
            path,
            dev: plainFile.dev,
            ino: plainFile.ino,
            size: plainFile.size,
            mtimeMs: plainFile.mtimeMs,
        });
    }

    /** Adds the stanza data[start, end), which is at dataPos + start in the list; returns its number. */
    add(data: Buffer, start: number, end: number, dataPos: number): number {
        if (3 * this.n + 3 > this.where.length) {
            const bigger = new Int32Array(this.where.length * 2);
            bigger.set(this.where);
            this.where = bigger;
        }
        const w = 3 * this.n;
        if (this.current >= 0 && startsWithFirstField(data, start, end)) {
            this.where[w] = this.current;
            this.where[w + 1] = dataPos + start;
        } else {
            this.where[w] = -1;
            this.where[w + 1] = this.copies.addBytes(data, start, end);
        }
        this.where[w + 2] = end - start;
        return this.n++;
    }

    /** The file (column-file.ts), with `meta` completed by the lists read in place. */
    toChunks(meta: Omit<StanzasMeta, "lists">): ChunkSource {
        const where = this.where.subarray(0, 3 * this.n);
        const full: StanzasMeta = { ...meta, lists: this.lists };
        return new ColumnWriter().int32(WHERE_COLUMN, where).built(COPIES_COLUMN, this.copies).toChunks(full);
    }
}
