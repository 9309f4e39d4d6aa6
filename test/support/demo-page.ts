// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * What the end-to-end tests against the demo sandbox share: one demo root
 * (demo/build-demo.ts, without the host's lists: hermetic and small), one
 * cockpit-ws with its environment, one browser, and the page's recurring
 * steps (open, wait for a list, run an operation through its dialogs).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { buildDemo, type Demo, type DemoOptions } from "../../demo/build-demo.js";
import { launchBrowser, moduleFrame, screenshot, startCockpit, type BrowserSession, type Cockpit } from "./cockpit.js";
import { byTestId, IDS } from "./selectors.js";

export const LONG = 90_000;

export interface DemoSession {
    demo: Demo;
    cockpit: Cockpit;
    session: BrowserSession;
    page: Page;
    /** Opens the page in the shell (optionally at a hash such as "/package/x") and returns the module frame. */
    open(hash?: string): Promise<Frame>;
    close(): Promise<void>;
}

/** A demo root in a fresh temporary directory, Cockpit on it, and a browser. */
export async function startDemoSession(options: Omit<DemoOptions, "dir"> = {}): Promise<DemoSession> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-demo-e2e-"));
    const demo = await buildDemo({ hostLists: false, installStores: [], preinstallOld: false, ...options, dir });
    let cockpit: Cockpit | undefined;
    let session: BrowserSession | undefined;
    try {
        cockpit = await startCockpit({ env: demo.env });
        session = await launchBrowser();
    } catch (error) {
        await cockpit?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
        throw error;
    }
    const c = cockpit;
    const s = session;
    return {
        demo,
        cockpit: c,
        session: s,
        page: s.page,
        async open(hash) {
            await s.page.goto(hash ? `${c.shellUrl}#${hash}` : c.shellUrl, { waitUntil: "load", timeout: LONG });
            const frame = await moduleFrame(s.page, LONG);
            await frame.waitForSelector("#apt-page", { timeout: LONG });
            return frame;
        },
        async close() {
            await s.close();
            await c.stop();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** Waits until the list (or the grid) has loaded: no skeleton, a list or an empty state, no error. */
export async function waitForList(frame: Frame): Promise<void> {
    await frame.waitForSelector(
        (
            [
                "package-list",
                "section-grid",
                "no-match",
                "no-installed",
                "no-updates",
                "search-prompt",
                "list-error",
            ] as const
        )
            .map((id) => byTestId(id))
            .join(", "),
        {
            state: "visible",
            timeout: LONG,
        }
    );
    await frame.waitForSelector(`${byTestId("section-grid-loading")}, ${byTestId("list-loading")}`, {
        state: "detached",
        timeout: LONG,
    });
    const errors = await frame.locator(byTestId("list-error")).allInnerTexts();
    if (errors.length > 0) throw new Error(`the page shows a list error: ${errors.join(" / ")}`);
}

/** The package names of the rows shown (the list is virtualized: the demo's lists fit on one screen). */
export async function rowNames(frame: Frame): Promise<string[]> {
    return frame
        .locator(byTestId("package-row"))
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-package") ?? ""));
}

/** Types a search on the Search tab and waits for the list of its results. */
export async function search(frame: Frame, text: string): Promise<string[]> {
    await frame.click("#tab-search", { timeout: LONG });
    const input = frame.locator("input#package-search");
    await input.waitFor({ state: "visible", timeout: LONG });
    await input.fill(text);
    // The field is debounced (300 ms): after that the list of this text is loading or loaded.
    await frame.waitForTimeout(500);
    await waitForList(frame);
    return rowNames(frame);
}

export interface OperationShots {
    /** Screenshot names for the preview, progress and result dialogs. */
    preview?: string;
    progress?: string;
    result?: string;
}

/**
 * Confirms the open preview dialog and follows the operation to its result:
 * preview -> progress -> result "Completed successfully" -> Close.
 * Returns the preview's text (the packages it lists).
 */
export async function confirmOperation(frame: Frame, page: Page, shots: OperationShots = {}): Promise<string> {
    const preview = frame.locator(`#${IDS.previewDialog}`);
    await preview.waitFor({ state: "visible", timeout: LONG });
    const confirm = frame.locator(byTestId("confirm-operation"));
    await confirm.waitFor({ state: "visible", timeout: LONG });
    const text = await preview.innerText();
    if (shots.preview) await screenshot(page, shots.preview);
    await confirm.click();
    if (shots.progress) {
        await frame.locator(`#${IDS.progressDialog}`).waitFor({ state: "visible", timeout: LONG });
        // Something from the package's scripts in the log, then the picture.
        await frame
            .waitForFunction(
                () => (document.querySelector("[data-testid=operation-log]")?.textContent ?? "").length > 0,
                undefined,
                { timeout: LONG }
            )
            .catch(() => undefined);
        await screenshot(page, shots.progress);
    }
    const result = frame.locator(`#${IDS.resultDialog}`);
    await result.waitFor({ state: "visible", timeout: LONG });
    const outcome = await frame.locator(byTestId("operation-result")).innerText();
    if (shots.result) await screenshot(page, shots.result);
    if (!/Completed successfully/.test(outcome))
        throw new Error(`the operation failed: ${outcome}\n${await result.innerText()}`);
    await frame.click("[data-testid=close-operation]");
    await result.waitFor({ state: "detached", timeout: LONG });
    return text;
}

/** Whether a toggle button is pressed (PatternFly ToggleGroupItem: aria-pressed). */
export async function isPressed(frame: Frame, selector: string): Promise<boolean> {
    return (await frame.locator(selector).getAttribute("aria-pressed", { timeout: LONG })) === "true";
}

/** The options of the repository select (without "All repositories"); [] when the select is absent. */
export async function repositoryOptions(frame: Frame): Promise<string[]> {
    if ((await frame.locator("#repository-select").count()) === 0) return [];
    return frame
        .locator("#repository-select option")
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ""));
}

/** Horizontal overflow of the module's document (a table wider than the page scrolls sideways). */
export async function horizontalOverflow(frame: Frame): Promise<number> {
    return frame.evaluate(() => {
        const el = document.scrollingElement ?? document.documentElement;
        let widest = el.scrollWidth - el.clientWidth;
        for (const node of Array.from(document.querySelectorAll<HTMLElement>("[data-testid=package-list]")))
            widest = Math.max(widest, node.scrollWidth - node.clientWidth);
        return widest;
    });
}
