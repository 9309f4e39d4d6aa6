// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * On a phone (below 768 px) the header's Presets, Stores and History buttons
 * are one menu beside the title, so the tabs start higher; a desktop keeps
 * the buttons. The width is PHONE_QUERY through window.matchMedia.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { PHONE_QUERY } from "../../src/ui/components/PackageList.js";
import { installFakeCockpit, type FakeCockpit } from "./fake-cockpit.js";
import { standardSystem } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});
afterEach(() => {
    delete (window as { matchMedia?: unknown }).matchMedia;
});

function screenWidth(phone: boolean) {
    window.matchMedia = ((query: string) => ({
        matches: phone && query === PHONE_QUERY,
        media: query,
        onchange: null,
        addEventListener() {},
        removeEventListener() {},
        addListener() {},
        removeListener() {},
        dispatchEvent: () => false,
    })) as unknown as typeof window.matchMedia;
}

describe("the header's actions", () => {
    it("on a phone: one menu with an accessible name holds Presets, Stores and History", async () => {
        screenWidth(true);
        standardSystem(fake);
        render(<App />);
        const menu = await screen.findByRole("button", { name: "More actions" });
        expect(screen.queryByTestId("preset-toggle")).toBeNull();
        expect(screen.queryByTestId("open-history")).toBeNull();
        expect(screen.queryByTestId("manage-stores")).toBeNull();
        const user = userEvent.setup();
        await user.click(menu);
        expect(await screen.findByText("Presets")).toBeTruthy();
        expect(screen.getByTestId("preset-save-current")).toBeTruthy();
        expect(screen.getByTestId("manage-stores")).toBeTruthy();
        await user.click(screen.getByRole("menuitem", { name: "History" }));
        await waitFor(() => expect(fake.path).toEqual(["history"]));
    });

    it("on a phone without administrative access: no Stores in the menu", async () => {
        screenWidth(true);
        fake.superuser = "none";
        standardSystem(fake);
        render(<App />);
        await userEvent.setup().click(await screen.findByRole("button", { name: "More actions" }));
        expect(await screen.findByTestId("open-history")).toBeTruthy();
        expect(screen.queryByTestId("manage-stores")).toBeNull();
    });

    it("on a desktop: the buttons, no menu", async () => {
        screenWidth(false);
        standardSystem(fake);
        render(<App />);
        expect(await screen.findByTestId("open-history")).toBeTruthy();
        expect(screen.getByTestId("preset-toggle")).toBeTruthy();
        expect(await screen.findByTestId("manage-stores")).toBeTruthy();
        expect(screen.queryByRole("button", { name: "More actions" })).toBeNull();
    });
});
