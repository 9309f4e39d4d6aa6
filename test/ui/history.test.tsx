// SPDX-License-Identifier: LGPL-2.1-or-later
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { HistoryEntry, HistoryListResponse, PreviewPackage } from "../../src/protocol/index.js";
import { App } from "../../src/ui/components/App.js";
import { FOLD_AFTER } from "../../src/ui/components/PreviewSummary.js";
import { shortCommand } from "../../src/ui/components/historyText.js";
import { STORAGE_KEY, STORAGE_VERSION } from "../../src/ui/state/persist.js";
import { installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { details, preview, standardSystem } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});
function persisted(tab: string) {
    localStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ version: STORAGE_VERSION, store: null, repository: null, tab, query: "", section: null })
    );
}

const up = (name: string, from: string, to: string): PreviewPackage => ({
    name,
    architecture: "amd64",
    oldVersion: from,
    newVersion: to,
});
const line = (v: unknown) => JSON.stringify(v) + "\n";

describe("the grouped preview", () => {
    it("groups new, upgraded, removed, kept back and no longer needed, each counted and sorted, long groups folded, with both sizes", async () => {
        persisted("updates");
        standardSystem(fake);
        const many = Array.from({ length: FOLD_AFTER + 3 }, (_v, i) =>
            up(`lib${String.fromCharCode(122 - i)}`, "1", "2")
        );
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    operation: "upgrade",
                    install: [up("zeta-new", "", "1.0"), up("alpha-new", "", "1.0")].map((p) => ({
                        ...p,
                        oldVersion: null,
                    })),
                    upgrade: many,
                    remove: [{ name: "oldlib", architecture: "amd64", oldVersion: "0.9", newVersion: null }],
                    heldBack: ["zz-held", "aa-held"],
                    autoremovable: ["gone-b", "gone-a"],
                    downloadSize: 12_345_678,
                    diskSpaceChange: -2_048_000,
                }),
            })
        );
        const user = userEvent.setup();
        render(<App />);
        const upgradeAll = await screen.findByTestId("upgrade-all");
        // enabled once the number of updates is known
        await waitFor(() => expect((upgradeAll as HTMLButtonElement).disabled).toBe(false));
        await user.click(upgradeAll);
        const dialog = await screen.findByRole("dialog");
        const groups = await within(dialog).findByTestId("preview-groups");
        // groups in the order an administrator reads them
        expect([...groups.querySelectorAll("section")].map((s) => s.dataset.testid)).toEqual([
            "preview-install",
            "preview-upgrade",
            "preview-remove",
            "preview-held-back",
            "preview-autoremovable",
        ]);
        const names = (id: string) =>
            within(within(dialog).getByTestId(id))
                .queryAllByTestId("preview-package")
                .map((li) => li.dataset.package);
        expect(within(dialog).getByTestId("preview-install").querySelector("h3")!.textContent).toBe("2 new packages");
        expect(names("preview-install")).toEqual(["alpha-new", "zeta-new"]);
        expect(within(dialog).getByTestId("preview-remove").querySelector("h3")!.textContent).toBe("1 package removed");
        expect(names("preview-held-back")).toEqual(["aa-held", "zz-held"]);
        expect(names("preview-autoremovable")).toEqual(["gone-a", "gone-b"]);
        // a long group is folded, and sorted once opened
        const upgrade = within(dialog).getByTestId("preview-upgrade");
        expect(upgrade.querySelector("h3")!.textContent).toBe(`${many.length} packages upgraded`);
        await user.click(within(upgrade).getByRole("button", { name: `Show all ${many.length}` }));
        const shown = names("preview-upgrade");
        expect(shown).toHaveLength(many.length);
        expect(shown).toEqual([...shown].sort());
        expect(within(dialog).getByTestId("preview-download-size").textContent).toBe("12 MB");
        expect(within(dialog).getByTestId("preview-disk-space").textContent).toBe("2.0 MB freed");
    });

    it("says 'Unknown' when APT could not say", async () => {
        persisted("updates");
        standardSystem(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    operation: "upgrade",
                    upgrade: [up("curl", "7.0", "7.1")],
                    downloadSize: null,
                    diskSpaceChange: null,
                }),
            })
        );
        const user = userEvent.setup();
        render(<App />);
        const upgradeAll = await screen.findByTestId("upgrade-all");
        // enabled once the number of updates is known
        await waitFor(() => expect((upgradeAll as HTMLButtonElement).disabled).toBe(false));
        await user.click(upgradeAll);
        const dialog = await screen.findByRole("dialog");
        expect((await within(dialog).findByTestId("preview-download-size")).textContent).toBe("Unknown");
        expect(within(dialog).getByTestId("preview-disk-space").textContent).toBe("Unknown");
    });
});

