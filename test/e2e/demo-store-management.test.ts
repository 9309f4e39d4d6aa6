// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * Store management (issue 17) in real Cockpit and a real browser on the demo
 * sandbox, as an administrator would do it: create a store in the page, see
 * it in the toggle, edit it, export it and import it again as a copy under
 * another id, disable and enable a packaged store, show two stores at once,
 * filter by two facets, and save a preset that is applied again after a
 * reload. Runs in order on one sandbox, like a user's session.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { CONTAINER_APPS, CONTAINER_APPS_TESTING, DEVTOOLS_APPS, MARINE_APPS } from "../../demo/catalog.js";
import { screenshot } from "../support/cockpit.js";
import {
    isPressed,
    LONG,
    rowNames,
    search,
    startDemoSession,
    waitForList,
    type DemoSession,
} from "../support/demo-page.js";
import { hostDpkgFingerprint } from "../support/sandbox.js";

describe("store management on the demo sandbox", () => {
    let s: DemoSession;
    let frame: Frame;
    let exported = "";
    const hostBefore = hostDpkgFingerprint();
    const managerRows = () =>
        frame
            .locator("[data-testid=store-manager-row]")
            .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-store")));
    const toggles = () => frame.locator("#store-toggle button").evaluateAll((b) => b.map((e) => e.id));
    const openManager = async () => {
        // On a phone the header's actions are items of its menu (HeaderOverflow): opened first.
        if ((await s.page.viewportSize())!.width < 768) {
            await frame.locator("[data-testid=header-overflow]").waitFor({ state: "visible", timeout: LONG });
            await frame.click("[data-testid=header-overflow]");
        }
        await frame.click("[data-testid=manage-stores]");
        await frame.locator("#apt-store-manager").waitFor({ state: "visible", timeout: LONG });
    };
    const closeManager = async () => {
        await frame.click("[data-testid=store-manager-close]");
        await frame.locator("#apt-store-manager").waitFor({ state: "detached", timeout: LONG });
    };

    beforeAll(async () => {
        s = await startDemoSession({ installStores: ["marine", "devtools"] });
    }, 300_000);

    afterAll(async () => {
        await s?.close();
    }, 60_000);

    it("creates a store from the page, with a live preview, and sees it in the toggle", async () => {
        frame = await s.open();
        await frame.locator("#store-toggle").waitFor({ state: "visible", timeout: LONG });
        await openManager();
        expect(await managerRows()).toEqual(["devtools", "marine"]);
        await frame.click("[data-testid=store-new]");
        await frame.locator("#apt-store-editor").waitFor({ state: "visible", timeout: LONG });
        await frame.fill("#store-editor-name", "My Boat");
        await frame.fill("#store-editor-id", "my-boat");
        await frame.fill("#store-editor-description", "What runs on board.");
        await frame.selectOption("#store-editor-icon", "ShipIcon");
        // The tag's completion comes from the values on this machine.
        await expect
            .poll(() => frame.locator("#store-editor-tags-choices option[value='use::navigating']").count(), {
                timeout: LONG,
            })
            .toBe(1);
        await frame.fill("#store-editor-tags-input", "use::navigating");
        await frame.press("#store-editor-tags-input", "Enter");
        const navigating = [...CONTAINER_APPS, ...CONTAINER_APPS_TESTING]
            .filter((a) => a.tags?.includes("use::navigating"))
            .map((a) => a.name);
        await expect
            .poll(() => frame.locator("[data-testid=store-editor-preview-total]").innerText(), { timeout: LONG })
            .toContain(String(new Set(navigating).size));
        await screenshot(s.page, "demo-store-editor");
        await frame.click("[data-testid=store-editor-save]");
        await frame.locator("#apt-store-editor").waitFor({ state: "detached", timeout: LONG });
        await expect.poll(managerRows, { timeout: LONG }).toEqual(["devtools", "marine", "my-boat"]);
        await closeManager();
        await expect.poll(toggles, { timeout: LONG }).toContain("store-toggle-my-boat");
        await frame.click("#store-toggle-my-boat");
        await frame.click("#tab-search");
        const names = await search(frame, "container");
        expect(names.sort()).toEqual([...new Set(navigating)].sort());
    });

    it("edits the store: its new name shows in the toggle", async () => {
        await openManager();
        await frame.click("[data-testid=store-edit-my-boat]");
        await frame.locator("#apt-store-editor").waitFor({ state: "visible", timeout: LONG });
        expect(await frame.locator("#store-editor-id").isDisabled()).toBe(true);
        await frame.fill("#store-editor-name", "My Sailing Boat");
        await frame.click("[data-testid=store-editor-save]");
        await frame.locator("#apt-store-editor").waitFor({ state: "detached", timeout: LONG });
        await closeManager();
        await expect
            .poll(() => frame.locator("#store-toggle-my-boat").innerText(), { timeout: LONG })
            .toContain("My Sailing Boat");
    });

    it("exports it (a download of its YAML) and imports it again as a copy under another id", async () => {
        await openManager();
        const [download] = await Promise.all([
            s.page.waitForEvent("download", { timeout: LONG }),
            frame.click("[data-testid=store-export-my-boat]"),
        ]);
        expect(download.suggestedFilename()).toBe("my-boat.yaml");
        exported = fs.readFileSync((await download.path()) as string, "utf8");
        expect(exported).toContain('name: "My Sailing Boat"');
        await frame.click("[data-testid=store-import]");
        await frame.locator("#apt-store-import").waitFor({ state: "visible", timeout: LONG });
        await frame.setInputFiles("#store-import-file", {
            name: "my-boat.yaml",
            mimeType: "application/yaml",
            buffer: Buffer.from(exported),
        });
        // my-boat exists: the copy's id is offered, checked at once.
        await expect.poll(() => frame.locator("#store-import-id").inputValue(), { timeout: LONG }).toBe("my-boat-copy");
        await frame.locator("[data-testid=store-import-valid]").waitFor({ state: "visible", timeout: LONG });
        await frame.click("[data-testid=store-import-save]");
        await frame.locator("#apt-store-import").waitFor({ state: "detached", timeout: LONG });
        await expect.poll(managerRows, { timeout: LONG }).toEqual(["devtools", "marine", "my-boat", "my-boat-copy"]);
        expect(fs.readFileSync(`${s.demo.storesDir}/my-boat-copy.yaml`, "utf8")).toBe(
            exported.replace('id: "my-boat"', 'id: "my-boat-copy"')
        );
    });

    it("an invalid import shows its findings by line and saves nothing", async () => {
        await frame.click("[data-testid=store-import]");
        await frame.setInputFiles("#store-import-file", {
            name: "bad.yaml",
            mimeType: "application/yaml",
            buffer: Buffer.from("id: bad-one\nname: Bad\ndescription: x\nbrowse_by: tree\n"),
        });
        await frame.locator("[data-testid=store-findings]").waitFor({ state: "visible", timeout: LONG });
        expect(await frame.locator("[data-testid=store-findings]").innerText()).toMatch(/Line 4: browse_by/);
        await screenshot(s.page, "demo-store-import-findings");
        expect(fs.existsSync(`${s.demo.storesDir}/bad-one.yaml`)).toBe(false);
        await frame.click("#apt-store-import button:has-text('Cancel')");
    });

    it("disables and enables a packaged store: it leaves the toggle and comes back", async () => {
        await frame.locator("#apt-store-manager").waitFor({ state: "visible", timeout: LONG });
        await frame.click("label[for=store-enabled-devtools]");
        await expect.poll(() => frame.locator("#store-enabled-devtools").isChecked(), { timeout: LONG }).toBe(false);
        await closeManager();
        await expect.poll(toggles, { timeout: LONG }).not.toContain("store-toggle-devtools");
        await openManager();
        await frame.click("label[for=store-enabled-devtools]");
        await expect.poll(() => frame.locator("#store-enabled-devtools").isChecked(), { timeout: LONG }).toBe(true);
        await closeManager();
        await expect.poll(toggles, { timeout: LONG }).toContain("store-toggle-devtools");
    });

    it("shows two stores at once: the union, each row saying its stores", async () => {
        await frame.click("#store-toggle-marine");
        await frame.click("[data-testid=store-multi-toggle]");
        await frame.click("[data-testid=store-multi-devtools]");
        await expect
            .poll(() => frame.locator("#apt-title").innerText(), { timeout: LONG })
            .toBe("Developer Tools, Marine Apps");
        await s.page.keyboard.press("Escape");
        expect(await isPressed(frame, "#store-toggle-marine")).toBe(true);
        expect(await isPressed(frame, "#store-toggle-devtools")).toBe(true);
        // The list is virtualized: tall enough for the demo's 21 apps to be rendered at once.
        const viewport = s.page.viewportSize();
        await s.page.setViewportSize({ width: 1280, height: 2600 });
        const names = await search(frame, "container");
        expect(names.sort()).toEqual([...new Set([...MARINE_APPS, ...DEVTOOLS_APPS])].sort());
        const influx = frame.locator(
            '[data-testid=package-row][data-package="marine-influxdb-container"] [data-testid=row-stores]'
        );
        await expect(influx.innerText()).resolves.toBe("Developer Tools, Marine Apps");
        await screenshot(s.page, "demo-two-stores");
        if (viewport) await s.page.setViewportSize(viewport);
    });

    it("filters by two facets (AND between facets)", async () => {
        await frame.click("[data-testid=facet-toggle]");
        await frame.click("[data-testid='facet-use::storing']");
        await frame.click("[data-testid='facet-category::databases']");
        await s.page.keyboard.press("Escape");
        const both = [...CONTAINER_APPS, ...CONTAINER_APPS_TESTING]
            .filter(
                (a) =>
                    [...MARINE_APPS, ...DEVTOOLS_APPS].includes(a.name) &&
                    a.tags?.includes("use::storing") &&
                    a.tags.includes("category::databases")
            )
            .map((a) => a.name);
        expect(both.length).toBeGreaterThan(1);
        await expect
            .poll(async () => (await rowNames(frame)).sort(), { timeout: LONG })
            .toEqual([...new Set(both)].sort());
        await screenshot(s.page, "demo-two-facets");
    });

    it("saves the view as a preset and applies it again after a reload", async () => {
        await frame.click("[data-testid=preset-toggle]");
        await frame.click("[data-testid=preset-save-current]");
        await frame.fill("#preset-name", "Storage on board");
        await frame.click("[data-testid=preset-save]");
        await s.page.reload({ waitUntil: "load", timeout: LONG });
        frame = await s.open();
        await frame.locator("#store-toggle").waitFor({ state: "visible", timeout: LONG });
        await frame.click("#store-toggle-system");
        await frame.click("#tab-browse");
        await waitForList(frame);
        await frame.click("[data-testid=preset-toggle]");
        await frame.click("[data-testid=preset-item][data-preset='Storage on board']");
        await expect
            .poll(() => frame.locator("#apt-title").innerText(), { timeout: LONG })
            .toBe("Developer Tools, Marine Apps");
        await expect
            .poll(() => frame.locator("[role=tab]:has(#tab-search)").getAttribute("aria-selected"), { timeout: LONG })
            .toBe("true");
        await expect
            .poll(() => frame.locator("[data-testid=facet-chosen]").innerText(), { timeout: LONG })
            .toContain("category::databases");
        await waitForList(frame);
        await expect.poll(async () => (await rowNames(frame)).length, { timeout: LONG }).toBeGreaterThan(1);
    });

    it("at phone width (360 px) the management view and the editor fit the screen", async () => {
        await s.page.setViewportSize({ width: 360, height: 740 });
        await openManager();
        const wider = () =>
            frame.evaluate(() =>
                [...document.querySelectorAll(".pf-v6-c-modal-box")].map((m) => m.scrollWidth - m.clientWidth)
            );
        await expect.poll(wider, { timeout: LONG }).toEqual([0]);
        await screenshot(s.page, "demo-store-manager-phone");
        await frame.click("[data-testid=store-new]");
        await frame.locator("#apt-store-editor").waitFor({ state: "visible", timeout: LONG });
        await expect.poll(wider, { timeout: LONG }).toEqual([0]);
        await screenshot(s.page, "demo-store-editor-phone");
        await frame.click("#apt-store-editor button:has-text('Cancel')");
        await s.page.setViewportSize({ width: 1280, height: 900 });
    });

    it("left the host's dpkg database untouched", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
