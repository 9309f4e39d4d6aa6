// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Several stores at once and debtag facets (issue 17) against python-apt's
 * data on this machine's real index: the bridge's union of stores, its
 * `--tag` filter and its facet counts, each against the same rules computed
 * directly over what libapt says of every package (oracle.py). The host is
 * only read; the stores are definitions in a temporary directory.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageFacetsResponse, PackageListResponse } from "../../src/protocol/index.js";
import { runBridge } from "../support/bridge.js";
import { ensurePythonApt, oracle, type OracleRow } from "./apt-agreement.js";

let dir: string;
let env: NodeJS.ProcessEnv;
let apt: Map<string, OracleRow>;

/** Two stores that overlap: each selects by tags AND sections (OR within each), as the loader's rules say. */
const STORES = {
    editors: { tags: ["use::editing", "works-with::text"], sections: ["editors", "text"] },
    tools: { tags: ["interface::commandline", "role::program"], sections: ["utils", "text", "admin"] },
};

const sectionOf = (s: string) => s.slice(s.lastIndexOf("/") + 1) || "misc";
const selects = (f: { tags: string[]; sections: string[] }, r: OracleRow) =>
    f.sections.includes(sectionOf(r.section)) && r.tags.some((t) => f.tags.includes(t));
const facet = (t: string) => t.slice(0, t.indexOf("::"));

/** Every row of a filter, through the bridge's paging. */
async function all(args: string[]): Promise<PackageListResponse["packages"]> {
    const out: PackageListResponse["packages"] = [];
    for (let offset = 0; ; offset += 1000) {
        const r = await runBridge<PackageListResponse>([...args, "--offset", String(offset)], env);
        if (r.status !== 0) throw new Error(r.stdout);
        out.push(...r.json.packages);
        if (offset + 1000 >= r.json.total) return out;
    }
}

beforeAll(() => {
    ensurePythonApt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-scope-"));
    const stores = path.join(dir, "stores");
    fs.mkdirSync(stores);
    for (const [id, f] of Object.entries(STORES)) {
        fs.writeFileSync(
            path.join(stores, `${id}.yaml`),
            `id: ${id}\nname: ${id}\ndescription: d\nfilters:\n  include_tags: ${JSON.stringify(f.tags)}\n  include_sections: ${JSON.stringify(f.sections)}\n`
        );
    }
    env = { APT_CONFIG: "", COCKPIT_APT_STORES_DIR: stores };
    apt = oracle(env);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("stores and facets agree with python-apt on the host's index", () => {
    it("--store editors --store tools: the union of what each selects, each row naming its stores", async () => {
        const expected = new Map<string, string[]>();
        for (const r of apt.values()) {
            const ids = Object.entries(STORES)
                .filter(([, f]) => selects(f, r))
                .map(([id]) => id);
            if (ids.length) expected.set(r.name, ids);
        }
        // Overlap and difference both present, or the test proves little.
        expect([...expected.values()].filter((v) => v.length === 2).length).toBeGreaterThan(0);
        expect([...expected.values()].filter((v) => v.length === 1).length).toBeGreaterThan(10);
        const rows = await all(["packages", "filter", "--store", "editors", "--store", "tools"]);
        expect(rows.length).toBe(new Set(rows.map((p) => p.name)).size); // a package once
        expect(new Map(rows.map((p) => [p.name, p.stores]))).toEqual(expected);
    });

    it("--tag: OR within a facet, AND between facets", async () => {
        const tags = ["use::editing", "use::viewing", "interface::x11", "interface::commandline"];
        const groups = new Map<string, string[]>();
        for (const t of tags) groups.set(facet(t), [...(groups.get(facet(t)) ?? []), t]);
        const expected = [...apt.values()]
            .filter((r) => [...groups.values()].every((g) => r.tags.some((t) => g.includes(t))))
            .map((r) => r.name)
            .sort();
        expect(expected.length).toBeGreaterThan(10);
        const rows = await all(["packages", "filter", ...tags.flatMap((t) => ["--tag", t])]);
        expect(rows.map((p) => p.name).sort()).toEqual(expected);
    });

    it("packages facets: every facet value's count in a store, as python-apt's tags give it", async () => {
        const inScope = [...apt.values()].filter((r) => selects(STORES.tools, r));
        const expected = new Map<string, number>();
        for (const r of inScope) for (const t of r.tags) expected.set(t, (expected.get(t) ?? 0) + 1);
        const r = await runBridge<PackageFacetsResponse>(["packages", "facets", "--store", "tools"], env);
        expect(r.json.total).toBe(inScope.length);
        const got = new Map(r.json.facets.flatMap((f) => f.values.map((v) => [v.tag, v.count] as const)));
        expect(got).toEqual(expected);
        expect(r.json.installed).toBe(inScope.filter((x) => x.installedVersion !== null).length);
        expect(r.json.upgradable).toBe(inScope.filter((x) => x.upgradable).length);
    });
});
