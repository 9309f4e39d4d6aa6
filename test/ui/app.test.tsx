// SPDX-License-Identifier: LGPL-2.1-or-later
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { STORAGE_KEY } from "../../src/ui/state/persist.js";
import { bridgeError, installFakeCockpit, json, ManualProcess, type FakeCockpit, type Reply } from "./fake-cockpit.js";
import { persisted, pkg, repo, section, standardSystem, store } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});
/** The Installed list itself, not the count on the tab (--limit=1). */
const isInstalledList = (args: string[]) =>
    args[1] === "filter" && args.includes("--tab=installed") && !args.includes("--limit=1");

describe("store toggle", () => {
    it("is absent without stores (vanilla mode) and never says 'No stores'", async () => {
        standardSystem(fake);
        render(<App />);
        await screen.findByTestId("section-grid");
        expect(screen.queryByTestId("store-toggle")).toBeNull();
        expect(document.body.textContent).not.toMatch(/no stores/i);
    });
    it("is shown with exactly one store", async () => {
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        render(<App />);
        const toggle = await screen.findByTestId("store-toggle");
        expect(within(toggle).getByRole("button", { name: "System" })).toBeTruthy();
        expect(within(toggle).getByRole("button", { name: /Marine Apps/ })).toBeTruthy();
    });
    it("with two stores, choosing one scopes every request, narrows repositories, and updates the URL", async () => {
        standardSystem(fake, { stores: [store("marine", "Marine Apps"), store("dev", "Developer Tools")] });
        fake.on(["repositories", "list", "--store=marine"], json({ repositories: [repo("Hat Labs:stable", 3)] }));
        render(<App />);
        await screen.findByTestId("repository-select");
        const user = userEvent.setup();
        await user.click(screen.getByRole("button", { name: /Marine Apps/ }));
        expect(fake.path).toEqual(["store", "marine"]);
        await waitFor(() =>
            expect(fake.callsOf("sections list").some((c) => c.args.includes("--store=marine"))).toBe(true)
        );
        expect(screen.getByRole("button", { name: /Marine Apps/ }).getAttribute("aria-pressed")).toBe("true");
        // One repository in the store: the dropdown goes away.
        await waitFor(() => expect(screen.queryByTestId("repository-select")).toBeNull());
        expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Marine Apps");
        expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).store).toBe("marine");
    });
    it("a deep link #/store/ID opens that store", async () => {
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        fake.path = ["store", "marine"];
        render(<App />);
        await waitFor(() =>
            expect(fake.callsOf("sections list").some((c) => c.args.includes("--store=marine"))).toBe(true)
        );
    });
    it("a remembered store keeps its repository and section across a reload", async () => {
        persisted({ store: "marine", repository: "Hat Labs:stable", section: "navigation" });
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        fake.on(
            ["repositories", "list", "--store=marine"],
            json({ repositories: [repo("Hat Labs:stable", 3), repo("Debian:stable", 2)] })
        );
        render(<App />);
        expect(fake.path).toEqual(["store", "marine"]);
        await waitFor(() =>
            expect(
                fake
                    .callsOf("packages filter")
                    .some(
                        (c) =>
                            c.args.includes("--section=navigation") &&
                            c.args.includes("--repo=Hat Labs:stable") &&
                            c.args.includes("--store=marine")
                    )
            ).toBe(true)
        );
        expect(((await screen.findByTestId("repository-select")) as HTMLSelectElement).value).toBe("Hat Labs:stable");
        expect(
            fake.calls.some(
                (c) => c.args[1] === "filter" && c.args.includes("--tab=browse") && !c.args.includes("--store=marine")
            )
        ).toBe(false);
    });
    it("a remembered store that was uninstalled falls back to System", async () => {
        persisted({ store: "gone" });
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        render(<App />);
        await waitFor(() =>
            expect(screen.getByRole("button", { name: "System" }).getAttribute("aria-pressed")).toBe("true")
        );
        expect(fake.path).toEqual([]);
        // No request ever carried the stale id.
        expect(fake.calls.some((c) => c.args.includes("--store=gone"))).toBe(false);
    });
    it("reloads the stores when the store directory changes", async () => {
        standardSystem(fake);
        render(<App />);
        await screen.findByTestId("section-grid");
        expect(screen.queryByTestId("store-toggle")).toBeNull();
        fake.on("stores list", json({ stores: [store("marine", "Marine Apps")], errors: [] }));
        expect(fake.fileWatchers.map((w) => w.path)).toEqual(["/etc/container-apps/stores"]);
        // Several events of one install: one reload after they stop.
        const before = fake.callsOf("stores list").length;
        act(() => fake.fileWatchers.forEach((w) => [1, 2, 3].forEach(() => w.fire())));
        await screen.findByTestId("store-toggle");
        expect(fake.callsOf("stores list").length).toBe(before + 1);
    });
});

