// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * The demo's Cockpit as npm start runs it (scripts/run-cockpit.sh) lets every
 * browser session in, without a password, until it is stopped: sessions one
 * after another, two at once, one after a browser was killed, and after
 * Session -> Log out (a new browser, and the same tab through the login page).
 * `cockpit-ws --local-session` failed the last: its one session ended for good.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Page } from "playwright-core";
import { buildDemo } from "../../demo/build-demo.js";
import {
    CHROMIUM,
    CHROMIUM_ARGS,
    launchBrowser,
    moduleFrame,
    screenshot,
    startCockpit,
    type Cockpit,
} from "../support/cockpit.js";
import { LONG, waitForList } from "../support/demo-page.js";

let dir: string;
let cockpit: Cockpit;

beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-demo-sessions-"));
    const demo = await buildDemo({ dir, hostLists: false, installStores: [], preinstallOld: false });
    cockpit = await startCockpit({ env: demo.env, sessions: "demo" });
});

afterAll(async () => {
    await cockpit?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens the module in the shell and waits for its first list: the visitor reached the page. */
async function reachPage(page: Page): Promise<void> {
    await page.goto(cockpit.shellUrl, { waitUntil: "load", timeout: LONG });
    const frame = await moduleFrame(page, LONG);
    await frame.waitForSelector("#apt-page", { timeout: LONG });
    await waitForList(frame);
}

/** One fresh browser (its own profile: no cookie) that reaches the page, then closes. */
async function visit(shot?: string): Promise<void> {
    const browser = await launchBrowser();
    try {
        await reachPage(browser.page);
        if (shot) await screenshot(browser.page, shot);
    } finally {
        await browser.close();
    }
}

describe("the demo's Cockpit (scripts/run-cockpit.sh)", () => {
    it("lets three browser sessions in one after another", async () => {
        for (let i = 1; i <= 3; i++) await visit(i === 1 ? "demo-sessions-first" : undefined);
    });

    it("lets two browser sessions in at once", async () => {
        await Promise.all([visit(), visit()]);
    });

    it("lets a session in after a browser was killed", async () => {
        const server = await chromium.launchServer({
            executablePath: CHROMIUM,
            args: CHROMIUM_ARGS,
            headless: true,
            timeout: LONG,
        });
        const browser = await chromium.connect(server.wsEndpoint(), { timeout: LONG });
        const page = await browser.newPage();
        await reachPage(page);
        const killed = new Promise<void>((resolve) => server.process().once("exit", () => resolve()));
        server.process().kill("SIGKILL");
        await killed;
        await server.close().catch(() => undefined);
        await visit();
    });

    it("lets sessions in after Session -> Log out: a new browser at once, the same tab through the login page", async () => {
        const browser = await launchBrowser();
        try {
            const page = browser.page;
            await reachPage(page);
            await page.click("#toggle-menu", { timeout: LONG });
            await page.click("#logout", { timeout: LONG });
            const user = page.locator("#login-user-input");
            await user.waitFor({ state: "visible", timeout: LONG });
            await screenshot(page, "demo-sessions-after-logout");

            // Another browser gets in without a password...
            await visit("demo-sessions-new-browser-after-logout");

            // ...and the logged-out tab with any user name and password (as start.sh prints).
            await user.fill("demo");
            await page.fill("#login-password-input", "demo");
            await page.click("#login-button");
            const frame = await moduleFrame(page, LONG);
            await frame.waitForSelector("#apt-page", { timeout: LONG });
            await waitForList(frame);
            expect(page.url()).toContain("/apt");
        } finally {
            await browser.close();
        }
    });
});
