// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Updates tab's system status notice and automatic-updates card with a
 * fake Cockpit: reboot and restart notices with their dialogs (unit names
 * after `--`, Cockpit's own only when asked), the no-systemd message, the
 * settings read-only under limited access, and a save's exact arguments.
 * The first find of each test waits up to 10 s: the tab loads its list first.
 */
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AutomaticUpdatesResponse, SystemStatus } from "../../src/protocol/index.js";
import { App } from "../../src/ui/components/App.js";
import { installFakeCockpit, json, ManualProcess, type FakeCockpit } from "./fake-cockpit.js";
import { persisted, preview, standardSystem } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    persisted({ tab: "updates" });
    fake = installFakeCockpit();
});
const status = (over: Partial<SystemStatus> = {}): SystemStatus => ({
    rebootRequired: false,
    rebootReasons: [],
    runningKernel: "6.1.0-27-amd64",
    newestKernel: "6.1.0-27-amd64",
    servicesToRestart: [],
    servicesChecked: true,
    needrestartAvailable: true,
    systemdAvailable: true,
    listsUpdated: new Date(Date.now() - 3 * 3600_000).toISOString(),
    lastUpgrade: null,
    ...over,
});

const auto = (over: Partial<AutomaticUpdatesResponse> = {}): AutomaticUpdatesResponse => ({
    installed: true,
    effective: { mode: "security", time: "04:00", reboot: true, rebootTime: "05:00", removeUnused: false },
    ours: { mode: "security", time: "04:00", reboot: true, rebootTime: "05:00", removeUnused: false },
    overrides: [],
    configFile: "/etc/apt/apt.conf.d/52cockpit-apt-auto-upgrades",
    timerDropIn: "/etc/systemd/system/apt-daily-upgrade.timer.d/cockpit-apt.conf",
    systemdAvailable: true,
    timerCalendar: ["*-*-* 04:00"],
    lastRun: { time: null, log: [], logFile: "/var/log/unattended-upgrades/unattended-upgrades.log" },
    ...over,
});

describe("system status on the Updates tab", () => {
    it("says a reboot is needed and why, and lists the services; restarting sends the names after --", async () => {
        standardSystem(fake);
        const s = status({
            rebootRequired: true,
            rebootReasons: ["libc6", "kernel"],
            newestKernel: "6.1.0-28-amd64",
            servicesToRestart: [
                { unit: "ssh.service", packages: [] },
                { unit: "cockpit.service", packages: [] },
            ],
        });
        fake.on("system status", json(s));
        fake.on("automatic-updates show", json(auto()));
        fake.on("system restart-services", json({ results: [{ unit: "ssh.service", ok: true, message: "" }] }));
        const user = userEvent.setup();
        render(<App />);
        const reboot = await screen.findByTestId("reboot-required", {}, { timeout: 10_000 });
        expect(reboot.textContent).toContain("Kernel 6.1.0-28-amd64 is installed; 6.1.0-27-amd64 is running.");
        expect(reboot.textContent).toContain("libc6");
        expect((await screen.findByTestId("lists-updated")).textContent).toMatch(/^Package lists updated 3 hours ago$/);
        await user.click(screen.getByTestId("restart-services"));
        const dialog = await screen.findByRole("dialog");
        expect(within(dialog).getByTestId("restart-services-list").textContent).toBe("ssh.service");
        // Cockpit's own is offered apart, off, saying what it does to the session.
        expect(within(dialog).getByText(/ends the current Cockpit session/)).toBeTruthy();
        await user.click(within(dialog).getByTestId("confirm-restart-services"));
        await screen.findByTestId("restart-services-result");
        expect(fake.callsOf("system restart-services")[0]!.args).toEqual([
            "system",
            "restart-services",
            "--",
            "ssh.service",
        ]);
        expect(fake.callsOf("system restart-services")[0]!.options?.superuser).toBe("require");
    });

    it("without systemd: no restart or reboot buttons, a clear message instead", async () => {
        standardSystem(fake);
        fake.on(
            "system status",
            json(
                status({
                    rebootRequired: true,
                    rebootReasons: ["libc6"],
                    systemdAvailable: false,
                    servicesToRestart: [{ unit: "ssh.service", packages: [] }],
                })
            )
        );
        fake.on("automatic-updates show", json(auto({ systemdAvailable: false, timerCalendar: null })));
        render(<App />);
        expect((await screen.findByTestId("no-systemd", {}, { timeout: 10_000 })).textContent).toMatch(
            /systemd is not running/
        );
        expect(screen.queryByTestId("reboot")).toBeNull();
        expect(screen.queryByTestId("restart-services")).toBeNull();
    });
});