it("watches the directory the bridge says it read (COCKPIT_APT_STORES_DIR in the demo)", async () => {
    standardSystem(fake);
    fake.on("stores list", json({ stores: [], errors: [], directory: "/srv/demo/stores" }));
    render(<App />);
    await waitFor(() => expect(fake.fileWatchers.map((w) => w.path)).toEqual(["/srv/demo/stores"]));
    fake.on(
        "stores list",
        json({ stores: [store("dev", "Developer Tools")], errors: [], directory: "/srv/demo/stores" })
    );
    act(() => fake.fileWatchers.forEach((w) => w.fire()));
    await screen.findByTestId("store-toggle");
});

describe("repository dropdown", () => {
    it("is hidden with one repository", async () => {
        standardSystem(fake, { repositories: [repo("Debian:stable")] });
        render(<App />);
        await screen.findByTestId("section-grid");
        expect(screen.queryByTestId("repository-select")).toBeNull();
    });
    it("lists many repositories with counts and filters the lists", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake);
        render(<App />);
        const select = (await screen.findByTestId("repository-select")) as HTMLSelectElement;
        expect(
            within(select).getByRole("option", { name: `Debian stable (${(60000).toLocaleString()} packages)` })
        ).toBeTruthy();
        await userEvent.setup().selectOptions(select, "Debian-Security:stable-security");
        await waitFor(() =>
            expect(
                fake
                    .callsOf("packages filter")
                    .some(
                        (c) =>
                            c.args.includes("--repo=Debian-Security:stable-security") &&
                            c.args.includes("--tab=installed")
                    )
            ).toBe(true)
        );
    });
});

