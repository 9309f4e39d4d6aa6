// SPDX-License-Identifier: LGPL-2.1-or-later
/* Binary search over ranges by their starts: chunks of a file being built, windows of a column, lines of a text. */
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
