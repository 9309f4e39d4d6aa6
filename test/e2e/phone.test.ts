// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * The page on a phone (360 x 740) and on a desktop, in Cockpit's light and
 * dark themes, against the demo sandbox: every tab, a section and a package's
 * details. Each list's visible rows are checked from their boxes (name,
 * summary, status and buttons on screen, none overlapping another, no text
 * squeezed to a letter per line, rows not overlapping each other), nothing
 * scrolls sideways, and axe-core finds no violation. Screenshots go to
 * test-results/phone-*.png and desktop-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { screenshot } from "../support/cockpit.js";
import { LONG, search, startDemoSession, waitForList, type DemoSession } from "../support/demo-page.js";
import {
    axeViolations,
    chooseTheme,
    DESKTOP,
    isDark,
    offscreen,
    pageOverflow,
    PHONE,
    rowLayoutProblems,
    type Theme,
} from "../support/layout.js";

let demo: DemoSession;

beforeAll(async () => {
    // The Marine Apps store installed (the store toggle shows) and an older app installed (Updates has a row).
    demo = await startDemoSession({ installStores: ["marine"], preinstallOld: true });
});

afterAll(async () => {
    await demo?.close();
});

/** Opens the page at a viewport size and theme, in its first view (Browse, all sections). */
async function openAt(size: { width: number; height: number }, theme: Theme, hash?: string): Promise<Frame> {
    await demo.page.setViewportSize(size);
    await demo.open(hash);
    await chooseTheme(demo.page, theme);
    // The page keeps its last view (tab, section, search) in localStorage: start each check from the first.
    await demo.page.evaluate(() => localStorage.removeItem("cockpit-apt:view"));
    const frame = await demo.open(hash);
    expect(await isDark(frame)).toBe(theme === "dark");
    return frame;
}

async function openTab(frame: Frame, tab: "browse" | "installed" | "updates"): Promise<void> {
    await frame.click(`#tab-${tab}`, { timeout: LONG });
    await waitForList(frame);
}

/** The checks of a view showing a package list, and its screenshot. */
async function checkList(frame: Frame, shot: string): Promise<void> {
    await frame.waitForSelector("[data-testid=package-row]", { state: "visible", timeout: LONG });
    // The virtualizer measures cards after they render: let it settle.
    await frame.waitForTimeout(300);
    await screenshot(demo.page, shot);
    expect(await rowLayoutProblems(frame)).toEqual([]);
    expect(await pageOverflow(frame)).toBeLessThanOrEqual(0);
}

async function checkAxe(frame: Frame): Promise<void> {
    expect(await axeViolations(frame)).toEqual([]);
}