describe("tabs and lists", () => {
    it("Browse shows sections with counts; a section opens its list", async () => {
        standardSystem(fake);
        render(<App />);
        const grid = await screen.findByTestId("section-grid");
        const user = userEvent.setup();
        await user.click(within(grid).getByRole("button", { name: "Net (800)" }));
        await screen.findByTestId("package-list");
        expect(
            fake
                .callsOf("packages filter")
                .some((c) => c.args.includes("--section=net") && c.args.includes("--tab=browse"))
        ).toBe(true);
        await user.click(screen.getByTestId("back-to-sections"));
        await screen.findByTestId("section-grid");
    });
    it("shows a store's custom sections with their icons and descriptions", async () => {
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        fake.on(
            ["sections", "list", "--store=marine"],
            json({
                sections: [
                    section("navigation", 4, {
                        label: "Navigation",
                        description: "Chart plotters and routing",
                        icon: "CompassIcon",
                        custom: true,
                    }),
                    section("net", 2),
                ],
            })
        );
        fake.path = ["store", "marine"];
        render(<App />);
        const card = await screen.findByText("Chart plotters and routing");
        expect(card).toBeTruthy();
        expect(screen.getByRole("button", { name: "Navigation (4)" })).toBeTruthy();
    });
    it("shows skeletons while loading, then the rows", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake);
        const manual = new ManualProcess();
        fake.onMatch(isInstalledList, () => manual);
        render(<App />);
        await screen.findByTestId("list-loading");
        await act(async () => {
            await Promise.resolve();
            manual.emit(
                JSON.stringify({
                    packages: [pkg("vim", { installedVersion: "9.0" })],
                    total: 1,
                    offset: 0,
                    limit: 1000,
                })
            );
            manual.finish(0);
        });
        await screen.findByTestId("package-list");
        expect(screen.getAllByTestId("package-row").map((r) => r.dataset.package)).toEqual(["vim"]);
    });
    it("asks for the tab counts only once the first list has arrived (they would compete with it for the CPU)", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake);
        const manual = new ManualProcess();
        fake.onMatch(isInstalledList, () => manual);
        const isCount = (args: string[]) => args[1] === "counts";
        render(<App />);
        await screen.findByTestId("list-loading");
        await new Promise((r) => setTimeout(r, 600));
        expect(fake.calls.filter((c) => isCount(c.args))).toHaveLength(0);
        await act(async () => {
            await Promise.resolve();
            manual.emit(
                JSON.stringify({
                    packages: [pkg("vim", { installedVersion: "9.0" })],
                    total: 1,
                    offset: 0,
                    limit: 1000,
                })
            );
            manual.finish(0);
        });
        await screen.findByTestId("package-list");
        // One process for both tabs' numbers, which is also the page status's (no store, no repository).
        await waitFor(() => expect(fake.calls.filter((c) => isCount(c.args)).length).toBe(1));
        await screen.findByTestId("tab-installed-count");
        await new Promise((r) => setTimeout(r, 100));
        expect(fake.calls.filter((c) => isCount(c.args))).toHaveLength(1);
    });
    it("shows a failed list inline with Try again", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake);
        fake.on(["packages", "filter", "--tab=installed"], bridgeError("APT_UNAVAILABLE", "apt-config failed"));
        render(<App />);
        const err = await screen.findByTestId("list-error");
        expect(err.textContent).toContain("APT could not be read");
        fake.on(
            ["packages", "filter", "--tab=installed"],
            json({ packages: [pkg("vim", { installedVersion: "9.0" })], total: 1, offset: 0, limit: 1000 })
        );
        await userEvent.setup().click(within(err).getByRole("button", { name: "Try again" }));
        await screen.findByTestId("package-list");
    });
    it("counts installed packages and updates on the tabs", async () => {
        standardSystem(fake);
        render(<App />);
        expect((await screen.findByTestId("tab-updates-count")).textContent).toBe("1");
        expect((await screen.findByTestId("tab-installed-count")).textContent).toBe("2");
    });
    it("search is debounced, scoped to the store, and never leaks into other tabs", async () => {
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        fake.path = ["store", "marine"];
        persisted({ store: "marine", tab: "search" });
        render(<App />);
        const input = await screen.findByRole("textbox", { name: "Search packages" });
        const user = userEvent.setup();
        await user.type(input, "-ngi");
        // Typing fast asks once typing pauses (100 ms), the list follows 300 ms after the last key:
        // one search for the text typed (one for an older text, after a slow key, is aborted or left unused).
        await screen.findByTestId("no-match");
        const searches = fake.callsOf("packages filter").filter((c) => c.args.includes("--tab=search"));
        expect(searches.filter((c) => c.args.includes("--query=-ngi"))).toHaveLength(1);
        const search = searches.find((c) => c.args.includes("--query=-ngi"))!;
        expect(search.args).toContain("--query=-ngi");
        expect(search.args).toContain("--store=marine");
        await user.click(screen.getByRole("tab", { name: /Installed/ }));
        await screen.findByTestId("package-list");
        const installed = fake
            .callsOf("packages filter")
            .filter((c) => c.args.includes("--tab=installed") && !c.args.includes("--limit=1"));
        expect(installed.length).toBeGreaterThan(0);
        for (const c of installed) expect(c.args.some((a) => a.startsWith("--query"))).toBe(false);
    });
    it("text typed just before leaving the Search tab is kept for Search only", async () => {
        persisted({ tab: "search" });
        standardSystem(fake);
        render(<App />);
        const user = userEvent.setup();
        await user.type(await screen.findByRole("textbox", { name: "Search packages" }), "vi");
        await user.click(screen.getByRole("tab", { name: /Installed/ }));
        await screen.findByTestId("package-list");
        // (The Search tab's own request may have started while typing: never another tab's.)
        expect(
            fake.calls.some((c) => c.args.some((a) => a.startsWith("--query")) && !c.args.includes("--tab=search"))
        ).toBe(false);
        await user.click(screen.getByRole("tab", { name: "Search" }));
        expect((screen.getByRole("textbox", { name: "Search packages" }) as HTMLInputElement).value).toBe("vi");
        await waitFor(() =>
            expect(fake.calls.some((c) => c.args.includes("--query=vi") && c.args.includes("--tab=search"))).toBe(true)
        );
    });
    it("'No packages match' clears the filters", async () => {
        persisted({ tab: "search", query: "zzz" });
        standardSystem(fake);
        render(<App />);
        await screen.findByTestId("no-match");
        await userEvent.setup().click(screen.getByTestId("clear-filters"));
        await screen.findByTestId("search-prompt");
        expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).query).toBe("");
    });
    it("a fresh system without package lists offers 'Update package lists'", async () => {
        standardSystem(fake, { repositories: [], packages: [] });
        fake.on("sections list", json({ sections: [] }));
        render(<App />);
        await screen.findByTestId("no-packages");
        expect(screen.getAllByTestId("update-lists").length).toBeGreaterThan(0);
        expect(screen.getByTestId("no-repositories")).toBeTruthy();
    });
    it("a slow answer of an older filter never replaces the newer list", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake);
        const slow = new ManualProcess();
        fake.onMatch(isInstalledList, () => slow);
        render(<App />);
        await screen.findByTestId("list-loading");
        fake.onMatch(
            isInstalledList,
            json({ packages: [pkg("security-fix", { installedVersion: "1" })], total: 1, offset: 0, limit: 1000 })
        );
        await userEvent
            .setup()
            .selectOptions(await screen.findByTestId("repository-select"), "Debian-Security:stable-security");
        await waitFor(() =>
            expect(screen.getAllByTestId("package-row").map((r) => r.dataset.package)).toEqual(["security-fix"])
        );
        await act(async () => {
            slow.emit(
                JSON.stringify({
                    packages: [pkg("old-answer", { installedVersion: "1" })],
                    total: 1,
                    offset: 0,
                    limit: 1000,
                })
            );
            slow.finish(0);
        });
        expect(screen.getAllByTestId("package-row").map((r) => r.dataset.package)).toEqual(["security-fix"]);
    });
});

