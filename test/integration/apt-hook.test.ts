// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT's hooks (packaging/apt-hook.conf, packaging/refresh-cache): after a real
 * apt-get update and after a real install, `cache refresh` runs detached and
 * leaves every cache the page's first requests read current, so that a list,
 * the stores, the Updates tab, a package's reverse dependencies and its
 * details then write nothing (nothing was left to build). Without the hooks
 * the same requests build (the control). APT neither waits for the refresh nor fails by it.
 *
 * The hooks file is the packaged one, with the script's installed path
 * replaced by a wrapper that runs this checkout's script and names the bridge
 * to run (COCKPIT_APT_BRIDGE): a stand-in that runs the built bridge and keeps
 * its answer in a file, so that the test knows when the refresh has ended.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFileStamps } from "../support/cache-files.js";
import type { CacheRefreshResponse, PackageListResponse } from "../../src/protocol/index.js";
import {
    BRIDGE_JS,
    createSandbox,
    hostDpkgFingerprint,
    PROJECT_ROOT,
    withStores,
    type Sandbox,
} from "../support/sandbox.js";

const hostBefore = hostDpkgFingerprint();
const INSTALLED_SCRIPT = "/usr/lib/cockpit-apt/refresh-cache";
let sb: Sandbox;
let hooks: string;
let answer: string;
let bin: string;

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function writeScript(file: string, lines: string[]): string {
    fs.writeFileSync(file, ["#!/bin/sh", ...lines, ""].join("\n"), { mode: 0o755 });
    return file;
}

/** The packaged hooks, calling this checkout's script with `bridge` as the bridge it starts. */
function installHooks(bridge: string): void {
    const script = writeScript(path.join(bin, "refresh-cache"), [
        `COCKPIT_APT_BRIDGE=${q(bridge)} exec ${q(path.join(PROJECT_ROOT, "packaging/refresh-cache"))} "$@"`,
    ]);
    const conf = fs.readFileSync(path.join(PROJECT_ROOT, "packaging/apt-hook.conf"), "utf8");
    expect(conf).toContain(INSTALLED_SCRIPT);
    fs.writeFileSync(hooks, conf.replaceAll(INSTALLED_SCRIPT, script));
}

/** Waits for the stand-in bridge's answer (the refresh ended), removing it for the next one. */
async function refreshed(): Promise<CacheRefreshResponse> {
    const deadline = Date.now() + 120_000;
    while (!fs.existsSync(answer)) {
        if (Date.now() > deadline) throw new Error("cache refresh did not end within 120 s");
        await new Promise((r) => setTimeout(r, 100));
    }
    const text = fs.readFileSync(answer, "utf8");
    fs.rmSync(answer);
    return JSON.parse(text) as CacheRefreshResponse;
}

function cacheFiles(): Record<string, string> {
    return cacheFileStamps(sb.env.COCKPIT_APT_CACHE_DIR as string);
}

/** The requests a page makes first after an update or an install (list, Updates tab, details, relations). */
async function pageRequests(): Promise<PackageListResponse> {
    const list = await sb.bridge(["packages", "filter", "--tab", "installed"]);
    expect(list.status, list.stderr).toBe(0);
    for (const args of [
        ["stores", "list"],
        ["packages", "filter", "--tab", "updates"],
        ["packages", "details", "app"],
        ["packages", "rdepends", "lib"],
    ]) {
        const r = await sb.bridge(args);
        expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(0);
    }
    return list.json as PackageListResponse;
}

beforeAll(async () => {
    sb = await createSandbox({
        repos: [
            {
                name: "stable",
                origin: "Test",
                suite: "stable",
                packages: [
                    { name: "app", version: "1.0", depends: "lib" },
                    { name: "lib", version: "1.0" },
                    ...Array.from({ length: 50 }, (_, i) => ({ name: `filler-${i}`, version: "1.0" })),
                ],
            },
        ],
    });
    // a store, whose package count is kept per index build (the refresh makes it too)
    withStores(sb, {
        "fill.yaml":
            "id: fill\nname: Fillers\ndescription: Some.\nfilters:\n  include_packages: [filler-1, filler-2, app]\n",
    });
    bin = path.join(sb.root, "hook-bin");
    fs.mkdirSync(bin);
    hooks = path.join(sb.root, "etc/apt/apt.conf.d/50cockpit-apt");
    answer = path.join(sb.root, "refresh.json");
});
afterAll(() => {
    sb?.cleanup();
    expect(hostDpkgFingerprint()).toEqual(hostBefore);
});

