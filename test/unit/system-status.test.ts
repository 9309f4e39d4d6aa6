// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The parsers behind `system status` and `automatic-updates show`, on the
 * documented formats: needrestart's batch output (README.batch.md), kernel
 * releases, APT's history log, `systemctl cat` and unattended-upgrade's log.
 */
import { describe, expect, it } from "vitest";
import { lastUpgradeIn, parseHistoryDate } from "../../src/bridge/system/apt-times.js";
import { parseNeedrestartBatch } from "../../src/bridge/system/needrestart.js";
import { kernelFlavour, newestKernel } from "../../src/bridge/system/reboot.js";
import { isCockpitUnit, validateServiceUnit } from "../../src/bridge/system/systemd.js";
import { calendarTime, parseCalendar, renderDropIn } from "../../src/bridge/autoupdates/timer.js";
import { lastRunIn } from "../../src/bridge/autoupdates/last-run.js";
import { onlySecurity, securityPatterns } from "../../src/bridge/autoupdates/origins.js";
import { parsePreviewOutput } from "../../src/bridge/autoupdates/preview.js";

describe("needrestart batch output", () => {
    it("reads the documented example: services, kernel status, containers, sessions", () => {
        const r = parseNeedrestartBatch(
            [
                "NEEDRESTART-VER: 2.1",
                "NEEDRESTART-KCUR: 3.19.3-tl1+",
                "NEEDRESTART-KEXP: 3.19.3-tl1+",
                "NEEDRESTART-KSTA: 1",
                "NEEDRESTART-SVC: systemd-journald.service",
                "NEEDRESTART-SVC: systemd-machined.service",
                "NEEDRESTART-CONT: LXC web1",
                "NEEDRESTART-SESS: metabase @ user manager service",
                "NEEDRESTART-SESS: root @ session #28017",
            ].join("\n")
        );
        expect(r).toEqual({
            version: "2.1",
            kernelCurrent: "3.19.3-tl1+",
            kernelExpected: "3.19.3-tl1+",
            kernelStatus: 1,
            microcodeStatus: null,
            services: ["systemd-journald.service", "systemd-machined.service"],
            containers: ["LXC web1"],
            sessions: ["metabase @ user manager service", "root @ session #28017"],
        });
    });

    it("reads needrestart 3.6's output with an empty microcode line and a pending kernel", () => {
        const r = parseNeedrestartBatch(
            "NEEDRESTART-VER: 3.6\nNEEDRESTART-KCUR: 6.1.0-27-amd64\nNEEDRESTART-KEXP: 6.1.0-28-amd64\nNEEDRESTART-KSTA: 3\nNEEDRESTART-UCSTA: 2\nNEEDRESTART-UCCUR: \n"
        );
        expect(r.kernelStatus).toBe(3);
        expect(r.kernelExpected).toBe("6.1.0-28-amd64");
        expect(r.microcodeStatus).toBe(2);
        expect(r.services).toEqual([]);
    });

    it("finds nothing in text that is not its protocol", () => {
        expect(parseNeedrestartBatch("Scanning processes...\nNo services need to be restarted.\n").version).toBeNull();
    });
});

describe("kernels", () => {
    it("compares only kernels of the running flavour", () => {
        expect(kernelFlavour("6.1.0-27-amd64")).toBe("-amd64");
        expect(kernelFlavour("6.6.51+rpt-rpi-v8")).toBe("+rpt-rpi-v8");
        const installed = ["6.1.0-27-amd64", "6.1.0-28-amd64", "6.1.0-30-rt-amd64", "6.1.0-9-amd64"];
        expect(newestKernel("6.1.0-27-amd64", installed)).toBe("6.1.0-28-amd64");
        expect(
            newestKernel("6.6.51+rpt-rpi-v8", ["6.6.51+rpt-rpi-v8", "6.6.62+rpt-rpi-2712", "6.6.62+rpt-rpi-v8"])
        ).toBe("6.6.62+rpt-rpi-v8");
        expect(newestKernel("6.1.0-27-amd64", [])).toBeNull();
    });
});