describe("Remove unused packages", () => {
    const autoremove = preview({
        operation: "autoremove",
        remove: [
            { name: "liba", architecture: "", oldVersion: "1.0", newVersion: null },
            { name: "libb", architecture: "", oldVersion: "2.0", newVersion: null },
        ],
        downloadSize: 0,
        diskSpaceChange: -500_000,
    });

    it("is offered on the Installed tab with its count, previews the removal, then runs autoremove", async () => {
        persisted("installed");
        standardSystem(fake);
        fake.on("operations preview autoremove", json({ preview: autoremove }));
        fake.on("operations autoremove", {
            stdout: line({ type: "result", ok: true, operation: "autoremove", exitCode: 0 }),
        });
        const user = userEvent.setup();
        render(<App />);
        const button = await screen.findByTestId("autoremove");
        expect(button.textContent).toBe("Remove unused packages (2)");
        expect(fake.callsOf("operations preview autoremove")[0]!.args).toEqual(["operations", "preview", "autoremove"]);
        await user.click(button);
        const dialog = await screen.findByRole("dialog");
        expect(within(dialog).getByText("Remove unneeded packages")).toBeTruthy();
        expect(
            within(within(dialog).getByTestId("preview-remove"))
                .getAllByTestId("preview-package")
                .map((li) => li.dataset.package)
        ).toEqual(["liba", "libb"]);
        // not "depends on a removed package": nothing was asked for by name
        expect(within(dialog).queryByTestId("preview-dependent")).toBeNull();
        await user.click(within(dialog).getByTestId("confirm-operation"));
        expect(fake.callsOf("operations autoremove")[0]!.args).toEqual(["operations", "autoremove"]);
        expect(fake.callsOf("operations autoremove")[0]!.options?.superuser).toBe("require");
        await screen.findByTestId("operation-result");
    });

    it("is hidden when nothing is unused, and without administrative access (not even asked for)", async () => {
        persisted("installed");
        standardSystem(fake);
        fake.on("operations preview autoremove", json({ preview: preview({ operation: "autoremove" }) }));
        render(<App />);
        await screen.findByTestId("package-list");
        await waitFor(() => expect(fake.callsOf("operations preview autoremove")).toHaveLength(1));
        expect(screen.queryByTestId("autoremove")).toBeNull();
        cleanup();
        fake.calls = [];
        fake.superuser = "none";
        fake.on("operations preview autoremove", json({ preview: autoremove }));
        render(<App />);
        await screen.findByTestId("package-list");
        await screen.findByTestId("limited-access");
        expect(screen.queryByTestId("autoremove")).toBeNull();
        expect(fake.callsOf("operations preview autoremove")).toHaveLength(0);
    });
});

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
    start: "2026-11-28T09:00:01+00:00",
    end: "2026-11-28T09:00:20+00:00",
    commandLine: "apt-get install nginx",
    requestedBy: "alice",
    requestedByUid: 1000,
    automatic: false,
    packages: [],
    error: null,
    ...over,
});

const HISTORY: HistoryEntry[] = [
    entry({
        start: "2026-11-29T06:00:00+00:00",
        commandLine: "/usr/bin/unattended-upgrade",
        requestedBy: null,
        requestedByUid: null,
        automatic: true,
        packages: [
            {
                name: "openssl",
                architecture: "amd64",
                action: "upgrade",
                version: "3.0.2",
                oldVersion: "3.0.1",
                automatic: false,
            },
        ],
    }),
    entry({
        packages: [
            {
                name: "nginx",
                architecture: "amd64",
                action: "install",
                version: "1.22",
                oldVersion: null,
                automatic: false,
            },
            {
                name: "libnginx",
                architecture: "amd64",
                action: "install",
                version: "1.22",
                oldVersion: null,
                automatic: true,
            },
            {
                name: "apache2",
                architecture: "amd64",
                action: "remove",
                version: "2.4",
                oldVersion: null,
                automatic: false,
            },
        ],
    }),
    entry({
        start: "2026-11-27T09:00:00+00:00",
        commandLine: "apt-get install broken",
        error: "Sub-process /usr/bin/dpkg returned an error code (1)",
        packages: [
            {
                name: "broken",
                architecture: "amd64",
                action: "install",
                version: "1",
                oldVersion: null,
                automatic: false,
            },
        ],
    }),
];

