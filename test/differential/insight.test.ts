// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Package insight against libapt (python3-apt) on this machine's real index:
 * for a deterministic sample of packages (every 250th, plus well-known ones
 * with many relations), `packages rdepends` names exactly the packages whose
 * installed or candidate version relates to the package, with the same kinds,
 * and `packages dependencies` resolves every target to the same state and
 * providers. The host is only read.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    DependenciesResponse,
    PackageListResponse,
    ReverseDependenciesResponse,
} from "../../src/protocol/index.js";
import { runBridge } from "../support/bridge.js";
import { ensurePythonApt } from "./apt-agreement.js";

const WELL_KNOWN = [
    "libc6",
    "bash",
    "python3",
    "perl",
    "zlib1g",
    "debconf",
    "dpkg",
    "apt",
    "systemd",
    "libssl3",
    "mawk",
    "coreutils",
];
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-diff-insight-"));
const env = { APT_CONFIG: "", COCKPIT_APT_CACHE_DIR: cacheDir };

interface Oracle {
    rdepends: Record<string, Array<[string, string]>>;
    dependencies: Record<string, Array<[string, string, string, string[]]>>;
}

let names: string[] = [];
let apt: Oracle;

beforeAll(async () => {
    ensurePythonApt();
    const all = (await runBridge<PackageListResponse>(["packages", "filter", "--limit", "1000", "--offset", "0"], env))
        .json.total;
    const sampled: string[] = [];
    for (let offset = 0; offset < all; offset += 1000) {
        const page = (
            await runBridge<PackageListResponse>(
                ["packages", "filter", "--limit", "1000", "--offset", String(offset)],
                env
            )
        ).json.packages;
        page.forEach((p, i) => {
            if ((offset + i) % 250 === 0 && !p.name.includes(":")) sampled.push(p.name);
        });
    }
    names = [...new Set([...WELL_KNOWN, ...sampled])];
    const out = execFileSync("/usr/bin/python3", [path.join(import.meta.dirname, "insight-oracle.py")], {
        input: names.join("\n"),
        encoding: "utf8",
        maxBuffer: 1 << 28,
        env: { ...process.env, LC_ALL: "C.UTF-8" },
    });
    apt = JSON.parse(out) as Oracle;
}, 600_000);
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

describe("package insight agrees with libapt on the host's index", () => {
    it("rdepends: the same packages and relation kinds (direct relations; Replaces and Provides aside)", async () => {
        expect(names.length).toBeGreaterThan(100);
        const diffs: string[] = [];
        let relations = 0;
        for (const name of names) {
            const ours = (await runBridge<ReverseDependenciesResponse>(["packages", "rdepends", name], env)).json
                .reverseDependencies;
            const mine = ours
                .filter((r) => r.via === null && r.relation !== "provides" && r.relation !== "replaces")
                .map((r) => `${r.name} ${r.relation}`);
            const theirs = (apt.rdepends[name] ?? [])
                .filter(([, kind]) => kind !== "replaces")
                .map(([n, kind]) => `${n} ${kind}`);
            relations += theirs.length;
            const a = new Set(mine);
            const b = new Set(theirs);
            const missing = theirs.filter((x) => !a.has(x));
            const extra = mine.filter((x) => !b.has(x));
            if (missing.length || extra.length)
                diffs.push(`${name}: missing ${missing.slice(0, 5).join(", ")}; extra ${extra.slice(0, 5).join(", ")}`);
        }
        expect(relations).toBeGreaterThan(10_000); // libc6 alone has about 20,000
        expect(diffs).toEqual([]);
    });

    it("dependencies: every target with the same state and providers", async () => {
        const diffs: string[] = [];
        for (const name of names) {
            const ours = (await runBridge<DependenciesResponse>(["packages", "dependencies", name], env)).json
                .relations;
            const mine: string[] = [];
            for (const [kind, groups] of Object.entries(ours)) {
                if (kind === "replaces" || kind === "provides") continue;
                for (const group of groups)
                    for (const alt of group)
                        mine.push(JSON.stringify([kind, alt.name.split(":")[0], alt.state, alt.providers]));
            }
            // As sets: libapt may list one relation twice (an implicit multi-arch Conflicts, say).
            const theirs = (apt.dependencies[name] ?? []).map((d) => JSON.stringify(d));
            const a = new Set(mine);
            const b = new Set(theirs);
            if (a.size !== b.size || [...a].some((x) => !b.has(x))) {
                diffs.push(
                    `${name}: missing ${theirs
                        .filter((x) => !a.has(x))
                        .slice(0, 3)
                        .join(" ")}; extra ${mine
                        .filter((x) => !b.has(x))
                        .slice(0, 3)
                        .join(" ")}`
                );
            }
        }
        expect(diffs).toEqual([]);
    });
});
