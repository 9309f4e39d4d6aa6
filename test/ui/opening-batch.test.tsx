// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's opening in one bridge process (src/ui/api/preload.ts, the
 * bridge's `batch`): a list of the whole system asks for its stores,
 * repositories, tab counts, Browse grid and the operation under way in one
 * `batch`, takes each answer for the request it stands for, and shows what it
 * shows when each is asked alone; a request's own error is its answer; a
 * batch that fails as a whole (an older bridge) costs nothing but the time:
 * each request is asked alone.
 */
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { render, screen, waitFor, within } from "@testing-library/react";
import { App } from "../../src/ui/components/App.js";
import { BATCH_COMMANDS } from "../../src/protocol/index.js";
import { bridgeError, installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { persisted, standardSystem, store } from "./fixtures.js";
import { openPage } from "../../src/ui/state/opening.js";
import { clearPreloaded } from "../../src/ui/api/preload.js";

/** Forgets this module copy's batch but keeps the window's: as the page's bundle finds it. */
function clearModuleState(): void {
    const early = window.__cockpitAptOpening;
    clearPreloaded();
    window.__cockpitAptOpening = early;
}

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});

const isBatchable = (args: string[]) => BATCH_COMMANDS.some((w) => w.every((x, i) => args[i] === x));
/** Processes of their own (not a batch's requests) for the batchable commands. */
const spawnedAlone = () => fake.calls.filter((c) => !c.batched && isBatchable(c.args)).map((c) => c.args.join(" "));

/** What the opening shows: the grid's cards, the repository choice, the tabs' counts. */
async function opening(): Promise<string> {
    const grid = await screen.findByTestId("section-grid");
    await screen.findByTestId("repository-select");
    await waitFor(() => expect(screen.getByRole("tab", { name: /Installed/ }).textContent).toMatch(/\d/));
    return [
        within(grid)
            .getAllByRole("button")
            .map((b) => b.textContent)
            .join("|"),
        screen.getByTestId("repository-select").textContent,
        screen
            .getAllByRole("tab")
            .map((t) => t.textContent)
            .join("|"),
    ].join("\n");
}

describe("the page's opening", () => {
    it("asks its first requests in one batch and shows what it shows when each is asked alone", async () => {
        standardSystem(fake);
        fake.on("operations current", json({ operation: null }));
        const alone = await (async () => {
            const { unmount } = render(<App />);
            const shown = await opening();
            unmount();
            return shown;
        })();
        // the batch failed (the fake's default, an older bridge): each request was asked alone
        expect(fake.calls[0]?.args).toEqual(["batch"]);
        expect(spawnedAlone()).toEqual(
            expect.arrayContaining(["stores list", "repositories list", "packages counts", "sections list --with-apps"])
        );

        // A new page load, with a bridge that runs batches.
        const { clearPreloaded } = await import("../../src/ui/api/preload.js");
        clearPreloaded();
        fake.calls = [];
        fake.batching = true;
        render(<App />);
        expect(await opening()).toBe(alone);
        const batches = fake.calls.filter((c) => c.args[0] === "batch");
        expect(batches).toHaveLength(1);
        expect(JSON.parse(batches[0]?.input ?? "[]")).toEqual([
            ["stores", "list"],
            ["repositories", "list"],
            ["packages", "counts"],
            ["sections", "list", "--with-apps"],
            ["operations", "current"],
        ]);
        expect(spawnedAlone()).toEqual([]);
    });

    it("a request's own error in the batch is its answer, as when asked alone", async () => {
        standardSystem(fake);
        fake.on("sections list", bridgeError("INTERNAL", "the grid broke"));
        fake.batching = true;
        render(<App />);
        await screen.findByText(/the grid broke/);
        // taken from the batch, and asked alone only when the page retries it
        expect(fake.calls.filter((c) => c.batched && c.args[0] === "sections")).toHaveLength(1);
        expect(fake.calls.filter((c) => !c.batched && c.args[0] === "sections")).toHaveLength(0);
    });

    it("the page takes over the batch its first script (opening.js) started, and starts none of its own", async () => {
        standardSystem(fake);
        fake.on("operations current", json({ operation: null }));
        fake.batching = true;
        openPage(); // what src/ui/opening.ts does before the page's bundle is loaded
        expect(fake.calls.filter((c) => c.args[0] === "batch")).toHaveLength(1);
        clearModuleState(); // the bundle has its own copy of preload.ts: only the window is shared
        render(<App />);
        await opening();
        expect(fake.calls.filter((c) => c.args[0] === "batch")).toHaveLength(1);
        expect(spawnedAlone()).toEqual([]);
    });

    it("a batch the first script started for other requests is not taken: the page asks its own", async () => {
        standardSystem(fake);
        fake.on("operations current", json({ operation: null }));
        fake.batching = true;
        persisted({ tab: "installed" });
        openPage(); // no Browse grid in its batch
        persisted({ tab: "browse" }); // and the view changed before the bundle ran (another tab saved it)
        // and the URL is the bare page's again (a URL naming a tab would be shown: navigation.test.tsx)
        fake.path = [];
        fake.options = {};
        clearModuleState();
        render(<App />);
        await screen.findByTestId("section-grid");
        const batches = fake.calls.filter((c) => c.args[0] === "batch");
        expect(batches).toHaveLength(2);
        expect(JSON.parse(batches[1]?.input ?? "[]")).toContainEqual(["sections", "list", "--with-apps"]);
    });

    it("a store's list (whose grid depends on its definition) asks alone, without a batch", async () => {
        persisted({ store: "marine" });
        standardSystem(fake, { stores: [store("marine", "Marine Apps")] });
        fake.batching = true;
        fake.path = ["store", "marine"];
        render(<App />);
        await screen.findByTestId("section-grid");
        expect(fake.calls.some((c) => c.args[0] === "batch")).toBe(false);
    });
});
