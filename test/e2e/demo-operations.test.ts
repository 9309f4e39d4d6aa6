// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * Changes through the page in real Cockpit and a real browser, against a
 * demo sandbox root with the marine store installed: install a demo app
 * (preview, progress, result, then under Installed), remove it, the Updates
 * tab after the repository gains a newer version, and the lock-held error
 * naming the process that holds dpkg's lock; an install that outlives its
 * closed tab and is shown again in a new one; a failing postinst's own
 * message in the result. Everything happens in the
 * sandbox; the host's dpkg database is checked unchanged at the end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { CONTAINER_APPS } from "../../demo/catalog.js";
import { moduleFrame, screenshot } from "../support/cockpit.js";
import {
    confirmOperation,
    horizontalOverflow,
    LONG,
    rowNames,
    search,
    startDemoSession,
    waitForList,
    type DemoSession,
} from "../support/demo-page.js";
import { hostDpkgFingerprint } from "../support/sandbox.js";

const APP = "marine-anchor-alarm-container";
const SLOW = "marine-slow-container";
const BROKEN = "marine-broken-container";

describe("operations on the demo sandbox", () => {
    let s: DemoSession;
    let frame: Frame;
    const hostBefore = hostDpkgFingerprint();
    let holder: ChildProcess | undefined;

    beforeAll(async () => {
        s = await startDemoSession({ installStores: ["marine"] });
    }, 300_000);

    afterAll(async () => {
        holder?.kill("SIGKILL");
        await s?.close();
    }, 60_000);

    it("installs a demo app: preview, progress, result, then it is under Installed", async () => {
        frame = await s.open("/store/marine");
        await frame.locator("#store-toggle-marine").waitFor({ state: "visible", timeout: LONG });
        expect(await search(frame, "anchor")).toEqual([APP]);
        await frame.click(`button[data-action=install][data-package="${APP}"]`);
        const preview = await confirmOperation(frame, s.page, {
            preview: "demo-install-preview",
            progress: "demo-install-progress",
            result: "demo-install-result",
        });
        expect(preview).toContain(APP);
        expect(s.demo.sandbox.installedVersion(APP)).toBe("1.4.0-1");
        await frame.click("#tab-installed");
        await waitForList(frame);
        expect(await rowNames(frame)).toEqual([APP]);
        // The counts on the tabs reload a moment after the lists.
        await expect
            .poll(() => frame.locator("[data-testid=tab-installed-count]").innerText(), { timeout: LONG })
            .toBe("1");
        await screenshot(s.page, "demo-installed");
    });

    it("installs an app with a dependency: the preview lists both", async () => {
        expect(await search(frame, "grafana")).toEqual(["marine-grafana-container"]);
        await frame.click('button[data-action=install][data-package="marine-grafana-container"]');
        const preview = await confirmOperation(frame, s.page, { preview: "demo-install-preview-dependency" });
        expect(preview).toContain("marine-influxdb-container");
        expect(s.demo.sandbox.installedVersion("marine-influxdb-container")).toBe("2.7.6-1");
        expect(s.demo.sandbox.installedVersion("marine-grafana-container")).toBe("10.4.2-1");
    });

    it("removes the app from the Installed tab", async () => {
        await frame.click("#tab-installed");
        await waitForList(frame);
        await frame.click(`button[data-action=remove][data-package="${APP}"]`);
        const preview = await confirmOperation(frame, s.page, { preview: "demo-remove-preview" });
        expect(preview).toContain(APP);
        expect(s.demo.sandbox.installedVersion(APP)).toBeNull();
        await waitForList(frame);
        expect(await rowNames(frame)).not.toContain(APP);
    });

    it("the Updates tab shows an app once the repository has a newer version and the lists are updated", async () => {
        const grafana = CONTAINER_APPS.find((d) => d.name === "marine-grafana-container");
        if (!grafana) throw new Error("no grafana in the catalogue");
        await s.demo.sandbox.addPackages("container-apps", [{ ...grafana, version: "11.0.0-1" }]);
        await frame.click("#tab-updates");
        await waitForList(frame);
        expect(await frame.locator("[data-testid=no-updates]").count()).toBe(1);
        // "Update package lists" through the page: apt-get update in the sandbox.
        await frame.click("[data-testid=update-lists]");
        const result = frame.locator("#apt-result-dialog");
        await result.waitFor({ state: "visible", timeout: LONG });
        await expect(frame.locator("[data-testid=operation-result]").innerText()).resolves.toMatch(
            /Completed successfully/
        );
        await frame.click("[data-testid=close-operation]");
        await frame
            .locator('[data-testid=package-row][data-package="marine-grafana-container"]')
            .waitFor({ state: "visible", timeout: LONG });
        await expect(
            frame.locator('[data-testid=package-row][data-package="marine-grafana-container"]').innerText()
        ).resolves.toContain("11.0.0-1");
        await expect
            .poll(() => frame.locator("[data-testid=tab-updates-count]").innerText(), { timeout: LONG })
            .toBe("1");
        await screenshot(s.page, "demo-updates");
        // Upgrade and Remove on one row fit at 1280 px: nothing scrolls sideways.
        expect(await horizontalOverflow(frame)).toBeLessThanOrEqual(1);
        await frame.click('button[data-action=upgrade][data-package="marine-grafana-container"]');
        await confirmOperation(frame, s.page);
        expect(s.demo.sandbox.installedVersion("marine-grafana-container")).toBe("11.0.0-1");
        await frame.locator("[data-testid=no-updates]").waitFor({ state: "visible", timeout: LONG });
    });

    it("a lock held by another process: the page names it and Try again works once it is gone", async () => {
        const lockFile = path.join(s.demo.root, "var/lib/dpkg/lock-frontend");
        holder = spawn(
            "/usr/bin/python3",
            [
                "-c",
                "import fcntl,sys,time\nf=open(sys.argv[1],'w')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(120)",
                lockFile,
            ],
            { stdio: ["ignore", "pipe", "inherit"] }
        );
        await new Promise<void>((resolve, reject) => {
            holder?.stdout?.once("data", () => resolve());
            holder?.once("exit", () => reject(new Error("the lock holder exited")));
        });
        expect(await search(frame, "battery")).toEqual(["marine-battery-monitor-container"]);
        await frame.click('button[data-action=install][data-package="marine-battery-monitor-container"]');
        // The preview (apt-get -s) needs no lock; the change does.
        await frame.locator("[data-testid=confirm-operation]").waitFor({ state: "visible", timeout: LONG });
        await frame.click("[data-testid=confirm-operation]");
        const locked = frame.locator("#apt-locked-dialog");
        await locked.waitFor({ state: "visible", timeout: LONG });
        const text = await locked.innerText();
        expect(text).toMatch(/python3/);
        expect(text).toContain(String(holder.pid));
        await screenshot(s.page, "demo-locked");
        expect(s.demo.sandbox.installedVersion("marine-battery-monitor-container")).toBeNull();

        holder.kill("SIGKILL");
        await new Promise((r) => holder?.once("exit", r));
        await frame.click("[data-testid=retry-operation]");
        // Try again starts over from the preview or goes straight on; either way it completes.
        const next = await Promise.race([
            frame
                .locator("#apt-preview-dialog [data-testid=confirm-operation]")
                .waitFor({ state: "visible", timeout: LONG })
                .then(() => "preview"),
            frame
                .locator("#apt-result-dialog")
                .waitFor({ state: "visible", timeout: LONG })
                .then(() => "result"),
        ]);
        if (next === "preview") await confirmOperation(frame, s.page);
        else {
            await expect(frame.locator("[data-testid=operation-result]").innerText()).resolves.toMatch(
                /Completed successfully/
            );
            await frame.click("[data-testid=close-operation]");
        }
        expect(s.demo.sandbox.installedVersion("marine-battery-monitor-container")).toBe("3.1.0-1");
    });

    // Last: these close the first tab and go on in new ones.
    it("an install outlives its tab: closed mid-install, the page opened again shows its progress, then its result", async () => {
        const go = path.join(s.demo.root, "go-slow");
        await s.demo.sandbox.addPackages("container-apps", [
            // its preinst waits (at most a minute) until the test lets it go: the tab closes while dpkg is at work
            {
                name: SLOW,
                version: "1.0-1",
                section: "net",
                summary: "Slow to install",
                preinst: `i=0; while [ ! -e "$DPKG_ROOT/go-slow" ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done`,
            },
            {
                name: BROKEN,
                version: "1.0-1",
                section: "net",
                summary: "Fails to configure",
                postinst: `echo "${BROKEN}: cannot bind port 3000: address in use" >&2\nexit 1`,
            },
        ]);
        await s.demo.sandbox.update();
        frame = await s.open("/");
        expect(await search(frame, "marine-slow")).toEqual([SLOW]);
        await frame.click(`button[data-action=install][data-package="${SLOW}"]`);
        await frame.locator("[data-testid=confirm-operation]").waitFor({ state: "visible", timeout: LONG });
        await frame.click("[data-testid=confirm-operation]");
        await frame.locator("#apt-progress-dialog").waitFor({ state: "visible", timeout: LONG });
        // dpkg is running the preinst
        await expect
            .poll(async () => (await s.demo.sandbox.dpkgQuery(["-W", "-f", "${Status}", "--", SLOW])).stdout, {
                timeout: LONG,
            })
            .toBe("install reinstreq half-installed");
        await s.page.close();

        const page = await s.session.context.newPage();
        await page.goto(s.cockpit.shellUrl, { waitUntil: "load", timeout: LONG });
        const again = await moduleFrame(page, LONG);
        await again.waitForSelector("#apt-page", { timeout: LONG });
        // the new tab finds the operation running and follows it
        await again.locator("#apt-progress-dialog").waitFor({ state: "visible", timeout: LONG });
        await expect(again.locator("#apt-progress-dialog").innerText()).resolves.toContain(SLOW);
        await screenshot(page, "demo-reattached-progress");
        fs.writeFileSync(go, "");
        await again.locator("#apt-result-dialog").waitFor({ state: "visible", timeout: LONG });
        await expect(again.locator("[data-testid=operation-result]").innerText()).resolves.toMatch(
            /Completed successfully/
        );
        await expect(again.locator("[data-testid=operation-changes]").innerText()).resolves.toContain(
            `Installed ${SLOW} 1.0-1`
        );
        expect(s.demo.sandbox.installedVersion(SLOW)).toBe("1.0-1");
        await again.click("[data-testid=close-operation]");
        frame = again;
    });

    it("an install failing in its postinst shows the script's own message", async () => {
        expect(await search(frame, "marine-broken")).toEqual([BROKEN]);
        await frame.click(`button[data-action=install][data-package="${BROKEN}"]`);
        await frame.locator("[data-testid=confirm-operation]").waitFor({ state: "visible", timeout: LONG });
        await frame.click("[data-testid=confirm-operation]");
        await frame.locator("#apt-result-dialog").waitFor({ state: "visible", timeout: LONG });
        await expect(frame.locator("[data-testid=operation-script-output]").innerText()).resolves.toBe(
            `${BROKEN}: cannot bind port 3000: address in use`
        );
        await screenshot(frame.page(), "demo-postinst-failed");
    });

    it("left the host's dpkg database and APT state untouched", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
