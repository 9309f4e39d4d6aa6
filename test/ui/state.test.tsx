// SPDX-License-Identifier: LGPL-2.1-or-later
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import React from "react";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import {
    DEFAULT_VIEW,
    loadView,
    sanitizeView,
    saveView,
    STORAGE_KEY,
    STORAGE_VERSION,
} from "../../src/ui/state/persist.js";
import { listQuery, viewReducer } from "../../src/ui/state/view.js";
import { useRequest } from "../../src/ui/state/useRequest.js";
import { accessFromCurrent } from "../../src/ui/state/cockpit-hooks.js";
import { routeFromPath } from "../../src/ui/state/opening.js";

beforeEach(() => localStorage.clear());
// No vitest globals here, so Testing Library cannot unmount by itself.
afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
});

describe("persistence", () => {
    it("round-trips a view", () => {
        const view = {
            store: "marine,devtools",
            repository: "Debian:bookworm",
            tab: "search" as const,
            query: "nginx",
            section: null,
            tags: ["use::routing", "interface::web"],
        };
        expect(saveView(view)).toBe(true);
        expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({ version: STORAGE_VERSION, ...view });
        expect(loadView()).toEqual(view);
    });
    it("falls back to defaults for corrupt JSON", () => {
        localStorage.setItem(STORAGE_KEY, "{not json");
        expect(loadView()).toEqual(DEFAULT_VIEW);
    });
    it("falls back to defaults for another version", () => {
        localStorage.setItem(STORAGE_KEY, JSON.stringify({ version: 99, store: "marine" }));
        expect(loadView()).toEqual(DEFAULT_VIEW);
    });
    it("repairs field by field: wrong types and invalid values become defaults", () => {
        const v = sanitizeView({
            version: STORAGE_VERSION,
            store: "../etc",
            repository: 5,
            tab: "bogus",
            query: 42,
            section: "net",
        });
        expect(v).toEqual({ ...DEFAULT_VIEW, section: "net" });
        expect(sanitizeView(null)).toEqual(DEFAULT_VIEW);
        expect(sanitizeView([1, 2])).toEqual(DEFAULT_VIEW);
        expect(sanitizeView({ version: STORAGE_VERSION, query: "x".repeat(1000) }).query).toHaveLength(200);
    });
    it("survives a full storage (quota) and a storage that throws on read", () => {
        vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
            throw new DOMException("full", "QuotaExceededError");
        });
        expect(saveView({ ...DEFAULT_VIEW, store: "marine" })).toBe(false);
        vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
            throw new DOMException("denied", "SecurityError");
        });
        expect(loadView()).toEqual(DEFAULT_VIEW);
    });
});

describe("cascade", () => {
    const base = {
        store: "marine",
        repository: "Hat Labs:stable",
        tab: "browse" as const,
        query: "gps",
        section: "navigation",
        tags: [] as string[],
    };
    it("a new store resets repository and section, keeps tab and query", () => {
        expect(viewReducer(base, { type: "store", store: "dev" })).toEqual({
            ...base,
            store: "dev",
            repository: null,
            section: null,
        });
    });
    it("the same store changes nothing (same object)", () => {
        expect(viewReducer(base, { type: "store", store: "marine" })).toBe(base);
    });
    it("a new repository resets the section", () => {
        expect(viewReducer(base, { type: "repository", repository: null })).toEqual({
            ...base,
            repository: null,
            section: null,
        });
    });
    it("a new tab resets the section", () => {
        expect(viewReducer(base, { type: "tab", tab: "installed" })).toEqual({
            ...base,
            tab: "installed",
            section: null,
        });
    });
    it("drops a store or repository that no longer exists", () => {
        expect(viewReducer(base, { type: "knownStores", ids: ["dev"] })).toMatchObject({
            store: null,
            repository: null,
            section: null,
        });
        expect(viewReducer(base, { type: "knownStores", ids: ["marine"] })).toBe(base);
        expect(viewReducer(base, { type: "knownRepositories", ids: ["Debian:stable"] })).toMatchObject({
            store: "marine",
            repository: null,
        });
    });
    it("several stores: one gone or disabled is dropped from the set, the others stay", () => {
        const two = { ...base, store: "marine,dev" };
        expect(viewReducer(two, { type: "knownStores", ids: ["dev", "other"] })).toMatchObject({
            store: "dev",
            repository: null,
            section: null,
        });
        expect(viewReducer(two, { type: "knownStores", ids: ["marine", "dev"] })).toBe(two);
        expect(viewReducer(two, { type: "knownStores", ids: [] })).toMatchObject({ store: null });
    });
    it("stored store sets and facets are validated: bad ids and bad tags are dropped", () => {
        expect(sanitizeView({ version: STORAGE_VERSION, store: "marine,dev" }).store).toBe("marine,dev");
        expect(sanitizeView({ version: STORAGE_VERSION, store: "marine,,dev" }).store).toBeNull();
        expect(
            sanitizeView({ version: STORAGE_VERSION, tags: ["use::x", "bad", "a::b c", "-x::y", 5, "use::x"] }).tags
        ).toEqual(["use::x"]);
    });
    it("clear filters keeps the store and tab", () => {
        expect(viewReducer(base, { type: "clearFilters" })).toEqual({
            ...base,
            repository: null,
            section: null,
            query: "",
        });
    });
    it("the query only goes with the Search tab, the section only with Browse", () => {
        const tagged = { ...base, tags: ["use::routing"] };
        expect(listQuery({ ...tagged, tab: "installed" })).toEqual({
            store: "marine",
            repository: "Hat Labs:stable",
            tab: "installed",
            query: undefined,
            section: null,
            tags: [],
        });
        expect(listQuery({ ...tagged, tab: "search" })).toMatchObject({
            query: "gps",
            section: null,
            tags: ["use::routing"],
        });
        expect(listQuery(base)).toMatchObject({ query: undefined, section: "navigation" });
    });
});

