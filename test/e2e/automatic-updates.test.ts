// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Automatic updates and the system status notice in real Cockpit and
 * Chromium, against a demo sandbox: turn automatic updates on for security
 * updates only at 04:00 with an automatic reboot at 05:00, reload, see the
 * same; the files written say the same. The bridge sees a system root
 * without /run/systemd/system (as on this machine and CI containers), so the
 * page shows its message that no timer runs here, and the timer's drop-in
 * goes to a test directory instead of /etc/systemd/system.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { screenshot } from "../support/cockpit.js";
import { horizontalOverflow, LONG, startDemoSession, waitForList, type DemoSession } from "../support/demo-page.js";
import { hostDpkgFingerprint } from "../support/sandbox.js";

describe("automatic updates on the Updates tab", () => {
    let s: DemoSession;
    let frame: Frame;
    const hostBefore = hostDpkgFingerprint();
    const testDir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-e2e-auto-"));
    const systemdDir = path.join(testDir, "systemd");
    const systemRoot = path.join(testDir, "root");

    beforeAll(async () => {
        fs.mkdirSync(path.join(systemRoot, "etc"), { recursive: true });
        fs.copyFileSync("/etc/os-release", path.join(systemRoot, "etc/os-release"));
        // What a libc6 upgrade's postinst leaves behind (update-notifier-common's hook).
        fs.mkdirSync(path.join(systemRoot, "run"), { recursive: true });
        fs.writeFileSync(path.join(systemRoot, "run/reboot-required"), "*** System restart required ***\n");
        fs.writeFileSync(path.join(systemRoot, "run/reboot-required.pkgs"), "libc6\n");
        // cockpit-ws inherits the test's environment (test/support/cockpit.ts), and so the bridge.
        process.env.COCKPIT_APT_SYSTEMD_DIR = systemdDir;
        process.env.COCKPIT_APT_SYSTEM_ROOT = systemRoot;
        s = await startDemoSession({});
    }, 300_000);

    afterAll(async () => {
        await s?.close();
        fs.rmSync(testDir, { recursive: true, force: true });
    }, 60_000);

    async function openUpdates(): Promise<Frame> {
        const f = await s.open();
        await f.click("#tab-updates", { timeout: LONG });
        await waitForList(f);
        await f.locator("[data-testid=automatic-updates]").waitFor({ state: "visible", timeout: LONG });
        return f;
    }

    async function expand(f: Frame): Promise<void> {
        await f.locator("[data-testid=automatic-updates] .pf-v6-c-expandable-section__toggle button").first().click();
        await f.locator("#apt-auto-mode").waitFor({ state: "visible", timeout: LONG });
    }

    it("says a reboot is needed, and that this system cannot be rebooted from the page without systemd", async () => {
        frame = await openUpdates();
        const notice = frame.locator("[data-testid=reboot-required]");
        await notice.waitFor({ state: "visible", timeout: LONG });
        expect(await notice.innerText()).toContain("Updated package: libc6");
        expect(await frame.locator("[data-testid=no-systemd]").innerText()).toContain(
            "systemd is not running on this system"
        );
        expect(await frame.locator("[data-testid=reboot]").count()).toBe(0);
        await screenshot(s.page, "system-status-desktop-light");
    });

    it("turns on security updates at 04:00 with a reboot at 05:00", async () => {
        await expect
            .poll(() => frame.locator("[data-testid=lists-updated]").innerText(), { timeout: LONG })
            .toMatch(/^Package lists updated /);
        expect(await frame.locator("[data-testid=automatic-updates]").innerText()).toContain(
            "Automatic updates are off"
        );
        await expand(frame);
        await frame.selectOption("#apt-auto-mode", "security");
        await frame.fill("#apt-auto-time", "04:00");
        await frame.check("#apt-auto-reboot");
        await frame.fill("#apt-auto-reboot-time", "05:00");
        await frame.click("[data-testid=automatic-updates-save]");
        await expect
            .poll(() => frame.locator("[data-testid=automatic-updates]").innerText(), { timeout: LONG })
            .toContain("Install security updates daily at 04:00");
        // No systemd here: the page says that no timer runs, and where the time is kept.
        const noSystemd = await frame.locator("[data-testid=automatic-updates-no-systemd]").innerText();
        expect(noSystemd).toContain("systemd is not running on this system");
        expect(noSystemd).toContain(path.join(systemdDir, "apt-daily-upgrade.timer.d/cockpit-apt.conf"));
        await screenshot(s.page, "auto-updates-desktop-light");
        await s.page.emulateMedia({ colorScheme: "dark" });
        await screenshot(s.page, "auto-updates-desktop-dark");
        await s.page.emulateMedia({ colorScheme: "light" });
    });

    it("shows the same after a reload, and the files say the same", async () => {
        frame = await openUpdates();
        expect(await frame.locator("[data-testid=automatic-updates]").innerText()).toContain(
            "Install security updates daily at 04:00"
        );
        await expand(frame);
        expect(await frame.locator("#apt-auto-mode").inputValue()).toBe("security");
        expect(await frame.locator("#apt-auto-time").inputValue()).toBe("04:00");
        expect(await frame.locator("#apt-auto-reboot").isChecked()).toBe(true);
        expect(await frame.locator("#apt-auto-reboot-time").inputValue()).toBe("05:00");
        expect(await frame.locator("[data-testid=automatic-updates-override]").count()).toBe(0);

        const conf = fs.readFileSync(path.join(s.demo.root, "etc/apt/apt.conf.d/52cockpit-apt-auto-upgrades"), "utf8");
        expect(conf).toContain('APT::Periodic::Unattended-Upgrade "1";');
        expect(conf).toContain('"origin=Debian,codename=${distro_codename}-security,label=Debian-Security";');
        expect(conf).not.toContain("origin=*");
        expect(conf).toContain('Unattended-Upgrade::Automatic-Reboot "true";');
        expect(conf).toContain('Unattended-Upgrade::Automatic-Reboot-Time "05:00";');
        expect(fs.readFileSync(path.join(systemdDir, "apt-daily-upgrade.timer.d/cockpit-apt.conf"), "utf8")).toContain(
            "\nOnCalendar=\nOnCalendar=*-*-* 04:00\nRandomizedDelaySec=0\n"
        );
        expect(fs.existsSync("/etc/apt/apt.conf.d/52cockpit-apt-auto-upgrades")).toBe(false);
    });

    it("fits a phone, light and dark", async () => {
        await s.page.setViewportSize({ width: 360, height: 800 });
        frame = await openUpdates();
        await frame.locator("[data-testid=reboot-required]").waitFor({ state: "visible", timeout: LONG });
        expect(await horizontalOverflow(frame)).toBeLessThanOrEqual(1);
        await screenshot(s.page, "system-status-phone-light");
        await expand(frame);
        await frame.locator("[data-testid=automatic-updates]").scrollIntoViewIfNeeded();
        expect(await horizontalOverflow(frame)).toBeLessThanOrEqual(1);
        await screenshot(s.page, "auto-updates-phone-light");
        await s.page.emulateMedia({ colorScheme: "dark" });
        await screenshot(s.page, "auto-updates-phone-dark");
        await s.page.emulateMedia({ colorScheme: "light" });
        await s.page.setViewportSize({ width: 1280, height: 900 });
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