it("'Show more' fetches the next page after the first 1,000", async () => {
    persisted({ tab: "installed" });
    standardSystem(fake);
    const page = (from: number, n: number) =>
        Array.from({ length: n }, (_v, i) => pkg(`p${String(from + i).padStart(4, "0")}`, { installedVersion: "1" }));
    fake.onMatch(isInstalledList, (args) => {
        const offset = Number(args.find((a) => a.startsWith("--offset="))?.slice(9) ?? 0);
        return json({ packages: offset === 0 ? page(0, 1000) : page(1000, 200), total: 1200, offset, limit: 1000 });
    });
    render(<App />);
    expect((await screen.findByTestId("list-count")).textContent).toBe("1,000 of 1,200 packages");
    await userEvent.setup().click(screen.getByTestId("load-more"));
    await waitFor(() => expect(screen.getByTestId("list-count").textContent).toBe("1,200 of 1,200 packages"));
    expect(fake.calls.some((c) => c.args.includes("--offset=1000"))).toBe(true);
    expect(screen.queryByTestId("load-more")).toBeNull();
    // Virtualized: far fewer rows in the DOM than in the list.
    expect(screen.getAllByTestId("package-row").length).toBeLessThan(100);
});

it("an essential package cannot be removed from the list; others can", async () => {
    persisted({ tab: "installed" });
    standardSystem(fake, {
        packages: [
            pkg("bash", { installedVersion: "5.2", candidateVersion: "5.2", essential: true }),
            pkg("vim", { installedVersion: "9.0", candidateVersion: "9.0" }),
        ],
    });
    render(<App />);
    const bash = await screen.findByRole("button", { name: "Remove bash" });
    expect((bash as HTMLButtonElement).disabled).toBe(true);
    expect(bash.getAttribute("title")).toMatch(/Essential/);
    expect((screen.getByRole("button", { name: "Remove vim" }) as HTMLButtonElement).disabled).toBe(false);
});