describe("APT's hooks bring the caches up to date", () => {
    it("without them, the page's first requests after apt-get update build (the control)", async () => {
        await pageRequests();
        await sb.addPackages("stable", [{ name: "lib", version: "1.1" }]);
        const update = await sb.aptGet(["update"]);
        expect(update.status, update.stderr).toBe(0);
        const before = cacheFiles();
        await pageRequests();
        expect(cacheFiles()).not.toEqual(before);
    });

    it("after apt-get update, the refresh has made them: the page's requests write nothing", async () => {
        const stand = writeScript(path.join(bin, "bridge"), [
            `${q(process.execPath)} ${q(BRIDGE_JS)} "$@" > ${q(`${answer}.tmp`)} && mv ${q(`${answer}.tmp`)} ${q(answer)}`,
        ]);
        installHooks(stand);
        await sb.addPackages("stable", [{ name: "app", version: "2.0", depends: "lib" }]);
        const update = await sb.aptGet(["update"]);
        expect(update.status, update.stderr).toBe(0);
        const r = await refreshed();
        expect(r).toMatchObject({ packages: 52, upgradable: 0, keptBack: 0, stores: 1 });
        const before = cacheFiles();
        const list = await pageRequests();
        expect(cacheFiles()).toEqual(before);
        expect(list.total).toBe(0);
        // No update at all: nothing can be kept back, and APT's simulation was not asked (nor kept).
        expect(Object.keys(before).filter((n) => n.endsWith(".keptback"))).toEqual([]);
        // the new version is what the refreshed index offers
        const app = await sb.bridge(["packages", "filter", "--query", "app"]);
        expect((app.json as PackageListResponse).packages[0]).toMatchObject({ name: "app", candidateVersion: "2.0" });
    });

    it("after an install (dpkg ran), the refresh has patched them: the page's requests write nothing", async () => {
        const install = await sb.aptGet(["install", "-y", "app"]);
        expect(install.status, install.stderr).toBe(0);
        const r = await refreshed();
        expect(r).toMatchObject({ packages: 52, upgradable: 0 });
        const before = cacheFiles();
        const list = await pageRequests();
        expect(cacheFiles()).toEqual(before);
        expect(list.packages.map((p) => [p.name, p.installedVersion])).toEqual([
            ["app", "2.0"],
            ["lib", "1.1"],
        ]);
    });

    it("with an update, the refresh asked APT which ones Upgrade all keeps back: the Updates tab writes nothing", async () => {
        // app 3.0 needs a package no one has: "Upgrade all" keeps it back
        await sb.addPackages("stable", [{ name: "app", version: "3.0", depends: "missing-lib" }]);
        const update = await sb.aptGet(["update"]);
        expect(update.status, update.stderr).toBe(0);
        expect(await refreshed()).toMatchObject({ packages: 52, upgradable: 1, keptBack: 1 });
        const before = cacheFiles();
        expect(Object.keys(before).filter((n) => n.endsWith(".keptback"))).toHaveLength(1);
        const updates = await sb.bridge(["packages", "filter", "--tab", "updates"]);
        expect((updates.json as PackageListResponse).packages).toMatchObject([
            { name: "app", candidateVersion: "3.0", keptBack: "removal" },
        ]);
        expect(cacheFiles()).toEqual(before);
    });

    it("after the page's own install, the refresh leaves out APT's simulation (the page asks it when shown)", async () => {
        const r = await sb.bridge(["operations", "install", "--", "filler-1"]);
        expect(r.status, r.stderr).toBe(0);
        expect(sb.installedVersion("filler-1")).toBe("1.0");
        expect(await refreshed()).toMatchObject({ packages: 52, upgradable: 1, keptBack: null });
        const list = await sb.bridge(["packages", "filter", "--tab", "installed"]);
        expect((list.json as PackageListResponse).packages.map((p) => p.name)).toContain("filler-1");
    });

    it("APT neither waits for a slow refresh nor fails by a failing one", async () => {
        const pidFile = path.join(sb.root, "slow.pid");
        installHooks(writeScript(path.join(bin, "slow"), [`echo $$ > ${q(pidFile)}`, "exec sleep 120"]));
        const started = Date.now();
        const update = await sb.aptGet(["update"]);
        expect(update.status, update.stderr).toBe(0);
        // apt-get update alone takes ~1 s here; its output pipes closed long before the sleep ends
        expect(Date.now() - started).toBeLessThan(60_000);
        const deadline = Date.now() + 10_000;
        while (!fs.existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        process.kill(Number(fs.readFileSync(pidFile, "utf8")), "SIGKILL");

        installHooks(writeScript(path.join(bin, "failing"), ["echo broken >&2", "exit 3"]));
        const again = await sb.aptGet(["update"]);
        expect(again.status, again.stderr).toBe(0);
        expect(again.stderr).not.toMatch(/Problem executing scripts|Sub-process/);
        fs.rmSync(hooks);
    });
});
