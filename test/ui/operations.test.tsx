// SPDX-License-Identifier: LGPL-2.1-or-later
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { installFakeCockpit, json, ManualProcess, type FakeCockpit, type Reply } from "./fake-cockpit.js";
import { persisted, pkg, preview, standardSystem, store } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    persisted({ tab: "search", query: "nginx" });
    fake = installFakeCockpit();
});
const line = (v: unknown) => JSON.stringify(v) + "\n";
const OP_ID = "20261129T120000Z-0123abcd";

async function openInstallPreview(user: ReturnType<typeof userEvent.setup>) {
    await user.click(await screen.findByRole("button", { name: "Install nginx" }));
    return screen.findByRole("dialog");
}

describe("install flow", () => {
    it("preview -> progress from the live stream -> result, then the lists refresh", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [
                        { name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1.0-1" },
                        { name: "libnginx", architecture: "amd64", oldVersion: null, newVersion: "1.0-1" },
                    ],
                }),
            })
        );
        const proc = new ManualProcess();
        fake.on("operations install", () => proc);
        const user = userEvent.setup();
        render(<App />);

        const dialog = await openInstallPreview(user);
        // The preview says what else changes and how much is downloaded.
        expect((await within(dialog).findByTestId("preview-install")).textContent).toContain("libnginx 1.0-1");
        expect(within(dialog).getByTestId("preview-download-size").textContent).toBe("2.5 MB");
        expect(fake.callsOf("operations preview")[0]!.args).toEqual([
            "operations",
            "preview",
            "install",
            "--",
            "nginx",
        ]);
        // Nothing was changed yet.
        expect(fake.callsOf("operations install")).toHaveLength(0);

        const filtersBefore = fake.callsOf("packages filter").length;
        await user.click(within(dialog).getByTestId("confirm-operation"));
        expect(fake.callsOf("operations install")[0]!.args).toEqual(["operations", "install", "--", "nginx"]);
        expect(fake.callsOf("operations install")[0]!.options?.superuser).toBe("require");

        const progress = await screen.findByTestId("operation-progress");
        // Each step is its own dialog with its own id (the end-to-end tests select them by id).
        expect(document.getElementById("apt-progress-dialog")).toBeTruthy();
        expect(document.getElementById("apt-preview-dialog")).toBeNull();
        await act(async () => {
            await Promise.resolve();
            // the bridge names the operation first: Cancel needs its id
            proc.emit(
                line({
                    type: "started",
                    id: OP_ID,
                    operation: "install",
                    names: ["nginx"],
                    pid: 42,
                    startedAt: "2026-11-29T12:00:00.000Z",
                })
            );
            proc.emit(
                line({
                    type: "progress",
                    phase: "download",
                    package: "nginx",
                    percent: 30,
                    message: "Downloading nginx",
                })
            );
        });
        expect(progress.textContent).toContain("Downloading nginx");
        expect(progress.textContent).toContain("30%");
        // Cancel is offered while downloading...
        expect(screen.getByTestId("cancel-operation")).toBeTruthy();
        await act(async () => {
            proc.emit(line({ type: "log", stream: "stdout", line: "Unpacking nginx (1.0-1) ..." }));
            proc.emit(
                line({
                    type: "progress",
                    phase: "install",
                    package: "nginx",
                    percent: 70,
                    message: "Installing nginx",
                })
            );
        });
        // ...and not once dpkg is at work.
        expect(screen.queryByTestId("cancel-operation")).toBeNull();
        expect(screen.getByTestId("operation-progress").textContent).toContain("70%");
        await user.click(within(screen.getByTestId("operation-log")).getByRole("button", { name: "Show log" }));
        expect(screen.getByLabelText("Operation log").textContent).toContain("Unpacking nginx");

        await act(async () => {
            proc.emit(line({ type: "result", ok: true, operation: "install", exitCode: 0 }));
            proc.finish(0);
        });
        expect((await screen.findByTestId("operation-result")).textContent).toContain("Completed successfully");
        expect(document.getElementById("apt-result-dialog")).toBeTruthy();
        // Lists and counts reload after the change.
        await waitFor(() => expect(fake.callsOf("packages filter").length).toBeGreaterThan(filtersBefore));
        await user.click(screen.getByTestId("close-operation"));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    });

    it("Cancel during download asks the runner (operations cancel ID), and says so when the result comes", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [{ name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1" }],
                }),
            })
        );
        const proc = new ManualProcess();
        fake.on("operations install", () => proc);
        fake.on("operations cancel", json({ id: OP_ID, requested: true, message: "Stopping the download" }));
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        await user.click(await within(dialog).findByTestId("confirm-operation"));
        await act(async () => {
            await Promise.resolve();
            proc.emit(
                line({
                    type: "started",
                    id: OP_ID,
                    operation: "install",
                    names: ["nginx"],
                    pid: 42,
                    startedAt: "2026-11-29T12:00:00.000Z",
                })
            );
            proc.emit(line({ type: "progress", phase: "download", package: "nginx", percent: 5, message: "" }));
        });
        await user.click(await screen.findByTestId("cancel-operation"));
        await waitFor(() => expect(fake.callsOf("operations cancel")).toHaveLength(1));
        expect(fake.callsOf("operations cancel")[0]!.args).toEqual(["operations", "cancel", "--", OP_ID]);
        expect(fake.callsOf("operations cancel")[0]!.options?.superuser).toBe("require");
        // the channel stays open: the result comes from the runner through it
        expect(proc.closedWith).toBeUndefined();
        await act(async () => {
            proc.emit(
                line({
                    type: "result",
                    ok: false,
                    operation: "install",
                    exitCode: 1,
                    code: "CANCELLED",
                    message: "Cancelled before any package was changed",
                })
            );
            proc.finish(1);
        });
        expect((await screen.findByTestId("operation-result")).textContent).toContain("cancelled");
    });

    it("a Cancel refused because dpkg started shows the reason and the progress goes on", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [{ name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1" }],
                }),
            })
        );
        const proc = new ManualProcess();
        fake.on("operations install", () => proc);
        fake.on(
            "operations cancel",
            json({ id: OP_ID, requested: false, message: "dpkg is already changing packages" })
        );
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        await user.click(await within(dialog).findByTestId("confirm-operation"));
        await act(async () => {
            await Promise.resolve();
            proc.emit(
                line({
                    type: "started",
                    id: OP_ID,
                    operation: "install",
                    names: ["nginx"],
                    pid: 42,
                    startedAt: "2026-11-29T12:00:00.000Z",
                })
            );
            proc.emit(line({ type: "progress", phase: "download", package: "nginx", percent: 5, message: "" }));
        });
        await user.click(await screen.findByTestId("cancel-operation"));
        expect((await screen.findByTestId("cancel-refused")).textContent).toContain(
            "dpkg is already changing packages"
        );
        expect(document.getElementById("apt-progress-dialog")).toBeTruthy();
    });

    it("Cancel in the preview changes nothing", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [{ name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1" }],
                }),
            })
        );
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        await within(dialog).findByTestId("confirm-operation");
        await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
        expect(fake.callsOf("operations install")).toHaveLength(0);
    });

    it("closing while the preview is computed stops it", async () => {
        standardSystem(fake);
        const slow = new ManualProcess();
        fake.on("operations preview", () => slow);
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
        expect(slow.closedWith).toBe("terminated");
    });

    it("a preview with problems cannot be confirmed", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({ preview: preview({ problems: ["nginx : Depends: libfoo but it is not installable"] }) })
        );
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        expect((await within(dialog).findByTestId("preview-problems")).textContent).toContain("not installable");
        expect(
            within(dialog).getByTestId("confirm-operation").hasAttribute("disabled") ||
                within(dialog).getByTestId("confirm-operation").getAttribute("aria-disabled") === "true"
        ).toBe(true);
    });

    it("remove of an installed package previews what goes with it", async () => {
        standardSystem(fake);
        persisted({ tab: "installed" });
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    operation: "remove",
                    remove: [
                        { name: "vim", architecture: "amd64", oldVersion: "9.0", newVersion: null },
                        { name: "vim-addons", architecture: "amd64", oldVersion: "1", newVersion: null },
                    ],
                    downloadSize: 0,
                    diskSpaceChange: -3_000_000,
                }),
            })
        );
        fake.on("operations remove", { stdout: line({ type: "result", ok: true, operation: "remove", exitCode: 0 }) });
        const user = userEvent.setup();
        render(<App />);
        await user.click(await screen.findByRole("button", { name: "Remove vim" }));
        const dialog = await screen.findByRole("dialog");
        expect((await within(dialog).findByTestId("preview-remove")).textContent).toContain("vim-addons");
        expect(within(dialog).getByTestId("preview-disk-space").textContent).toBe("3.0 MB freed");
        await user.click(within(dialog).getByTestId("confirm-operation"));
        expect(fake.callsOf("operations remove")[0]!.args).toEqual(["operations", "remove", "--", "vim"]);
        await screen.findByTestId("operation-result");
    });
});

