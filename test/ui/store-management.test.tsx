// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's side of store management (issue 17) against the fake Cockpit:
 * several stores at once (one --store per store, the set in the URL and
 * storage), a disabled store kept out of the toggle, the management view
 * only with administrative access, and saved presets.
 */
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { DEFAULT_VIEW } from "../../src/ui/state/persist.js";
import { deletePreset, loadPresets, PRESETS_KEY, savePreset } from "../../src/ui/state/presets.js";
import { installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { standardSystem, store } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});

describe("several stores at once", () => {
    it("the checkbox menu adds a second store: every request names both, the URL carries the set", async () => {
        standardSystem(fake, { stores: [store("marine", "Marine Apps"), store("dev", "Developer Tools")] });
        render(<App />);
        const user = userEvent.setup();
        await user.click(await screen.findByRole("button", { name: /Marine Apps/ }));
        await waitFor(() => expect(fake.path).toEqual(["store", "marine"]));
        await user.click(screen.getByTestId("store-multi-toggle"));
        await user.click(await screen.findByText("Developer Tools", { selector: "[data-testid=store-multi-dev] *" }));
        await waitFor(() => expect(fake.path).toEqual(["store", "marine,dev"]));
        await waitFor(() =>
            expect(
                fake
                    .callsOf("sections list")
                    .some((c) => c.args.includes("--store=marine") && c.args.includes("--store=dev"))
            ).toBe(true)
        );
        expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Marine Apps, Developer Tools");
    }, 20_000);

    it("a disabled store is not in the toggle, and a remembered set loses it", async () => {
        standardSystem(fake, {
            stores: [store("marine", "Marine Apps"), store("dev", "Developer Tools", { enabled: false })],
        });
        fake.navigate(["store", "marine,dev"], { tab: "browse" });
        render(<App />);
        const toggle = await screen.findByTestId("store-toggle");
        expect(within(toggle).queryByRole("button", { name: /Developer Tools/ })).toBeNull();
        await waitFor(() => expect(fake.path).toEqual(["store", "marine"]));
        expect(fake.callsOf("packages").some((c) => c.args.includes("--store=dev"))).toBe(false);
    });
});

describe("the store management view", () => {
    it("is offered only with administrative access", async () => {
        fake.setSuperuser("none");
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        render(<App />);
        await screen.findByTestId("store-toggle");
        expect(screen.queryByTestId("manage-stores")).toBeNull();
        fake.setSuperuser("root");
        await screen.findByTestId("manage-stores");
    });

    it("lists a disabled store as disabled; a packaged store offers Duplicate and edit, a user store Edit and Delete", async () => {
        standardSystem(fake, {
            stores: [store("marine", "Marine Apps"), store("mine", "Mine", { userDefined: true, enabled: false })],
        });
        render(<App />);
        const user = userEvent.setup();
        await user.click(await screen.findByTestId("manage-stores"));
        await screen.findByTestId("store-manager-table");
        expect((screen.getByTestId("store-enabled-mine") as HTMLInputElement).checked).toBe(false);
        expect((screen.getByTestId("store-enabled-marine") as HTMLInputElement).checked).toBe(true);
        expect(screen.getByTestId("store-duplicate-marine")).toBeTruthy();
        expect(screen.queryByTestId("store-delete-marine")).toBeNull();
        expect(screen.getByTestId("store-delete-mine")).toBeTruthy();
        expect(screen.getByTestId("store-edit-mine")).toBeTruthy();
    });
});

describe("facet filters", () => {
    it("facets are asked for when the menu opens; a chosen tag goes with the search as --tag", async () => {
        standardSystem(fake);
        fake.on(
            "packages facets",
            json({
                total: 3,
                facets: [{ facet: "use", values: [{ tag: "use::editing", value: "editing", count: 2 }] }],
                sections: [],
                repositories: [],
                installed: 1,
                upgradable: 0,
            })
        );
        render(<App />);
        const user = userEvent.setup();
        await user.click(await screen.findByRole("tab", { name: /Search/ }));
        await user.type(await screen.findByRole("textbox", { name: "Search packages" }), "vi");
        // The search's list (not only its request, which starts during the debounce) is there.
        await screen.findByTestId("package-list");
        expect(fake.callsOf("packages filter").some((c) => c.args.includes("--query=vi"))).toBe(true);
        expect(fake.callsOf("packages facets")).toHaveLength(0);
        await user.click(screen.getByTestId("facet-toggle"));
        await user.click(await screen.findByText("editing (2)"));
        await waitFor(() =>
            expect(
                fake
                    .callsOf("packages filter")
                    .some((c) => c.args.includes("--query=vi") && c.args.includes("--tag=use::editing"))
            ).toBe(true)
        );
        expect(fake.callsOf("packages facets")[0]?.args).toContain("--query=vi");
        expect((await screen.findByTestId("facet-counts")).textContent).toBe("3 matches, 1 installed, 0 upgradable");
    }, 20_000);
});

describe("presets", () => {
    it("saves, lists, replaces by name and deletes; stored garbage is dropped", () => {
        savePreset("Boat", {
            ...DEFAULT_VIEW,
            store: "marine,dev",
            tab: "search",
            query: "nmea",
            tags: ["use::navigating"],
        });
        savePreset("Dev", { ...DEFAULT_VIEW, store: "dev" });
        savePreset("Boat", { ...DEFAULT_VIEW, store: "marine" });
        expect(loadPresets().map((p) => [p.name, p.view.store])).toEqual([
            ["Dev", "dev"],
            ["Boat", "marine"],
        ]);
        deletePreset("Dev");
        expect(loadPresets().map((p) => p.name)).toEqual(["Boat"]);
        localStorage.setItem(
            PRESETS_KEY,
            JSON.stringify([{ name: "x", view: { store: "../etc", tab: "bogus", tags: ["bad"] } }, 5, { name: "" }])
        );
        expect(loadPresets()).toEqual([
            { name: "x", view: { store: null, repository: null, tab: "browse", query: "", tags: [] } },
        ]);
    });
});