function historyHandler(fake: FakeCockpit, entries: HistoryEntry[], total = entries.length) {
    fake.on("history list", (args) => {
        const limit = Number(args.find((a) => a.startsWith("--limit="))?.slice(8) ?? 50);
        const offset = Number(args.find((a) => a.startsWith("--offset="))?.slice(9) ?? 0);
        const name = args.find((a) => a.startsWith("--package="))?.slice(10);
        const list = name
            ? entries
                  .filter((e) => e.packages.some((p) => p.name === name))
                  .map((e) => ({ ...e, packages: e.packages.filter((p) => p.name === name) }))
            : entries;
        const response: HistoryListResponse = {
            entries: list.slice(0, limit),
            total: name ? list.length : total,
            offset,
            limit,
            file: "/var/log/apt/history.log",
        };
        return json(response);
    });
}

describe("the History view", () => {
    it("opens from the toolbar: runs newest first, who ran them, automatic updates marked, each expandable to its packages", async () => {
        standardSystem(fake);
        historyHandler(fake, HISTORY);
        const user = userEvent.setup();
        render(<App />);
        await user.click(await screen.findByTestId("open-history"));
        expect(fake.path).toEqual(["history"]);
        const list = await screen.findByTestId("history-list");
        const rows = within(list).getAllByTestId("history-entry");
        expect(rows.map((r) => r.dataset.start)).toEqual(HISTORY.map((e) => e.start));
        expect(within(rows[0]!).getByTestId("history-automatic").textContent).toBe("Automatic updates");
        expect(within(rows[1]!).getByTestId("history-who").textContent).toBe("by alice");
        expect(within(rows[1]!).getByTestId("history-summary").textContent).toContain("2 installed, 1 removed");
        expect(within(rows[1]!).getByTestId("history-command").textContent).toBe("apt-get install nginx");
        expect(within(rows[2]!).getByTestId("history-error").textContent).toBe("Failed");
        expect(within(rows[1]!).queryByTestId("history-packages")).toBeNull();
        await user.click(within(rows[1]!).getByRole("button", { expanded: false }));
        const packages = within(rows[1]!).getAllByTestId("history-package");
        expect(packages.map((p) => [p.dataset.package, p.dataset.action])).toEqual([
            ["nginx", "install"],
            ["libnginx", "install"],
            ["apache2", "remove"],
        ]);
        expect(packages[1]!.textContent).toContain("(as a dependency)");
        // a package name opens its page
        await user.click(within(packages[0]!).getByRole("button", { name: "nginx" }));
        expect(fake.path).toEqual(["package", "nginx"]);
    });

    it("pages through a long history", async () => {
        standardSystem(fake);
        historyHandler(fake, HISTORY, 130);
        fake.path = ["history"];
        const user = userEvent.setup();
        render(<App />);
        await screen.findByTestId("history-list");
        expect(fake.callsOf("history list")[0]!.args).toEqual(["history", "list", "--limit=50", "--offset=0"]);
        const pagination = screen.getByTestId("history-pagination");
        await user.click(within(pagination).getByRole("button", { name: /next/i }));
        await waitFor(() =>
            expect(fake.callsOf("history list").at(-1)!.args).toEqual(["history", "list", "--limit=50", "--offset=50"])
        );
    });

    it("says so when APT has recorded nothing", async () => {
        standardSystem(fake);
        historyHandler(fake, []);
        fake.path = ["history"];
        render(<App />);
        expect((await screen.findByTestId("history-empty")).textContent).toContain("/var/log/apt/history.log");
    });
});

