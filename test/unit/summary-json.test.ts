// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { packageSummary } from "../../src/bridge/index/package-table.js";
import { NO_PHASING } from "../../src/bridge/index/index-data.js";
import {
    storedSummaryJson,
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
});
