// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Updates tab (issue 13): security updates first, counted and filterable;
 * held and kept-back updates apart with their reason and remedy; "Upgrade
 * all" counts what it really upgrades; Hold/Unhold; the page status sent to
 * Cockpit's shell.
 */
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { pageStatusFor } from "../../src/ui/state/page-status.js";
import { humanMessage } from "../../src/ui/api/errors.js";
import { splitUpdates } from "../../src/ui/state/updates.js";
import type { HoldResponse, PackageSummary } from "../../src/protocol/index.js";
import { bridgeError, installFakeCockpit, json, type FakeCockpit, type Reply } from "./fake-cockpit.js";
import { details, persisted, pkg, preview, standardSystem, store } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});
const up = (name: string, over: Partial<PackageSummary> = {}) =>
    pkg(name, { installedVersion: "1.0", candidateVersion: "2.0", upgradable: true, ...over });

/** In the bridge's (name) order. */
const UPDATES = [
    up("alpha"),
    up("held-one", { held: true, keptBack: "held" }),
    up("libssl3", { security: true, installedVersion: "3.0.11-1~deb12u1", candidateVersion: "3.0.15-1~deb12u1" }),
    up("needs-removal", { keptBack: "removal" }),
    up("openssh-server", { security: true }),
    up("phased-one", { keptBack: "phased", phasedPercentage: 30 }),
    up("zeta"),
];

function onUpdatesTab() {
    persisted({ tab: "updates" });
}

const rowNames = () => screen.getAllByTestId("package-row").map((r) => r.getAttribute("data-package"));