describe("routes and access", () => {
    it("reads deep links", () => {
        expect(routeFromPath(["package", "nginx"])).toEqual({
            route: { kind: "package", name: "nginx" },
            store: undefined,
        });
        expect(routeFromPath(["store", "marine"])).toEqual({ route: { kind: "list" }, store: "marine" });
        expect(routeFromPath([])).toEqual({ route: { kind: "list" }, store: null });
        expect(routeFromPath(["whatever"])).toEqual({ route: { kind: "list" }, store: null });
    });
    it("follows Cockpit's superuser states", () => {
        expect(accessFromCurrent(undefined)).toBe("unknown");
        expect(accessFromCurrent("init")).toBe("unknown");
        expect(accessFromCurrent("none")).toBe("none");
        expect(accessFromCurrent("root")).toBe("admin");
        expect(accessFromCurrent("sudo")).toBe("admin");
    });
});

describe("useRequest", () => {
    function Probe({ k, fetcher }: { k: string; fetcher: (signal: AbortSignal) => Promise<string> }) {
        const r = useRequest(k, fetcher);
        return <div data-testid="probe">{`${r.status}:${r.data ?? ""}`}</div>;
    }

    it("discards a slow first response that arrives after a newer one", async () => {
        const resolvers: Record<string, (v: string) => void> = {};
        const signals: Record<string, AbortSignal> = {};
        const fetcherFor = (k: string) => (signal: AbortSignal) =>
            new Promise<string>((resolve) => {
                resolvers[k] = resolve;
                signals[k] = signal;
            });
        const { rerender } = render(<Probe k="a" fetcher={fetcherFor("a")} />);
        rerender(<Probe k="b" fetcher={fetcherFor("b")} />);
        // The older request was told to stop...
        expect(signals.a!.aborted).toBe(true);
        await act(async () => resolvers.b!("second"));
        expect(screen.getByTestId("probe").textContent).toBe("ready:second");
        // ...and even if it answers anyway, the answer is ignored.
        await act(async () => resolvers.a!("first"));
        expect(screen.getByTestId("probe").textContent).toBe("ready:second");
    });

    it("reports errors and loads again on reload", async () => {
        let n = 0;
        function Reloadable() {
            const r = useRequest("k", () => (++n === 1 ? Promise.reject(new Error("boom")) : Promise.resolve("ok")));
            return (
                <button onClick={r.reload} data-testid="probe">
                    {`${r.status}:${r.data ?? ""}:${r.error?.message ?? ""}`}
                </button>
            );
        }
        render(<Reloadable />);
        await waitFor(() => expect(screen.getByTestId("probe").textContent).toContain("error"));
        expect(screen.getByTestId("probe").textContent).toContain("boom");
        act(() => screen.getByTestId("probe").click());
        await waitFor(() => expect(screen.getByTestId("probe").textContent).toBe("ready:ok:"));
    });
});
