// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * History, autoremove and previews through the page in real Cockpit and a
 * real browser, on a demo sandbox: an install from the page shows in the
 * History view (newest first, expandable to its packages) and on the
 * package's History tab; removing an app leaves its dependency unused, the
 * Installed tab offers "Remove unused packages (1)" with its preview, and
 * that run shows in the History view too. Desktop and 360 px screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { screenshot } from "../support/cockpit.js";
import {
    confirmOperation,
    horizontalOverflow,
    LONG,
    search,
    startDemoSession,
    waitForList,
    type DemoSession,
} from "../support/demo-page.js";
import { hostDpkgFingerprint } from "../support/sandbox.js";

const APP = "marine-grafana-container";
const DEPENDENCY = "marine-influxdb-container";

describe("history and autoremove on the demo sandbox", () => {
    let s: DemoSession;
    let frame: Frame;
    const hostBefore = hostDpkgFingerprint();

    beforeAll(async () => {
        s = await startDemoSession({ installStores: ["marine"] });
    }, 300_000);

    afterAll(async () => {
        await s?.close();
    }, 60_000);

    async function openHistory(): Promise<void> {
        await frame.click("[data-testid=open-history]", { timeout: LONG });
        await frame
            .locator("[data-testid=history-list], [data-testid=history-empty]")
            .first()
            .waitFor({ state: "visible", timeout: LONG });
    }

    it("an install from the page, with its grouped preview, is the newest run in the History view", async () => {
        frame = await s.open("/store/marine");
        await frame.locator("#store-toggle-marine").waitFor({ state: "visible", timeout: LONG });
        expect(await search(frame, "grafana")).toEqual([APP]);
        await frame.click(`button[data-action=install][data-package="${APP}"]`);
        await frame.locator("[data-testid=preview-install]").waitFor({ state: "visible", timeout: LONG });
        expect(await frame.locator("[data-testid=preview-install] h3").innerText()).toBe("2 new packages");
        expect(
            await frame
                .locator("[data-testid=preview-install] [data-testid=preview-package]")
                .evaluateAll((l) => l.map((e) => e.getAttribute("data-package")))
        ).toEqual([APP, DEPENDENCY]);
        // the demo's repository is a file: one, read in place: nothing to download
        expect(await frame.locator("[data-testid=preview-download-size]").innerText()).toBe("0 B");
        await expect(frame.locator("[data-testid=preview-disk-space]").innerText()).resolves.toMatch(/more used|^0 B/);
        await confirmOperation(frame, s.page, { preview: "history-install-preview" });
        expect(s.demo.sandbox.installedVersion(APP)).not.toBeNull();

        await openHistory();
        const newest = frame.locator("[data-testid=history-entry]").first();
        await expect(newest.locator("[data-testid=history-command]").innerText()).resolves.toMatch(
            new RegExp(`apt-get .*install -- ${APP}$`)
        );
        await expect(newest.locator("[data-testid=history-summary]").innerText()).resolves.toContain("2 installed");
        await newest.locator("button[aria-expanded]").first().click();
        const rows = newest.locator("[data-testid=history-package]");
        await rows.first().waitFor({ state: "visible", timeout: LONG });
        expect(
            (
                await rows.evaluateAll((l) =>
                    l.map((e) => `${e.getAttribute("data-action")} ${e.getAttribute("data-package")}`)
                )
            ).sort()
        ).toEqual([`install ${APP}`, `install ${DEPENDENCY}`]);
        await screenshot(s.page, "history-view");
        expect(await horizontalOverflow(frame)).toBeLessThanOrEqual(1);
        await s.page.setViewportSize({ width: 360, height: 800 });
        await frame.waitForTimeout(300);
        await screenshot(s.page, "history-view-360");
        expect(await horizontalOverflow(frame)).toBeLessThanOrEqual(1);
        await s.page.setViewportSize({ width: 1280, height: 900 });
    });

    it("the package's own History tab lists the install", async () => {
        frame = await s.open(`/package/${APP}`);
        await frame.click("#details-tabs button:has-text('History')", { timeout: LONG });
        const row = frame.locator("[data-testid=package-history-row]").first();
        await row.waitFor({ state: "visible", timeout: LONG });
        expect(await row.getAttribute("data-action")).toBe("install");
        await screenshot(s.page, "history-package-tab");
    });

    it("removing the app leaves its dependency unused: 'Remove unused packages (1)' previews and removes it, and History shows that run", async () => {
        frame = await s.open("/store/marine");
        await frame.click("#tab-installed", { timeout: LONG });
        await waitForList(frame);
        await frame.click(`button[data-action=remove][data-package="${APP}"]`);
        await confirmOperation(frame, s.page);
        expect(s.demo.sandbox.installedVersion(APP)).toBeNull();
        const button = frame.locator("[data-testid=autoremove]");
        await button.waitFor({ state: "visible", timeout: LONG });
        expect(await button.innerText()).toBe("Remove unused packages (1)");
        await button.click();
        await frame.locator("[data-testid=preview-remove]").waitFor({ state: "visible", timeout: LONG });
        expect(
            await frame
                .locator("[data-testid=preview-remove] [data-testid=preview-package]")
                .evaluateAll((l) => l.map((e) => e.getAttribute("data-package")))
        ).toEqual([DEPENDENCY]);
        await s.page.setViewportSize({ width: 360, height: 800 });
        await frame.waitForTimeout(300);
        await screenshot(s.page, "autoremove-preview-360");
        await s.page.setViewportSize({ width: 1280, height: 900 });
        await confirmOperation(frame, s.page, { preview: "autoremove-preview" });
        expect(s.demo.sandbox.installedVersion(DEPENDENCY)).toBeNull();
        await frame.locator("[data-testid=autoremove]").waitFor({ state: "detached", timeout: LONG });
        await openHistory();
        const newest = frame.locator("[data-testid=history-entry]").first();
        await expect(newest.locator("[data-testid=history-command]").innerText()).resolves.toMatch(
            /apt-get .*autoremove$/
        );
        await expect(newest.locator("[data-testid=history-summary]").innerText()).resolves.toContain("1 removed");
    });

    it("left the host's dpkg database and APT state untouched", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
