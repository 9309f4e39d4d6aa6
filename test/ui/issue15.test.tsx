// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Issue 15 in the page with the fake cockpit: empty states that say what is
 * true of the scope, errors with a way out (Try again, a failed count marker,
 * a time limit, a killed bridge), the search field's limit, unknown file
 * lists, the limited-access reason on the details page, and details that
 * never show a stale state after a change.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { MAX_SEARCH_LENGTH } from "../../src/protocol/index.js";
import { MAX_QUERY_LENGTH } from "../../src/bridge/cli/args.js";
import { callBridge, requestTimeouts, retryDefaults } from "../../src/ui/api/bridge.js";
import { BridgeError } from "../../src/ui/api/errors.js";
import { bridgeError, installFakeCockpit, json, ManualProcess, type FakeCockpit } from "./fake-cockpit.js";
import { details, persisted, pkg, repo, standardSystem, store } from "./fixtures.js";

let fake: FakeCockpit;
const savedTimeout = requestTimeouts.readMs;
const savedBackoff = retryDefaults.backoffMs;
beforeEach(() => {
    fake = installFakeCockpit();
    retryDefaults.backoffMs = 0;
});
afterEach(() => {
    requestTimeouts.readMs = savedTimeout;
    retryDefaults.backoffMs = savedBackoff;
});

const T = 30_000;

describe("empty states say what is true of the scope", () => {
    it(
        "a store's Updates: 'No updates in this store', the system's count, and a way to all updates",
        async () => {
            persisted({ store: "marine", tab: "updates" });
            standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
            fake.on("packages filter", (args) => {
                const inStore = args.includes("--store=marine");
                const updates = args.includes("--tab=updates");
                // The store has nothing to update; the system has 137 updates.
                const total = updates && !inStore ? 137 : 0;
                return json({
                    packages: total
                        ? [pkg("curl", { upgradable: true, installedVersion: "7.0", candidateVersion: "7.1" })]
                        : [],
                    total,
                    offset: 0,
                    limit: 1000,
                });
            });
            fake.on("packages counts", (args) =>
                json({ installed: 0, upgradable: args.includes("--store=marine") ? 0 : 137, security: 0 })
            );
            render(<App />);
            const empty = await screen.findByTestId("no-updates");
            expect(empty.dataset.scope).toBe("store");
            expect(empty.textContent).toContain("No updates in this store");
            expect(empty.textContent).not.toContain("Your system is up to date");
            await waitFor(() =>
                expect(screen.getByTestId("system-updates").textContent).toBe("The system has 137 updates elsewhere.")
            );
            await userEvent.setup().click(screen.getByTestId("show-all-updates"));
            expect(fake.path).toEqual([]);
            expect(fake.options).toEqual({ tab: "updates" });
            await screen.findByTestId("package-list");
        },
        T
    );

    it(
        "the system's Updates still says 'up to date'",
        async () => {
            persisted({ tab: "updates" });
            standardSystem(fake, { packages: [pkg("vim", { installedVersion: "9.0" })] });
            render(<App />);
            const empty = await screen.findByTestId("no-updates");
            expect(empty.dataset.scope).toBe("system");
            expect(empty.textContent).toContain("Your system is up to date");
        },
        T
    );

    it(
        "a repository with no packages says so, not 'APT has no package lists yet'",
        async () => {
            persisted({ repository: "Empty:stable" });
            standardSystem(fake, { repositories: [repo("Debian:stable", 60000), repo("Empty:stable", 0)] });
            fake.on("sections list", (args) =>
                json({
                    sections: args.includes("--repo=Empty:stable")
                        ? []
                        : [
                              {
                                  name: "net",
                                  label: "net",
                                  description: null,
                                  icon: null,
                                  custom: false,
                                  packageCount: 3,
                              },
                          ],
                })
            );
            render(<App />);
            const empty = await screen.findByTestId("no-packages");
            expect(empty.dataset.scope).toBe("repository");
            expect(empty.textContent).toContain("No packages in this repository");
            expect(empty.textContent).not.toMatch(/no package lists yet/i);
        },
        T
    );

    it(
        "an empty store's Browse says the store has no packages; the system's still offers to update the lists",
        async () => {
            persisted({ store: "marine" });
            standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
            fake.on("sections list", json({ sections: [] }));
            render(<App />);
            const empty = await screen.findByTestId("no-packages");
            expect(empty.dataset.scope).toBe("store");
            expect(empty.textContent).toContain("No packages in this store");
            await userEvent.setup().click(within(empty).getByTestId("show-all-packages"));
            await waitFor(() => expect(screen.getByTestId("no-packages").dataset.scope).toBe("system"));
            expect(screen.getByTestId("no-packages").textContent).toMatch(/no package lists yet/i);
        },
        T
    );

    it(
        "a store's Installed and a section with nothing say so for that scope",
        async () => {
            persisted({ store: "marine", tab: "installed" });
            standardSystem(fake, { stores: [store("marine", "Marine Apps")], packages: [pkg("nginx")] });
            render(<App />);
            const empty = await screen.findByTestId("no-installed");
            expect(empty.textContent).toContain("Nothing from this store is installed yet.");
            expect(within(empty).getByTestId("show-all-installed")).toBeTruthy();
        },
        T
    );
});