/** The Marine store's two updates on its Updates tab, and the preview of upgrading signalk. */
function marineUpdates() {
    persisted({ store: "marine", tab: "updates" });
    const signalk = pkg("signalk", { installedVersion: "1", candidateVersion: "2", upgradable: true });
    const opencpn = pkg("opencpn", { installedVersion: "5", candidateVersion: "6", upgradable: true });
    standardSystem(fake, { stores: [store("marine", "Marine Apps")], packages: [signalk, opencpn] });
    fake.on(
        "operations preview upgrade",
        json({
            preview: preview({
                operation: "upgrade",
                upgrade: [{ name: "signalk", architecture: "all", oldVersion: "1", newVersion: "2" }],
            }),
        })
    );
    return { signalk, opencpn };
}

/** Clicks "Upgrade … shown packages" once it says `label`; the names its preview was asked for. */
async function upgradeShown(label: string, beforePreview: () => void = () => undefined): Promise<string[]> {
    const user = userEvent.setup();
    render(<App />);
    const button = await screen.findByTestId("upgrade-all");
    await waitFor(() => expect(button.textContent).toBe(label));
    await waitFor(() => expect(button.hasAttribute("disabled")).toBe(false));
    await user.click(button);
    beforePreview();
    await screen.findByTestId("preview-upgrade");
    return fake.callsOf("operations preview upgrade")[0]!.args.slice(4);
}

