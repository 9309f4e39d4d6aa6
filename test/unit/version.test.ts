// SPDX-License-Identifier: LGPL-2.1-or-later
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compareVersions, parseVersion, satisfiesRelation } from "../../src/bridge/apt/version.js";

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe("parseVersion", () => {
    it("splits epoch, upstream and revision", () => {
        expect(parseVersion("1:2.3-4")).toEqual({ epoch: 1, upstream: "2.3", revision: "4" });
        expect(parseVersion("2.3")).toEqual({ epoch: 0, upstream: "2.3", revision: "" });
        expect(parseVersion("1.0-2-3")).toEqual({ epoch: 0, upstream: "1.0-2", revision: "3" });
        expect(parseVersion("7:1.0")).toEqual({ epoch: 7, upstream: "1.0", revision: "" });
    });
});

describe("compareVersions", () => {
    const cases: Array<[string, string, number]> = [
        ["1.0", "1.0", 0],
        ["1.0", "1.0-0", 0],
        ["1.0~rc1", "1.0", -1],
        ["1.0~~", "1.0~", -1],
        ["1.0~", "1.0", -1],
        ["1.0", "1.0+b1", -1],
        ["1.0a", "1.0", 1],
        ["1.0", "1.0.0", -1],
        ["1:0.1", "2.0", 1],
        ["0:1.0", "1.0", 0],
        ["1.10", "1.9", 1],
        ["1.010", "1.10", 0],
        ["2.0-1", "2.0-1ubuntu1", -1],
        ["1.0-1", "1.0-1~bpo1", 1],
        ["a", "B", 1], // letters compare by ASCII: 'a' (97) > 'B' (66)
        ["1.0+dfsg", "1.0-1", 1],
        ["1.0.", "1.0", 1],
        ["22.01+really26.02+dfsg-0+deb12u1", "22.01+dfsg-8", 1],
    ];
    for (const [a, b, want] of cases) {
        it(`${a} vs ${b}`, () => {
            expect(sign(compareVersions(a, b))).toBe(want);
            expect(sign(compareVersions(b, a))).toBe(want === 0 ? 0 : -want);
        });
    }

    it("agrees with dpkg --compare-versions on real version pairs", () => {
        // Pairs from this machine's own dpkg database: each installed version against its neighbours.
        const versions = execFileSync("dpkg-query", ["-W", "-f", "${Version}\n"], { encoding: "utf8" })
            .split("\n")
            .filter(Boolean)
            .concat([
                "1.0~rc1",
                "1.0~~a",
                "2:1.0",
                "1.0+b1",
                "1.0-1~bpo12+1",
                "0.0.26-3",
                "1:2.36-9+deb12u14",
                "3.0~git20200101.abc-1",
            ]);
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < versions.length && pairs.length < 400; i++) {
            const a = versions[i] as string;
            const b = versions[(i * 7 + 3) % versions.length] as string;
            pairs.push([a, b]);
        }
        expect(pairs.length).toBeGreaterThan(100);
        // One dpkg process per relation would take minutes; a shell-free loop in one sh -c
        // reading pairs from stdin keeps it to a single process.
        const script =
            'while IFS=" " read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo lt; elif dpkg --compare-versions "$a" eq "$b"; then echo eq; else echo gt; fi; done';
        const out = execFileSync("sh", ["-c", script], {
            input: pairs.map(([a, b]) => `${a} ${b}`).join("\n") + "\n",
            encoding: "utf8",
        })
            .trim()
            .split("\n");
        const mine = pairs.map(([a, b]) => ["lt", "eq", "gt"][sign(compareVersions(a, b)) + 1]);
        const disagreements = pairs.flatMap((p, i) =>
            out[i] !== mine[i] ? [`${p.join(" vs ")}: dpkg ${out[i]} mine ${mine[i]}`] : []
        );
        expect(disagreements).toEqual([]);
        expect(out).toHaveLength(pairs.length);
        // Up to 800 dpkg processes: seconds on an idle machine, more on a busy CI runner.
    }, 120_000);
});

describe("satisfiesRelation", () => {
    it("evaluates every relation", () => {
        expect(satisfiesRelation("1.0", ">=", "1.0")).toBe(true);
        expect(satisfiesRelation("1.0", ">>", "1.0")).toBe(false);
        expect(satisfiesRelation("1.0~rc1", "<<", "1.0")).toBe(true);
        expect(satisfiesRelation("1.0", "=", "1.0-0")).toBe(true);
        expect(satisfiesRelation("2", "<=", "1")).toBe(false);
        expect(satisfiesRelation("2", "??", "1")).toBe(false);
    });
});
