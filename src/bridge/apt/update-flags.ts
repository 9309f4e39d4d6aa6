/*
 * The index rows' update facts (issue 13), for index-builder.ts: security
 * (the candidate is in a security archive), held (dpkg selection "hold"),
 * why an upgradable row is kept back (kept-back.ts, asked once, when the
 * first upgradable row is made: a system without updates never runs the
 * simulation), and the Phased-Update-Percentage of a stanza.
 */
import { FLAG_HELD, FLAG_SECURITY, KEPT_BACK_CODES, KEPT_BACK_SHIFT, NO_PHASING } from "./index-data.js";
import type { KeptBack } from "./kept-back.js";

export class UpdateFlags {
    private keptBack: KeptBack | null = null;
    /** Some stanza carries Phased-Update-Percentage (kept-back.ts then asks APT about phasing). */
    private listsHavePhasing = false;

    /**
     * findKeptBack: kept-back.ts's answer (possibly from its cache). securityFile: per
     * index file (the build's file numbers), whether it is a security archive's.
     */
    constructor(
        private readonly findKeptBack: (listsHavePhasing: boolean) => KeptBack,
        private readonly securityFile: readonly boolean[],
    ) {}

    /** A Phased-Update-Percentage field's value (0-100), NO_PHASING when it is not a number APT would read. */
    phasedPercentage(text: string): number {
        if (!/^\s*\d+\s*$/.test(text)) return NO_PHASING;
        this.listsHavePhasing = true;
        return Math.min(100, Number(text));
    }

    /** FLAG_SECURITY, FLAG_HELD and the kept-back code of a row. candidateFiles: the candidate's file numbers. */
    flags(name: string, held: boolean, upgradable: boolean, candidateFiles: readonly number[] | undefined): number {
        let flags = held ? FLAG_HELD : 0;
        if (candidateFiles?.some((f) => this.securityFile[f] === true)) flags |= FLAG_SECURITY;
        if (upgradable) {
            // A held package stays where it is whatever else applies; Unhold is the first remedy.
            this.keptBack ??= this.findKeptBack(this.listsHavePhasing);
            const reason = held ? "held" : (this.keptBack.get(name) ?? null);
            flags |= KEPT_BACK_CODES.indexOf(reason) << KEPT_BACK_SHIFT;
        }
        return flags;
    }
}
