// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rebuild after dpkg (issue 20, src/bridge/index/status-patch.ts): after
 * every real change of dpkg's status or APT's extended_states (install with
 * automatic dependencies, a foreign architecture, upgrade, hold, apt-mark,
 * remove, purge, a local .deb only dpkg knows), the index is patched, not
 * built again, and everything the bridge answers from it is exactly what a
 * fresh build on the same files answers: every list page and tab, every
 * package's details, reverse dependencies, configuration files left behind.
 * Every package has an Installed-Size of its own, so that a details answer
 * that read another package's status stanza shows.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageDetailsResponse } from "../../src/protocol/index.js";
import { buildDeb } from "../support/debs.js";
import { createSandbox, hostDpkgFingerprint, type Sandbox } from "../support/sandbox.js";

const hostBefore = hostDpkgFingerprint();
let sb: Sandbox;
let scratch: string;

beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-patch-"));
    sb = await createSandbox({
        architectures: ["amd64", "i386"],
        preferences: ["Package: pinned", "Pin: version 1.*", "Pin-Priority: 1001", ""].join("\n"),
        repos: [
            {
                name: "stable",
                origin: "Test",
                suite: "stable",
                architectures: ["amd64", "i386"],
                packages: [
                    {
                        name: "app",
                        version: "1.0",
                        installedSize: 11,
                        depends: "liba",
                        tags: ["role::program"],
                        summary: "The app",
                    },
                    { name: "liba", version: "1.0", installedSize: 12, depends: "libb", section: "libs" },
                    { name: "libb", version: "1.0", installedSize: 13, section: "libs" },
                    { name: "libm", version: "1.0", installedSize: 14, architecture: "amd64", multiArch: "same" },
                    { name: "libm", version: "1.0", installedSize: 24, architecture: "i386", multiArch: "same" },
                    { name: "tool", version: "1.0", architecture: "amd64", multiArch: "allowed" },
                    { name: "tool", version: "1.0", installedSize: 25, architecture: "i386", multiArch: "allowed" },
                    { name: "pinned", version: "1.0", installedSize: 16 },
                    // a relation only this version has: the upgrade takes it out of the relation index
                    { name: "upme", version: "1.0", installedSize: 17, recommends: "filler-1" },
                    {
                        name: "conf",
                        version: "1.0",
                        conffiles: [{ path: "/etc/conf/conf.conf", content: "setting=1\n" }],
                    },
                    ...Array.from({ length: 100 }, (_, i) => ({ name: `filler-${i}`, version: "1.0" })),
                ],
            },
            {
                name: "updates",
                origin: "Test",
                suite: "stable-updates",
                packages: [
                    {
                        name: "upme",
                        version: "2.0",
                        tags: ["role::program", "use::upgrading"],
                        recommends: "filler-2",
                    },
                    { name: "pinned", version: "2.0" },
                    { name: "app", version: "1.1", depends: "liba" },
                ],
            },
        ],
    });
});
afterAll(() => {
    sb?.cleanup();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    expect(hostDpkgFingerprint()).toEqual(hostBefore);
});

let fresh = 0;
/** How many steps patched the relation index rather than leaving it to be made again. */
let patchedRelations = 0;
/** The packages whose answers are compared in full (details, dependencies); every package's row is in the lists. */
const WATCHED = ["app", "liba", "libb", "libm", "libm:i386", "tool:i386", "pinned", "upme", "conf", "local-thing"];

/** Everything the bridge answers from the index, with the sandbox's cache or a fresh one. */
async function answers(cacheDir?: string): Promise<string[]> {
    const options = cacheDir ? { env: { COCKPIT_APT_CACHE_DIR: cacheDir } } : {};
    const requests = [
        ["packages", "filter", "--limit", "1000"],
        ["packages", "filter", "--tab", "installed", "--limit", "1000"],
        ["packages", "filter", "--tab", "updates", "--limit", "1000"],
        ["packages", "search", "lib"],
        ["packages", "residual"],
        ...WATCHED.map((name) => ["packages", "details", name]),
        ["packages", "rdepends", "liba"],
        ["packages", "rdepends", "filler-1"],
        ["packages", "rdepends", "filler-2"],
        ["packages", "dependencies", "app"],
    ];
    // in turns, not at once: the machine may be small
    const out: string[] = [];
    for (const args of requests) {
        const r = await sb.bridge(args, options);
        out.push(`${args.join(" ")} -> ${r.status}\n${r.stdout}`);
    }
    return out;
}

/** The index's hot and detail files in the sandbox's cache, and the base files (layered-file.ts) there. */
function indexFiles(): { tops: Array<{ name: string; size: number; layerOf: string | null }>; bases: string[] } {
    const dir = sb.env.COCKPIT_APT_CACHE_DIR as string;
    const names = fs.readdirSync(dir);
    const tops = names
        .filter((n) => /^[0-9a-f]{16}\.(hot|detail)$/.test(n))
        .map((name) => {
            const text = fs.readFileSync(path.join(dir, name));
            const stamp = JSON.parse(text.subarray(0, text.indexOf(10)).toString("utf8")) as {
                layerOf?: { file: string };
            };
            return { name, size: text.length, layerOf: stamp.layerOf?.file ?? null };
        });
    return { tops, bases: names.filter((n) => n.includes(".base-")).sort() };
}

