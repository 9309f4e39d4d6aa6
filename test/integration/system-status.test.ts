// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `system status` and `system restart-services` through the built bridge:
 * reboot-required and kernel detection from files in a test root
 * (COCKPIT_APT_SYSTEM_ROOT), APT's times from a sandbox (APT_CONFIG), and
 * needrestart run for real, list-only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorResponse, RestartServicesResponse, SystemStatus } from "../../src/protocol/index.js";
import { createSandbox, type Sandbox } from "../support/sandbox.js";

let sb: Sandbox;
const roots: string[] = [];

function testRoot(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-sysroot-"));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) {
        const p = path.join(root, name);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, text);
    }
    return root;
}

beforeAll(async () => {
    sb = await createSandbox({
        repos: [
            {
                name: "main",
                origin: "Debian",
                label: "Debian",
                suite: "stable",
                codename: "bookworm",
                packages: [{ name: "pkg-a", version: "1.0" }],
            },
        ],
    });
});

afterAll(() => {
    sb?.cleanup();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

describe("system status", () => {
    it("reads /run/reboot-required(.pkgs) and finds a newer kernel of the running flavour", async () => {
        const root = testRoot({
            "run/reboot-required": "*** System restart required ***\n",
            "run/reboot-required.pkgs": "libc6\nlinux-image-6.1.0-28-amd64\nlibc6\n",
            "proc/sys/kernel/osrelease": "6.1.0-27-amd64\n",
            "boot/vmlinuz-6.1.0-27-amd64": "",
            "boot/vmlinuz-6.1.0-28-amd64": "",
            // another flavour, newer, not the one running: does not count
            "lib/modules/6.1.0-30-rt-amd64/modules.dep": "",
            // a directory left behind without modules: not a kernel
            "lib/modules/6.1.0-31-amd64/extra/x.ko": "",
        });
        const r = await sb.bridge(["system", "status", "--quick"], { env: { COCKPIT_APT_SYSTEM_ROOT: root } });
        expect(r.status).toBe(0);
        const s = r.json as SystemStatus;
        expect(s.rebootRequired).toBe(true);
        expect(s.rebootReasons).toEqual(["libc6", "linux-image-6.1.0-28-amd64", "kernel"]);
        expect(s.runningKernel).toBe("6.1.0-27-amd64");
        expect(s.newestKernel).toBe("6.1.0-28-amd64");
        expect(s.servicesChecked).toBe(false);
        expect(s.systemdAvailable).toBe(false);
    });

    it("needs no reboot when the newest kernel runs and nothing asks for one; sees systemd by /run/systemd/system", async () => {
        const root = testRoot({
            "proc/sys/kernel/osrelease": "6.1.0-28-amd64\n",
            "lib/modules/6.1.0-27-amd64/modules.dep": "",
            "lib/modules/6.1.0-28-amd64/modules.dep": "",
            "run/systemd/system/.keep": "",
        });
        const s = (await sb.bridge(["system", "status", "--quick"], { env: { COCKPIT_APT_SYSTEM_ROOT: root } }))
            .json as SystemStatus;
        expect(s.rebootRequired).toBe(false);
        expect(s.rebootReasons).toEqual([]);
        expect(s.newestKernel).toBe("6.1.0-28-amd64");
        expect(s.systemdAvailable).toBe(true);
    });

    it("gives when the lists were updated and the last upgrade, from the sandbox's APT, not the host's", async () => {
        const before = Date.now();
        await sb.update();
        let s = (await sb.bridge(["system", "status", "--quick"], { env: { COCKPIT_APT_SYSTEM_ROOT: testRoot({}) } }))
            .json as SystemStatus;
        expect(s.listsUpdated).not.toBeNull();
        expect(Date.parse(s.listsUpdated as string)).toBeGreaterThanOrEqual(before - 2000);
        expect(s.lastUpgrade).toBeNull();

        expect((await sb.aptGet(["install", "-y", "-q", "pkg-a"])).status).toBe(0);
        await sb.addPackages("main", [{ name: "pkg-a", version: "1.1" }]);
        await sb.update();
        expect((await sb.aptGet(["upgrade", "-y", "-q"])).status).toBe(0);
        s = (await sb.bridge(["system", "status", "--quick"])).json as SystemStatus;
        expect(s.lastUpgrade).not.toBeNull();
        const upgraded = s.lastUpgrade as string;
        expect(Date.parse(upgraded)).toBeGreaterThanOrEqual(before - 2000);

        // A dry run logs a simulated upgrade in the history log (unattended-upgrade does): not an upgrade.
        fs.appendFileSync(
            path.join(sb.root, "var/log/apt/history.log"),
            "\nStart-Date: 2099-01-01  00:00:00\nCommandline: /usr/bin/unattended-upgrade --dry-run\nUpgrade: pkg-a:amd64 (1.1, 1.2)\nEnd-Date: 2099-01-01  00:00:01\n"
        );
        s = (await sb.bridge(["system", "status", "--quick"])).json as SystemStatus;
        expect(s.lastUpgrade).toBe(upgraded);
    });

    it("runs the real needrestart, list-only, and reads its batch output", async () => {
        const r = await sb.bridge(["system", "status"]);
        expect(r.status).toBe(0);
        const s = r.json as SystemStatus;
        expect(s.needrestartAvailable).toBe(true);
        expect(s.servicesChecked).toBe(true);
        expect(Array.isArray(s.servicesToRestart)).toBe(true);
        for (const svc of s.servicesToRestart) expect(svc.unit).toMatch(/\.service$/);
    });
});

describe("system restart-services", () => {
    const run = (args: string[], root: string) =>
        sb.bridge(["system", "restart-services", ...args], { env: { COCKPIT_APT_SYSTEM_ROOT: root } });

    it("rejects names that are not services, and Cockpit's own without --include-cockpit", async () => {
        const root = testRoot({});
        for (const bad of [["--", "-x.service"], ["--", "ssh"], ["--", "a;reboot.service"], []]) {
            const r = await run(bad, root);
            expect(r.status).toBe(2);
            expect(["INVALID_ARGUMENT", "USAGE"]).toContain((r.json as ErrorResponse).error.code);
        }
        const r = await run(["--", "ssh.service", "cockpit.service"], root);
        expect(r.status).toBe(2);
        expect((r.json as ErrorResponse).error.message).toMatch(/ends the Cockpit session/);
    });

    it("answers each unit's outcome from systemctl (here: a unit that does not exist)", async () => {
        const r = await run(["--", "cockpit-apt-no-such-unit.service"], testRoot({ "run/systemd/system/.keep": "" }));
        expect(r.status).toBe(0);
        const { results } = r.json as RestartServicesResponse;
        expect(results).toHaveLength(1);
        expect(results[0]!.unit).toBe("cockpit-apt-no-such-unit.service");
        expect(results[0]!.ok).toBe(false);
        expect(results[0]!.message).not.toBe("");
    });

    it("says clearly when systemd is not running", async () => {
        const r = await run(["--", "ssh.service"], testRoot({}));
        expect(r.status).toBe(1);
        const e = (r.json as ErrorResponse).error;
        expect(e.code).toBe("OPERATION_FAILED");
        expect(e.message).toMatch(/systemd is not running/);
        expect(e.details).toEqual({ systemd: false });
        const reboot = await sb.bridge(["system", "reboot"], { env: { COCKPIT_APT_SYSTEM_ROOT: testRoot({}) } });
        expect((reboot.json as ErrorResponse).error.message).toMatch(/systemd is not running/);
    });
});
