// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A cache that is written but never read back costs every request its work
 * (as the stores' left-behind cache did: written with its checksum trailer,
 * read as plain JSON). Every read command the page uses, asked a second time
 * on unchanged files, must find what the first one kept: it writes no cache
 * file (none made, changed or replaced).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFileStamps } from "../support/cache-files.js";
import { createSandbox, hostDpkgFingerprint, withStores, type Sandbox } from "../support/sandbox.js";

const hostBefore = hostDpkgFingerprint();
let sb: Sandbox;

function cacheFiles(): Record<string, string> {
    return cacheFileStamps(sb.env.COCKPIT_APT_CACHE_DIR as string);
}

beforeAll(async () => {
    sb = await createSandbox({
        repos: [
            {
                name: "stable",
                origin: "Test",
                suite: "stable",
                packages: [
                    { name: "app", version: "1.0", depends: "lib", tags: ["role::program", "field::marine"] },
                    { name: "lib", version: "1.0", section: "libs" },
                    { name: "tool", version: "1.0", section: "utils", tags: ["role::program"] },
                ],
            },
            {
                name: "updates",
                origin: "Test",
                suite: "stable-updates",
                packages: [{ name: "app", version: "1.1", depends: "lib" }],
            },
        ],
    });
    withStores(sb, {
        "marine.yaml": "id: marine\nname: Marine\ndescription: Boats.\nfilters:\n  include_tags: [field::marine]\n",
    });
    const install = await sb.aptGet(["install", "-y", "app=1.0", "tool"]);
    expect(install.status, install.stderr).toBe(0);
});
afterAll(() => {
    sb?.cleanup();
    expect(hostDpkgFingerprint()).toEqual(hostBefore);
});

describe("a warm request writes no cache file", () => {
    const requests = [
        ["packages", "filter"],
        ["packages", "filter", "--tab", "installed"],
        ["packages", "filter", "--tab", "updates"],
        ["packages", "filter", "--store", "marine"],
        ["packages", "search", "app"],
        ["packages", "counts"],
        ["packages", "facets"],
        ["packages", "details", "app"],
        ["packages", "dependencies", "app"],
        ["packages", "rdepends", "lib"],
        ["packages", "residual"],
        ["repositories", "list"],
        ["sections", "list"],
        ["categories", "list"],
        ["categories", "apps"],
        ["stores", "list"],
        ["history", "list"],
    ];
    for (const args of requests)
        it(args.join(" "), async () => {
            const first = await sb.bridge(args);
            expect(first.status, first.stderr).toBe(0);
            const before = cacheFiles();
            const again = await sb.bridge(args);
            expect(again.status, again.stderr).toBe(0);
            expect(again.stdout).toBe(first.stdout);
            expect(cacheFiles()).toEqual(before);
        });
});