it("within a store, 'Upgrade all shown' upgrades only the store's updates", async () => {
    marineUpdates();
    expect(await upgradeShown("Upgrade 2 shown packages")).toEqual(["signalk", "opencpn"]);
});

it("within a store, while APT is asked what it keeps back, 'Upgrade shown packages' waits for its answer and leaves those out", async () => {
    const { signalk, opencpn } = marineUpdates();
    let answer: (r: Reply) => void = () => undefined;
    fake.onMatch(
        (args) => args[0] === "packages" && args[1] === "filter" && args.includes("--tab=updates"),
        (args) =>
            args.includes("--no-kept-back")
                ? json({ packages: [opencpn, signalk], total: 2, offset: 0, limit: 1000, keptBackPending: true })
                : new Promise<Reply>((resolve) => (answer = resolve))
    );
    const names = await upgradeShown("Upgrade shown packages", () => {
        // nothing named before APT said which it keeps back
        expect(fake.callsOf("operations preview upgrade")).toHaveLength(0);
        answer(json({ packages: [{ ...opencpn, keptBack: "removal" }, signalk], total: 2, offset: 0, limit: 1000 }));
    });
    expect(names).toEqual(["signalk"]);
});

describe("failures", () => {
    it("a held lock shows who holds it and Try again runs the preview again", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [{ name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1" }],
                }),
            })
        );
        fake.on("operations install", {
            stdout: line({
                type: "result",
                ok: false,
                operation: "install",
                exitCode: 100,
                code: "LOCKED",
                message: "Could not get lock",
                details: { process: "unattended-upgr", pid: 1234 },
            }),
            exit: 1,
        });
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        await user.click(await within(dialog).findByTestId("confirm-operation"));
        const msg = await screen.findByTestId("failure-message");
        expect(msg.textContent).toContain("unattended-upgr");
        expect(msg.textContent).toContain("1234");
        expect(document.getElementById("apt-locked-dialog")).toBeTruthy();
        await user.click(screen.getByTestId("retry-operation"));
        await waitFor(() => expect(fake.callsOf("operations preview")).toHaveLength(2));
    });

    it("an interrupted dpkg offers Repair, which runs `operations repair`", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [{ name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1" }],
                }),
            })
        );
        fake.on("operations install", {
            stdout: line({
                type: "result",
                ok: false,
                operation: "install",
                exitCode: 100,
                code: "DPKG_INTERRUPTED",
                message: "dpkg was interrupted",
            }),
            exit: 1,
        });
        fake.on("operations repair", { stdout: line({ type: "result", ok: true, operation: "repair", exitCode: 0 }) });
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        await user.click(await within(dialog).findByTestId("confirm-operation"));
        await user.click(await screen.findByTestId("repair-operation"));
        expect(fake.callsOf("operations repair")[0]!.args).toEqual(["operations", "repair"]);
        expect((await screen.findByTestId("operation-result")).textContent).toContain("Completed successfully");
    });

    it("a failing maintainer script is reported with the bridge's message", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [{ name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1" }],
                }),
            })
        );
        fake.on("operations install", {
            stdout: line({
                type: "result",
                ok: false,
                operation: "install",
                exitCode: 1,
                code: "OPERATION_FAILED",
                message: "nginx: post-installation script returned error exit status 1",
            }),
            exit: 1,
        });
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        await user.click(await within(dialog).findByTestId("confirm-operation"));
        expect((await screen.findByTestId("operation-result")).textContent).toContain("post-installation script");
    });

    it("refused administrative access (superuser require) says so", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [{ name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1" }],
                }),
            })
        );
        fake.on("operations install", { problem: "access-denied" });
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        await user.click(await within(dialog).findByTestId("confirm-operation"));
        expect((await screen.findByTestId("operation-result")).textContent).toContain(
            "Administrative access is required"
        );
    });

    it("installing a store package reloads the stores: the toggle appears", async () => {
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    install: [{ name: "nginx", architecture: "amd64", oldVersion: null, newVersion: "1" }],
                }),
            })
        );
        fake.on("operations install", () => {
            fake.on("stores list", json({ stores: [store("marine", "Marine Apps")], errors: [] }));
            return { stdout: line({ type: "result", ok: true, operation: "install", exitCode: 0 }) };
        });
        const user = userEvent.setup();
        render(<App />);
        const dialog = await openInstallPreview(user);
        expect(screen.queryByTestId("store-toggle")).toBeNull();
        await user.click(await within(dialog).findByTestId("confirm-operation"));
        await screen.findByTestId("operation-result");
        await screen.findByTestId("store-toggle");
    });

    it("Update package lists and Upgrade all run the right operations", async () => {
        persisted({ tab: "updates" });
        standardSystem(fake, {
            packages: [pkg("curl", { installedVersion: "7.0", candidateVersion: "7.1", upgradable: true })],
        });
        fake.on("operations update", { stdout: line({ type: "result", ok: true, operation: "update", exitCode: 0 }) });
        fake.on(
            "operations preview upgrade",
            json({
                preview: preview({
                    operation: "upgrade",
                    upgrade: [{ name: "curl", architecture: "amd64", oldVersion: "7.0", newVersion: "7.1" }],
                }),
            })
        );
        const user = userEvent.setup();
        render(<App />);
        await user.click(await screen.findByTestId("update-lists"));
        expect(fake.callsOf("operations update")[0]!.args).toEqual(["operations", "update"]);
        await user.click(await screen.findByTestId("close-operation"));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
        await waitFor(() => expect(screen.getByTestId("upgrade-all").hasAttribute("disabled")).toBe(false));
        await user.click(screen.getByTestId("upgrade-all"));
        expect((await screen.findByTestId("preview-upgrade")).textContent).toContain("7.0 → 7.1");
        expect(fake.callsOf("operations preview upgrade")[0]!.args).toEqual(["operations", "preview", "upgrade"]);
    });
});