for (const theme of ["light", "dark"] as const) {
    describe(`at 360 x 740, ${theme} theme`, () => {
        it("Browse: the toolbar, the tabs and the sections fit the screen", async () => {
            const frame = await openAt(PHONE, theme);
            await waitForList(frame);
            // Nothing arriving later pushes the cards down under a finger: the store toggle, the
            // repository select, the app categories and the tabs' counts (CI once tapped into a gap).
            const firstCard = frame.locator("[data-testid=section-card]").first();
            const before = (await firstCard.boundingBox())!;
            await frame.locator("[data-testid=tab-updates-count]").waitFor({ state: "visible", timeout: LONG });
            await frame.waitForTimeout(300);
            expect((await firstCard.boundingBox())!.y).toBe(before.y);
            // The store toggle comes with the stores' answer, which may follow the first list.
            await frame.locator("#store-toggle").waitFor({ state: "visible", timeout: LONG });
            await screenshot(demo.page, `phone-${theme}-browse`);
            expect(await pageOverflow(frame)).toBeLessThanOrEqual(0);
            // The store toggle, the repository select and every tab are on screen (no sideways scrolling to reach one).
            expect(
                await offscreen(
                    frame,
                    "#store-toggle button, #repository-select, #package-tabs button[role=tab], #apt-title, [data-testid=header-overflow]"
                )
            ).toEqual([]);
            await checkAxe(frame);
        });

        it("the header's Presets, Stores and History are one menu beside the title: the tabs start high", async () => {
            const frame = await openAt(PHONE, theme);
            await waitForList(frame);
            await frame.locator("#store-toggle").waitFor({ state: "visible", timeout: LONG });
            // Their buttons took three rows (the tabs began at y≈265); the title row holds the menu now.
            expect(await frame.locator("[data-testid=preset-toggle], button[data-testid=open-history]").count()).toBe(
                0
            );
            const menu = frame.getByRole("button", { name: "More actions" });
            const title = (await frame.locator("#apt-title").boundingBox())!;
            const toggle = (await menu.boundingBox())!;
            expect(Math.abs(toggle.y + toggle.height / 2 - (title.y + title.height / 2))).toBeLessThan(12);
            const tabs = (await frame.locator("#package-tabs").boundingBox())!;
            expect(tabs.y).toBeLessThan(200);
            await menu.click();
            for (const id of ["preset-save-current", "manage-stores", "open-history"])
                await frame.locator(`[data-testid=${id}]`).waitFor({ state: "visible", timeout: LONG });
            await frame.waitForTimeout(300); // the menu fades in
            await screenshot(demo.page, `phone-${theme}-header-menu`);
            expect(await offscreen(frame, "[data-testid=open-history], [data-testid=manage-stores]")).toEqual([]);
            await checkAxe(frame);
            await frame.click("[data-testid=open-history]");
            await frame.locator("[data-testid=history-list]").waitFor({ state: "visible", timeout: LONG });
        });

        it("a section's list", async () => {
            const frame = await openAt(PHONE, theme);
            await waitForList(frame);
            const card = frame.locator("[data-testid=section-card] button").first();
            await card.click({ timeout: LONG });
            await waitForList(frame);
            await checkList(frame, `phone-${theme}-section`);
            await checkAxe(frame);
        });

        it("Search: the field and the results", async () => {
            const frame = await openAt(PHONE, theme);
            const names = await search(frame, "container");
            expect(names.length).toBeGreaterThan(3);
            expect(await offscreen(frame, "input#package-search")).toEqual([]);
            await checkList(frame, `phone-${theme}-search`);
            await checkAxe(frame);
            // A row's buttons work from the card: Install opens the preview.
            const install = frame.locator("[data-testid=package-row] button[data-action=install]").first();
            await install.click({ timeout: LONG });
            await frame.locator("#apt-preview-dialog").waitFor({ state: "visible", timeout: LONG });
            await screenshot(demo.page, `phone-${theme}-preview`);
            await demo.page.keyboard.press("Escape");
            await frame.locator("#apt-preview-dialog").waitFor({ state: "detached", timeout: LONG });
        });

        it("Installed", async () => {
            const frame = await openAt(PHONE, theme);
            await openTab(frame, "installed");
            await checkList(frame, `phone-${theme}-installed`);
            await checkAxe(frame);
        });

        it("Updates: Upgrade and Remove side by side", async () => {
            const frame = await openAt(PHONE, theme);
            await openTab(frame, "updates");
            await checkList(frame, `phone-${theme}-updates`);
            const row = frame.locator('[data-testid=package-row][data-package="marine-avnav-container"]');
            await expect(row.locator("button[data-action=upgrade]").isVisible()).resolves.toBe(true);
            await expect(row.locator("button[data-action=remove]").isVisible()).resolves.toBe(true);
            await checkAxe(frame);
        });

        it("a long list scrolls without rows overlapping", async () => {
            const frame = await openAt(PHONE, theme);
            await search(frame, "a");
            await frame.waitForSelector("[data-testid=package-row]", { state: "visible", timeout: LONG });
            await frame.locator("[data-testid=package-list]").evaluate((el) => el.scrollBy(0, 400));
            await frame.waitForTimeout(300);
            expect(await rowLayoutProblems(frame)).toEqual([]);
            await screenshot(demo.page, `phone-${theme}-scrolled`);
        });

        it("a package's details", async () => {
            const frame = await openAt(PHONE, theme, "/package/marine-avnav-container");
            await frame.locator("#package-title").waitFor({ state: "visible", timeout: LONG });
            await frame.locator("[data-testid=package-fields]").waitFor({ state: "visible", timeout: LONG });
            await screenshot(demo.page, `phone-${theme}-details`);
            expect(await pageOverflow(frame)).toBeLessThanOrEqual(0);
            expect(
                await offscreen(frame, "#package-title, #package-details button, [data-testid=package-fields]")
            ).toEqual([]);
            await checkAxe(frame);
        });
    });

    describe(`at 1280 x 900, ${theme} theme`, () => {
        it("the lists, a section and a package's details: no overlap, no axe violation", async () => {
            let frame = await openAt(DESKTOP, theme);
            await waitForList(frame);
            // A desktop keeps the header's buttons; no menu.
            await frame.locator("button[data-testid=open-history]").waitFor({ state: "visible", timeout: LONG });
            await frame.locator("[data-testid=preset-toggle]").waitFor({ state: "visible", timeout: LONG });
            expect(await frame.locator("[data-testid=header-overflow]").count()).toBe(0);
            await screenshot(demo.page, `desktop-${theme}-browse`);
            await checkAxe(frame);
            await frame.locator("[data-testid=section-card] button").first().click({ timeout: LONG });
            await waitForList(frame);
            await checkList(frame, `desktop-${theme}-section`);
            await checkAxe(frame);
            await search(frame, "container");
            await checkList(frame, `desktop-${theme}-search`);
            await checkAxe(frame);
            for (const tab of ["installed", "updates"] as const) {
                await openTab(frame, tab);
                await checkList(frame, `desktop-${theme}-${tab}`);
                await checkAxe(frame);
            }
            frame = await openAt(DESKTOP, theme, "/package/marine-avnav-container");
            await frame.locator("[data-testid=package-fields]").waitFor({ state: "visible", timeout: LONG });
            await screenshot(demo.page, `desktop-${theme}-details`);
            await checkAxe(frame);
        });
    });
}