describe("administrative access", () => {
    it("hides actions and says 'limited access' when access is known absent", async () => {
        persisted({ tab: "updates" });
        standardSystem(fake);
        fake.superuser = "none";
        render(<App />);
        await screen.findByTestId("package-list");
        expect(screen.getByTestId("limited-access")).toBeTruthy();
        expect(screen.queryByRole("button", { name: /^(Install|Remove|Upgrade) / })).toBeNull();
        expect(screen.queryByTestId("upgrade-all")).toBeNull();
        expect(screen.queryByTestId("update-lists")).toBeNull();
    });
    it("hides actions without a notice while access is unknown", async () => {
        persisted({ tab: "updates" });
        standardSystem(fake);
        fake.superuser = "init";
        render(<App />);
        await screen.findByTestId("package-list");
        expect(screen.queryByTestId("limited-access")).toBeNull();
        expect(screen.queryByTestId("upgrade-all")).toBeNull();
        act(() => fake.setSuperuser("root"));
        await screen.findByTestId("upgrade-all");
        expect(screen.getByRole("button", { name: "Upgrade curl" })).toBeTruthy();
    });
});

describe("categories and store problems", () => {
    it("a store that browses by categories lists them and asks the bridge for the category's packages", async () => {
        standardSystem(fake, {
            stores: [store("marine", "Marine Apps", { browseBy: "categories" })],
            packages: [
                pkg("signalk", { tags: ["category::navigation", "field::marine"] }),
                pkg("grafana-boat", { tags: ["category::monitoring"] }),
            ],
        });
        fake.on(
            "categories list",
            json({
                categories: [
                    {
                        id: "navigation",
                        label: "Navigation",
                        description: "Charts and routing",
                        icon: "CompassIcon",
                        packageCount: 1,
                    },
                ],
            })
        );
        fake.path = ["store", "marine"];
        render(<App />);
        const user = userEvent.setup();
        await user.click(await screen.findByRole("button", { name: "Navigation (1)" }));
        await waitFor(() =>
            expect(screen.getAllByTestId("package-row").map((r) => r.dataset.package)).toEqual(["signalk"])
        );
        expect(fake.callsOf("categories list")[0]!.args).toEqual([
            "categories",
            "list",
            "--store=marine",
            "--with-apps",
        ]);
        expect(fake.callsOf("sections list").filter((c) => c.args.includes("--store=marine"))).toHaveLength(0);
        // The bridge filters by category, so "Show more" pages and the total are the category's own.
        expect(
            fake
                .callsOf("packages filter")
                .some((c) => c.args.includes("--category=navigation") && c.args.includes("--store=marine"))
        ).toBe(true);
        expect(screen.getByTestId("list-count").textContent).toBe("1 of 1 package");
    });

    it("the grids wait for the repository select, and the app categories come with the sections", async () => {
        standardSystem(fake);
        // The repositories answer last: the section cards must not be shown above a select that then pushes them down.
        let answerRepos: (r: Reply) => void = () => undefined;
        fake.on("repositories list", () => new Promise<Reply>((resolve) => (answerRepos = resolve)));
        fake.on(
            "sections list",
            json({ sections: [section("net", 800)], appCategories: [{ id: "Network", packageCount: 2 }] })
        );
        render(<App />);
        await waitFor(() => expect(fake.callsOf("sections list")).toHaveLength(1));
        await new Promise((r) => setTimeout(r, 100));
        expect(screen.queryByTestId("section-grid")).toBeNull();
        expect(screen.getByTestId("section-grid-loading")).toBeTruthy();
        await act(async () =>
            answerRepos(
                json({ repositories: [repo("Debian:stable", 60000), repo("Debian-Security:stable-security", 500)] })
            )
        );
        await screen.findByTestId("section-grid");
        expect(screen.getByTestId("repository-select")).toBeTruthy();
        expect(within(screen.getByTestId("app-categories")).getAllByTestId("app-category-card")).toHaveLength(1);
    });

    it("section counts follow the chosen repository", async () => {
        standardSystem(fake);
        render(<App />);
        await screen.findByTestId("section-grid");
        expect(fake.callsOf("sections list")[0]!.args).toEqual(["sections", "list", "--with-apps"]);
        const select = await screen.findByTestId("repository-select");
        await userEvent
            .setup()
            .selectOptions(select.querySelector("select") ?? select, "Debian-Security:stable-security");
        await waitFor(() =>
            expect(
                fake.callsOf("sections list").some((c) => c.args.includes("--repo=Debian-Security:stable-security"))
            ).toBe(true)
        );
    });
    it("store definitions that failed to load are reported, the good ones still work", async () => {
        standardSystem(fake);
        fake.on(
            "stores list",
            json({
                stores: [store("marine", "Marine Apps")],
                errors: [
                    {
                        file: "/etc/container-apps/stores/broken.yaml",
                        code: "INVALID",
                        message: "filters: at least one filter is required",
                    },
                ],
            })
        );
        render(<App />);
        const issues = await screen.findByTestId("store-issues");
        expect(issues.textContent).toContain("1 store definition could not be loaded");
        await userEvent.setup().click(within(issues).getByRole("button", { name: "Details" }));
        expect(issues.textContent).toContain("broken.yaml: filters: at least one filter is required");
        expect(screen.getByTestId("store-toggle")).toBeTruthy();
    });
});

