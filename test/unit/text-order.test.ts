// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { compareText } from "../../src/bridge/text-order.js";

describe("compareText: the order of the bridge's short lists", () => {
    it("ignores case first, then orders by code unit, and is a total order", () => {
        const labels = [
            "debian",
            "Raspberry Pi",
            "Debian",
            "Debian Security",
            "debian-backports",
            "Zeta",
            "alpha",
            "10",
        ];
        const sorted = [...labels].sort(compareText);
        expect(sorted).toEqual([
            "10",
            "alpha",
            "Debian",
            "debian",
            "Debian Security",
            "debian-backports",
            "Raspberry Pi",
            "Zeta",
        ]);
        for (const a of labels)
            for (const b of labels) {
                expect(compareText(a, b) + compareText(b, a)).toBe(0);
                if (a === b) expect(compareText(a, b)).toBe(0);
            }
    });

    it("orders what is not ASCII by code unit, as no collator would (dotless i after i)", () => {
        expect(["ı", "I", "i"].sort(compareText)).toEqual(["I", "i", "ı"]);
    });
});
