// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Configuration left behind (issue 12 item 7, issue 13 Purge): a real store
 * package, installed and removed with the real apt-get and dpkg in a
 * sandbox, leaves its definition (a conffile) in dpkg's config-files state.
 * Such a definition is not a store; a purge takes it. `packages residual`
 * lists what `dpkg -l` shows as "rc".
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    ErrorResponse,
    OperationEvent,
    PackageDetailsResponse,
    ResidualPackagesResponse,
    StoreListResponse,
} from "../../src/protocol/index.js";
import { PROJECT_ROOT, createSandbox, hostDpkgFingerprint, type BridgeRun, type Sandbox } from "../support/sandbox.js";

const hostBefore = hostDpkgFingerprint();
const STORE = "id: boats\nname: Boats\ndescription: Apps for boats.\nfilters:\n  include_tags: [field::boats]\n";

let sb: Sandbox;
let storesDir: string;
const bridge = (args: string[]) =>
    sb.bridge(args, {
        env: {
            COCKPIT_APT_STORES_DIR: storesDir,
            COCKPIT_APT_STORE_ASSETS_DIR: path.join(sb.root, "usr/share/container-stores"),
        },
    });

function ok(r: BridgeRun): void {
    const result = (r.lines as OperationEvent[]).find((e) => e.type === "result");
    expect(result, r.stdout + r.stderr).toMatchObject({ ok: true });
}

/** `dpkg -l` in the sandbox: the names on "rc" lines, as dpkg itself reports them. */
async function dpkgRc(): Promise<string[]> {
    const r = await sb.dpkg(["-l"]);
    return r.stdout
        .split("\n")
        .filter((l) => l.startsWith("rc "))
        .map((l) => l.split(/\s+/)[1] as string)
        .sort();
}

beforeAll(async () => {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, "build.mjs")], { stdio: "pipe" });
    sb = await createSandbox({
        repos: [
            {
                name: "main",
                origin: "Test",
                label: "Test",
                suite: "stable",
                packages: [
                    {
                        name: "boats-container-store",
                        version: "1.0",
                        tags: ["role::container-store"],
                        conffiles: [{ path: "/etc/container-apps/stores/boats.yaml", content: STORE }],
                        files: [{ path: "/usr/share/container-stores/boats/README", content: "icons would be here\n" }],
                    },
                    { name: "sail-app", version: "1.0", tags: ["field::boats"] },
                    {
                        name: "plain-conf",
                        version: "2.0",
                        summary: "keeps a setting",
                        conffiles: [{ path: "/etc/plain/plain.conf", content: "x=1\n" }],
                    },
                    { name: "no-conf", version: "1.0" },
                ],
            },
        ],
    });
    storesDir = path.join(sb.root, "etc/container-apps/stores");
    ok(await bridge(["operations", "install", "--", "boats-container-store", "sail-app", "plain-conf", "no-conf"]));
}, 300_000);
afterAll(() => sb?.cleanup());

describe("a store package removed, not purged", () => {
    it("installed: its store is listed", async () => {
        const r = await bridge(["stores", "list"]);
        const list = r.json as StoreListResponse;
        expect(list.stores.map((s) => [s.id, s.packageCount])).toEqual([["boats", 1]]);
        expect(list.leftBehind).toEqual([]);
    });

    it("details: an installed package with conffiles keeps configuration on removal, one without does not", async () => {
        expect(
            ((await bridge(["packages", "details", "plain-conf"])).json as PackageDetailsResponse).package
        ).toMatchObject({ status: "installed", keepsConfiguration: true });
        expect(
            ((await bridge(["packages", "details", "no-conf"])).json as PackageDetailsResponse).package
        ).toMatchObject({ status: "installed", keepsConfiguration: false });
    });

    it("removed: dpkg keeps the definition (config-files), and it is no store any more", async () => {
        ok(await bridge(["operations", "remove", "--", "boats-container-store", "plain-conf", "no-conf"]));
        expect(sb.packageStatus("boats-container-store")).toBe("deinstall ok config-files");
        expect(fs.existsSync(path.join(storesDir, "boats.yaml"))).toBe(true);
        const list = (await bridge(["stores", "list"])).json as StoreListResponse;
        expect(list.stores).toEqual([]);
        expect(list.errors).toEqual([]);
        expect(list.leftBehind).toEqual([
            { file: path.join(storesDir, "boats.yaml"), package: "boats-container-store" },
        ]);
        const scoped = await bridge(["packages", "filter", "--store", "boats"]);
        expect((scoped.json as ErrorResponse).error.code).toBe("STORE_NOT_FOUND");
    });

    it("packages residual lists exactly what dpkg -l shows as rc, with versions and summaries", async () => {
        const rc = await dpkgRc();
        expect(rc).toEqual(["boats-container-store", "plain-conf"]);
        const r = (await bridge(["packages", "residual"])).json as ResidualPackagesResponse;
        expect(r.packages.map((p) => p.name)).toEqual(rc);
        expect(r.packages.find((p) => p.name === "plain-conf")).toEqual({
            name: "plain-conf",
            architecture: "all",
            version: "2.0",
            summary: "keeps a setting",
            conffiles: 1,
        });
        expect(
            ((await bridge(["packages", "details", "plain-conf"])).json as PackageDetailsResponse).package
        ).toMatchObject({ status: "config-files", keepsConfiguration: false });
    });

    it("purged: the definition is gone, nothing is left behind, and the residual list agrees with dpkg again", async () => {
        ok(await bridge(["operations", "purge", "--", "boats-container-store"]));
        expect(fs.existsSync(path.join(storesDir, "boats.yaml"))).toBe(false);
        const list = (await bridge(["stores", "list"])).json as StoreListResponse;
        expect(list.leftBehind).toEqual([]);
        const r = (await bridge(["packages", "residual"])).json as ResidualPackagesResponse;
        expect(r.packages.map((p) => p.name)).toEqual(await dpkgRc());
        expect(r.packages.map((p) => p.name)).toEqual(["plain-conf"]);
    });

    it("reinstalled after removal: the store is back (the cached answer follows dpkg's status)", async () => {
        ok(await bridge(["operations", "install", "--", "boats-container-store"]));
        ok(await bridge(["operations", "remove", "--", "boats-container-store"]));
        expect(((await bridge(["stores", "list"])).json as StoreListResponse).stores).toEqual([]);
        ok(await bridge(["operations", "install", "--", "boats-container-store"]));
        expect(((await bridge(["stores", "list"])).json as StoreListResponse).stores.map((s) => s.id)).toEqual([
            "boats",
        ]);
    });
});

describe("the host", () => {
    it("has a byte-identical dpkg database after all of this", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