describe("an operation that outlived the page", () => {
    const record = (over: Record<string, unknown>) => ({
        id: OP_ID,
        kind: "install",
        names: ["nginx"],
        pid: 42,
        startedAt: "2026-11-29T12:00:00.000Z",
        finishedAt: null,
        state: "running",
        progress: { type: "progress", phase: "install", package: "nginx", percent: 40, message: "Unpacking nginx" },
        result: null,
        changes: [],
        message: null,
        logTail: ["Unpacking nginx (1.0-1) ..."],
        ...over,
    });

    it("a running one is shown with live progress, followed to its result, which says what changed", async () => {
        standardSystem(fake);
        fake.on("operations current", json({ operation: record({}) }));
        const proc = new ManualProcess();
        fake.on("operations follow", () => proc);
        render(<App />);
        await screen.findByTestId("operation-progress");
        expect(fake.callsOf("operations follow")[0]!.args).toEqual(["operations", "follow", "--", OP_ID]);
        await act(async () => {
            await Promise.resolve();
            proc.emit(
                line({
                    type: "started",
                    id: OP_ID,
                    operation: "install",
                    names: ["nginx"],
                    pid: 42,
                    startedAt: "2026-11-29T12:00:00.000Z",
                })
            );
            proc.emit(
                line({
                    type: "progress",
                    phase: "configure",
                    package: "nginx",
                    percent: 80,
                    message: "Configuring nginx",
                })
            );
        });
        expect(screen.getByTestId("operation-progress").textContent).toContain("80%");
        await act(async () => {
            proc.emit(
                line({
                    type: "changes",
                    changes: [
                        {
                            name: "nginx",
                            architecture: "amd64",
                            action: "installed",
                            oldVersion: null,
                            newVersion: "1.0-1",
                        },
                        { name: "old", architecture: "all", action: "removed", oldVersion: "2", newVersion: null },
                    ],
                })
            );
            proc.emit(line({ type: "result", ok: true, operation: "install", exitCode: 0 }));
            proc.finish(0);
        });
        const changes = await screen.findByTestId("operation-changes");
        expect(changes.textContent).toContain("Installed nginx 1.0-1");
        expect(changes.textContent).toContain("Removed old 2");
        expect(localStorage.getItem("cockpit-apt:last-operation")).toBe(OP_ID);
    });

    it("a finished one is shown once: its result with the script's message, not again after it was seen", async () => {
        standardSystem(fake);
        const failed = {
            type: "result",
            ok: false,
            operation: "install",
            exitCode: 100,
            code: "OPERATION_FAILED",
            message: "bad: installed bad package post-installation script subprocess returned error exit status 3",
            details: { package: "bad", scriptOutput: ["bad postinst: cannot start the frobnicator"] },
        };
        fake.on(
            "operations current",
            json({ operation: record({ state: "finished", result: failed, finishedAt: "2026-11-29T12:01:00.000Z" }) })
        );
        render(<App />);
        expect((await screen.findByTestId("operation-script-output")).textContent).toBe(
            "bad postinst: cannot start the frobnicator"
        );
        expect(document.getElementById("apt-result-dialog")).toBeTruthy();
        cleanup();
        render(<App />);
        await screen.findByTestId("package-list");
        await waitFor(() => expect(fake.callsOf("operations current").length).toBe(2));
        expect(document.getElementById("apt-result-dialog")).toBeNull();
    });

    it("one whose runner was killed says so and offers Repair", async () => {
        standardSystem(fake);
        fake.on(
            "operations current",
            json({
                operation: record({
                    state: "interrupted",
                    message: "The operation was stopped before it finished. Repair the package system.",
                }),
            })
        );
        render(<App />);
        await screen.findByTestId("repair-operation");
        expect(document.getElementById("apt-repair-dialog")).toBeTruthy();
    });
});
