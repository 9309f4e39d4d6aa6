// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { packageSummary } from "../../src/bridge/index/package-table.js";
import { NO_PHASING } from "../../src/bridge/index/index-data.js";
import {
    storedSummaryJson,
    storedSummaryPrefix,
    summaryEnd,
    summaryMiddle,
    summaryOrigin,
    tagSetJson,
} from "../../src/bridge/index/summary-json.js";

describe("a row's JSON in three parts (summary-json.ts)", () => {
    it("tagSetJson writes what JSON.stringify writes of the split set, plain or odd", () => {
        for (const joined of [
            "role::program",
            "a::b,c::d,use::gameplaying",
            'q"uote,x',
            "back\\slash",
            "tab\t,é,😀",
            " ,~",
        ])
            expect(tagSetJson(joined)).toBe(JSON.stringify(joined.split(",")));
        expect(tagSetJson("")).toBe("[]");
    });

    it("stored part + middle + end is JSON.stringify(summary), whatever the summary's text holds", () => {
        const origin = {
            origin: "Debian",
            label: "Debian",
            suite: "stable",
            codename: "bookworm",
            component: "main",
            site: "deb.debian.org",
        };
        for (const summary of [
            "plain",
            'cut at ,"origin":{"origin":"x"},"tags":[],"essential":true here',
            '\\"origin\\":',
        ])
            for (const [flags, phased] of [
                [0, NO_PHASING],
                [7, 30],
                [255, 0],
            ] as const) {
                const s = packageSummary({
                    name: "pkg",
                    architecture: "amd64",
                    summary,
                    section: "net",
                    installed: "1.0",
                    candidate: "1.1",
                    flags,
                    origin,
                    tags: ["role::program", "use::browsing"],
                    phased,
                });
                const json = JSON.stringify(s);
                expect(
                    storedSummaryJson(json) +
                        summaryMiddle(summaryOrigin(origin, "Debian:stable"), "role::program,use::browsing") +
                        summaryEnd(json)
                ).toBe(JSON.stringify({ ...s, repository: "Debian:stable" }));
            }
    });

    it("storedSummaryPrefix is the stored part of packageSummary's JSON, whatever the fields hold", () => {
        const texts = [
            "",
            "plain",
            'q"uote',
            "back\\slash",
            "tab\t,\u0001,\u007f",
            "é😀\u2028",
            "\ud800 lone",
            ',"origin":',
        ];
        let compared = 0;
        for (const text of texts)
            for (const flags of [0, 1, 2, 3, 255])
                for (const [installed, candidate] of [
                    ["", ""],
                    ["1.0", ""],
                    ["", text || "2"],
                    [text || "1", "1:2.0~rc1+b1"],
                ] as const) {
                    const r = {
                        name: text ? `n${text}` : "pkg",
                        architecture: text ? "all" : "",
                        summary: text,
                        section: text ? `s/${text}` : "",
                        installed,
                        candidate,
                        flags,
                    };
                    const full = packageSummary({ ...r, origin: null, tags: [], phased: NO_PHASING });
                    expect(storedSummaryPrefix(r)).toBe(storedSummaryJson(JSON.stringify(full)));
                    compared++;
                }
        expect(compared).toBe(texts.length * 5 * 4);
    });
});