describe("the Updates tab", () => {
    it("lists security updates first and marked, counts them, and keeps held and kept-back updates apart with their reason", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: UPDATES });
        render(<App />);
        await screen.findAllByTestId("package-row");
        expect(rowNames()).toEqual(["libssl3", "openssh-server", "alpha", "zeta"]);
        const labels = screen.getAllByTestId("status-label").map((l) => l.textContent);
        expect(labels).toEqual(["Security update", "Security update", "Update available", "Update available"]);
        expect(screen.getByTestId("security-count").textContent).toBe("2 security updates");
        // What "Upgrade all" really upgrades: not the three APT keeps back.
        expect(screen.getByTestId("upgrade-all").textContent).toBe("Upgrade all: 4 packages");
        expect(screen.getByTestId("list-count").textContent).toBe("4 updates to install · 3 kept back, below");

        const kept = screen.getByTestId("kept-back");
        expect(within(kept).getByText("3 updates are kept back")).toBeTruthy();
        const reasons = within(kept)
            .getAllByTestId("kept-back-row")
            .map((r) => [r.getAttribute("data-package"), within(r).getByTestId("kept-back-reason").textContent]);
        expect(reasons).toEqual([
            ["held-one", "Held"],
            ["needs-removal", "Needs a removal"],
            ["phased-one", "Phased: 30% of machines"],
        ]);
        // what to do: Unhold for the held one, Full upgrade… for the one that needs a removal
        expect(within(kept).getByRole("button", { name: "Unhold held-one" })).toBeTruthy();
        expect(within(kept).getByTestId("full-upgrade").textContent).toBe("Full upgrade…");
    });

    it("shows the list at once while APT's simulation runs, then moves what APT keeps back apart", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: UPDATES });
        // Before APT's simulation has an answer for the current files, only "held" is known.
        const known = UPDATES.map((p) => (p.keptBack === "held" ? p : { ...p, keptBack: null }));
        const list = (packages: PackageSummary[], pending: boolean) =>
            json({
                packages,
                total: packages.length,
                offset: 0,
                limit: 1000,
                ...(pending ? { keptBackPending: true } : {}),
            });
        let answer: (r: Reply) => void = () => undefined;
        const isUpdates = (args: string[]) =>
            args[0] === "packages" && args[1] === "filter" && args.includes("--tab=updates");
        fake.onMatch(isUpdates, (args) =>
            args.includes("--no-kept-back") ? list(known, true) : new Promise<Reply>((resolve) => (answer = resolve))
        );
        render(<App />);
        await screen.findAllByTestId("package-row");
        expect(rowNames()).toEqual(["libssl3", "openssh-server", "alpha", "needs-removal", "phased-one", "zeta"]);
        expect(screen.getByTestId("kept-back-check").textContent).toMatch(/which updates it would keep back/);
        // no count that may be wrong while APT is asked
        expect(screen.getByTestId("upgrade-all").textContent).toBe("Upgrade all");
        expect(screen.getByTestId("list-count").textContent).toBe("6 updates · 1 kept back, below");
        await waitFor(() =>
            expect(fake.calls.filter((c) => isUpdates(c.args) && !c.args.includes("--no-kept-back"))).toHaveLength(1)
        );

        answer(list(UPDATES, false));
        await waitFor(() => expect(screen.queryByTestId("kept-back-check")).toBeNull());
        expect(rowNames()).toEqual(["libssl3", "openssh-server", "alpha", "zeta"]);
        expect(screen.getByTestId("upgrade-all").textContent).toBe("Upgrade all: 4 packages");
        expect(within(screen.getByTestId("kept-back")).getAllByTestId("kept-back-row")).toHaveLength(3);
    });

    it("APT's answer already known: one request; APT's simulation failing: the list stays, with why and Try again", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: UPDATES });
        const isUpdates = (args: string[]) =>
            args[0] === "packages" && args[1] === "filter" && args.includes("--tab=updates");
        const known = UPDATES.map((p) => (p.keptBack === "held" ? p : { ...p, keptBack: null }));
        let pending = false;
        fake.onMatch(isUpdates, (args) =>
            args.includes("--no-kept-back")
                ? json({
                      packages: pending ? known : UPDATES,
                      total: UPDATES.length,
                      offset: 0,
                      limit: 1000,
                      ...(pending ? { keptBackPending: true } : {}),
                  })
                : bridgeError("APT_UNAVAILABLE", "apt-get failed: E: Unmet dependencies")
        );
        const { unmount } = render(<App />);
        await screen.findByTestId("kept-back");
        expect(fake.calls.filter((c) => isUpdates(c.args)).map((c) => c.args.includes("--no-kept-back"))).toEqual([
            true,
        ]);
        expect(screen.queryByTestId("kept-back-check")).toBeNull();
        unmount();

        pending = true;
        fake.calls = [];
        render(<App />);
        const alert = await screen.findByTestId("kept-back-check-error");
        expect(alert.textContent).toContain(humanMessage("APT_UNAVAILABLE", "apt-get failed: E: Unmet dependencies"));
        // and APT's own words, which say what to repair
        expect(within(alert).getByTestId("kept-back-check-technical").textContent).toBe(
            "apt-get failed: E: Unmet dependencies"
        );
        expect(rowNames()).toHaveLength(6);
        const user = userEvent.setup();
        await user.click(within(alert).getByRole("button", { name: "Try again" }));
        await waitFor(() =>
            expect(fake.calls.filter((c) => isUpdates(c.args) && !c.args.includes("--no-kept-back"))).toHaveLength(2)
        );
    });

    it("the version you upgrade to is in the row, apart from the old one", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: UPDATES });
        render(<App />);
        const row = (await screen.findAllByTestId("package-row")).find(
            (r) => r.getAttribute("data-package") === "libssl3"
        )!;
        expect(within(row).getByTestId("version-new").textContent).toBe("3.0.15-1~deb12u1");
        expect(row.closest("table.apt-updates-table")).toBeTruthy();
    });

    it("'Security only' shows the security updates alone", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: UPDATES });
        const user = userEvent.setup();
        render(<App />);
        await screen.findAllByTestId("package-row");
        await user.click(screen.getByLabelText("Security only"));
        expect(rowNames()).toEqual(["libssl3", "openssh-server"]);
        await user.click(screen.getByLabelText("Security only"));
        expect(rowNames()).toHaveLength(4);
    });

    it("one update to install: 'Upgrade all: 1 package' (ngettext), and no security controls without security updates", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: [up("alpha"), up("held-one", { held: true, keptBack: "held" })] });
        render(<App />);
        await screen.findAllByTestId("package-row");
        expect(screen.getByTestId("upgrade-all").textContent).toBe("Upgrade all: 1 package");
        expect(screen.queryByTestId("security-count")).toBeNull();
        expect(screen.queryByLabelText("Security only")).toBeNull();
        expect(within(screen.getByTestId("kept-back")).getByText("1 update is kept back")).toBeTruthy();
        // nothing needs a removal: no full upgrade offered
        expect(screen.queryByTestId("full-upgrade")).toBeNull();
    });

    it("only kept-back updates: Upgrade all is disabled and says there is nothing to install", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: [up("held-one", { held: true, keptBack: "held" })] });
        render(<App />);
        await screen.findByTestId("kept-back");
        expect(screen.getByTestId("no-ready-updates")).toBeTruthy();
        expect(screen.getByTestId("upgrade-all").hasAttribute("disabled")).toBe(true);
        expect(screen.queryByTestId("no-updates")).toBeNull();
    });

    it("Unhold runs `operations unhold -- NAME` as a change and reloads the lists", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: UPDATES });
        fake.on(
            "operations unhold",
            json({
                action: "unhold",
                packages: [{ name: "held-one", held: false, changed: true }],
            } satisfies HoldResponse)
        );
        const user = userEvent.setup();
        render(<App />);
        await screen.findByTestId("kept-back");
        const before = fake.callsOf("packages filter").length;
        await user.click(screen.getByRole("button", { name: "Unhold held-one" }));
        await waitFor(() => expect(fake.callsOf("operations unhold")).toHaveLength(1));
        const call = fake.callsOf("operations unhold")[0]!;
        expect(call.args).toEqual(["operations", "unhold", "--", "held-one"]);
        expect(call.options?.superuser).toBe("require");
        await waitFor(() => expect(fake.callsOf("packages filter").length).toBeGreaterThan(before));
        expect(await screen.findByText("held-one is no longer held")).toBeTruthy();
    });

    it("Hold in a row runs `operations hold -- NAME`", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: UPDATES });
        fake.on(
            "operations hold",
            json({ action: "hold", packages: [{ name: "alpha", held: true, changed: true }] } satisfies HoldResponse)
        );
        const user = userEvent.setup();
        render(<App />);
        await screen.findAllByTestId("package-row");
        await user.click(screen.getByRole("button", { name: "Hold alpha" }));
        await waitFor(() => expect(fake.callsOf("operations hold")).toHaveLength(1));
        expect(fake.callsOf("operations hold")[0]!.args).toEqual(["operations", "hold", "--", "alpha"]);
    });

    it("Full upgrade… previews `full-upgrade` and names every removal before anything runs", async () => {
        onUpdatesTab();
        standardSystem(fake, { packages: UPDATES });
        fake.on(
            "operations preview full-upgrade",
            json({
                preview: preview({
                    operation: "full-upgrade",
                    upgrade: [{ name: "needs-removal", architecture: "all", oldVersion: "1.0", newVersion: "2.0" }],
                    remove: [{ name: "victim", architecture: "all", oldVersion: "1.0", newVersion: null }],
                }),
            })
        );
        const user = userEvent.setup();
        render(<App />);
        await user.click(await screen.findByTestId("full-upgrade"));
        const dialog = await screen.findByRole("dialog");
        expect((await within(dialog).findByTestId("preview-remove")).textContent).toContain("victim");
        expect(fake.callsOf("operations preview")[0]!.args).toEqual(["operations", "preview", "full-upgrade"]);
        expect(fake.callsOf("operations full-upgrade")).toHaveLength(0);
    });

    it("without administrative access: counts and reasons, no actions", async () => {
        onUpdatesTab();
        fake.superuser = "none";
        standardSystem(fake, { packages: UPDATES });
        render(<App />);
        await screen.findByTestId("kept-back");
        expect(screen.getByTestId("security-count")).toBeTruthy();
        expect(screen.queryByTestId("upgrade-all")).toBeNull();
        expect(screen.queryByRole("button", { name: /^Unhold / })).toBeNull();
        expect(screen.queryByRole("button", { name: /^Hold / })).toBeNull();
        expect(screen.queryByTestId("full-upgrade")).toBeNull();
    });
});

