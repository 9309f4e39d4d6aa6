// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A names column (sorted in JavaScript string order, as the build writes it)
 * read whole as bytes, and looked up by binary search with a string made only
 * for the rows it looks at. The rebuild after dpkg (status-patch.ts) looks up a
 * few thousand names among 157,000 on a Raspberry Pi's index: decoding them all
 * into an array of strings was a sixth of it (~200 ms, most of it the garbage
 * collector's). A caller that looks up only a few names (the hot file's rows,
 * where only the changed packages are looked for) reads them one by one
 * instead (`whole` false): ~20 entries per name rather than 3 MB.
 */
import type { StringColumn } from "./string-column.js";

export class SortedNames {
    readonly count: number;
    private readonly offsets: Uint32Array | null = null;
    private readonly data: Buffer | null = null;

    constructor(
        private readonly column: StringColumn,
        whole = true
    ) {
        this.count = column.count;
        if (!whole) return;
        this.offsets = column.layout().offsets;
        this.data = column.bytes();
    }

    get(i: number): string {
        if (!this.data) return this.column.get(i);
        const offsets = this.offsets as Uint32Array;
        return this.data.toString("utf8", offsets[i] as number, (offsets[i + 1] as number) - 1);
    }

    /** The first row at or after `from` whose name is not below `name`; count when none. */
    lowerBound(name: string, from = 0): number {
        let lo = from;
        let hi = this.count;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.get(mid) < name) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The row of `name`, or -1. */
    find(name: string): number {
        const i = this.lowerBound(name);
        return i < this.count && this.get(i) === name ? i : -1;
    }

    /** The rows of a bare package name: "name" itself and every "name:ARCH" (not adjacent: "name-dev" sorts between). */
    rowsOfBare(bare: string): number[] {
        const rows: number[] = [];
        const own = this.find(bare);
        if (own >= 0) rows.push(own);
        const prefix = `${bare}:`;
        for (let i = this.lowerBound(prefix); i < this.count && this.get(i).startsWith(prefix); i++) rows.push(i);
        return rows;
    }
}
