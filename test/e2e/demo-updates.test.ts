// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * The Updates tab in real Cockpit and Chromium against a demo sandbox (issue
 * 13): four installed demo apps gain newer versions, one in a security
 * archive (label Debian-Security, suite stable-security), one whose new
 * version conflicts with another installed app. Hold from the page: the tab
 * shows it held and "Upgrade all" leaves it at its old version; Unhold; the
 * full upgrade, its removal named in the preview. Screenshots of the tab at
 * desktop size, light and dark. The host's dpkg database is checked unchanged.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { CONTAINER_APPS } from "../../demo/catalog.js";
import { screenshot } from "../support/cockpit.js";
import {
    confirmOperation,
    horizontalOverflow,
    LONG,
    rowNames,
    startDemoSession,
    type DemoSession,
} from "../support/demo-page.js";
import { Repository } from "../support/repository.js";
import { hostDpkgFingerprint } from "../support/sandbox.js";

const PLAIN = "marine-anchor-alarm-container";
const TO_HOLD = "marine-battery-monitor-container";
const SECURITY = "marine-weather-grib-container";
const NEEDS_REMOVAL = "devtools-adminer-container";
const VICTIM = "devtools-registry-container";

function app(name: string) {
    const spec = CONTAINER_APPS.find((d) => d.name === name);
    if (!spec) throw new Error(`no ${name} in the catalogue`);
    return spec;
}