describe("errors with a way out", () => {
    it(
        "'Stores could not be loaded' has Try again and goes away once the stores load",
        async () => {
            standardSystem(fake);
            let fail = true;
            fake.on("stores list", () =>
                fail
                    ? bridgeError("INTERNAL", "stores directory unreadable")
                    : json({ stores: [store("marine", "Marine Apps")], errors: [] })
            );
            render(<App />);
            const alert = await screen.findByTestId("stores-error");
            fail = false;
            await userEvent.setup().click(within(alert).getByRole("button", { name: "Try again" }));
            await waitFor(() => expect(screen.queryByTestId("stores-error")).toBeNull());
            await screen.findByTestId("store-toggle");
        },
        T
    );

    it(
        "'Repositories could not be loaded' has Try again and goes away once they load",
        async () => {
            standardSystem(fake);
            let fail = true;
            fake.on("repositories list", () =>
                fail
                    ? bridgeError("APT_UNAVAILABLE", "no apt")
                    : json({ repositories: [repo("Debian:stable", 10), repo("Other:stable", 3)] })
            );
            render(<App />);
            const alert = await screen.findByTestId("repositories-error");
            fail = false;
            await userEvent.setup().click(within(alert).getByRole("button", { name: "Try again" }));
            await waitFor(() => expect(screen.queryByTestId("repositories-error")).toBeNull());
            await screen.findByTestId("repository-select");
        },
        T
    );

    it(
        "a failed count shows a marker on the tabs that says why, not nothing",
        async () => {
            standardSystem(fake);
            fake.on("packages counts", bridgeError("INTERNAL", "count exploded"));
            render(<App />);
            const marker = await screen.findByTestId("tab-installed-count-failed");
            expect(marker.textContent).toContain("count exploded");
            expect(screen.queryByTestId("tab-installed-count")).toBeNull();
            expect((await screen.findByTestId("tab-updates-count-failed")).textContent).toContain("count exploded");
            expect(screen.queryByTestId("tab-updates-count")).toBeNull();
        },
        T
    );

    it(
        "a bridge that never answers: the request ends at its time limit, the process is closed, Try again works",
        async () => {
            requestTimeouts.readMs = 200;
            standardSystem(fake);
            const hung = new ManualProcess();
            let hang = true;
            fake.on("sections list", () =>
                hang
                    ? hung
                    : json({
                          sections: [
                              {
                                  name: "net",
                                  label: "net",
                                  description: null,
                                  icon: null,
                                  custom: false,
                                  packageCount: 3,
                              },
                          ],
                      })
            );
            render(<App />);
            const alert = await screen.findByTestId("list-error", {}, { timeout: 5000 });
            expect(alert.textContent).toContain("did not answer in time");
            expect(hung.closedWith).toBe("terminated");
            hang = false;
            await userEvent.setup().click(within(alert).getByRole("button", { name: "Try again" }));
            await screen.findByTestId("section-grid");
        },
        T
    );

    it(
        "the time limit is 60 s for reads and applies to every one-document call",
        async () => {
            expect(savedTimeout).toBe(60_000);
            requestTimeouts.readMs = 50;
            const hung = new ManualProcess();
            fake.on("stores list", () => hung);
            const error = await callBridge(["stores", "list"]).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(BridgeError);
            expect((error as BridgeError).code).toBe("TIMEOUT");
            expect(hung.closedWith).toBe("terminated");
        },
        T
    );

    it(
        "a killed bridge 'stopped unexpectedly' with its signal, not 'an answer that could not be read'",
        async () => {
            fake.on("stores list", () => {
                const p = new ManualProcess();
                queueMicrotask(() =>
                    p.finishWith({ problem: null, exit_status: null, exit_signal: "KILL", message: "" })
                );
                return p;
            });
            const error = (await callBridge(["stores", "list"]).catch((e: unknown) => e)) as BridgeError;
            expect(error.code).toBe("BRIDGE_STOPPED");
            expect(error.message).toBe("cockpit-apt-bridge stopped unexpectedly (signal KILL).");
            fake.on("stores list", { stdout: "", exit: 3 });
            const exited = (await callBridge(["stores", "list"]).catch((e: unknown) => e)) as BridgeError;
            expect(exited.message).toBe("cockpit-apt-bridge stopped unexpectedly (exit status 3).");
        },
        T
    );

    it(
        "the search field takes no more than the bridge accepts (one shared constant)",
        async () => {
            expect(MAX_QUERY_LENGTH).toBe(MAX_SEARCH_LENGTH);
            persisted({ tab: "search" });
            standardSystem(fake);
            render(<App />);
            const input = (await screen.findByRole("textbox", { name: "Search packages" })) as HTMLInputElement;
            expect(input.maxLength).toBe(MAX_SEARCH_LENGTH);
        },
        T
    );
});

