// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The order of the short lists the bridge sorts for the page (repositories,
 * stores, sections, categories, history files): case-insensitive, then by
 * code unit, the same on every machine. Not String.prototype.localeCompare:
 * its first call in a process makes ICU's collator, ~13 ms of the opening
 * batch's ~60 ms of work (measured: repositories list went from 33 to 20 ms),
 * and every request is a process of its own.
 */
export function compareText(a: string, b: string): number {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    if (la !== lb) return la < lb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
}