describe("the Updates tab on the demo sandbox", () => {
    let s: DemoSession;
    let frame: Frame;
    const hostBefore = hostDpkgFingerprint();
    const version = (name: string) => s.demo.sandbox.dpkgQuery(["-W", "-f=${Version}", name]).then((r) => r.stdout);

    beforeAll(async () => {
        s = await startDemoSession({});
        const sb = s.demo.sandbox;
        const installed = await sb.aptGet(["install", "-y", PLAIN, TO_HOLD, SECURITY, NEEDS_REMOVAL, VICTIM]);
        if (installed.status !== 0) throw new Error(installed.stderr);
        await sb.addPackages("container-apps", [
            { ...app(PLAIN), version: "1.5.0-1" },
            { ...app(TO_HOLD), version: "3.2.0-1" },
            { ...app(NEEDS_REMOVAL), version: "5.0.0-1", conflicts: VICTIM },
        ]);
        // A security archive beside the demo's repositories.
        const security = new Repository(path.join(sb.root, "repos"), {
            name: "demo-security",
            origin: "Debian",
            label: "Debian-Security",
            suite: "stable-security",
            codename: "bookworm-security",
            packages: [{ ...app(SECURITY), version: "1.0.4-1" }],
        });
        fs.appendFileSync(path.join(sb.root, "etc/apt/sources.list"), security.sourcesLine + "\n");
        await sb.update();
    }, 300_000);

    afterAll(async () => {
        await s?.close();
    }, 60_000);

    const keptBack = () =>
        frame
            .locator("[data-testid=kept-back-row]")
            .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-package"), r.getAttribute("data-reason")]));

    async function openUpdates() {
        await frame.click("#tab-updates", { timeout: LONG });
        await frame
            .locator("[data-testid=kept-back], [data-testid=no-updates]")
            .first()
            .waitFor({ state: "visible", timeout: LONG });
        await frame.waitForSelector("[data-testid=list-loading]", { state: "detached", timeout: LONG });
        // and APT's simulation of Upgrade all has answered (the list is shown before it does)
        await frame.waitForSelector("[data-testid=kept-back-check]", { state: "detached", timeout: LONG });
    }

    it("security first and counted, the one needing a removal apart; Upgrade all counts what it upgrades", async () => {
        frame = await s.open();
        await openUpdates();
        await frame.locator("[data-testid=package-row]").first().waitFor({ state: "visible", timeout: LONG });
        expect(await rowNames(frame)).toEqual([SECURITY, PLAIN, TO_HOLD]);
        expect(await frame.locator("[data-testid=security-count]").innerText()).toBe("1 security update");
        expect(await frame.locator("[data-testid=upgrade-all]").innerText()).toBe("Upgrade all: 3 packages");
        expect(await keptBack()).toEqual([[NEEDS_REMOVAL, "removal"]]);
        expect(await frame.locator("[data-testid=kept-back-reason]").innerText()).toBe("Needs a removal");
        // The version you upgrade to is shown whole, not cut (issue 15 item 3), at desktop size.
        const cut = await frame
            .locator("[data-testid=version-new]")
            .evaluateAll(
                (els) =>
                    els.filter(
                        (e) =>
                            e.scrollWidth > e.clientWidth + 1 ||
                            e.getBoundingClientRect().right > (e.closest("td")?.getBoundingClientRect().right ?? 0) + 1
                    ).length
            );
        expect(cut).toBe(0);
        expect(await horizontalOverflow(frame)).toBeLessThanOrEqual(1);
        await screenshot(s.page, "updates-light");
        await frame.evaluate(() => {
            localStorage.setItem("shell:style", "dark");
            window.dispatchEvent(new CustomEvent("cockpit-style", { detail: { style: "dark" } }));
        });
        await frame.waitForFunction(() => document.documentElement.classList.contains("pf-v6-theme-dark"), undefined, {
            timeout: LONG,
        });
        await screenshot(s.page, "updates-dark");
        await frame.evaluate(() => {
            localStorage.setItem("shell:style", "light");
            window.dispatchEvent(new CustomEvent("cockpit-style", { detail: { style: "light" } }));
        });
    });

    it("Hold from the page: the tab shows it held, and Upgrade all leaves it at its old version", async () => {
        await frame.click(`button[data-action=hold][data-package="${TO_HOLD}"]`);
        // in name order, as the bridge lists them
        await expect.poll(keptBack, { timeout: LONG }).toEqual([
            [NEEDS_REMOVAL, "removal"],
            [TO_HOLD, "held"],
        ]);
        expect(s.demo.sandbox.packageStatus(TO_HOLD)).toBe("hold ok installed");
        await expect
            .poll(() => frame.locator("[data-testid=upgrade-all]").innerText(), { timeout: LONG })
            .toBe("Upgrade all: 2 packages");
        await screenshot(s.page, "updates-held");
        await frame.click("[data-testid=upgrade-all]");
        const preview = await confirmOperation(frame, s.page);
        expect(preview).not.toContain("3.2.0-1");
        expect(await version(PLAIN)).toBe("1.5.0-1");
        expect(await version(SECURITY)).toBe("1.0.4-1");
        expect(await version(TO_HOLD)).toBe("3.1.0-1");
        // what is left is kept back: nothing for Upgrade all
        await frame.locator("[data-testid=no-ready-updates]").waitFor({ state: "visible", timeout: LONG });
        expect(await rowNames(frame)).toEqual([]);
    });

    it("Unhold: it is an update Upgrade all installs again", async () => {
        await frame.click(`[data-testid=kept-back-row][data-package="${TO_HOLD}"] [data-testid=unhold]`);
        await expect.poll(() => rowNames(frame), { timeout: LONG }).toEqual([TO_HOLD]);
        expect(s.demo.sandbox.packageStatus(TO_HOLD)).toBe("install ok installed");
        expect(await keptBack()).toEqual([[NEEDS_REMOVAL, "removal"]]);
    });

    it("Full upgrade…: the preview names the removal, then it upgrades the rest", async () => {
        await frame.click("[data-testid=full-upgrade]");
        const preview = frame.locator("#apt-preview-dialog");
        await preview.waitFor({ state: "visible", timeout: LONG });
        await frame
            .locator("#apt-preview-dialog [data-testid=preview-remove]")
            .waitFor({ state: "visible", timeout: LONG });
        expect(await frame.locator("#apt-preview-dialog [data-testid=preview-remove]").innerText()).toContain(VICTIM);
        await screenshot(s.page, "updates-full-upgrade-preview");
        await confirmOperation(frame, s.page);
        expect(await version(NEEDS_REMOVAL)).toBe("5.0.0-1");
        expect(await version(TO_HOLD)).toBe("3.2.0-1");
        expect(s.demo.sandbox.installedVersion(VICTIM)).toBeNull();
        await frame.locator("[data-testid=no-updates]").waitFor({ state: "visible", timeout: LONG });
    });

    it("left the host's dpkg database and APT state untouched", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
