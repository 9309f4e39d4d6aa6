// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * The page in the user's language, the Cockpit way: the shell's language
 * setting (cookie CockpitLang) makes cockpit-bridge answer the module's po.js
 * with po.<lang>.js, built from po/<lang>.po by build.mjs. Against this
 * machine's own APT, read-only, like page.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
    launchBrowser,
    moduleFrame,
    screenshot,
    startCockpit,
    type BrowserSession,
    type Cockpit,
} from "../support/cockpit.js";

const LONG = 120_000;

/** What each language must show: the four tabs, and the plural form of a count. */
const EXPECTED = {
    de: {
        menu: "Software",
        tabs: ["Stöbern", "Suchen", "Installiert", "Aktualisierungen"],
        packages: /\(\d[\d.,\s]* Pakete\)$/,
        search: "Pakete suchen",
    },
    fi: {
        menu: "Ohjelmistot",
        tabs: ["Selaa", "Haku", "Asennettu", "Päivitykset"],
        packages: /\(\d[\d\s,.]* pakettia\)$/,
        search: "Hae paketteja",
    },
} as const;

describe.each(Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>)("the page in %s", (lang) => {
    let cockpit: Cockpit;
    let session: BrowserSession;

    beforeAll(async () => {
        cockpit = await startCockpit();
        session = await launchBrowser();
        await session.context.addCookies([{ name: "CockpitLang", value: lang, url: cockpit.url }]);
    }, 300_000);

    afterAll(async () => {
        await session?.close();
        await cockpit?.stop();
    }, 60_000);

    it("shows its tabs, search field and counts with plurals in that language", async () => {
        const expected = EXPECTED[lang];
        const { page } = session;
        await page.goto(cockpit.shellUrl, { waitUntil: "load", timeout: LONG });
        const frame = await moduleFrame(page, LONG);
        await frame.waitForSelector("#apt-page", { timeout: LONG });
        await expect
            .poll(
                () =>
                    frame.evaluate(
                        () =>
                            document.documentElement.lang ||
                            (window as unknown as { cockpit?: { language?: string } }).cockpit?.language
                    ),
                { timeout: LONG }
            )
            .toBe(lang);

        // The counts come in their own time (one batch at opening, or a request each): wait for
        // them, so the labels are read the same way whether the badges are there or not yet.
        for (const id of ["tab-installed", "tab-updates"]) {
            await frame.locator(`[data-testid=${id}-count]`).waitFor({ state: "visible", timeout: LONG });
        }
        const tabs = [];
        for (const id of ["#tab-browse", "#tab-search", "#tab-installed", "#tab-updates"]) {
            // The label is the title's own text; the count is its badge.
            tabs.push(
                await frame.locator(id).evaluate((el) =>
                    Array.from(el.childNodes)
                        .filter((n) => n.nodeType === Node.TEXT_NODE)
                        .map((n) => n.textContent ?? "")
                        .join("")
                        .trim()
                )
            );
        }
        expect(tabs).toEqual(expected.tabs);
        // The shell's menu entry (the manifest's label) and the page's title.
        await expect(
            page.locator("#host-apps a[href$='/apt'], nav a[href$='/apt']").first().innerText({ timeout: LONG })
        ).resolves.toBe(expected.menu);
        expect(await frame.locator("#apt-title").innerText()).toBe(expected.menu);

        // A count with its plural form: the repository dropdown says how many packages each has
        // (the repositories have their own request, which may answer after the first list).
        await expect
            .poll(() => frame.locator("#repository-select option").count(), { timeout: LONG })
            .toBeGreaterThan(1);
        const options = await frame.locator("#repository-select option").allInnerTexts();
        for (const option of options.slice(1)) expect(option).toMatch(expected.packages);

        await frame.click("#tab-search", { timeout: LONG });
        await frame.locator(`input[aria-label="${expected.search}"]`).waitFor({ state: "visible", timeout: LONG });
        await screenshot(page, `e2e-translations-${lang}`);
        const errors = session.console.filter((l) => l.startsWith("error:") || l.startsWith("pageerror:"));
        expect(errors, session.console.join("\n")).toEqual([]);
    });
});