describe("Hold on the details page", () => {
    it("offers Hold for an installed package and Unhold for a held one", async () => {
        standardSystem(fake);
        fake.on("packages details", (args) =>
            json({
                package: details(args.at(-1)!, {
                    installedVersion: "1.0-1",
                    status: "installed",
                    held: args.at(-1) === "held-one",
                    keptBack: args.at(-1) === "held-one" ? "held" : null,
                }),
            })
        );
        fake.on(
            "operations hold",
            json({ action: "hold", packages: [{ name: "nginx", held: true, changed: true }] } satisfies HoldResponse)
        );
        fake.path = ["package", "nginx"];
        const user = userEvent.setup();
        render(<App />);
        await user.click(await screen.findByTestId("details-hold"));
        await waitFor(() => expect(fake.callsOf("operations hold")).toHaveLength(1));
        expect(fake.callsOf("operations hold")[0]!.args).toEqual(["operations", "hold", "--", "nginx"]);
        cleanup();
        fake.path = ["package", "held-one"];
        render(<App />);
        expect(await screen.findByTestId("details-unhold")).toBeTruthy();
        expect(screen.getByText(/^Held: Held at its version/)).toBeTruthy();
    });
});

describe("Kept back on the details page", () => {
    it("shows the details at once and the reason APT keeps the update back once APT answered", async () => {
        standardSystem(fake);
        const over = { installedVersion: "1.0", candidateVersion: "2.0", upgradable: true, status: "installed" };
        let answer: (r: Reply) => void = () => undefined;
        fake.on("packages details", (args) =>
            args.includes("--no-kept-back")
                ? json({ package: details(args.at(-1)!, { ...over, keptBack: null }), keptBackPending: true })
                : new Promise<Reply>((resolve) => (answer = resolve))
        );
        fake.path = ["package", "needs-removal"];
        render(<App />);
        await screen.findByTestId("details-upgrade");
        expect(screen.queryByText(/^Needs a removal/)).toBeNull();
        await waitFor(() =>
            expect(fake.callsOf("packages details").filter((c) => !c.args.includes("--no-kept-back"))).toHaveLength(1)
        );
        answer(json({ package: details("needs-removal", { ...over, keptBack: "removal" }) }));
        expect(await screen.findByText(/^Needs a removal/)).toBeTruthy();
    });
});

