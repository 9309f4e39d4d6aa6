// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Purge where Remove leaves configuration behind (issue 12 item 7, issue 13):
 * the details page of an installed package with conffiles offers "Remove with
 * configuration", a removed one (config-files) offers Purge, and the Installed
 * tab lists the packages left in config-files state with Purge each and all.
 */
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import type { ResidualPackage } from "../../src/protocol/index.js";
import { installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { details, persisted, preview, standardSystem } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});
const purgePreview = (names: string[]) =>
    json({
        preview: preview({
            operation: "purge",
            purge: names.map((name) => ({ name, architecture: "all", oldVersion: "1.0", newVersion: null })),
        }),
    });

describe("Purge on the details page", () => {
    it("an installed package with conffiles: Remove, and Remove with configuration (a purge, previewed)", async () => {
        standardSystem(fake);
        fake.on("packages details", (args) =>
            json({
                package: details(args.at(-1)!, {
                    installedVersion: "1.0-1",
                    status: "installed",
                    keepsConfiguration: true,
                }),
            })
        );
        fake.on("operations preview", purgePreview(["nginx"]));
        fake.path = ["package", "nginx"];
        const user = userEvent.setup();
        render(<App />);
        expect(await screen.findByTestId("details-remove")).toBeTruthy();
        await user.click(screen.getByRole("button", { name: "Remove with configuration" }));
        await screen.findByRole("dialog");
        expect(fake.callsOf("operations preview")[0]!.args).toEqual(["operations", "preview", "purge", "--", "nginx"]);
        expect(screen.queryByTestId("details-purge")).toBeNull();
    });

    it("an installed package without conffiles offers Remove only", async () => {
        standardSystem(fake);
        fake.on("packages details", (args) =>
            json({
                package: details(args.at(-1)!, {
                    installedVersion: "1.0-1",
                    status: "installed",
                    keepsConfiguration: false,
                }),
            })
        );
        fake.path = ["package", "nginx"];
        render(<App />);
        expect(await screen.findByTestId("details-remove")).toBeTruthy();
        expect(screen.queryByTestId("details-remove-purge")).toBeNull();
        expect(screen.queryByTestId("details-purge")).toBeNull();
    });

    it("a removed package whose configuration is left (config-files): a note and Purge", async () => {
        standardSystem(fake);
        fake.on("packages details", (args) =>
            json({ package: details(args.at(-1)!, { installedVersion: null, status: "config-files" }) })
        );
        fake.on("operations preview", purgePreview(["nginx"]));
        fake.path = ["package", "nginx"];
        const user = userEvent.setup();
        render(<App />);
        expect((await screen.findByTestId("details-config-files")).textContent).toContain(
            "configuration files are still on this system"
        );
        expect(screen.queryByTestId("details-remove")).toBeNull();
        await user.click(screen.getByTestId("details-purge"));
        await screen.findByRole("dialog");
        expect(fake.callsOf("operations preview")[0]!.args).toEqual(["operations", "preview", "purge", "--", "nginx"]);
    });
});

describe("Configuration left behind, on the Installed tab", () => {
    const residual: ResidualPackage[] = [
        { name: "boats-container-store", architecture: "all", version: "1.0", summary: "Boats store", conffiles: 1 },
        { name: "libfoo:i386", architecture: "i386", version: "2.0", summary: "Foo library", conffiles: 2 },
    ];
    const openInstalled = () => persisted({ tab: "installed" });

    it("says how many, lists them, and purges one or all through the preview", async () => {
        openInstalled();
        standardSystem(fake);
        fake.on("packages residual", json({ packages: residual }));
        fake.on("operations preview", purgePreview(["boats-container-store"]));
        const user = userEvent.setup();
        render(<App />);
        const section = await screen.findByTestId("left-behind");
        // The Installed list itself is unchanged.
        expect(await screen.findByTestId("package-list")).toBeTruthy();
        const toggle = within(section).getByRole("button", { name: "Configuration left behind: 2 packages" });
        await user.click(toggle);
        const rows = within(section).getAllByTestId("left-behind-row");
        expect(rows.map((r) => r.dataset.package)).toEqual(["boats-container-store", "libfoo:i386"]);
        expect(rows[1]!.textContent).toContain("Foo library");
        await user.click(within(rows[0]!).getByTestId("left-behind-purge"));
        await screen.findByRole("dialog");
        // (the Installed tab also previews autoremove, for its "Remove unused packages" button)
        const purges = () => fake.callsOf("operations preview").filter((c) => c.args[2] === "purge");
        expect(purges()[0]!.args).toEqual(["operations", "preview", "purge", "--", "boats-container-store"]);
        await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));
        await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
        await user.click(within(section).getByTestId("left-behind-purge-all"));
        await waitFor(() => expect(purges()).toHaveLength(2));
        expect(purges()[1]!.args).toEqual([
            "operations",
            "preview",
            "purge",
            "--",
            "boats-container-store",
            "libfoo:i386",
        ]);
    });

    it("nothing left behind: no section at all", async () => {
        openInstalled();
        standardSystem(fake);
        render(<App />);
        await screen.findByTestId("package-list");
        await waitFor(() => expect(fake.callsOf("packages residual").length).toBeGreaterThan(0));
        expect(screen.queryByTestId("left-behind")).toBeNull();
    });

    it("without administrative access the list is shown without Purge buttons", async () => {
        openInstalled();
        standardSystem(fake);
        fake.superuser = "none";
        fake.on("packages residual", json({ packages: residual }));
        const user = userEvent.setup();
        render(<App />);
        const section = await screen.findByTestId("left-behind");
        await user.click(within(section).getByRole("button", { name: "Configuration left behind: 2 packages" }));
        expect(within(section).getAllByTestId("left-behind-row")).toHaveLength(2);
        expect(within(section).queryByTestId("left-behind-purge")).toBeNull();
        expect(within(section).queryByTestId("left-behind-purge-all")).toBeNull();
    });
});
