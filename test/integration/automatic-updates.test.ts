// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `automatic-updates show|set|preview` through the built bridge against a
 * sandbox APT root: our file in its apt.conf.d (with Debian's own
 * 20auto-upgrades and 50unattended-upgrades before it), read back through
 * the real `apt-config dump`; the timer drop-in in a test systemd directory;
 * overrides found in later files; and a real `unattended-upgrade --dry-run`
 * that upgrades from the security repository and not from the other one.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AutomaticUpdatesPreview, AutomaticUpdatesResponse, ErrorResponse } from "../../src/protocol/index.js";
import { createSandbox, hostDpkgFingerprint, runProgram, type Sandbox } from "../support/sandbox.js";

let sb: Sandbox;
let systemdDir: string;
let env: Record<string, string>;
const codename = /^VERSION_CODENAME=(.*)$/m.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1] ?? "bookworm";

const DEBIAN_DEFAULTS = {
    "20auto-upgrades": 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n',
    // The patterns of Debian 12's 50unattended-upgrades (its comments left out).
    "50unattended-upgrades":
        'Unattended-Upgrade::Origins-Pattern {\n        "origin=Debian,codename=${distro_codename},label=Debian";\n        "origin=Debian,codename=${distro_codename},label=Debian-Security";\n        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security";\n};\nUnattended-Upgrade::Package-Blacklist {\n};\n',
};

beforeAll(async () => {
    sb = await createSandbox({
        repos: [
            {
                name: "main",
                origin: "Debian",
                label: "Debian",
                suite: "stable",
                codename,
                packages: [
                    { name: "pkg-a", version: "1.0" },
                    { name: "pkg-b", version: "1.0" },
                ],
            },
            {
                name: "security",
                origin: "Debian",
                label: "Debian-Security",
                suite: "stable-security",
                codename: `${codename}-security`,
                packages: [],
            },
        ],
        aptConf: [],
    });
    for (const [name, text] of Object.entries(DEBIAN_DEFAULTS))
        fs.writeFileSync(path.join(sb.root, "etc/apt/apt.conf.d", name), text);
    fs.writeFileSync(
        path.join(sb.root, "etc/apt/apt.conf.d/10logdir"),
        `Unattended-Upgrade::LogDir "${sb.root}/var/log/unattended-upgrades/";\n`
    );
    systemdDir = path.join(sb.root, "etc/systemd/system");
    // No systemd on the test machine, as in CI: the test root has no /run/systemd/system.
    const sysroot = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-sysroot-"));
    fs.copyFileSync("/etc/os-release", path.join(sysroot, "os-release"));
    fs.mkdirSync(path.join(sysroot, "etc"));
    fs.renameSync(path.join(sysroot, "os-release"), path.join(sysroot, "etc/os-release"));
    env = { COCKPIT_APT_SYSTEMD_DIR: systemdDir, COCKPIT_APT_SYSTEM_ROOT: sysroot };
});

afterAll(() => {
    if (env?.COCKPIT_APT_SYSTEM_ROOT) fs.rmSync(env.COCKPIT_APT_SYSTEM_ROOT, { recursive: true, force: true });
    sb?.cleanup();
});

const bridge = (...args: string[]) => sb.bridge(["automatic-updates", ...args], { env });
const aptConfig = async () => (await runProgram("apt-config", ["dump"], { ...process.env, ...sb.env }).done).stdout;
const ourFile = () => path.join(sb.root, "etc/apt/apt.conf.d/52cockpit-apt-auto-upgrades");
const dropIn = () => path.join(systemdDir, "apt-daily-upgrade.timer.d/cockpit-apt.conf");

