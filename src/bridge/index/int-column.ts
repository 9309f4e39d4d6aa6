// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A growable column of 32-bit integers in pages of 64 Ki entries: growing
 * adds a page and never copies (a doubling array holds both copies at its
 * peak, which is the build's peak of memory).
 */

const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

export class IntColumn {
    private readonly pages: Int32Array[] = [];

    /** fill: the value of entries never set. */
    constructor(private readonly fill = 0) {}

    get(i: number): number {
        const page = this.pages[i >>> PAGE_BITS];
        return page === undefined ? this.fill : (page[i & PAGE_MASK] as number);
    }

    set(i: number, value: number): void {
        const p = i >>> PAGE_BITS;
        while (this.pages.length <= p) this.pages.push(new Int32Array(PAGE_SIZE).fill(this.fill));
        (this.pages[p] as Int32Array)[i & PAGE_MASK] = value;
    }

    /** Lets the memory go; entries must not be read afterwards. */
    release(): void {
        this.pages.length = 0;
    }
}
