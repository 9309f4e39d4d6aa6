// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * Issue 15 in real Cockpit and Chromium, against the demo sandbox with the
 * marine store: Back and Forward through tabs, a section, a package and its
 * details tab (focus on the opened heading); the details fresh right after
 * an install from them; the store's Updates empty state while the system
 * has an update elsewhere; the compact banner and the rendered description
 * at desktop and phone width (screenshots).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { EXTRAS } from "../../demo/catalog.js";
import { screenshot } from "../support/cockpit.js";
import { confirmOperation, LONG, startDemoSession, waitForList, type DemoSession } from "../support/demo-page.js";

const APP = "marine-anchor-alarm-container";

async function activeId(frame: Frame): Promise<string> {
    return frame.evaluate(() => document.activeElement?.id ?? "");
}

async function selectedTab(frame: Frame, container: string): Promise<string> {
    return frame.locator(`${container} [role=tab][aria-selected=true]`).first().innerText({ timeout: LONG });
}

describe("issue 15 in the page: navigation, fresh details, empty states", () => {
    let s: DemoSession;
    let frame: Frame;
    const extra = EXTRAS[0]!;

    beforeAll(async () => {
        s = await startDemoSession({ installStores: ["marine"] });
        // An update outside the store: a package of another origin installed, then a newer version published.
        const install = await s.demo.sandbox.aptGet(["install", "-y", "-q", extra.name]);
        if (install.status !== 0) throw new Error(`apt-get install failed: ${install.stdout}\n${install.stderr}`);
        await s.demo.sandbox.addPackages("extras", [{ ...extra, version: "9.9.9-1" }]);
        const update = await s.demo.sandbox.aptGet(["update", "-q"]);
        if (update.status !== 0) throw new Error(`apt-get update failed: ${update.stdout}\n${update.stderr}`);
    }, 300_000);

    afterAll(async () => {
        await s?.close();
    }, 60_000);

    it("in a store, Updates says there are none in this store and offers the system's updates", async () => {
        frame = await s.open("/store/marine");
        await frame.locator("#store-toggle-marine").waitFor({ state: "visible", timeout: LONG });
        await frame.click("#tab-updates");
        await waitForList(frame);
        const empty = frame.locator("[data-testid=no-updates]");
        expect(await empty.getAttribute("data-scope")).toBe("store");
        await expect(empty.innerText()).resolves.toContain("No updates in this store");
        expect(await empty.innerText()).not.toContain("Your system is up to date");
        await expect
            .poll(
                () =>
                    frame
                        .locator("[data-testid=system-updates]")
                        .innerText()
                        .catch(() => ""),
                { timeout: LONG }
            )
            .toContain("1 update elsewhere");
        await screenshot(s.page, "polish-store-updates-empty");
        await frame.click("[data-testid=show-all-updates]");
        await frame
            .locator(`[data-testid=package-row][data-package="${extra.name}"]`)
            .waitFor({ state: "visible", timeout: LONG });
        expect(await frame.locator("#apt-title").innerText()).toBe("Software");
        expect(await selectedTab(frame, "#package-tabs")).toContain("Updates");
    });

    it("Back and Forward walk through tabs, a section, a package and its details tab", async () => {
        frame = await s.open("/store/marine");
        await frame.locator("#store-toggle-marine").waitFor({ state: "visible", timeout: LONG });
        await frame.click("#tab-browse");
        await waitForList(frame);
        await frame.click("#tab-installed");
        await waitForList(frame);
        await frame.click("#tab-browse");
        await frame.locator("[data-testid=section-grid]").waitFor({ state: "visible", timeout: LONG });
        // A section: its list, and focus on its heading.
        const card = frame.locator("[data-testid=section-card]").first();
        const sectionKey = (await card.getAttribute("data-section")) ?? "";
        await card.locator("button").first().click();
        await frame.locator("#section-title").waitFor({ state: "visible", timeout: LONG });
        await waitForList(frame);
        await expect.poll(() => activeId(frame), { timeout: LONG }).toBe("section-title");
        // A package from that list: focus on its name.
        const first = frame.locator("[data-testid=package-row] button[data-action=open]").first();
        const name = (await first.getAttribute("data-package")) ?? "";
        await first.click();
        await frame.locator(`#package-details[data-package="${name}"]`).waitFor({ state: "visible", timeout: LONG });
        await expect.poll(() => activeId(frame), { timeout: LONG }).toBe("package-title");
        await frame.locator("#details-tabs [role=tab]", { hasText: "Versions" }).click();
        await frame.locator("[data-testid=versions]").waitFor({ state: "visible", timeout: LONG });
        // The details tabs take arrow keys (each a history entry too).
        await s.page.keyboard.press("ArrowLeft");
        await expect.poll(() => selectedTab(frame, "#details-tabs"), { timeout: LONG }).toBe("Dependencies");
        await s.page.keyboard.press("ArrowRight");
        await expect.poll(() => selectedTab(frame, "#details-tabs"), { timeout: LONG }).toBe("Versions");

        const back = async () => {
            await s.page.goBack({ waitUntil: "commit", timeout: LONG });
        };
        await back(); // Versions -> Dependencies
        await expect.poll(() => selectedTab(frame, "#details-tabs"), { timeout: LONG }).toBe("Dependencies");
        await back(); // Dependencies -> Versions
        await back(); // Versions -> Overview
        await expect.poll(() => selectedTab(frame, "#details-tabs"), { timeout: LONG }).toBe("Overview");
        await back(); // the package -> the section
        await frame.locator("#section-title").waitFor({ state: "visible", timeout: LONG });
        expect(await frame.locator("[data-testid=section-grid]").count()).toBe(0);
        await back(); // the section -> the grid
        await frame.locator("[data-testid=section-grid]").waitFor({ state: "visible", timeout: LONG });
        await back(); // Browse -> Installed
        await expect.poll(() => selectedTab(frame, "#package-tabs"), { timeout: LONG }).toContain("Installed");
        await s.page.goForward({ waitUntil: "commit", timeout: LONG });
        await frame.locator("[data-testid=section-grid]").waitFor({ state: "visible", timeout: LONG });
        await s.page.goForward({ waitUntil: "commit", timeout: LONG });
        await frame.locator("#section-title").waitFor({ state: "visible", timeout: LONG });
        expect(s.page.url()).toContain(`section=${encodeURIComponent(sectionKey)}`);
        await s.page.goForward({ waitUntil: "commit", timeout: LONG });
        await frame.locator(`#package-details[data-package="${name}"]`).waitFor({ state: "visible", timeout: LONG });
        // Another package starts on its overview, not on the tab of the one before.
        await frame.locator("#details-tabs [role=tab]", { hasText: "Versions" }).click();
        await frame.locator("[data-testid=versions]").waitFor({ state: "visible", timeout: LONG });
        await frame.evaluate((to) => window.cockpit?.location.go(["package", to]), APP);
        await frame.locator(`#package-details[data-package="${APP}"]`).waitFor({ state: "visible", timeout: LONG });
        await expect.poll(() => selectedTab(frame, "#details-tabs"), { timeout: LONG }).toBe("Overview");
    });

    it("the details are fresh right after an install from them: no stale 'Not installed', no Install button", async () => {
        frame = await s.open(`/package/${APP}`);
        const install = frame.locator("[data-testid=details-install]");
        await install.waitFor({ state: "visible", timeout: LONG });
        await install.click();
        await confirmOperation(frame, s.page);
        const closedAt = Date.now();
        // From the moment the result dialog is closed: never the old state.
        const fields = frame.locator("[data-testid=package-fields]");
        const sample = async () => ({ install: await install.count(), text: await fields.innerText() });
        let fresh = await sample();
        expect(fresh.install).toBe(0);
        expect(fresh.text).not.toContain("Not installed");
        while (!fresh.text.includes("1.4.0-1") && Date.now() - closedAt < LONG) {
            await frame.waitForTimeout(50);
            fresh = await sample();
            expect(fresh.install).toBe(0);
            expect(fresh.text).not.toContain("Not installed");
        }
        expect(fresh.text).toContain("1.4.0-1");
        console.info(`details fresh ${Date.now() - closedAt} ms after the result dialog closed`);
        await frame.locator("[data-testid=details-remove]").waitFor({ state: "visible", timeout: LONG });
        expect(s.demo.sandbox.installedVersion(APP)).toBe("1.4.0-1");
        await screenshot(s.page, "polish-details-after-install");
    });

    it("the store banner is a thin strip and the description is rendered, at desktop and phone width", async () => {
        frame = await s.open("/store/marine");
        const banner = frame.locator("[data-testid=store-banner]");
        await banner.waitFor({ state: "visible", timeout: LONG });
        await waitForList(frame);
        expect((await banner.boundingBox())!.height).toBeLessThanOrEqual(48);
        await screenshot(s.page, "polish-store-desktop");
        await s.page.setViewportSize({ width: 360, height: 740 });
        try {
            await frame.waitForTimeout(300);
            expect((await banner.boundingBox())!.height).toBeLessThanOrEqual(24);
            console.info(`at 360 px the tabs start at y=${(await frame.locator("#package-tabs").boundingBox())!.y}`);
            await screenshot(s.page, "polish-store-phone");
            frame = await s.open(`/package/${APP}`);
            // A container app of the demo ships AppStream metainfo: its description is the app's (issue 16).
            await frame
                .locator("[data-testid=app-description], [data-testid=package-description]")
                .first()
                .waitFor({ state: "visible", timeout: LONG });
            await screenshot(s.page, "polish-details-phone");
        } finally {
            await s.page.setViewportSize({ width: 1280, height: 900 });
        }
    });
});
