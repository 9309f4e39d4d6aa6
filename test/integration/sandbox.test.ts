// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The sandbox framework itself (test/support): debs build with the fields we
 * asked for, a repository's index carries them (Tag included), apt-get in the
 * sandbox sees the repository with its release data, real installs land in
 * the sandbox root only, and the host's dpkg database does not change.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDeb } from "../support/debs.js";
import { createSandbox, hostDpkgFingerprint, type Sandbox } from "../support/sandbox.js";

const hostBefore = hostDpkgFingerprint();
let sb: Sandbox;

beforeAll(async () => {
    sb = await createSandbox({
        repos: [
            {
                name: "marine",
                origin: "Hat Labs",
                label: "Marine",
                suite: "stable",
                codename: "trixie",
                packages: [
                    {
                        name: "marine-signalk-server-container",
                        version: "2.0-1",
                        section: "net",
                        tags: ["role::container-app", "field::marine"],
                        depends: "libsignalk",
                        summary: "Signal K server",
                        files: [{ path: "/usr/share/signalk/README", content: "hello\n" }],
                        conffiles: [{ path: "/etc/signalk/settings.conf", content: "a=1\n" }],
                        postinst: 'echo "$1" >> "$DPKG_ROOT/var/lib/signalk-postinst"',
                    },
                    { name: "libsignalk", version: "1.0" },
                ],
            },
            {
                name: "backports",
                origin: "Test",
                suite: "backports",
                notAutomatic: true,
                butAutomaticUpgrades: true,
                packages: [{ name: "libsignalk", version: "1.1" }],
            },
        ],
        preferences: "Package: libsignalk\nPin: version 1.0\nPin-Priority: 600\n",
        statusStanzas: [
            "Package: old-config\nStatus: deinstall ok config-files\nVersion: 0.9\nArchitecture: all\nMaintainer: M <m@example.org>\nDescription: old\n",
        ],
    });
});
afterAll(() => sb?.cleanup());

