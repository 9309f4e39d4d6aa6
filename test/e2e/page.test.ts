// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * The page in real Cockpit and a real browser, against this machine's own APT.
 * Read-only: nothing here clicks Install, Remove or Upgrade (that would change
 * the host); the operation flows are tested against a sandbox root.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import {
    launchBrowser,
    moduleFrame,
    screenshot,
    startCockpit,
    type BrowserSession,
    type Cockpit,
} from "../support/cockpit.js";

const LONG = 120_000;

/** The host's own answer, independent of the bridge. */
function hostVersions(name: string): { installed: string; candidate: string } {
    const installed = execFileSync("dpkg-query", ["-W", "-f=${Version}", name], { encoding: "utf8" }).trim();
    const policy = execFileSync("apt-cache", ["policy", name], {
        encoding: "utf8",
        env: { ...process.env, LC_ALL: "C" },
    });
    const candidate = /^\s*Candidate:\s*(\S+)/m.exec(policy)?.[1] ?? "";
    return { installed, candidate };
}

/** Console lines that report a Content Security Policy violation. */
function cspErrors(lines: readonly string[]): string[] {
    return lines.filter((l) =>
        /Content[ -]Security[ -]Policy|Refused to (execute|load|apply|connect|evaluate)/i.test(l)
    );
}

describe("the page in the Cockpit shell, host APT (read-only)", () => {
    let cockpit: Cockpit;
    let session: BrowserSession;
    let frame: Frame;

    beforeAll(async () => {
        cockpit = await startCockpit();
        session = await launchBrowser();
    }, 300_000);

    afterAll(async () => {
        await session?.close();
        await cockpit?.stop();
    }, 60_000);

    it("opens in the shell with its tabs and a package list, no store toggle, no CSP errors", async () => {
        const { page } = session;
        await page.goto(cockpit.shellUrl, { waitUntil: "load", timeout: LONG });
        frame = await moduleFrame(page, LONG);

        await frame.waitForSelector("#apt-page", { timeout: LONG });
        for (const tab of ["#tab-browse", "#tab-search", "#tab-installed", "#tab-updates"]) {
            await frame.waitForSelector(tab, { state: "visible", timeout: LONG });
        }
        // Browse on a real system: the section grid (or a list) once the bridge answered.
        await frame.waitForSelector("[data-testid=section-grid], [data-testid=package-list]", {
            state: "visible",
            timeout: LONG,
        });
        await frame.waitForSelector("[data-testid=section-grid-loading], [data-testid=list-loading]", {
            state: "detached",
            timeout: LONG,
        });
        expect(await frame.locator("[data-testid=list-error]").count()).toBe(0);
        expect(await frame.locator("[data-testid=error-boundary]").count()).toBe(0);

        // Vanilla mode: no stores installed on this machine, so no toggle.
        expect(await frame.locator("#store-toggle").count()).toBe(0);
        expect(await frame.locator("#apt-title").innerText()).toBe("Software");

        // The shell's navigation lists the module as "Software".
        await expect(
            page.locator("#host-apps a[href$='/apt'], nav a[href$='/apt']").first().innerText({ timeout: LONG })
        ).resolves.toContain("Software");

        await screenshot(page, "e2e-host-browse");
        // The console of the module's frame is collected (else the CSP check below would prove nothing).
        await frame.evaluate(() => console.info("e2e-console-probe"));
        await expect
            .poll(() => session.console.some((l) => l.includes("e2e-console-probe")), { timeout: 10_000 })
            .toBe(true);
        expect(cspErrors(session.console), session.console.join("\n")).toEqual([]);
    });

    it("finds bash with a search and shows it as a row", async () => {
        await frame.click("#tab-search", { timeout: LONG });
        // The input is #package-search and carries the aria-label.
        const search = frame.locator('input[aria-label="Search packages"]');
        await search.waitFor({ state: "visible", timeout: LONG });
        await search.fill("bash");
        const row = frame.locator('[data-testid=package-row][data-package="bash"]');
        await row.waitFor({ state: "visible", timeout: LONG });
        await expect(row.innerText()).resolves.toContain("bash");
        // Installed on every Debian system: a Remove button, and no Install button on the row.
        expect(await frame.locator('button[data-action=install][data-package="bash"]').count()).toBe(0);
        expect(await frame.locator("#store-toggle").count()).toBe(0);
        await screenshot(session.page, "e2e-host-search-bash");
    });

    it("opens the details of bash by deep link and shows its versions", async () => {
        const { installed, candidate } = hostVersions("bash");
        expect(installed).not.toBe("");
        const { page } = session;
        await page.goto(`${cockpit.shellUrl}#/package/bash`, { waitUntil: "load", timeout: LONG });
        frame = await moduleFrame(page, LONG);
        const details = frame.locator('#package-details[data-package="bash"]');
        await details.waitFor({ state: "visible", timeout: LONG });
        await expect(frame.locator("#package-title").innerText({ timeout: LONG })).resolves.toBe("bash");
        const fields = frame.locator("[data-testid=package-fields]");
        await fields.waitFor({ state: "visible", timeout: LONG });
        const text = await fields.innerText();
        expect(text).toContain(installed);
        if (candidate && candidate !== "(none)") expect(text).toContain(candidate);
        expect(await frame.locator("[data-testid=details-error]").count()).toBe(0);
        await screenshot(page, "e2e-host-details-bash");
        expect(cspErrors(session.console), session.console.join("\n")).toEqual([]);
    });

    it("logs no errors from the page", () => {
        const errors = session.console.filter((l) => l.startsWith("error:") || l.startsWith("pageerror:"));
        expect(errors, session.console.join("\n")).toEqual([]);
    });
});