describe("the details page", () => {
    const insight = () => {
        fake.on("packages dependencies", (args) =>
            json({
                package: args[3],
                version: "1.0-1",
                relations: {
                    depends: [],
                    preDepends: [],
                    recommends: [],
                    suggests: [],
                    enhances: [],
                    conflicts: [],
                    breaks: [],
                    replaces: [],
                    provides: [],
                },
            })
        );
        fake.on("packages rdepends", (args) => json({ package: args[3], reverseDependencies: [] }));
        fake.on("packages changelog", (args) =>
            json({ package: args[3], available: false, text: null, reason: "absent", file: null, truncated: false })
        );
    };

    it(
        "says the files are unknown when dpkg has no list, not 'installs no files'",
        async () => {
            standardSystem(fake);
            insight();
            fake.on("packages details", (args) =>
                json({ package: details(args.at(-1)!, { installedVersion: "1.0-1", status: "installed" }) })
            );
            fake.on("packages files", (args) => json({ package: args[3], files: [], truncated: false, listed: false }));
            fake.path = ["package", "nginx"];
            fake.options = { tab: "files" };
            render(<App />);
            const unknown = await screen.findByTestId("package-files-unknown");
            expect(unknown.textContent).toMatch(/not known/);
            expect(document.body.textContent).not.toContain("installs no files");
        },
        T
    );

    it(
        "under limited access says why there is no Install button",
        async () => {
            standardSystem(fake);
            insight();
            fake.superuser = "none";
            fake.on("packages details", (args) => json({ package: details(args.at(-1)!) }));
            fake.path = ["package", "nginx"];
            render(<App />);
            expect((await screen.findByTestId("details-limited-access")).textContent).toContain(
                "Administrative access is needed to install"
            );
            expect(screen.queryByTestId("details-install")).toBeNull();
        },
        T
    );

    it(
        "renders the long description as paragraphs and a list",
        async () => {
            standardSystem(fake);
            insight();
            fake.on("packages details", (args) =>
                json({
                    package: details(args.at(-1)!, {
                        description: "First line\ncontinues here.\n\nThese include:\n * one\n * two",
                    }),
                })
            );
            fake.path = ["package", "nginx"];
            render(<App />);
            const d = await screen.findByTestId("package-description");
            expect(Array.from(d.querySelectorAll("p")).map((p) => p.textContent)).toEqual([
                "First line continues here.",
                "These include:",
            ]);
            expect(Array.from(d.querySelectorAll("li")).map((li) => li.textContent)).toEqual(["one", "two"]);
        },
        T
    );

    it(
        "after an install, never shows the old 'Not installed' and Install while the new state loads",
        async () => {
            standardSystem(fake);
            insight();
            let installed = false;
            const slow: ManualProcess[] = [];
            fake.on("packages details", (args) => {
                if (!installed) return json({ package: details(args.at(-1)!) });
                const p = new ManualProcess();
                slow.push(p);
                return p;
            });
            fake.on(
                "operations preview",
                json({
                    preview: {
                        operation: "install",
                        install: [{ name: "nginx", version: "1.0-1" }],
                        upgrade: [],
                        downgrade: [],
                        remove: [],
                        purge: [],
                        heldBack: [],
                        autoremovable: [],
                        downloadSize: 1,
                        diskSpaceChange: 1,
                        problems: [],
                    },
                })
            );
            fake.on("operations install", () => {
                installed = true;
                return {
                    stdout: JSON.stringify({ type: "result", ok: true, operation: "install", exitCode: 0 }) + "\n",
                };
            });
            fake.path = ["package", "nginx"];
            render(<App />);
            const user = userEvent.setup();
            await user.click(await screen.findByTestId("details-install"));
            await user.click(await screen.findByTestId("confirm-operation"));
            await screen.findByTestId("operation-result");
            await waitFor(() => expect(slow.length).toBe(1));
            // The new state is being read: neither the old state nor the old actions.
            expect(screen.queryByTestId("details-install")).toBeNull();
            expect(screen.getByTestId("package-fields").textContent).not.toContain("Not installed");
            expect(screen.getByTestId("details-refreshing")).toBeTruthy();
            act(() => {
                slow[0]!.emit(
                    JSON.stringify({ package: details("nginx", { installedVersion: "1.0-1", status: "installed" }) })
                );
                slow[0]!.finish();
            });
            await screen.findByTestId("details-remove");
            expect(screen.getByTestId("package-fields").textContent).toContain("1.0-1");
        },
        T
    );
});