describe("debs", () => {
    it("builds a .deb whose control file carries every field given", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-debtest-"));
        try {
            const deb = buildDeb(
                {
                    name: "full",
                    version: "1:2.0~rc1-3",
                    architecture: "amd64",
                    homepage: "https://example.org",
                    provides: "virtual-full",
                    breaks: "old (<< 1)",
                    tags: ["role::container-app", "field::marine"],
                    longDescription: "First.\n\nSecond.",
                    multiArch: "same",
                },
                dir
            );
            expect(path.basename(deb)).toBe("full_2.0~rc1-3_amd64.deb");
            const control = execFileSync("dpkg-deb", ["--field", deb], { encoding: "utf8" });
            expect(control).toContain("Version: 1:2.0~rc1-3\n");
            expect(control).toContain("Tag: role::container-app, field::marine\n");
            expect(control).toContain("Multi-Arch: same\n");
            expect(control).toContain("Provides: virtual-full\n");
            expect(control).toContain(" First.\n .\n Second.");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("repository", () => {
    it("writes Packages with Tag and a Release file with the release data", () => {
        const repo = sb.repos.get("marine")!;
        const packages = fs.readFileSync(path.join(repo.dir, "dists/stable/main/binary-amd64/Packages"), "utf8");
        expect(packages).toMatch(/^Package: marine-signalk-server-container$/m);
        expect(packages).toMatch(/^Tag: role::container-app, field::marine$/m);
        expect(packages).toMatch(/^Filename: pool\/main\/libsignalk_1.0_all.deb$/m);
        const release = fs.readFileSync(path.join(repo.dir, "dists/stable/Release"), "utf8");
        expect(release).toMatch(/^Origin: Hat Labs$/m);
        expect(release).toMatch(/^Codename: trixie$/m);
        const bp = fs.readFileSync(path.join(sb.repos.get("backports")!.dir, "dists/backports/Release"), "utf8");
        expect(bp).toMatch(/^NotAutomatic: yes$/m);
        expect(bp).toMatch(/^ButAutomaticUpgrades: yes$/m);
    });
});

describe("sandbox", () => {
    it("keeps every APT path inside the root", async () => {
        const r = await sb.aptGet(["-o", "Debug::NoLocking=1", "check"]);
        expect(r.status).toBe(0);
        const dump = execFileSync("apt-config", ["dump"], { env: { ...process.env, ...sb.env }, encoding: "utf8" });
        for (const key of [
            "Dir::State::status",
            "Dir::Bin::dpkg",
            "Dir::Etc",
            "Dir::State",
            "Dir::Cache",
            "Dir::Log",
        ]) {
            const m = new RegExp(`^${key} "([^"]*)";$`, "m").exec(dump);
            expect(m, key).not.toBeNull();
            const value = m![1]!;
            // absolute values must be in the root; relative ones hang under Dir (the root)
            if (value.startsWith("/")) expect(value.startsWith(sb.root), `${key}=${value}`).toBe(true);
        }
        expect(dump).toMatch(new RegExp(`^Dir "${sb.root}/";$`, "m"));
    });

    it("apt-cache policy in the sandbox shows the repositories, pins and priorities", async () => {
        const r = await sb.aptCache(["policy", "libsignalk", "marine-signalk-server-container"]);
        expect(r.status).toBe(0);
        expect(r.stdout).toContain("marine-signalk-server-container:");
        expect(r.stdout).toMatch(/Candidate: 2\.0-1/);
        // the pin (600) beats the ButAutomaticUpgrades backport (100) and its higher version
        expect(r.stdout).toMatch(/libsignalk:\n\s+Installed: \(none\)\n\s+Candidate: 1\.0\n/);
        const general = await sb.aptCache(["policy"]);
        expect(general.stdout).toMatch(/o=Hat Labs,a=stable,n=trixie,l=Marine,c=main/);
        expect(general.stdout).toMatch(/100 file:.*backports/);
    });

    it("installs and purges for real inside the root, running maintainer scripts chrootless", async () => {
        const r = await sb.aptGet(["install", "-y", "-q", "marine-signalk-server-container"]);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(sb.installedVersion("marine-signalk-server-container")).toBe("2.0-1");
        expect(sb.installedVersion("libsignalk")).toBe("1.0");
        expect(fs.readFileSync(path.join(sb.root, "usr/share/signalk/README"), "utf8")).toBe("hello\n");
        expect(fs.readFileSync(path.join(sb.root, "etc/signalk/settings.conf"), "utf8")).toBe("a=1\n");
        expect(fs.readFileSync(path.join(sb.root, "var/lib/signalk-postinst"), "utf8")).toBe("configure\n");
        expect(fs.existsSync("/usr/share/signalk/README")).toBe(false);
        const q = await sb.dpkgQuery(["-W", "-f", "${Package} ${Status}\n", "old-config"]);
        expect(q.stdout).toBe("old-config deinstall ok config-files\n");
        const purge = await sb.aptGet(["purge", "-y", "-q", "marine-signalk-server-container"]);
        expect(purge.status, purge.stderr).toBe(0);
        expect(sb.packageStatus("marine-signalk-server-container")).toBeNull();
        expect(fs.existsSync(path.join(sb.root, "etc/signalk/settings.conf"))).toBe(false);
    });

    it("sees a newer version added to a repository after apt-get update", async () => {
        await sb.addPackages("marine", [{ name: "libsignalk", version: "1.5" }]);
        let r = await sb.aptCache(["policy", "libsignalk"]);
        expect(r.stdout).not.toContain("1.5");
        await sb.update();
        r = await sb.aptCache(["madison", "libsignalk"]);
        expect(r.stdout).toMatch(/libsignalk \|\s+1\.5 \|/);
        expect(r.stdout).toMatch(/libsignalk \|\s+1\.0 \|/);
    });

    it("the dpkg wrapper refuses a directory that is not a sandbox", () => {
        const fake = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-notasandbox-"));
        try {
            const script = fs.readFileSync(sb.dpkgWrapper, "utf8").replace(sb.root, fake);
            fs.writeFileSync(path.join(fake, "dpkg"), script, { mode: 0o755 });
            let status = 0;
            try {
                execFileSync(path.join(fake, "dpkg"), ["--audit"], { stdio: "pipe" });
            } catch (e) {
                status = (e as { status: number }).status;
            }
            expect(status).toBe(2);
        } finally {
            fs.rmSync(fake, { recursive: true, force: true });
        }
    });

    it("leaves the host's dpkg database byte-identical", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