describe("after an operation", () => {
    it("the result dialog says a reboot is needed", async () => {
        standardSystem(fake);
        fake.on("system status", json(status()));
        fake.on("automatic-updates show", json(auto()));
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    operation: "upgrade",
                    upgrade: [
                        { name: "libc6", architecture: "amd64", oldVersion: "2.36-9", newVersion: "2.36-9+deb12u9" },
                    ],
                }),
            })
        );
        const proc = new ManualProcess();
        fake.on("operations upgrade", () => proc);
        const user = userEvent.setup();
        render(<App />);
        await screen.findByTestId("upgrade-all", {}, { timeout: 10_000 });
        await waitFor(() => expect(screen.getByTestId("upgrade-all").hasAttribute("disabled")).toBe(false), {
            timeout: 10_000,
        });
        await user.click(screen.getByTestId("upgrade-all"));
        await user.click(await screen.findByTestId("confirm-operation", {}, { timeout: 10_000 }));
        // The upgrade put /run/reboot-required in place.
        fake.on("system status", json(status({ rebootRequired: true, rebootReasons: ["libc6"] })));
        await act(async () => {
            await Promise.resolve();
            proc.emit(JSON.stringify({ type: "result", ok: true, operation: "upgrade", exitCode: 0 }) + "\n");
            proc.finish(0);
        });
        const result = document.getElementById("apt-result-dialog") ?? (await screen.findByRole("dialog"));
        await waitFor(
            () =>
                expect(within(result as HTMLElement).getByTestId("reboot-required").textContent).toContain(
                    "Updated package: libc6"
                ),
            { timeout: 10_000 }
        );
    }, 30_000);
});

describe("automatic updates card", () => {
    it("is read-only under limited access", async () => {
        standardSystem(fake);
        fake.superuser = "none";
        fake.on("system status", json(status()));
        fake.on("automatic-updates show", json(auto()));
        const user = userEvent.setup();
        render(<App />);
        await user.click(
            await screen.findByRole("button", { name: "Install security updates daily at 04:00" }, { timeout: 10_000 })
        );
        expect((screen.getByTestId("automatic-updates-mode") as HTMLSelectElement).disabled).toBe(true);
        expect((screen.getByTestId("automatic-updates-time") as HTMLInputElement).disabled).toBe(true);
        expect(screen.queryByTestId("automatic-updates-save")).toBeNull();
        expect(screen.getByText("Changing these settings needs administrative access.")).toBeTruthy();
    });

    it("saves the settings with set's options, and names the file that overrides one", async () => {
        standardSystem(fake);
        fake.on("system status", json(status()));
        fake.on(
            "automatic-updates show",
            json(auto({ overrides: [{ setting: "reboot", file: "/etc/apt/apt.conf.d/99local" }] }))
        );
        fake.on("automatic-updates set", json(auto()));
        const user = userEvent.setup();
        render(<App />);
        await user.click(
            await screen.findByRole("button", { name: "Install security updates daily at 04:00" }, { timeout: 10_000 })
        );
        expect(screen.getByTestId("automatic-updates-override").textContent).toContain(
            "“Reboot automatically” is overridden by /etc/apt/apt.conf.d/99local"
        );
        await user.selectOptions(screen.getByTestId("automatic-updates-mode"), "all");
        await user.click(screen.getByTestId("automatic-updates-remove-unused"));
        await user.click(screen.getByTestId("automatic-updates-save"));
        await waitFor(() => expect(fake.callsOf("automatic-updates set")).toHaveLength(1));
        const call = fake.callsOf("automatic-updates set")[0]!;
        expect(call.args).toEqual([
            "automatic-updates",
            "set",
            "--mode=all",
            "--reboot=on",
            "--remove-unused=on",
            "--time=04:00",
            "--reboot-time=05:00",
        ]);
        expect(call.options?.superuser).toBe("require");
    });

    it("offers to install unattended-upgrades through the normal preview when it is missing", async () => {
        standardSystem(fake);
        fake.on("system status", json(status()));
        fake.on(
            "automatic-updates show",
            json(
                auto({
                    installed: false,
                    ours: null,
                    effective: { mode: "off", time: null, reboot: false, rebootTime: null, removeUnused: false },
                })
            )
        );
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [
                        {
                            name: "unattended-upgrades",
                            architecture: "all",
                            oldVersion: null,
                            newVersion: "2.9.1+nmu3",
                        },
                    ],
                }),
            })
        );
        const user = userEvent.setup();
        render(<App />);
        await user.click(await screen.findByRole("button", { name: "Automatic updates are off" }, { timeout: 10_000 }));
        await user.click(screen.getByTestId("install-unattended-upgrades"));
        await waitFor(() => expect(fake.callsOf("operations preview")).toHaveLength(1));
        expect(fake.callsOf("operations preview")[0]!.args).toEqual([
            "operations",
            "preview",
            "install",
            "--",
            "unattended-upgrades",
        ]);
    });
});
