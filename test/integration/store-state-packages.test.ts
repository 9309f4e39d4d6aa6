// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stores' state file (issue 17) with real store packages, installed and
 * removed by the real apt-get and dpkg in a sandbox: a disabled store whose
 * package is removed is no store (its definition is left behind), the
 * administrator's choice survives the removal and a reinstall, and a user
 * store can never take a packaged store's id.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorResponse, OperationEvent, StoreListResponse, StoreStateResponse } from "../../src/protocol/index.js";
import { PROJECT_ROOT, createSandbox, hostDpkgFingerprint, type BridgeRun, type Sandbox } from "../support/sandbox.js";

const hostBefore = hostDpkgFingerprint();
const STORE = (id: string) =>
    `id: ${id}\nname: ${id}\ndescription: Apps for ${id}.\nfilters:\n  include_tags: [field::boats]\n`;

let sb: Sandbox;
let storesDir: string;
let stateFile: string;
const bridge = (args: string[]) =>
    sb.bridge(args, {
        env: {
            COCKPIT_APT_STORES_DIR: storesDir,
            COCKPIT_APT_STORE_ASSETS_DIR: path.join(sb.root, "usr/share/container-stores"),
        },
    });
const storeList = async () => (await bridge(["stores", "list"])).json as StoreListResponse;

function ok(r: BridgeRun): void {
    const result = (r.lines as OperationEvent[]).find((e) => e.type === "result");
    expect(result, r.stdout + r.stderr).toMatchObject({ ok: true });
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
                        conffiles: [{ path: "/etc/container-apps/stores/boats.yaml", content: STORE("boats") }],
                    },
                    {
                        name: "ships-container-store",
                        version: "1.0",
                        tags: ["role::container-store"],
                        conffiles: [{ path: "/etc/container-apps/stores/ships.yaml", content: STORE("ships") }],
                    },
                    { name: "sail-app", version: "1.0", tags: ["field::boats"] },
                ],
            },
        ],
    });
    storesDir = path.join(sb.root, "etc/container-apps/stores");
    stateFile = path.join(sb.root, "etc/container-apps/cockpit-apt-stores.json");
    ok(await bridge(["operations", "install", "--", "boats-container-store", "ships-container-store", "sail-app"]));
}, 300_000);
afterAll(() => sb?.cleanup());

describe("a disabled store and its package", () => {
    it("disabled, then its package removed: not a store (left behind), refused as unknown; the choice is kept", async () => {
        expect(((await bridge(["stores", "disable", "boats"])).json as StoreStateResponse).enabled).toBe(false);
        expect((await storeList()).stores.map((s) => [s.id, s.enabled])).toEqual([
            ["boats", false],
            ["ships", true],
        ]);
        ok(await bridge(["operations", "remove", "--", "boats-container-store"]));
        const list = await storeList();
        expect(list.stores.map((s) => s.id)).toEqual(["ships"]);
        expect(list.leftBehind?.map((l) => l.package)).toEqual(["boats-container-store"]);
        expect(((await bridge(["packages", "filter", "--store", "boats"])).json as ErrorResponse).error.code).toBe(
            "STORE_NOT_FOUND"
        );
        expect(JSON.parse(fs.readFileSync(stateFile, "utf8")).disabled).toEqual(["boats"]);
    });

    it("its package reinstalled: the store is back, still disabled", async () => {
        ok(await bridge(["operations", "install", "--", "boats-container-store"]));
        expect((await storeList()).stores.map((s) => [s.id, s.enabled])).toEqual([
            ["boats", false],
            ["ships", true],
        ]);
        expect(((await bridge(["packages", "filter", "--store", "boats"])).json as ErrorResponse).error.code).toBe(
            "STORE_DISABLED"
        );
    });

    it("a store whose package is gone can still be enabled (its entry cleared), but not disabled", async () => {
        ok(await bridge(["operations", "purge", "--", "boats-container-store"]));
        expect(((await bridge(["stores", "enable", "boats"])).json as StoreStateResponse).enabled).toBe(true);
        expect(JSON.parse(fs.readFileSync(stateFile, "utf8")).disabled).toEqual([]);
        expect(((await bridge(["stores", "disable", "boats"])).json as ErrorResponse).error.code).toBe(
            "STORE_NOT_FOUND"
        );
    });

    it("a packaged store is never overwritten by stores save nor deleted by stores delete", async () => {
        const before = fs.readFileSync(path.join(storesDir, "ships.yaml"), "utf8");
        expect(((await bridge(["stores", "delete", "ships"])).json as ErrorResponse).error.code).toBe(
            "INVALID_ARGUMENT"
        );
        expect(fs.readFileSync(path.join(storesDir, "ships.yaml"), "utf8")).toBe(before);
        expect((await storeList()).stores.find((s) => s.id === "ships")).toMatchObject({ userDefined: false });
    });
});

describe("the host", () => {
    it("has a byte-identical dpkg database after all of this", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