describe("APT's history log", () => {
    const entry = (start: string, end: string, commandline: string, upgrade: string | null) =>
        [
            `Start-Date: ${start}`,
            `Commandline: ${commandline}`,
            ...(upgrade ? [`Upgrade: ${upgrade}`] : ["Install: x:amd64 (1.0)"]),
            `End-Date: ${end}`,
        ].join("\n");

    it("gives the end of the last transaction that upgraded something, not a dry run or an install", () => {
        const text = [
            entry(
                "2026-11-20  06:00:01",
                "2026-11-20  06:00:09",
                "/usr/bin/unattended-upgrade",
                "jq:amd64 (1.6-2.1+deb12u1, 1.6-2.1+deb12u3)"
            ),
            entry("2026-11-21  10:00:00", "2026-11-21  10:00:05", "apt-get install x", null),
            entry(
                "2026-11-29  13:44:33",
                "2026-11-29  13:44:34",
                "/usr/bin/unattended-upgrade --dry-run --debug",
                "libsasl2-2:amd64 (2.1.28+dfsg-10, 2.1.28+dfsg-10+deb12u1)"
            ),
        ].join("\n\n");
        expect(lastUpgradeIn(text)).toBe(parseHistoryDate("2026-11-20  06:00:09"));
        expect(lastUpgradeIn("")).toBeNull();
    });
});

describe("services", () => {
    it("accepts service names only, and knows Cockpit's own", () => {
        expect(validateServiceUnit("ssh.service")).toBe("ssh.service");
        expect(validateServiceUnit("getty@tty1.service")).toBe("getty@tty1.service");
        for (const bad of ["-ssh.service", "--force", "ssh", "ssh.socket", "a b.service", "x;reboot.service", ""])
            expect(() => validateServiceUnit(bad)).toThrow(/Invalid service name/);
        expect(isCockpitUnit("cockpit.service")).toBe(true);
        expect(isCockpitUnit("cockpit-wsinstance-http.service")).toBe(true);
        expect(isCockpitUnit("ssh.service")).toBe(false);
    });
});

describe("apt-daily-upgrade.timer", () => {
    it("follows OnCalendar= through systemctl cat: an empty assignment resets, the last file wins", () => {
        const cat = [
            "# /lib/systemd/system/apt-daily-upgrade.timer",
            "[Unit]",
            "Description=Daily apt upgrade and clean activities",
            "[Timer]",
            "OnCalendar=*-*-* 6:00",
            "RandomizedDelaySec=60m",
            "",
            "# /etc/systemd/system/apt-daily-upgrade.timer.d/cockpit-apt.conf",
            renderDropIn("04:00"),
        ].join("\n");
        expect(parseCalendar(cat)).toEqual({
            values: ["*-*-* 04:00"],
            file: "/etc/systemd/system/apt-daily-upgrade.timer.d/cockpit-apt.conf",
        });
        expect(calendarTime(parseCalendar(cat).values)).toBe("04:00");
        const later = `${cat}\n# /etc/systemd/system/apt-daily-upgrade.timer.d/override.conf\n[Timer]\nOnCalendar=\nOnCalendar=*-*-* 02:30:00\n`;
        expect(parseCalendar(later).file).toBe("/etc/systemd/system/apt-daily-upgrade.timer.d/override.conf");
        expect(calendarTime(parseCalendar(later).values)).toBe("02:30");
        // Debian's own: an hour with a random delay is no fixed time.
        expect(calendarTime(["*-*-* 6:00", "*-*-* 18:00"])).toBeNull();
    });
});

describe("unattended-upgrade's log and preview", () => {
    it("gives the last run's start and its lines", () => {
        const log = [
            "2026-11-28 06:10:01,100 INFO Starting unattended upgrades script",
            "2026-11-28 06:10:02,100 INFO No packages found that can be upgraded unattended and no pending auto-removals",
            "2026-11-29 06:05:01,200 INFO Starting unattended upgrades script",
            "2026-11-29 06:05:01,300 INFO Allowed origins are: origin=Debian,codename=bookworm-security,label=Debian-Security",
            "2026-11-29 06:05:09,400 INFO Packages that will be upgraded: libssl3 openssl",
            "",
        ].join("\n");
        const r = lastRunIn(log, "/var/log/unattended-upgrades/unattended-upgrades.log");
        expect(r.time).toBe(new Date(2026, 10, 29, 6, 5, 1).toISOString());
        expect(r.log).toHaveLength(3);
        expect(r.log[2]).toMatch(/libssl3 openssl/);
        expect(lastRunIn("", "x").time).toBeNull();
        expect(
            parsePreviewOutput("Packages that will be upgraded: libssl3 openssl\nWriting dpkg log to /tmp/x\n")
        ).toEqual(["libssl3", "openssl"]);
    });

    it("tells security-only origin lists from the rest", () => {
        expect(onlySecurity(securityPatterns("debian"))).toBe(true);
        expect(onlySecurity(securityPatterns("ubuntu"))).toBe(true);
        expect(
            onlySecurity([...securityPatterns("debian"), "origin=Debian,codename=${distro_codename},label=Debian"])
        ).toBe(false);
        expect(onlySecurity([])).toBe(false);
    });
});