describe("automatic-updates show and set", () => {
    it("shows Debian's defaults before we write anything", async () => {
        const r = await bridge("show");
        expect(r.status).toBe(0);
        const s = r.json as AutomaticUpdatesResponse;
        expect(s.ours).toBeNull();
        expect(s.effective.mode).toBe("all"); // Debian's patterns include the plain Debian archive
        expect(s.configFile).toBe(ourFile());
        expect(s.timerDropIn).toBe(dropIn());
        expect(s.systemdAvailable).toBe(false);
        expect(s.timerCalendar).toBeNull();
    });

    it("security only at 04:00, reboot at 05:00: our files, and apt-config dump agrees", async () => {
        const r = await bridge(
            "set",
            "--mode=security",
            "--time=04:00",
            "--reboot=on",
            "--reboot-time=05:00",
            "--remove-unused=on"
        );
        expect(r.status, r.stdout).toBe(0);
        const s = r.json as AutomaticUpdatesResponse;
        expect(s.effective).toEqual({
            mode: "security",
            time: "04:00",
            reboot: true,
            rebootTime: "05:00",
            removeUnused: true,
        });
        expect(s.ours).toEqual(s.effective);
        expect(s.overrides).toEqual([]);

        const text = fs.readFileSync(ourFile(), "utf8");
        expect(text).toContain('APT::Periodic::Unattended-Upgrade "1";');
        expect(text).toContain("#clear Unattended-Upgrade::Origins-Pattern;");
        expect(text).toContain('"origin=Debian,codename=${distro_codename}-security,label=Debian-Security";');
        expect(text).toContain('Unattended-Upgrade::Automatic-Reboot "true";');
        expect(text).toContain('Unattended-Upgrade::Automatic-Reboot-Time "05:00";');
        expect(fs.readFileSync(dropIn(), "utf8")).toMatch(
            /^\[Timer\]\nOnCalendar=\nOnCalendar=\*-\*-\* 04:00\nRandomizedDelaySec=0\n$/m
        );

        // APT itself: 50unattended-upgrades' non-security pattern is gone (#clear), only ours remain.
        const dump = await aptConfig();
        const patterns = [...dump.matchAll(/^Unattended-Upgrade::Origins-Pattern:: "(.*)";$/gm)].map((m) => m[1]);
        expect(patterns).toEqual([
            "origin=Debian,codename=${distro_codename},label=Debian-Security",
            "origin=Debian,codename=${distro_codename}-security,label=Debian-Security",
        ]);
        expect(dump).toMatch(/^Unattended-Upgrade::Automatic-Reboot-Time "05:00";$/m);

        // Read again, as after a reload.
        const again = (await bridge("show")).json as AutomaticUpdatesResponse;
        expect(again.effective).toEqual(s.effective);
    });

    it("changes one setting and keeps the others", async () => {
        const s = (await bridge("set", "--reboot=off")).json as AutomaticUpdatesResponse;
        expect(s.effective).toEqual({
            mode: "security",
            time: "04:00",
            reboot: false,
            rebootTime: "05:00",
            removeUnused: true,
        });
        const back = (await bridge("set", "--reboot=on")).json as AutomaticUpdatesResponse;
        expect(back.effective.reboot).toBe(true);
    });

    it("says which later file overrides a setting", async () => {
        const later = path.join(sb.root, "etc/apt/apt.conf.d/99local");
        fs.writeFileSync(
            later,
            'Unattended-Upgrade {\n  Automatic-Reboot "false";\n};\nUnattended-Upgrade::Origins-Pattern { "origin=Example"; };\n'
        );
        try {
            const s = (await bridge("show")).json as AutomaticUpdatesResponse;
            expect(s.effective.reboot).toBe(false);
            expect(s.effective.mode).toBe("all");
            expect(s.ours?.reboot).toBe(true);
            expect(s.overrides).toEqual([
                { setting: "mode", file: later },
                { setting: "reboot", file: later },
            ]);
        } finally {
            fs.rmSync(later);
        }
        expect(((await bridge("show")).json as AutomaticUpdatesResponse).overrides).toEqual([]);
    });

    it("download only and off", async () => {
        let s = (await bridge("set", "--mode=download")).json as AutomaticUpdatesResponse;
        expect(s.effective.mode).toBe("download");
        expect(await aptConfig()).toMatch(/^APT::Periodic::Unattended-Upgrade "0";$/m);
        s = (await bridge("set", "--mode=off")).json as AutomaticUpdatesResponse;
        expect(s.effective.mode).toBe("off");
        expect(await aptConfig()).toMatch(/^APT::Periodic::Update-Package-Lists "0";$/m);
    });

    it("refuses bad values and writes nothing", async () => {
        const before = fs.readFileSync(ourFile(), "utf8");
        for (const args of [
            ["--time=25:00"],
            ["--time=4:00"],
            ["--reboot-time=05:00;x"],
            ["--mode=sometimes"],
            ["--reboot=yes"],
            ["--time", "--mode=off"],
            [],
        ]) {
            const r = await bridge("set", ...args);
            expect(r.status, args.join(" ")).toBe(2);
            expect(["INVALID_ARGUMENT", "USAGE"]).toContain((r.json as ErrorResponse).error.code);
        }
        expect(fs.readFileSync(ourFile(), "utf8")).toBe(before);
    });

    it("shows the last automatic run from unattended-upgrade's log", async () => {
        const dir = path.join(sb.root, "var/log/unattended-upgrades");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(
            path.join(dir, "unattended-upgrades.log"),
            "2026-11-28 06:10:01,100 INFO Starting unattended upgrades script\n2026-11-28 06:10:05,100 INFO Packages that will be upgraded: pkg-a\n2026-11-28 06:10:09,000 INFO All upgrades installed\n"
        );
        const s = (await bridge("show")).json as AutomaticUpdatesResponse;
        expect(s.lastRun.time).toBe(new Date(2026, 10, 28, 6, 10, 1).toISOString());
        expect(s.lastRun.log).toHaveLength(3);
        expect(s.lastRun.logFile).toBe(path.join(dir, "unattended-upgrades.log"));
        fs.rmSync(path.join(dir, "unattended-upgrades.log"));
    });
});

