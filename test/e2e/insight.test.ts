// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * Package insight in real Cockpit and a real browser, against this machine's
 * own APT (read-only: nothing here installs or removes anything). A details
 * page lists who requires the package; following a "Required by" link opens
 * that package, whose own dependencies name the first one as installed.
 * The host's answers come from dpkg-query, independently of the bridge.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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
/** One step on a page that has loaded: a failure names the step instead of timing the test out. */
const STEP = 30_000;
/** Installed on every Debian system, and bash (essential) pre-depends on it. */
const TARGET = "libtinfo6";

function hostInstalled(name: string): boolean {
    try {
        return execFileSync("dpkg-query", ["-W", "-f=${db:Status-Abbrev}", name], { encoding: "utf8" }).startsWith(
            "ii"
        );
    } catch {
        return false;
    }
}

/** The package names in the installed version's Depends and Pre-Depends, per dpkg. */
function hostDependsOn(name: string): string[] {
    const text = execFileSync("dpkg-query", ["-W", "-f=${Depends}, ${Pre-Depends}", name], { encoding: "utf8" });
    return text
        .split(/[,|]/)
        .map((s) => s.trim().split(/[\s:(]/)[0] ?? "")
        .filter(Boolean);
}

describe("details page: dependencies both ways, host APT (read-only)", () => {
    let cockpit: Cockpit;
    let session: BrowserSession;
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-e2e-insight-"));

    beforeAll(async () => {
        expect(hostInstalled(TARGET), `${TARGET} must be installed on the test machine`).toBe(true);
        cockpit = await startCockpit({ cacheDir });
        session = await launchBrowser();
    }, 300_000);

    afterAll(async () => {
        await session?.close();
        await cockpit?.stop();
        fs.rmSync(cacheDir, { recursive: true, force: true });
    }, 60_000);

    it(`opens ${TARGET}, follows a 'Required by' link to an installed package and sees ${TARGET} among its dependencies`, async () => {
        const { page } = session;
        await page.goto(`${cockpit.shellUrl}#/package/${TARGET}`, { waitUntil: "load", timeout: LONG });
        let frame = await moduleFrame(page, LONG);
        await frame.locator(`#package-details[data-package="${TARGET}"]`).waitFor({ state: "visible", timeout: LONG });
        await frame.getByRole("tab", { name: "Dependencies" }).click({ timeout: LONG });

        const table = frame.locator("[data-testid=reverse-dependencies]");
        await table.waitFor({ state: "visible", timeout: LONG });
        // PatternFly's Switch: its label is what a user clicks.
        await frame.locator("label[for=rdepends-installed-only]").click({ timeout: STEP });
        await expect.poll(() => frame.locator("#rdepends-installed-only").isChecked(), { timeout: STEP }).toBe(true);
        const rows = table.locator("[data-testid=reverse-dependency]");
        await expect.poll(() => rows.count(), { timeout: LONG }).toBeGreaterThan(0);
        // Every row left is installed; pick one that needs TARGET (Depends/Pre-Depends) and check it with dpkg.
        const row = table
            .locator(
                '[data-testid=reverse-dependency][data-relation="preDepends"], [data-testid=reverse-dependency][data-relation="depends"]'
            )
            .first();
        const dependent = (await row.getAttribute("data-package", { timeout: STEP })) as string;
        expect(dependent).toBeTruthy();
        expect(hostInstalled(dependent)).toBe(true);
        expect(hostDependsOn(dependent)).toContain(TARGET);
        await screenshot(page, "e2e-insight-required-by");

        await row.getByRole("button", { name: dependent }).click({ timeout: STEP });
        frame = await moduleFrame(page, LONG);
        await frame
            .locator(`#package-details[data-package="${dependent}"]`)
            .waitFor({ state: "visible", timeout: LONG });
        expect(page.url()).toContain(`#/package/${dependent}`);
        await frame.getByRole("tab", { name: "Dependencies" }).click({ timeout: LONG });
        const deps = frame.locator("[data-testid=dependencies]");
        await deps.waitFor({ state: "visible", timeout: LONG });
        const back = deps.locator(`[data-testid=dependency][data-package="${TARGET}"]`).first();
        await back.waitFor({ state: "visible", timeout: LONG });
        await expect
            .poll(() => back.locator("[data-testid=dependency-state]").getAttribute("data-state"), { timeout: LONG })
            .toBe("installed");
        await screenshot(page, "e2e-insight-back-link");

        // The browser's back button walks the way back: the dependent's own Dependencies tab is a
        // history entry (issue 15), so the first Back stays on the dependent, the second returns to TARGET.
        await page.goBack({ timeout: LONG });
        frame = await moduleFrame(page, LONG);
        await frame
            .locator(`#package-details[data-package="${dependent}"]`)
            .waitFor({ state: "visible", timeout: LONG });
        await page.goBack({ timeout: LONG });
        frame = await moduleFrame(page, LONG);
        await frame.locator(`#package-details[data-package="${TARGET}"]`).waitFor({ state: "visible", timeout: LONG });
    });

    it("shows the installed files and the changelog of bash from the host", async () => {
        const { page } = session;
        await page.goto(`${cockpit.shellUrl}#/package/bash`, { waitUntil: "load", timeout: LONG });
        const frame = await moduleFrame(page, LONG);
        await frame.locator('#package-details[data-package="bash"]').waitFor({ state: "visible", timeout: LONG });
        await frame.getByRole("tab", { name: "Files" }).click({ timeout: LONG });
        const files = frame.locator("[data-testid=package-files]");
        await files.waitFor({ state: "visible", timeout: LONG });
        const listed = execFileSync("dpkg-query", ["-L", "bash"], { encoding: "utf8" })
            .split("\n")
            .filter((l) => l && l !== "/.");
        const shown = (await files.innerText()).split("\n").filter(Boolean);
        expect(shown).toEqual(listed);
        await frame.getByRole("tab", { name: "Changelog" }).click({ timeout: LONG });
        const hostHasChangelog = fs.existsSync("/usr/share/doc/bash/changelog.Debian.gz");
        if (hostHasChangelog) {
            const log = frame.locator("[data-testid=package-changelog]");
            await log.waitFor({ state: "visible", timeout: LONG });
            await expect(log.innerText()).resolves.toMatch(/^bash \(/);
        } else {
            await frame.locator("[data-testid=changelog-unavailable]").waitFor({ state: "visible", timeout: LONG });
        }
        const errors = session.console.filter((l) => l.startsWith("error:") || l.startsWith("pageerror:"));
        expect(errors, session.console.join("\n")).toEqual([]);
    });
});
