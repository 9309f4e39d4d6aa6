// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Issue 20, the page's part: a list shows its first rows (one screen) as soon
 * as they are there and fetches the rest of its page in the background, with
 * the page's count and scrollbar from the start, no duplicate rows, and
 * nothing of an older list; a search's request starts while the debounce
 * still runs, and a newer text aborts it; the Installed tab's side requests
 * wait for its list.
 */
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { FIRST_ROWS, PAGE_ROWS } from "../../src/ui/components/PackageTabs.js";
import type { PackageSummary } from "../../src/protocol/index.js";
import { installFakeCockpit, json, ManualProcess, type FakeCockpit } from "./fake-cockpit.js";
import { persisted, pkg, standardSystem } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});

const name = (i: number) => `p${String(i).padStart(3, "0")}`;
const INSTALLED = Array.from({ length: 120 }, (_v, i) => pkg(name(i), { installedVersion: "1.0" }));
const option = (args: string[], key: string) => args.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3);
const isRest = (args: string[]) => args[1] === "filter" && option(args, "offset") !== undefined;

function answer(manual: ManualProcess, packages: PackageSummary[], total: number, offset: number) {
    return act(async () => {
        await Promise.resolve();
        manual.emit(JSON.stringify({ packages, total, offset, limit: PAGE_ROWS - FIRST_ROWS }));
        manual.finish(0);
    });
}

describe("a list's first rows, then the rest of its page", () => {
    it("shows one screen of rows at once, with the page's count, and adds the rest without duplicates", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake, { packages: INSTALLED });
        const rest = new ManualProcess();
        fake.onMatch(isRest, () => rest);
        render(<App />);
        await screen.findByTestId("package-list");
        const lists = fake.callsOf("packages filter").filter((c) => c.args.includes("--tab=installed"));
        expect(option(lists[0]!.args, "limit")).toBe(String(FIRST_ROWS));
        expect(screen.getAllByTestId("package-row")[0]!.dataset.package).toBe("p000");
        // Before the rest is there: the page's count and rows (placeholders), never "50 of 120".
        const list = screen.getByTestId("package-list");
        await waitFor(() => expect(list.dataset.pending).toBe("true"));
        expect(screen.getByTestId("list-count").textContent).toBe("120 of 120 packages");
        expect(list.querySelector("table")!.getAttribute("aria-rowcount")).toBe("121");
        const restCall = fake.calls.find((c) => isRest(c.args))!;
        expect(option(restCall.args, "offset")).toBe(String(FIRST_ROWS));
        expect(option(restCall.args, "limit")).toBe(String(PAGE_ROWS - FIRST_ROWS));
        expect(restCall.args).toContain("--tab=installed");
        // The index changed in between: a row already shown comes again; it is not added twice.
        await answer(rest, [INSTALLED[FIRST_ROWS - 1]!, ...INSTALLED.slice(FIRST_ROWS)], 120, FIRST_ROWS);
        await waitFor(() => expect(list.dataset.pending).toBeUndefined());
        expect(list.querySelector("table")!.getAttribute("aria-rowcount")).toBe("121");
        expect(screen.getByTestId("list-count").textContent).toBe("120 of 120 packages");
        expect(screen.queryByTestId("load-more")).toBeNull();
        expect(screen.getAllByTestId("package-row")[0]!.dataset.package).toBe("p000");
    });

    it("a list that fits in its first rows asks nothing more", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake, { packages: INSTALLED.slice(0, 10) });
        render(<App />);
        await screen.findByTestId("package-list");
        await new Promise((r) => setTimeout(r, 100));
        expect(fake.calls.filter((c) => isRest(c.args))).toEqual([]);
        expect(screen.getByTestId("list-count").textContent).toBe("10 of 10 packages");
    });

    it("the rest of an older list is aborted and never added to a newer one", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake, { packages: INSTALLED });
        const rest = new ManualProcess();
        fake.onMatch(isRest, () => rest);
        render(<App />);
        await waitFor(() => expect(fake.calls.some((c) => isRest(c.args))).toBe(true));
        const user = userEvent.setup();
        await user.click(screen.getByRole("tab", { name: /Search/ }));
        await user.type(await screen.findByRole("textbox", { name: "Search packages" }), "p11");
        expect(rest.closedWith).not.toBeUndefined();
        await waitFor(() =>
            expect(screen.getAllByTestId("package-row").map((r) => r.dataset.package)).toEqual(
                INSTALLED.slice(110).map((p) => p.name)
            )
        );
        expect(screen.getByTestId("list-count").textContent).toBe("10 of 10 packages");
    });

    it("a failed rest says so and offers Show more for it", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake, { packages: INSTALLED });
        const rest = new ManualProcess();
        // The background request fails; a later one (Show more) is answered.
        let failed = false;
        fake.onMatch(
            (a) => isRest(a) && !failed,
            () => rest
        );
        render(<App />);
        await screen.findByTestId("package-list");
        failed = true;
        await act(async () => {
            await Promise.resolve();
            rest.emit(JSON.stringify({ error: { code: "INTERNAL", message: "rest exploded", details: {} } }));
            rest.finish(1);
        });
        await screen.findByText("More packages could not be loaded");
        expect(screen.getByTestId("list-count").textContent).toBe(`${FIRST_ROWS} of 120 packages`);
        await userEvent.setup().click(screen.getByTestId("load-more"));
        await waitFor(() => expect(screen.getByTestId("list-count").textContent).toBe("120 of 120 packages"));
    });
});

