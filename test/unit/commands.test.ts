// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { commands } from "../../src/bridge/commands/index.js";

describe("the bridge's commands", () => {
    it("no two commands have the same words (the longer match would hide one)", () => {
        const words = commands.map((c) => c.words.join(" "));
        expect(words.filter((w, i) => words.indexOf(w) !== i)).toEqual([]);
    });

    it("every command group's commands are there", () => {
        const groups = new Set(commands.map((c) => c.words[0]));
        expect([...groups].sort()).toEqual([
            "automatic-updates",
            "batch",
            "cache",
            "categories",
            "history",
            "operations",
            "packages",
            "repositories",
            "sections",
            "stores",
            "system",
        ]);
        expect(commands.map((c) => c.words.join(" "))).toEqual(
            expect.arrayContaining([
                "packages filter",
                "packages search",
                "packages details",
                "packages rdepends",
                "cache refresh",
            ])
        );
    });
});
