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