describe("page status in Cockpit's navigation", () => {
    it("is a warning with security updates, info with only others, null without updates", () => {
        expect(pageStatusFor(5, 2)).toEqual({
            type: "warning",
            title: "2 security updates available",
            details: { updates: 5, security: 2 },
        });
        expect(pageStatusFor(1, 0)).toEqual({
            type: "info",
            title: "1 update available",
            details: { updates: 1, security: 0 },
        });
        expect(pageStatusFor(0, 0)).toBeNull();
    });

    it("is sent with notify, for the whole system, and again after a change", async () => {
        standardSystem(fake, { packages: UPDATES });
        render(<App />);
        await waitFor(() => expect(fake.controls.length).toBeGreaterThan(0));
        expect(fake.controls[0]).toEqual({
            command: "notify",
            options: {
                page_status: {
                    type: "warning",
                    title: "2 security updates available",
                    details: { updates: 7, security: 2 },
                },
            },
        });
        // Counts only, without a store or repository (the system's updates): never the Updates list,
        // whose kept-back simulation (apt-get -s upgrade) takes seconds on a large index.
        const asked = fake.callsOf("packages counts");
        expect(asked.length).toBeGreaterThan(0);
        expect(asked[0]!.args.some((a) => a.startsWith("--store") || a.startsWith("--repo"))).toBe(false);
        expect(fake.callsOf("packages filter").filter((c) => c.args.includes("--tab=updates"))).toEqual([]);
    });

    it("counts the whole system's updates with a store chosen, and never lists them", async () => {
        const marine = store("marine", "Marine Apps");
        standardSystem(fake, { packages: UPDATES, stores: [marine] });
        fake.on("packages counts", (args) =>
            args.some((a) => a.startsWith("--store"))
                ? json({ installed: 1, upgradable: 1, security: 0 })
                : json({ installed: 9, upgradable: 7, security: 2 })
        );
        fake.navigate(["store", "marine"], { tab: "browse" });
        render(<App />);
        await waitFor(() => expect(fake.controls.length).toBeGreaterThan(0));
        expect(fake.controls.at(-1)!.options.page_status).toMatchObject({
            type: "warning",
            details: { updates: 7, security: 2 },
        });
        // The tabs' counts are the store's; the status's the system's.
        expect(fake.callsOf("packages counts").some((c) => c.args.includes("--store=marine"))).toBe(true);
        expect(fake.callsOf("packages counts").some((c) => c.args.length === 2)).toBe(true);
        expect(fake.callsOf("packages filter").filter((c) => c.args.includes("--tab=updates"))).toEqual([]);
    });

    it("is null on an up-to-date system", async () => {
        standardSystem(fake, { packages: [pkg("nginx")] });
        render(<App />);
        await waitFor(() => expect(fake.controls).toEqual([{ command: "notify", options: { page_status: null } }]));
    });
});

describe("splitUpdates", () => {
    it("keeps the name order within security and other updates, and counts security among the kept back too", () => {
        const s = splitUpdates([
            up("b"),
            up("a-sec", { security: true }),
            up("c"),
            up("d-sec", { security: true, keptBack: "held", held: true }),
        ]);
        expect(s.ready.map((p) => p.name)).toEqual(["a-sec", "b", "c"]);
        expect(s.keptBack.map((p) => p.name)).toEqual(["d-sec"]);
        expect(s.security).toBe(2);
    });
});