/** The request after a change: patched (or built, when `built`), then every answer as a fresh build gives it. */
async function expectPatchedLikeFresh(what: string, built = false): Promise<void> {
    const first = await sb.bridge(["packages", "filter", "--limit", "1"], { env: { COCKPIT_APT_TRACE: "1" } });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr, what).toContain(built ? "build: not patchable" : "build: patched");
    // A patch is written as a layer over the last full build's files, which stay under their base
    // names; a full build writes whole files and the bases go.
    const { tops, bases } = indexFiles();
    expect(tops.length, what).toBe(2);
    if (built) expect(bases, what).toEqual([]);
    for (const top of tops) {
        if (built) {
            expect(top.layerOf, what).toBeNull();
            continue;
        }
        expect(top.layerOf, what).toMatch(new RegExp(`^${top.name.replace(".", "\\.")}\\.base-[0-9a-f]{16}$`));
        expect(bases, what).toContain(top.layerOf);
        const base = fs.statSync(path.join(sb.env.COCKPIT_APT_CACHE_DIR as string, top.layerOf as string));
        expect(top.size, what).toBeLessThan(base.size);
    }
    if (!built) expect(bases.filter((b) => !b.includes(".relations.")).length, what).toBe(2);
    // The relation index (asked by the previous step's answers) follows a patch that kept every row
    // (relation-patch.ts): the first reverse dependencies after it do not make it again.
    if (first.stderr.includes("relation index patched")) {
        const rdepends = await sb.bridge(["packages", "rdepends", "liba"], { env: { COCKPIT_APT_TRACE: "1" } });
        expect(rdepends.stderr, what).not.toContain("relation index made");
        patchedRelations++;
    }
    const patched = await answers();
    const freshDir = path.join(scratch, `fresh-${fresh++}`);
    fs.mkdirSync(freshDir);
    const full = await answers(freshDir);
    expect(patched.length, what).toBe(full.length);
    patched.forEach((a, i) => expect(a, what).toBe(full[i]));
}

// Each step changes dpkg's status for real and compares ~20 answers twice: minutes on a small, busy machine.
const STEP = { timeout: 600_000 };

describe("the index after dpkg changed its status", () => {
    it("is built once", async () => {
        expect((await sb.dpkg(["--add-architecture", "i386"])).status).toBe(0);
        const r = await sb.bridge(["packages", "filter", "--limit", "1"], { env: { COCKPIT_APT_TRACE: "1" } });
        expect(r.stderr).toContain("build: package lists read");
    });

    it(
        "is patched after installs with automatic dependencies, a foreign architecture and a pinned downgrade",
        STEP,
        async () => {
            const r = await sb.aptGet([
                "install",
                "-y",
                "app",
                "libm:i386",
                "libm:amd64",
                "tool:i386",
                "pinned",
                "upme=1.0", // upgraded by the next step
            ]);
            expect(r.status, r.stdout + r.stderr).toBe(0);
            expect(sb.installedVersion("liba")).toBe("1.0");
            expect(sb.installedVersion("pinned")).toBe("1.0");
            await expectPatchedLikeFresh("install");
        }
    );

    it("is patched after an upgrade and a hold", STEP, async () => {
        expect((await sb.aptGet(["install", "-y", "--only-upgrade", "upme"])).status).toBe(0);
        expect((await sb.bridge(["operations", "hold", "--", "app"])).status).toBe(0);
        await expectPatchedLikeFresh("upgrade and hold");
    });

    it("is patched after apt-mark changed only extended_states", STEP, async () => {
        expect((await sb.bridge(["operations", "unhold", "--", "app"])).status).toBe(0);
        await sb.bridge(["packages", "filter", "--limit", "1"]);
        // liba was installed as a dependency: marking it manual touches extended_states, not the status
        const before = fs.readFileSync(sb.statusFile, "utf8");
        const automatic = async () =>
            ((await sb.bridge(["packages", "details", "liba"])).json as PackageDetailsResponse).package
                .automaticallyInstalled;
        expect(await automatic()).toBe(true);
        execFileSync("apt-mark", ["manual", "liba"], { env: { ...process.env, ...sb.env } });
        expect(fs.readFileSync(sb.statusFile, "utf8")).toBe(before);
        await expectPatchedLikeFresh("apt-mark manual");
        expect(await automatic()).toBe(false);
    });

    it("is patched after a removal with configuration files left", STEP, async () => {
        expect((await sb.aptGet(["install", "-y", "conf"])).status).toBe(0);
        expect((await sb.aptGet(["remove", "-y", "conf", "app"])).status).toBe(0);
        await expectPatchedLikeFresh("remove");
    });

    it("is patched after a purge and a package only dpkg knows, and after its removal", STEP, async () => {
        expect((await sb.aptGet(["purge", "-y", "conf"])).status).toBe(0);
        const deb = buildDeb(
            { name: "local-thing", version: "0.1", installedSize: 19, summary: "Only dpkg knows me" },
            scratch
        );
        expect((await sb.dpkg(["-i", deb])).status).toBe(0);
        await expectPatchedLikeFresh("purge, dpkg -i a local package");
        expect((await sb.dpkg(["-r", "local-thing"])).status).toBe(0);
        await expectPatchedLikeFresh("dpkg -r it");
    });

    it("patched the relation index with it whenever no package came or went", () => {
        // after the relation index was first made: the upgrade and hold, apt-mark and the removal kept
        // every row; the purge and a package only dpkg knows move rows (it is made again on first use)
        expect(patchedRelations).toBe(3);
    });

    it(
        "is built again when a status stanza changes what the lists alone say (a new Multi-Arch: allowed name)",
        STEP,
        async () => {
            const deb = buildDeb(
                { name: "allowed-local", version: "1.0", architecture: "amd64", multiArch: "allowed" },
                scratch
            );
            expect((await sb.dpkg(["-i", deb])).status).toBe(0);
            await expectPatchedLikeFresh("a Multi-Arch: allowed package only dpkg knows", true);
        }
    );
});