describe("automatic-updates preview (unattended-upgrade --dry-run)", () => {
    it("would upgrade the security update and not the other one, without touching the host", async () => {
        expect((await sb.aptGet(["install", "-y", "-q", "pkg-a", "pkg-b"])).status).toBe(0);
        await sb.addPackages("security", [{ name: "pkg-a", version: "1.1" }]);
        await sb.addPackages("main", [{ name: "pkg-b", version: "1.1" }]);
        await sb.update();
        expect((await bridge("set", "--mode=security")).status).toBe(0);
        const host = hostDpkgFingerprint();
        const hostHistory = fs.readFileSync("/var/log/apt/history.log", "utf8");

        const r = await bridge("preview");
        const p = r.json as AutomaticUpdatesPreview;
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(p.ok, p.output.join("\n")).toBe(true);
        expect(p.packages).toEqual(["pkg-a"]);
        expect(p.output.join("\n")).toMatch(/Allowed origins are: .*label=Debian-Security/);

        // A preview changes nothing: not the sandbox, not the host, and logs no run of its own.
        expect(sb.installedVersion("pkg-a")).toBe("1.0");
        expect(sb.installedVersion("pkg-b")).toBe("1.0");
        expect(hostDpkgFingerprint()).toEqual(host);
        expect(fs.readFileSync("/var/log/apt/history.log", "utf8")).toBe(hostHistory);
        expect(fs.existsSync(path.join(sb.root, "var/log/unattended-upgrades/unattended-upgrades.log"))).toBe(false);
        expect(((await bridge("show")).json as AutomaticUpdatesResponse).lastRun.time).toBeNull();

        // With every origin allowed, the other one is upgraded too.
        await bridge("set", "--mode=all");
        const all = (await bridge("preview")).json as AutomaticUpdatesPreview;
        expect(all.packages.sort()).toEqual(["pkg-a", "pkg-b"]);
    });
});
