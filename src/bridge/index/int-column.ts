// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A growable column of 32-bit integers in pages of 64 Ki entries: growing
 * adds a page and never copies (a doubling array holds both copies at its
 * peak, which is the build's peak of memory). The first page starts small and
 * doubles: a patch (status-patch.ts) makes a few dozen versions, and 20
 * columns of a fresh 256 KiB page each cost it ~20 ms of page faults.
 */

const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
const FIRST_PAGE = 1024;

export class IntColumn {
    private readonly pages: Int32Array[] = [];

    /** fill: the value of entries never set. */
    constructor(private readonly fill = 0) {}

    get(i: number): number {
        const page = this.pages[i >>> PAGE_BITS];
        const at = i & PAGE_MASK;
        return page === undefined || at >= page.length ? this.fill : (page[at] as number);
    }

    set(i: number, value: number): void {
        const p = i >>> PAGE_BITS;
        const at = i & PAGE_MASK;
        if (p === 0 && (this.pages[0]?.length ?? 0) <= at) {
            // the first page, doubled (or made) until it holds `at`
            let size = this.pages[0]?.length || FIRST_PAGE;
            while (size <= at) size *= 2;
            const page = new Int32Array(Math.min(size, PAGE_SIZE)).fill(this.fill);
            if (this.pages[0]) page.set(this.pages[0]);
            this.pages[0] = page;
        }
        // (a small first page stays small: get() reads what it does not hold as the fill)
        while (this.pages.length <= p) this.pages.push(new Int32Array(PAGE_SIZE).fill(this.fill));
        (this.pages[p] as Int32Array)[at] = value;
    }

    /** Lets the memory go; entries must not be read afterwards. */
    release(): void {
        this.pages.length = 0;
    }
}
