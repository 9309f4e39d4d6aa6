/**
 * Changes through the page in real Cockpit and a real browser, against a
 * demo sandbox root with the marine store installed: install a demo app
 * (preview, progress, result, then under Installed), remove it, the Updates
 * tab after the repository gains a newer version, and the lock-held error
 * naming the process that holds dpkg's lock. Everything happens in the
 * sandbox; the host's dpkg database is checked unchanged at the end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { CONTAINER_APPS } from "../../demo/catalog.js";
import { screenshot } from "../support/cockpit.js";
import { confirmOperation, horizontalOverflow, LONG, rowNames, search, startDemoSession, waitForList, type DemoSession } from "../support/demo-page.js";
import { hostDpkgFingerprint } from "../support/sandbox.js";

const APP = "marine-anchor-alarm-container";

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
        const preview = await confirmOperation(frame, s.page, { preview: "demo-install-preview", progress: "demo-install-progress", result: "demo-install-result" });
        expect(preview).toContain(APP);
        expect(s.demo.sandbox.installedVersion(APP)).toBe("1.4.0-1");
        await frame.click("#tab-installed");
        await waitForList(frame);
        expect(await rowNames(frame)).toEqual([APP]);
        // The counts on the tabs reload a moment after the lists.
        await expect.poll(() => frame.locator("[data-testid=tab-installed-count]").innerText(), { timeout: LONG }).toBe("1");
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
        await expect(frame.locator("[data-testid=operation-result]").innerText()).resolves.toMatch(/Completed successfully/);
        await frame.click("[data-testid=close-operation]");
        await frame.locator('[data-testid=package-row][data-package="marine-grafana-container"]').waitFor({ state: "visible", timeout: LONG });
        await expect(frame.locator('[data-testid=package-row][data-package="marine-grafana-container"]').innerText()).resolves.toContain("11.0.0-1");
        await expect.poll(() => frame.locator("[data-testid=tab-updates-count]").innerText(), { timeout: LONG }).toBe("1");
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
        holder = spawn("/usr/bin/python3", ["-c", "import fcntl,sys,time\nf=open(sys.argv[1],'w')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(120)", lockFile], { stdio: ["ignore", "pipe", "inherit"] });
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
            frame.locator("#apt-preview-dialog [data-testid=confirm-operation]").waitFor({ state: "visible", timeout: LONG }).then(() => "preview"),
            frame.locator("#apt-result-dialog").waitFor({ state: "visible", timeout: LONG }).then(() => "result"),
        ]);
        if (next === "preview") await confirmOperation(frame, s.page);
        else {
            await expect(frame.locator("[data-testid=operation-result]").innerText()).resolves.toMatch(/Completed successfully/);
            await frame.click("[data-testid=close-operation]");
        }
        expect(s.demo.sandbox.installedVersion("marine-battery-monitor-container")).toBe("3.1.0-1");
    });

    it("left the host's dpkg database and APT state untouched", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