describe("a package's details", () => {
    async function openDetails(name: string, tab: string, over = {}) {
        fake.on("packages details", (args) => json({ package: details(args.at(-1)!, over) }));
        fake.onMatch(
            (a) => a[0] === "packages" && a[1] === "changelog" && !a.includes("--candidate"),
            json({
                package: name,
                available: true,
                text: "installed changelog text",
                reason: null,
                file: `/usr/share/doc/${name}/changelog.Debian.gz`,
                truncated: false,
            })
        );
        fake.path = ["package", name];
        const user = userEvent.setup();
        render(<App />);
        await screen.findByText(`${name} long description`);
        await user.click(screen.getByRole("tab", { name: tab }));
        return user;
    }

    it("History tab: that package's changes, newest first", async () => {
        standardSystem(fake);
        historyHandler(fake, HISTORY);
        await openDetails("nginx", "History", { installedVersion: "1.22", status: "installed" });
        const table = await screen.findByTestId("package-history");
        expect(fake.callsOf("history list")[0]!.args).toEqual(["history", "list", "--limit=200", "--package=nginx"]);
        const rows = within(table).getAllByTestId("package-history-row");
        expect(rows.map((r) => r.dataset.action)).toEqual(["install"]);
        expect(rows[0]!.textContent).toContain("alice");
        expect(screen.getByTestId("package-history-count").textContent).toBe("1 change recorded by APT");
    });

    it("Changelog tab of an upgradable package: what's new in the candidate, fetched on demand; offline it says so and keeps the installed changelog", async () => {
        standardSystem(fake);
        let answer: unknown = {
            package: "curl",
            version: "7.1",
            installedVersion: "7.0",
            available: false,
            text: null,
            reason: "unreachable",
            message: "Could not resolve 'metadata.ftp-master.debian.org'",
            truncated: false,
        };
        fake.onMatch(
            (a) => a[0] === "packages" && a[1] === "changelog" && a.includes("--candidate"),
            () => json(answer)
        );
        const user = await openDetails("curl", "Changelog", {
            installedVersion: "7.0",
            candidateVersion: "7.1",
            upgradable: true,
            status: "installed",
        });
        const whatsNew = await screen.findByTestId("whats-new");
        expect(within(whatsNew).getByRole("heading").textContent).toBe("What's new in 7.1");
        expect((await screen.findByTestId("package-changelog")).textContent).toBe("installed changelog text");
        // nothing fetched until asked: it needs the network
        expect(fake.calls.filter((c) => c.args.includes("--candidate"))).toHaveLength(0);
        await user.click(within(whatsNew).getByTestId("load-whats-new"));
        const offline = await within(whatsNew).findByTestId("whats-new-unavailable");
        expect(offline.dataset.reason).toBe("unreachable");
        expect(offline.textContent).toContain("Cannot reach the changelog server");
        expect(fake.calls.find((c) => c.args.includes("--candidate"))!.args).toEqual([
            "packages",
            "changelog",
            "--candidate",
            "--",
            "curl",
        ]);
        expect(screen.getByTestId("package-changelog").textContent).toBe("installed changelog text");
        answer = {
            package: "curl",
            version: "7.1",
            installedVersion: "7.0",
            available: true,
            text: "curl (7.1) stable; urgency=high\n\n  * Fix CVE.\n",
            reason: null,
            message: null,
            truncated: false,
        };
        await user.click(within(offline).getByRole("button", { name: "Try again" }));
        expect((await within(whatsNew).findByTestId("whats-new-text")).textContent).toContain("Fix CVE.");
    });

    it("Changelog tab of a package that is up to date has no 'What's new'", async () => {
        standardSystem(fake);
        await openDetails("vim", "Changelog", {
            installedVersion: "9.0",
            candidateVersion: "9.0",
            upgradable: false,
            status: "installed",
        });
        await screen.findByTestId("package-changelog");
        expect(screen.queryByTestId("whats-new")).toBeNull();
    });
});

describe("command lines", () => {
    it("leave out the -o options the page's own runs carry", () => {
        expect(
            shortCommand(
                "apt-get -y -o APT::Status-Fd=3 -o Dpkg::Options::=--force-confdef -o DPkg::Lock::Timeout=0 install -- nginx"
            )
        ).toBe("apt-get -y install -- nginx");
        expect(shortCommand("apt-get -oAPT::Color=0 upgrade")).toBe("apt-get upgrade");
        expect(shortCommand("/usr/bin/unattended-upgrade")).toBe("/usr/bin/unattended-upgrade");
    });
});
