// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index rows' update facts (issue 13), for index-builder.ts: security
 * (the candidate is in a security archive), held (dpkg selection "hold", which
 * is also the kept-back reason of a held upgradable row), and the
 * Phased-Update-Percentage of a stanza. The other kept-back reasons (phased,
 * removal) are APT's simulation of "Upgrade all" (kept-back.ts), which costs
 * as much as a build: it is not run by the build but when a request shows it
 * (Database.withKeptBack), so the index only records whether the lists carry
 * phasing at all (HotMeta.listsHavePhasing).
 */
import { FLAG_HELD, FLAG_SECURITY, KEPT_BACK_CODES, KEPT_BACK_SHIFT, NO_PHASING } from "./index-data.js";

export class UpdateFlags {
    /** Some stanza carries Phased-Update-Percentage (kept-back.ts then asks APT about phasing). */
    listsHavePhasing = false;

    /** securityFile: per index file (the build's file numbers), whether it is a security archive's. */
    constructor(private readonly securityFile: readonly boolean[]) {}

    /** A Phased-Update-Percentage field's value (0-100), NO_PHASING when it is not a number APT would read. */
    phasedPercentage(text: string): number {
        if (!/^\s*\d+\s*$/.test(text)) return NO_PHASING;
        this.listsHavePhasing = true;
        return Math.min(100, Number(text));
    }

    /** FLAG_SECURITY, FLAG_HELD and the kept-back code "held" of a row. candidateFiles: the candidate's file numbers. */
    flags(held: boolean, upgradable: boolean, candidateFiles: readonly number[] | undefined): number {
        let flags = held ? FLAG_HELD : 0;
        if (candidateFiles?.some((f) => this.securityFile[f] === true)) flags |= FLAG_SECURITY;
        // A held package stays where it is whatever else applies; Unhold is the first remedy.
        if (upgradable && held) flags |= KEPT_BACK_CODES.indexOf("held") << KEPT_BACK_SHIFT;
        return flags;
    }
}
