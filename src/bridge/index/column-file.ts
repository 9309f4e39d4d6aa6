// SPDX-License-Identifier: LGPL-2.1-or-later
import { typedView, type ByteSource } from "./byte-source.js";
import { align, type ColumnEntry, type Header } from "./column-layout.js";
import { StringColumn } from "./string-column.js";

/*
 * A small binary container for the index cache: a JSON header plus named
 * columns that are used in place, without parsing 60,000 objects.
 *  - "strings": uint32 byte offsets (count + 1) then UTF-8 bytes; an entry is
 *    decoded only when it is read;
 *  - "int32" / "uint8": typed arrays viewed directly over the file's bytes.
 * Layout: 4-byte header length, header JSON, then each column 8-byte aligned.
 */

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

    /** How many entries the column has. */
    count(name: string): number {
        const e = this.columns[name];
        if (!e) throw new Error(`index cache: no column ${name}`);
        return e.count;
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

    /** Where a number column's values start in the source, and how many there are (nothing read). */
    numbersAt(name: string, kind: "int32" | "uint8"): { pos: number; count: number } {
        const e = this.entry(name, kind);
        return { pos: this.start + e.offset, count: e.count };
    }

    uint8(name: string, first = 0, count?: number): Uint8Array {
        const e = this.entry(name, "uint8");
        return this.source.read(this.start + e.offset + first, count ?? e.count - first);
    }
}