describe("the Installed tab's list comes first", () => {
    it("asks for what was left behind and the autoremove count only once its list answered", async () => {
        persisted({ tab: "installed" });
        standardSystem(fake, { packages: INSTALLED });
        fake.on("operations preview autoremove", json({ preview: null }));
        fake.on("packages residual", json({ packages: [] }));
        const first = new ManualProcess();
        fake.onMatch(
            (a) => a[1] === "filter" && a.includes("--tab=installed") && !isRest(a),
            () => first
        );
        render(<App />);
        await waitFor(() => expect(fake.calls.some((c) => c.args.includes("--tab=installed"))).toBe(true));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(fake.callsOf("operations preview")).toHaveLength(0);
        expect(fake.callsOf("packages residual")).toHaveLength(0);
        await answer(first, INSTALLED.slice(0, FIRST_ROWS), INSTALLED.length, 0);
        await waitFor(() => expect(fake.callsOf("operations preview autoremove")).toHaveLength(1));
        expect(fake.callsOf("packages residual")).toHaveLength(1);
    });
});

describe("a search's request starts during the debounce", () => {
    it("is asked for before the list follows the text, and the list takes that answer", async () => {
        persisted({ tab: "search" });
        standardSystem(fake, { packages: INSTALLED });
        let promptAtSpawn: boolean | null = null;
        fake.onMatch(
            (a) => a[1] === "filter" && a.includes("--query=p01") && !isRest(a),
            () => {
                // The page still shows the prompt: the debounce has not ended yet.
                promptAtSpawn ??= document.querySelector("[data-testid=search-prompt]") !== null;
                return json({ packages: INSTALLED.slice(10, 20), total: 10, offset: 0, limit: FIRST_ROWS });
            }
        );
        render(<App />);
        const user = userEvent.setup();
        await user.type(await screen.findByRole("textbox", { name: "Search packages" }), "p01");
        await screen.findByTestId("package-list");
        expect(promptAtSpawn).toBe(true);
        expect(screen.getAllByTestId("package-row")[0]!.dataset.package).toBe("p010");
        // One process for the text: the list took the prefetched answer.
        const asked = fake.callsOf("packages filter").filter((c) => c.args.includes("--query=p01"));
        expect(asked).toHaveLength(1);
        expect(option(asked[0]!.args, "limit")).toBe(String(FIRST_ROWS));
    });

    it("typing on aborts the request of the older text", async () => {
        persisted({ tab: "search" });
        standardSystem(fake, { packages: INSTALLED });
        const older = new ManualProcess();
        fake.onMatch(
            (a) => a[1] === "filter" && a.includes("--query=p01"),
            () => older
        );
        render(<App />);
        const user = userEvent.setup();
        const field = await screen.findByRole("textbox", { name: "Search packages" });
        await user.type(field, "p01");
        await waitFor(() => expect(fake.calls.some((c) => c.args.includes("--query=p01"))).toBe(true));
        await user.type(field, "2");
        expect(older.closedWith).not.toBeUndefined();
        await waitFor(() =>
            expect(screen.getAllByTestId("package-row").map((r) => r.dataset.package)).toEqual(["p012"])
        );
        expect(fake.calls.filter((c) => c.args.includes("--query=p01"))).toHaveLength(1);
    });
});
