// SPDX-License-Identifier: LGPL-2.1-or-later
/* The header of a column file, shared by its writer (column-writer.ts) and its reader (column-file.ts, which describes the format). */

export interface ColumnEntry {
    kind: "strings" | "int32" | "uint8";
    offset: number;
    count: number;
    /** strings: byte length of the UTF-8 part */
    bytes?: number;
}

export interface Header {
    meta: unknown;
    columns: Record<string, ColumnEntry>;
}

export const align = (n: number) => (n + 7) & ~7;
