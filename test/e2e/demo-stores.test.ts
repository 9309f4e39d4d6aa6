// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * Stores in real Cockpit and a real browser, against a demo sandbox root
 * (demo/build-demo.ts without the host's lists): vanilla mode, a store package
 * installed from the page makes the toggle appear, another installed behind
 * the page's back appears through the directory watch, the marine store's
 * packages, repositories, search, custom sections, a deep link, persistence of
 * the chosen store across a reload, the devtools store's categories, and a
 * keyboard-only path. Runs in order on one sandbox, like a user's session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { CONTAINER_APPS_ORIGIN, DEVTOOLS_APPS, MARINE_APPS } from "../../demo/catalog.js";
import { screenshot } from "../support/cockpit.js";
import {
    confirmOperation,
    horizontalOverflow,
    isPressed,
    LONG,
    repositoryOptions,
    rowNames,
    search,
    startDemoSession,
    waitForList,
    type DemoSession,
} from "../support/demo-page.js";
import { hostDpkgFingerprint } from "../support/sandbox.js";

describe("stores on the demo sandbox", () => {
    let s: DemoSession;
    let frame: Frame;
    const hostBefore = hostDpkgFingerprint();

    beforeAll(async () => {
        s = await startDemoSession({ installStores: [] });
    }, 300_000);

    afterAll(async () => {
        await s?.close();
    }, 60_000);

    it("vanilla mode: no store installed, no toggle, every repository in the dropdown", async () => {
        frame = await s.open();
        await waitForList(frame);
        expect(await frame.locator("#store-toggle").count()).toBe(0);
        expect(await frame.locator("#apt-title").innerText()).toBe("Software");
        // The repositories arrive with their own request, which may answer after the first list.
        await expect
            .poll(() => repositoryOptions(frame), { timeout: LONG })
            .toEqual(
                expect.arrayContaining([
                    `${CONTAINER_APPS_ORIGIN}:stable`,
                    `${CONTAINER_APPS_ORIGIN}:testing`,
                    "Example Org:stable",
                ])
            );
        await screenshot(s.page, "demo-vanilla-browse");
    });

    it("installing marine-container-store from the page makes the store toggle appear, without a restart", async () => {
        const names = await search(frame, "container-store");
        expect(names).toEqual(expect.arrayContaining(["marine-container-store", "devtools-container-store"]));
        await frame.click('button[data-action=install][data-package="marine-container-store"]');
        const preview = await confirmOperation(frame, s.page);
        expect(preview).toContain("marine-container-store");
        expect(s.demo.sandbox.installedVersion("marine-container-store")).toBe("1.0");
        await frame.locator("#store-toggle").waitFor({ state: "visible", timeout: LONG });
        expect(await isPressed(frame, "#store-toggle-system")).toBe(true);
        await expect(frame.locator("#store-toggle-marine").innerText()).resolves.toContain("Marine Apps");
        await screenshot(s.page, "demo-store-toggle-appeared");
    });

    it("choosing Marine Apps shows only its packages and narrows the repositories to its own", async () => {
        await frame.click("#store-toggle-marine");
        await expect.poll(() => isPressed(frame, "#store-toggle-marine"), { timeout: LONG }).toBe(true);
        await expect.poll(() => frame.locator("#apt-title").innerText(), { timeout: LONG }).toBe("Marine Apps");
        // The search the user left on the Search tab is not carried into the store (only Search sends it).
        await frame.click("#tab-browse");
        await waitForList(frame);
        // Custom sections first, with their descriptions; then the Debian sections of the store's packages.
        const cards = await frame
            .locator("[data-testid=section-card]")
            .evaluateAll((els) => els.map((e) => e.getAttribute("data-section")));
        expect(cards.slice(0, 3)).toEqual(["navigation", "instruments", "monitoring"]);
        expect(cards).toEqual(expect.arrayContaining(["net", "misc"]));
        expect(cards).not.toContain("vcs");
        await expect(
            frame.locator('[data-testid=section-card][data-section="navigation"]').innerText()
        ).resolves.toContain("Chart plotters");
        // The store's own icons, installed by its package inside the sandbox, are shown (not the default icon).
        // naturalWidth > 0: the image really decoded (a blob: URL is refused by Cockpit's CSP and shows nothing).
        const drawn = (selector: string) =>
            frame.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth > 0));
        await expect.poll(() => drawn("#store-toggle-marine img"), { timeout: LONG }).toEqual([true]);
        await expect
            .poll(() => drawn('[data-testid=section-card][data-section="navigation"] img'), { timeout: LONG })
            .toEqual([true]);
        await screenshot(s.page, "demo-marine-sections");
        // Two suites of one origin; not Example Org (its nmea-cli is field::marine but another origin).
        await expect
            .poll(() => repositoryOptions(frame), { timeout: LONG })
            .toEqual([`${CONTAINER_APPS_ORIGIN}:stable`, `${CONTAINER_APPS_ORIGIN}:testing`]);
        await frame.click("#tab-installed");
        await waitForList(frame);
        await expect(frame.locator("[data-testid=no-installed]").innerText()).resolves.toContain(
            "Nothing from this store"
        );
    });

    it("a custom section lists the store's packages with its tag", async () => {
        await frame.click("#tab-browse");
        await waitForList(frame);
        await frame.click('[data-testid=section-card][data-section="navigation"] button');
        await waitForList(frame);
        const names = await rowNames(frame);
        expect(names.sort()).toEqual([
            "marine-ais-decoder-container",
            "marine-anchor-alarm-container",
            "marine-avnav-container",
            "marine-freeboard-container",
            "marine-signalk-server-container",
        ]);
        expect(await horizontalOverflow(frame)).toBeLessThanOrEqual(1);
        await screenshot(s.page, "demo-marine-navigation");
        await frame.click("[data-testid=back-to-sections]");
        await frame.locator("[data-testid=section-grid]").waitFor({ state: "visible", timeout: LONG });
    });

    it("search within the store finds only the store's packages", async () => {
        const nmea = await search(frame, "nmea");
        expect(nmea.length).toBeGreaterThan(0);
        for (const name of nmea) expect(MARINE_APPS).toContain(name);
        expect(nmea).toContain("marine-signalk-server-container");
        // field::marine from another origin, and the Debian-less sandbox's non-marine apps: not in the store.
        expect(nmea).not.toContain("nmea-cli");
        const all = await search(frame, "container");
        expect(all.sort()).toEqual([...MARINE_APPS].sort());
        await screenshot(s.page, "demo-marine-search");
        const gitea = await search(frame, "gitea");
        expect(gitea).toEqual([]);
        await frame.locator("[data-testid=no-match]").waitFor({ state: "visible", timeout: LONG });
    });

    it("the chosen store survives a reload", async () => {
        await s.page.reload({ waitUntil: "load", timeout: LONG });
        frame = await s.open();
        await frame.locator("#store-toggle").waitFor({ state: "visible", timeout: LONG });
        await expect.poll(() => isPressed(frame, "#store-toggle-marine"), { timeout: LONG }).toBe(true);
        await expect.poll(() => frame.locator("#apt-title").innerText(), { timeout: LONG }).toBe("Marine Apps");
    });

    it("opens a package's details by deep link", async () => {
        frame = await s.open("/package/marine-signalk-server-container");
        const details = frame.locator('#package-details[data-package="marine-signalk-server-container"]');
        await details.waitFor({ state: "visible", timeout: LONG });
        await expect(frame.locator("#package-title").innerText({ timeout: LONG })).resolves.toBe(
            "marine-signalk-server-container"
        );
        const fields = frame.locator("[data-testid=package-fields]");
        await fields.waitFor({ state: "visible", timeout: LONG });
        const text = await fields.innerText();
        expect(text).toContain("2.9.1-1");
        expect(await details.innerText()).toContain("Signal K");
        expect(await frame.locator("[data-testid=details-error]").count()).toBe(0);
        await screenshot(s.page, "demo-details-signalk");
        await frame.click("[data-testid=details-back]");
        await frame.locator("#package-tabs").waitFor({ state: "visible", timeout: LONG });
    });

    it("a store package installed behind the page's back appears through the directory watch; its categories browse", async () => {
        frame = await s.open();
        await frame.locator("#store-toggle-marine").waitFor({ state: "visible", timeout: LONG });
        const r = await s.demo.sandbox.aptGet(["install", "-y", "-q", "devtools-container-store"]);
        expect(r.status, r.stderr).toBe(0);
        await frame.locator("#store-toggle-devtools").waitFor({ state: "visible", timeout: LONG });
        await frame.click("#store-toggle-devtools");
        await expect.poll(() => frame.locator("#apt-title").innerText(), { timeout: LONG }).toBe("Developer Tools");
        await frame.click("#tab-browse");
        await waitForList(frame);
        const cards = await frame
            .locator("[data-testid=section-card]")
            .evaluateAll((els) => els.map((e) => e.getAttribute("data-section")));
        expect(cards).toEqual(
            expect.arrayContaining(["category::code-hosting", "category::ci", "category::databases"])
        );
        await expect(
            frame.locator('[data-testid=section-card][data-section="category::ci"]').innerText()
        ).resolves.toContain("Continuous integration");
        await screenshot(s.page, "demo-devtools-categories");
        await frame.click('[data-testid=section-card][data-section="category::databases"] button');
        await waitForList(frame);
        const names = await rowNames(frame);
        expect(names.sort()).toEqual([
            "devtools-adminer-container",
            "devtools-postgres-console-container",
            "marine-influxdb-container",
        ]);
        for (const name of names) expect(DEVTOOLS_APPS).toContain(name);
        await frame.click("[data-testid=back-to-sections]");
    });

    it("keyboard only: toggle, tabs, search, open a row, back", async () => {
        frame = await s.open();
        await frame.locator("#store-toggle").waitFor({ state: "visible", timeout: LONG });
        const { page } = s;
        const focused = () =>
            frame.evaluate(() => {
                const el = document.activeElement;
                return el
                    ? `${el.tagName.toLowerCase()}#${el.id}|${el.getAttribute("data-action") ?? ""}|${el.getAttribute("data-package") ?? ""}|${el.getAttribute("data-testid") ?? ""}`
                    : "";
            });
        /** Presses Tab until the module's focused element matches, at most `max` times. */
        const tabTo = async (match: (f: string) => boolean, max = 60) => {
            for (let i = 0; i < max; i++) {
                if (match(await focused())) return;
                await page.keyboard.press("Tab");
            }
            throw new Error(`Tab never reached the element (last: ${await focused()})`);
        };
        await tabTo((f) => f.startsWith("button#store-toggle-system"));
        await page.keyboard.press("Enter");
        await expect.poll(() => isPressed(frame, "#store-toggle-system"), { timeout: LONG }).toBe(true);
        await tabTo((f) => f.startsWith("button#store-toggle-marine"));
        await page.keyboard.press("Space");
        await expect.poll(() => isPressed(frame, "#store-toggle-marine"), { timeout: LONG }).toBe(true);
        await tabTo((f) => f.startsWith("button#pf-tab-search-package-tabs"));
        await page.keyboard.press("Enter");
        await tabTo((f) => f.startsWith("input#package-search"));
        await page.keyboard.type("anchor");
        await frame.waitForTimeout(500);
        await waitForList(frame);
        expect(await rowNames(frame)).toEqual(["marine-anchor-alarm-container"]);
        await tabTo((f) => f.startsWith("button#|open|marine-anchor-alarm-container|"));
        await screenshot(s.page, "demo-keyboard-focus");
        await page.keyboard.press("Enter");
        await frame
            .locator('#package-details[data-package="marine-anchor-alarm-container"]')
            .waitFor({ state: "visible", timeout: LONG });
        await tabTo((f) => f.endsWith("|details-back"), 80);
        await page.keyboard.press("Enter");
        await frame.locator("#package-tabs").waitFor({ state: "visible", timeout: LONG });
        // Back where the user was: the store, the Search tab and its query.
        expect(await isPressed(frame, "#store-toggle-marine")).toBe(true);
        await expect(frame.locator("input#package-search").inputValue()).resolves.toBe("anchor");
    });

    it("left the host's dpkg database and APT state untouched", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
