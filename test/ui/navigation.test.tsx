// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Navigation within the page: tabs, sections and the details tab are
 * history entries (cockpit.location path + options), Back and Forward show
 * them again, the details tab does not carry over to the next package, focus
 * moves to what was opened, and the tab lists take arrow keys.
 */
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { details, persisted, standardSystem } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});
const selectedTab = (label: string | RegExp) => screen.getByRole("tab", { name: label }).getAttribute("aria-selected");

function detailsSystem() {
    standardSystem(fake);
    fake.on("packages details", (args) =>
        json({ package: details(args.at(-1)!, { installedVersion: "1.0-1", status: "installed" }) })
    );
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
    fake.on("packages files", (args) => json({ package: args[3], files: ["/usr/bin/x"], truncated: false }));
    fake.on("packages changelog", (args) =>
        json({ package: args[3], available: false, text: null, reason: "not-installed", file: null, truncated: false })
    );
}

describe("history entries", () => {
    it("a tab and a section are in the URL; Back and Forward walk through them", async () => {
        standardSystem(fake);
        render(<App />);
        await screen.findByTestId("section-grid");
        // The opening view is put into the URL without a history entry.
        expect(fake.options).toEqual({ tab: "browse" });
        expect(fake.history).toEqual([]);
        const user = userEvent.setup();
        await user.click(screen.getByRole("button", { name: /^Net/ }));
        await screen.findByTestId("section-title");
        expect(fake.options).toEqual({ tab: "browse", section: "net" });
        await user.click(screen.getByRole("tab", { name: /Installed/ }));
        await screen.findByTestId("package-list");
        expect(fake.options).toEqual({ tab: "installed" });

        act(() => fake.back());
        await screen.findByTestId("section-title");
        expect(selectedTab("Browse")).toBe("true");
        act(() => fake.back());
        await screen.findByTestId("section-grid");
        act(() => fake.forward());
        expect((await screen.findByTestId("section-title")).textContent).toBe("Net");
        act(() => fake.forward());
        await waitFor(() => expect(selectedTab(/Installed/)).toBe("true"));
    }, 30_000);

    it("a bookmarked tab (#/?tab=installed) opens that tab, not the remembered one; no tab named: the remembered", async () => {
        persisted({ tab: "browse", section: "net" });
        standardSystem(fake);
        fake.path = [];
        fake.options = { tab: "installed" };
        const { unmount } = render(<App />);
        await screen.findByTestId("package-list");
        expect(selectedTab(/Installed/)).toBe("true");
        expect(fake.options).toEqual({ tab: "installed" });
        expect(fake.history).toEqual([]);
        unmount();

        // The bare page: the remembered tab and section.
        persisted({ tab: "browse", section: "net" });
        fake.path = [];
        fake.options = {};
        render(<App />);
        expect((await screen.findByTestId("section-title")).textContent).toBe("Net");
        expect(fake.options).toEqual({ tab: "browse", section: "net" });
    });

    it("a package and its details tab are history entries; the tab does not carry over to the next package", async () => {
        detailsSystem();
        render(<App />);
        await screen.findByTestId("section-grid");
        const user = userEvent.setup();
        await user.click(screen.getByRole("tab", { name: /Installed/ }));
        await screen.findByTestId("package-list");
        act(() => window.cockpit!.location.go(["package", "vim"]));
        await screen.findByText("vim long description");
        await user.click(screen.getByRole("tab", { name: "Files" }));
        expect(fake.path).toEqual(["package", "vim"]);
        expect(fake.options).toEqual({ tab: "files" });
        await screen.findByTestId("package-files");
        // Another package opens on its overview.
        act(() => window.cockpit!.location.go(["package", "curl"]));
        await screen.findByText("curl long description");
        expect(selectedTab("Overview")).toBe("true");
        // Back: vim's Files tab, then vim's overview, then the Installed list.
        act(() => fake.back());
        await screen.findByTestId("package-files");
        expect(document.getElementById("package-details")?.dataset.package).toBe("vim");
        act(() => fake.back());
        await waitFor(() => expect(selectedTab("Overview")).toBe("true"));
        act(() => fake.back());
        await waitFor(() => expect(selectedTab(/Installed/)).toBe("true"));
        expect(fake.options).toEqual({ tab: "installed" });
    }, 30_000);

    it("the breadcrumb returns to the tab and section the package was opened from", async () => {
        detailsSystem();
        render(<App />);
        const user = userEvent.setup();
        await user.click(await screen.findByRole("button", { name: /^Net/ }));
        await screen.findByTestId("section-title");
        act(() => window.cockpit!.location.go(["package", "nginx"]));
        await screen.findByText("nginx long description");
        await user.click(screen.getByTestId("details-back"));
        expect(fake.path).toEqual([]);
        expect(fake.options).toEqual({ tab: "browse", section: "net" });
        await screen.findByTestId("section-title");
    }, 30_000);
});

describe("focus and keys", () => {
    it("focus moves to the opened section's heading and to the opened package's name", async () => {
        detailsSystem();
        render(<App />);
        const user = userEvent.setup();
        await user.click(await screen.findByRole("button", { name: /^Net/ }));
        const heading = await screen.findByTestId("section-title");
        await waitFor(() => expect(document.activeElement).toBe(heading));
        act(() => window.cockpit!.location.go(["package", "nginx"]));
        await screen.findByText("nginx long description");
        await waitFor(() => expect(document.activeElement?.id).toBe("package-title"));
    }, 30_000);

    it("arrow keys, Home and End move between the details tabs and select them", async () => {
        detailsSystem();
        fake.path = ["package", "nginx"];
        render(<App />);
        await screen.findByText("nginx long description");
        const user = userEvent.setup();
        screen.getByRole("tab", { name: "Overview" }).focus();
        await user.keyboard("{ArrowRight}");
        expect(document.activeElement).toBe(screen.getByRole("tab", { name: "Dependencies" }));
        await waitFor(() => expect(selectedTab("Dependencies")).toBe("true"));
        expect(fake.options).toEqual({ tab: "dependencies" });
        await user.keyboard("{End}");
        await waitFor(() => expect(selectedTab("History")).toBe("true"));
        await user.keyboard("{ArrowRight}");
        await waitFor(() => expect(selectedTab("Overview")).toBe("true"));
        await user.keyboard("{ArrowLeft}");
        await waitFor(() => expect(selectedTab("History")).toBe("true"));
    }, 30_000);

    it("arrow keys move between the package views", async () => {
        standardSystem(fake);
        render(<App />);
        await screen.findByTestId("section-grid");
        screen.getByRole("tab", { name: "Browse" }).focus();
        await userEvent.setup().keyboard("{ArrowRight}");
        await waitFor(() => expect(selectedTab("Search")).toBe("true"));
        expect(fake.options).toEqual({ tab: "search" });
    }, 30_000);
});
