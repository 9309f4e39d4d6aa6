// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The spare bridge process (src/ui/api/standby.ts, `cockpit-apt-bridge
 * standby`): started while the page is used, given the next read once it is
 * known, at most one at a time, never for a change, never when it ended or is
 * too old, and let go when the page is hidden.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import React from "react";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { StandbyPool } from "../../src/ui/api/standby.js";
import { callBridge, prepareStandby } from "../../src/ui/api/bridge.js";
import { STANDBY_USE_MS } from "../../src/protocol/index.js";
import type { CockpitProcess } from "../../src/ui/cockpit.js";
import { installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { persisted, pkg, standardSystem } from "./fixtures.js";

/** A process for the pool alone: ends or is closed when the test says. */
function fakeProcess() {
    let end: () => void = () => undefined;
    const promise = new Promise<string>((resolve) => (end = () => resolve("")));
    const proc = {
        closed: false,
        end,
        then: promise.then.bind(promise),
        catch: (cb: () => void) => promise.catch(cb),
        stream: () => proc,
        input: () => proc,
        close() {
            proc.closed = true;
            end();
        },
    };
    return proc;
}

describe("StandbyPool", () => {
    let spawned: Array<ReturnType<typeof fakeProcess>>;
    let pool: StandbyPool;
    beforeEach(() => {
        spawned = [];
        pool = new StandbyPool(() => {
            const p = fakeProcess();
            spawned.push(p);
            return p as unknown as CockpitProcess;
        });
    });
    afterEach(() => vi.restoreAllMocks());

    it("keeps one spare: prepared again it does not start another; taken once, for reads it serves", () => {
        pool.prepare();
        pool.prepare();
        expect(spawned).toHaveLength(1);
        expect(pool.take(["operations", "install", "--", "curl"])).toBeNull();
        expect(pool.take(["packages", "changelog", "--", "curl"])).toBeNull();
        expect(pool.take(["packages", "filter", "--query=x"])).toBe(spawned[0]);
        expect(pool.take(["packages", "filter", "--query=x"])).toBeNull();
        pool.prepare();
        expect(spawned).toHaveLength(2);
    });

    it("does not hand out a spare that ended (the bridge let it go) and starts a new one", async () => {
        pool.prepare();
        spawned[0]!.end();
        await Promise.resolve();
        await Promise.resolve();
        expect(pool.take(["packages", "counts"])).toBeNull();
        pool.prepare();
        expect(spawned).toHaveLength(2);
        expect(pool.take(["packages", "counts"])).toBe(spawned[1]);
    });

    it("does not hand out a spare older than STANDBY_USE_MS: it closes it and starts a new one", () => {
        let now = 1000;
        vi.spyOn(performance, "now").mockImplementation(() => now);
        pool.prepare();
        now += STANDBY_USE_MS;
        expect(pool.take(["packages", "counts"])).toBeNull();
        pool.prepare();
        expect(spawned[0]!.closed).toBe(true);
        expect(spawned).toHaveLength(2);
        expect(pool.take(["packages", "counts"])).toBe(spawned[1]);
    });

    it("release closes the spare", () => {
        pool.prepare();
        pool.release();
        expect(spawned[0]!.closed).toBe(true);
        expect(pool.take(["packages", "counts"])).toBeNull();
    });
});

describe("the page's spare bridge process", () => {
    let fake: FakeCockpit;
    beforeEach(() => {
        fake = installFakeCockpit();
    });

    it("a search's request goes to the spare started while typing, and the list shows its answer", async () => {
        persisted({ tab: "search" });
        const packages = [pkg("curl"), pkg("curlftpfs")];
        standardSystem(fake, { packages });
        fake.onMatch(
            (a) => a[1] === "filter" && a.includes("--query=curl"),
            () => json({ packages, total: 2, offset: 0, limit: 50 })
        );
        render(<App />);
        const user = userEvent.setup();
        await user.type(await screen.findByRole("textbox", { name: "Search packages" }), "curl");
        await waitFor(() =>
            expect(screen.getAllByTestId("package-row").map((r) => r.dataset.package)).toEqual(["curl", "curlftpfs"])
        );
        const asked = fake.calls.filter((c) => c.args.includes("--query=curl"));
        expect(asked.length).toBeGreaterThan(0);
        expect(asked[0]!.viaStandby).toBe(true);
        expect(fake.standbys[0]!.request).toEqual(asked[0]!.args);
        // One spare at a time: never two unused ones.
        expect(fake.standbys.filter((s) => s.request === null && s.closed === undefined).length).toBeLessThanOrEqual(1);
        for (const s of fake.standbys) expect(s.options?.superuser).toBe("try");
    });

    it("a change never goes to the spare: it is spawned with its own arguments and superuser", async () => {
        fake.on(["operations", "hold"], () => json({ action: "hold", names: ["curl"], changed: ["curl"] }));
        prepareStandby();
        expect(fake.standbys).toHaveLength(1);
        await callBridge(["operations", "hold", "--", "curl"], { superuser: "require" });
        const hold = fake.callsOf("operations hold");
        expect(hold).toHaveLength(1);
        expect(hold[0]!.viaStandby).toBeUndefined();
        expect(hold[0]!.options?.superuser).toBe("require");
        expect(fake.standbys[0]!.request).toBeNull();
        // ...and a read then takes the spare that is still there
        fake.on(["packages", "counts"], () => json({ installed: 1, upgradable: 0, security: 0 }));
        await callBridge(["packages", "counts"]);
        expect(fake.standbys[0]!.request).toEqual(["packages", "counts"]);
    });

    it("starts no spare while the opening's batch runs, only once it answered", async () => {
        standardSystem(fake);
        fake.batching = true;
        fake.on(["stores", "list"], { stdout: JSON.stringify({ stores: [] }), delay: 300 });
        render(<App />);
        await new Promise((resolve) => setTimeout(resolve, 50)); // the batch is still on its way
        fireEvent.pointerMove(document.body);
        fireEvent.keyDown(document.body, { key: "Shift" });
        expect(fake.standbys).toHaveLength(0);
        await screen.findByTestId("section-grid");
        await waitFor(() => expect(fake.calls.some((c) => c.args[0] === "batch")).toBe(true));
        await new Promise((resolve) => setTimeout(resolve, 350));
        fireEvent.pointerMove(document.body);
        expect(fake.standbys).toHaveLength(1);
    });

    it("is let go when the page is hidden", async () => {
        standardSystem(fake);
        render(<App />);
        await screen.findByTestId("section-grid");
        const user = userEvent.setup();
        // (the page listens once its opening settled: a moment after the grid, on a busy machine)
        await waitFor(async () => {
            await user.keyboard("{Shift}");
            expect(fake.standbys).toHaveLength(1);
        });
        const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
        document.dispatchEvent(new Event("visibilitychange"));
        expect(fake.standbys[0]!.closed).not.toBeUndefined();
        // hidden: using the keyboard starts none
        await user.keyboard("{Shift}");
        expect(fake.standbys).toHaveLength(1);
        visibility.mockRestore();
    });
});
