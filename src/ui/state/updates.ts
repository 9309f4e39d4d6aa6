// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Updates tab's view of the upgradable packages (issue 13): what "Upgrade
 * all" really upgrades (keptBack null), security updates first, and the ones
 * APT keeps back, with the reason in words. Pure functions, for the tab, the
 * page status and their tests.
 */
import type { PackageSummary } from "../../protocol/index.js";
import { _, fmt } from "../cockpit.js";

export interface UpdatesSplit {
    /** What "Upgrade all" upgrades: security updates first, then by name (the bridge's order). */
    ready: PackageSummary[];
    /** Held, phased and needing a removal: left alone by "Upgrade all". */
    keptBack: PackageSummary[];
    /** Security updates among all of them (ready or kept back). */
    security: number;
}

export function splitUpdates(packages: readonly PackageSummary[]): UpdatesSplit {
    const ready: PackageSummary[] = [];
    const keptBack: PackageSummary[] = [];
    let security = 0;
    for (const p of packages) {
        if (!p.upgradable) continue;
        if (p.security) security++;
        (p.keptBack === null ? ready : keptBack).push(p);
    }
    // Array.prototype.sort is stable: the name order stays within each group.
    ready.sort((a, b) => Number(b.security) - Number(a.security));
    return { ready, keptBack, security };
}

/** The reason a kept-back update waits, as the page says it. */
export function keptBackLabel(p: PackageSummary): string {
    switch (p.keptBack) {
        case "held":
            return _("Held");
        case "phased":
            return p.phasedPercentage !== null ? fmt(_("Phased: $0% of machines"), p.phasedPercentage) : _("Phased");
        case "removal":
            return _("Needs a removal");
        default:
            return "";
    }
}

/** What to do about it, one sentence. */
export function keptBackHint(p: PackageSummary): string {
    switch (p.keptBack) {
        case "held":
            return _("Held at its version: Unhold it to let Upgrade all upgrade it.");
        case "phased":
            return _(
                "The update is rolled out to a part of the machines at a time; this one's turn has not come. Upgrade all will install it when it does."
            );
        case "removal":
            return _(
                "Upgrading it needs another package removed. A full upgrade can do it; its preview names every removal."
            );
        default:
            return "";
    }
}
