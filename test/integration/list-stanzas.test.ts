// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The list stanzas file (list-stanzas.ts) keeps where a plain list's stanzas
 * are and copies a compressed list's (Acquire::GzipIndexes): details and
 * reverse dependencies read both, and a list apt-get update replaced is read
 * anew, never at the old offsets.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageDetailsResponse, ReverseDependenciesResponse } from "../../src/protocol/index.js";
import { createAptRoot, stanzas, type AptRoot, type Stanza } from "../support/apt-root.js";
import { runBridge } from "../support/bridge.js";

let root: AptRoot;
let lists: string;

const pkg = (name: string, extra: Stanza = {}): Stanza => ({
    Package: name,
    Version: "1.0",
    Architecture: "all",
    Maintainer: "M <m@example.org>",
    ...extra,
    Description: `the ${name} package\n the long description of ${name}, only here`,
});

beforeAll(() => {
    root = createAptRoot({
        repos: [
            {
                name: "plain",
                origin: "Plain",
                suite: "stable",
                packages: [pkg("alpha", { Depends: "gamma" }), pkg("gamma")],
            },
            { name: "packed", origin: "Packed", suite: "stable", packages: [pkg("beta", { Depends: "gamma" })] },
        ],
    });
    lists = path.join(root.root, "var/lib/apt/lists");
    // The packed repository's list kept compressed, as Acquire::GzipIndexes keeps it.
    const packed = fs.readdirSync(lists).find((n) => n.includes("packed") && n.endsWith("_Packages")) as string;
    fs.writeFileSync(path.join(lists, `${packed}.gz`), zlib.gzipSync(fs.readFileSync(path.join(lists, packed))));
    fs.rmSync(path.join(lists, packed));
});
afterAll(() => root?.cleanup());

async function details(name: string): Promise<PackageDetailsResponse> {
    const r = await runBridge<PackageDetailsResponse>(["packages", "details", name], root.env);
    expect(r.status, r.stderr).toBe(0);
    return r.json;
}

function stanzasFileText(): string {
    const dir = root.env.COCKPIT_APT_CACHE_DIR as string;
    const file = fs.readdirSync(dir).find((n) => n.endsWith(".stanzas")) as string;
    return fs.readFileSync(path.join(dir, file), "latin1");
}

describe("list stanzas", () => {
    it("are read from a plain list in place and from the copies of a compressed one", async () => {
        expect((await details("alpha")).package.description).toContain("the long description of alpha, only here");
        expect((await details("beta")).package.description).toContain("the long description of beta, only here");
        const rdepends = await runBridge<ReverseDependenciesResponse>(["packages", "rdepends", "gamma"], root.env);
        expect(rdepends.json.reverseDependencies.map((d) => d.name)).toEqual(["alpha", "beta"]);
        // The compressed list's stanza is copied into the stanzas file; the plain list's are not.
        const text = stanzasFileText();
        expect(text).toContain("long description of beta");
        expect(text).not.toContain("long description of alpha");
        expect(text).toMatch(/plain[^"]*_Packages/);
    });

    it("follow a plain list that apt-get update replaced", async () => {
        expect((await details("gamma")).package.description).toContain("of gamma");
        const plain = fs.readdirSync(lists).find((n) => n.includes("plain") && n.endsWith("_Packages")) as string;
        // A new list renamed in, as apt-get update does: a package before the old ones moves every offset.
        const next = path.join(lists, "partial", plain);
        fs.writeFileSync(
            next,
            stanzas([pkg("aardvark"), pkg("alpha", { Depends: "gamma" }), pkg("gamma", { Version: "2.0" })])
        );
        fs.renameSync(next, path.join(lists, plain));
        expect((await details("alpha")).package.description).toContain("the long description of alpha, only here");
        const gamma = await details("gamma");
        expect(gamma.package.description).toContain("of gamma");
        expect((await details("aardvark")).package.description).toContain("of aardvark");
        const rdepends = await runBridge<ReverseDependenciesResponse>(["packages", "rdepends", "gamma"], root.env);
        expect(rdepends.json.reverseDependencies.map((d) => d.name)).toEqual(["alpha", "beta"]);
    });
});
