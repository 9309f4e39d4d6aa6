// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * AppStream in real Cockpit and Chromium, on the demo sandbox: the demo
 * repository's DEP-11 catalog gives the store's apps icons before they are
 * installed; the installed AvNav (its metainfo file) shows an app head with
 * its icon, its local screenshots and "Open", whose address is the app's
 * launchable with the page's host for localhost; its third screenshot is on
 * an unreachable host and leaves no broken image. At phone width in the dark
 * theme the app head and screenshots fit the screen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { OFFLINE_SCREENSHOT_APP } from "../../demo/appstream.js";
import { screenshot } from "../support/cockpit.js";
import { LONG, rowNames, search, startDemoSession, waitForList, type DemoSession } from "../support/demo-page.js";
import { axeViolations, chooseTheme, isDark, pageOverflow, PHONE, DESKTOP } from "../support/layout.js";

/** For each image matched: whether it really decoded (a broken or refused image has naturalWidth 0). */
const drawn = (frame: Frame, selector: string) =>
    frame
        .locator(selector)
        .evaluateAll((els) =>
            els.map((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth > 0)
        );

describe("AppStream on the demo sandbox", () => {
    let s: DemoSession;
    let frame: Frame;

    beforeAll(async () => {
        s = await startDemoSession({ installStores: ["marine"], preinstallOld: true });
    }, 300_000);

    afterAll(async () => {
        await s?.close();
    }, 60_000);

    it("the store's apps show their icons in the list, from the repository's DEP-11 catalog", async () => {
        await s.page.setViewportSize(DESKTOP);
        frame = await s.open();
        await waitForList(frame);
        const names = await search(frame, "signalk");
        expect(names).toContain("marine-signalk-server-container");
        // Not installed: its icon can only come from the catalog.
        const row = '[data-testid=package-row][data-package="marine-signalk-server-container"]';
        await expect.poll(() => drawn(frame, `${row} [data-testid=app-icon]`), { timeout: LONG }).toEqual([true]);
        expect(await frame.locator(`${row} [data-action=open]`).getAttribute("title")).toBe(
            "Signal K Server (marine-signalk-server-container)"
        );
        // Every app row of a search has an icon that decoded; a package without AppStream data (the store package) none.
        await search(frame, "marine");
        const rows = await frame
            .locator("[data-testid=package-row]")
            .evaluateAll((els) =>
                els.map(
                    (r) =>
                        [
                            r.getAttribute("data-package") ?? "",
                            ((r.querySelector("[data-testid=app-icon]") as HTMLImageElement | null)?.naturalWidth ??
                                0) > 0,
                        ] as const
                )
            );
        expect(rows.length).toBeGreaterThan(3);
        for (const [name, icon] of rows) expect([name, icon]).toEqual([name, /-container$/.test(name)]);
        await screenshot(s.page, "appstream-list-icons");
    });

    it("Browse offers the apps' AppStream categories, and one opens its apps", async () => {
        await frame.click("#tab-browse");
        await waitForList(frame);
        const card = frame.locator('[data-testid=app-category-card][data-section="app::Maps"]');
        await card.waitFor({ state: "visible", timeout: LONG });
        await screenshot(s.page, "appstream-categories");
        await card.locator("button").click();
        await frame.waitForSelector("[data-testid=package-row]", { state: "visible", timeout: LONG });
        const names = await rowNames(frame);
        expect(names).toContain(OFFLINE_SCREENSHOT_APP);
        expect(names).not.toContain("devtools-gitea-container"); // Development, not Maps
        await frame.click("[data-testid=back-to-sections]");
    });

    it("an installed app: its head, a screenshot that loaded, none broken for the unreachable one, and Open opens its address", async () => {
        frame = await s.open(`/package/${OFFLINE_SCREENSHOT_APP}`);
        await frame.locator("[data-testid=app-name]").waitFor({ state: "visible", timeout: LONG });
        expect(await frame.locator("[data-testid=app-name]").innerText()).toBe("AvNav");
        expect(await frame.locator("#package-title").innerText()).toBe(OFFLINE_SCREENSHOT_APP);
        await expect
            .poll(() => drawn(frame, "#package-details [data-testid=app-icon]"), { timeout: LONG })
            .toEqual([true]);
        // Three screenshots in its metainfo: two local files, one on a host that does not resolve.
        await expect.poll(() => drawn(frame, "[data-testid=screenshot]"), { timeout: LONG }).toEqual([true]);
        await expect
            .poll(() => frame.locator("[data-testid=screenshots]").getAttribute("data-loaded"), { timeout: LONG })
            .toBe("2");
        // The unreachable one has had its chance (NXDOMAIN is quick); still no image that failed is in the page.
        await frame.waitForTimeout(3000);
        expect(await frame.locator("[data-testid=screenshots]").getAttribute("data-loaded")).toBe("2");
        expect(
            await frame
                .locator("img")
                .evaluateAll(
                    (els) =>
                        els.filter(
                            (e) => !(e as HTMLImageElement).complete || (e as HTMLImageElement).naturalWidth === 0
                        ).length
                )
        ).toBe(0);
        await frame.click('[data-testid=screenshots] button[aria-label="Next screenshot"]');
        await expect
            .poll(() => frame.locator(".apt-screenshot-caption").innerText(), { timeout: LONG })
            .toContain("Settings");
        await screenshot(s.page, "appstream-details");

        const open = frame.locator("[data-testid=open-app]");
        const host = new URL(s.cockpit.shellUrl).hostname;
        expect(await open.getAttribute("href")).toBe(`http://${host}:8080/`);
        // Nothing listens there in the demo: the new window's request for the address is the proof.
        const [popup, request] = await Promise.all([
            s.page.context().waitForEvent("page", { timeout: LONG }),
            s.page
                .context()
                .waitForEvent("request", { predicate: (r) => r.url() === `http://${host}:8080/`, timeout: LONG }),
            open.click(),
        ]);
        expect(request.frame().page()).toBe(popup);
        await popup.close();
    });

    it("a store app that is not installed has no Open", async () => {
        frame = await s.open("/package/marine-signalk-server-container");
        await frame.locator("[data-testid=app-name]").waitFor({ state: "visible", timeout: LONG });
        expect(await frame.locator("[data-testid=app-name]").innerText()).toBe("Signal K Server");
        await expect.poll(() => drawn(frame, "[data-testid=screenshot]"), { timeout: LONG }).toEqual([true]);
        expect(await frame.locator("[data-testid=open-app]").count()).toBe(0);
        expect(
            await frame
                .locator("[data-testid=details-actions], button[data-action=install], #package-details button")
                .count()
        ).toBeGreaterThan(0);
    });

    it("at 360 px in the dark theme the app head and screenshots fit, with no accessibility violations", async () => {
        await s.page.setViewportSize(PHONE);
        await chooseTheme(s.page, "dark");
        frame = await s.open(`/package/${OFFLINE_SCREENSHOT_APP}`);
        expect(await isDark(frame)).toBe(true);
        await expect.poll(() => drawn(frame, "[data-testid=screenshot]"), { timeout: LONG }).toEqual([true]);
        await frame.waitForTimeout(300);
        await screenshot(s.page, "appstream-details-phone-dark");
        expect(await pageOverflow(frame)).toBeLessThanOrEqual(0);
        const box = await frame.locator("[data-testid=screenshot]").boundingBox();
        expect(box && box.width <= PHONE.width).toBe(true);
        expect(await axeViolations(frame)).toEqual([]);
        await chooseTheme(s.page, "light");
    });
});