it("if the store list cannot be read, the page still works on the whole system", async () => {
    persisted({ store: "marine" });
    standardSystem(fake);
    fake.on("stores list", bridgeError("INTERNAL", "stores directory unreadable"));
    render(<App />);
    expect((await screen.findByTestId("stores-error")).textContent).toContain("stores directory unreadable");
    await screen.findByTestId("section-grid");
    await screen.findByTestId("repository-select");
    expect(screen.queryByTestId("store-toggle")).toBeNull();
});

describe("keyboard", () => {
    it("reaches the store toggle, the repository select and the tabs with Tab, and chooses with Enter", async () => {
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        render(<App />);
        await screen.findByTestId("section-grid");
        await screen.findByTestId("repository-select");
        const user = userEvent.setup();
        await user.tab();
        expect(document.activeElement?.id).toBe("store-toggle-system");
        await user.tab();
        expect(document.activeElement?.id).toBe("store-toggle-marine");
        await user.keyboard("{Enter}");
        expect(fake.path).toEqual(["store", "marine"]);
        await user.tab();
        expect(document.activeElement?.id).toBe("repository-select");
        await user.tab();
        // Saved presets, with administrative access the store management view (issue 17), then History.
        expect(document.activeElement?.getAttribute("data-testid")).toBe("preset-toggle");
        await user.tab();
        expect(document.activeElement?.getAttribute("data-testid")).toBe("manage-stores");
        await user.tab();
        expect(document.activeElement?.getAttribute("data-testid")).toBe("open-history");
        await user.tab();
        expect(document.activeElement?.getAttribute("role")).toBe("tab");
        expect(document.activeElement?.textContent).toContain("Browse");
    });
});

describe("theme", () => {
    it("follows Cockpit's shell:style and the cockpit-style event", async () => {
        const { applyTheme, followCockpitTheme } = await import("../../src/ui/theme.js");
        localStorage.setItem("shell:style", "dark");
        followCockpitTheme();
        expect(document.documentElement.classList.contains("pf-v6-theme-dark")).toBe(true);
        window.dispatchEvent(new CustomEvent("cockpit-style", { detail: { style: "light" } }));
        expect(document.documentElement.classList.contains("pf-v6-theme-dark")).toBe(false);
        applyTheme("dark");
        expect(document.documentElement.classList.contains("pf-v6-theme-dark")).toBe(true);
        applyTheme("light");
    });
});
