// SPDX-License-Identifier: LGPL-2.1-or-later
import { beforeEach, describe, expect, it } from "vitest";
import type { OperationStreamEvent } from "../../src/protocol/index.js";
import { callBridge, parseErrorOutput, spawnFailure } from "../../src/ui/api/bridge.js";
import { BridgeError, humanMessage } from "../../src/ui/api/errors.js";
import {
    filterArgs,
    filterPackages,
    listStores,
    packageDetails,
    previewOperation,
    runOperation,
} from "../../src/ui/api/index.js";
import { JsonLinesParser } from "../../src/ui/api/json-lines.js";
import { bridgeError, installFakeCockpit, json, ManualProcess, type FakeCockpit } from "./fake-cockpit.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});
describe("JsonLinesParser", () => {
    it("keeps the partial last line until its newline arrives", () => {
        const p = new JsonLinesParser<{ n: number }>();
        expect(p.push('{"n":1}\n{"n"')).toEqual([{ n: 1 }]);
        expect(p.push(":2")).toEqual([]);
        expect(p.push("}\n")).toEqual([{ n: 2 }]);
    });
    it("parses several lines of one chunk and a last line without newline at flush", () => {
        const p = new JsonLinesParser<{ n: number }>();
        expect(p.push('{"n":1}\n\n{"n":2}\n{"n":3}')).toEqual([{ n: 1 }, { n: 2 }]);
        expect(p.flush()).toEqual([{ n: 3 }]);
        expect(p.flush()).toEqual([]);
    });
    it("survives a chunk boundary inside a multi-byte character's escape and keeps garbage aside", () => {
        const p = new JsonLinesParser<{ s: string }>();
        expect(p.push('{"s":"\\u00')).toEqual([]);
        expect(p.push('e9"}\nnot json\n')).toEqual([{ s: "é" }]);
        expect(p.garbage).toEqual(["not json"]);
    });
});

describe("error mapping", () => {
    it("reads the bridge's error document from stdout", () => {
        const e = parseErrorOutput(
            '{"error":{"code":"PACKAGE_NOT_FOUND","message":"no package","details":{"name":"foo"}}}\n'
        );
        expect(e?.code).toBe("PACKAGE_NOT_FOUND");
        expect(e?.message).toBe("Package foo was not found in the package lists.");
        expect(e?.technical).toBe("no package");
    });
    it("finds the error as the last JSON line of a stream", () => {
        const e = parseErrorOutput(
            '{"type":"log","stream":"stdout","line":"x"}\n{"error":{"code":"LOCKED","message":"lock","details":{"process":"apt-get","pid":42}}}\n'
        );
        expect(e?.code).toBe("LOCKED");
        expect(e?.message).toContain("apt-get");
        expect(e?.message).toContain("42");
    });
    it("ignores an unknown code instead of trusting it", () => {
        expect(parseErrorOutput('{"error":{"code":"WHATEVER","message":"x"}}')).toBeNull();
    });
    it("maps Cockpit channel problems", () => {
        expect(spawnFailure({ problem: "access-denied" }, "").code).toBe("PERMISSION_DENIED");
        expect(spawnFailure({ problem: "not-found" }, "").code).toBe("BRIDGE_MISSING");
        expect(spawnFailure({ problem: null, exit_status: 127 }, "").code).toBe("BRIDGE_MISSING");
        const d = spawnFailure({ problem: "disconnected" }, "");
        expect(d.code).toBe("DISCONNECTED");
        expect(d.transient).toBe(true);
        expect(spawnFailure({ problem: null, exit_status: 1, message: "boom" }, "garbage").code).toBe("BAD_OUTPUT");
    });
    it("has a human message for every code", () => {
        for (const code of [
            "USAGE",
            "LOCKED",
            "DPKG_INTERRUPTED",
            "PERMISSION_DENIED",
            "APT_UNAVAILABLE",
            "BRIDGE_MISSING",
            "DISCONNECTED",
            "BAD_OUTPUT",
            "BRIDGE_STOPPED",
            "TIMEOUT",
            "INTERNAL",
        ] as const) {
            const m = humanMessage(code, "tech");
            expect(m.length).toBeGreaterThan(10);
            expect(m).not.toBe(code);
        }
    });
});

describe("callBridge", () => {
    it("spawns cockpit-apt-bridge with superuser try and err message, and parses JSON", async () => {
        fake.on("stores list", json({ stores: [], errors: [] }));
        await expect(listStores()).resolves.toEqual({ stores: [], errors: [] });
        expect(fake.calls[0]!.args).toEqual(["stores", "list"]);
        expect(fake.calls[0]!.options).toEqual({ superuser: "try", err: "message" });
    });
    it("collects stdout delivered in several chunks", async () => {
        fake.on("stores list", { chunks: ['{"stores":[],', '"errors":[]}'] });
        await expect(listStores()).resolves.toEqual({ stores: [], errors: [] });
    });
    it("rejects with the bridge's error on a non-zero exit", async () => {
        fake.on("packages details", bridgeError("PACKAGE_NOT_FOUND", "nope", { name: "zzz" }));
        const err = await packageDetails("zzz").catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BridgeError);
        expect((err as BridgeError).code).toBe("PACKAGE_NOT_FOUND");
        // A bridge answer is final: no retry.
        expect(fake.calls).toHaveLength(1);
    });
    it("retries transient failures with backoff, then succeeds", async () => {
        let n = 0;
        fake.on("stores list", () => (++n < 3 ? { problem: "disconnected" } : json({ stores: [], errors: [] })));
        await expect(callBridge(["stores", "list"], { backoffMs: 1 })).resolves.toEqual({ stores: [], errors: [] });
        expect(n).toBe(3);
    });
    it("gives up after the attempts and reports the transient error", async () => {
        fake.on("stores list", { problem: "disconnected" });
        const err = (await callBridge(["stores", "list"], { backoffMs: 1, attempts: 2 }).catch(
            (e: unknown) => e
        )) as BridgeError;
        expect(err.code).toBe("DISCONNECTED");
        expect(fake.calls).toHaveLength(2);
    });
    it("retries output that is not JSON (a killed process)", async () => {
        let n = 0;
        fake.on("stores list", () => (++n === 1 ? { stdout: '{"stor' } : json({ stores: [], errors: [] })));
        await expect(callBridge(["stores", "list"], { backoffMs: 0 })).resolves.toEqual({ stores: [], errors: [] });
        expect(n).toBe(2);
    });
    it("cancels: closes the channel and rejects with CANCELLED", async () => {
        const manual = new ManualProcess();
        fake.on("packages filter", () => manual);
        const controller = new AbortController();
        const p = filterPackages({ tab: "browse" }, { signal: controller.signal });
        controller.abort();
        const err = (await p.catch((e: unknown) => e)) as BridgeError;
        expect(err.code).toBe("CANCELLED");
        expect(fake.calls[0]!.closed).toBe("terminated");
    });
});

describe("arguments", () => {
    it("passes every value as --option=value so a query starting with '-' is never an option", () => {
        expect(
            filterArgs({
                store: "marine",
                repository: "Debian:stable",
                tab: "search",
                query: "-rf /",
                section: "net",
                limit: 1000,
                offset: 0,
            })
        ).toEqual([
            "packages",
            "filter",
            "--store=marine",
            "--repo=Debian:stable",
            "--tab=search",
            "--query=-rf /",
            "--section=net",
            "--limit=1000",
            "--offset=0",
        ]);
    });
    it("puts -- before package names", async () => {
        fake.on("packages details", json({ package: { name: "x" } }));
        fake.on("operations preview", json({ preview: { operation: "install" } }));
        await packageDetails("x");
        await previewOperation("install", ["a", "b"]);
        expect(fake.calls[0]!.args).toEqual(["packages", "details", "--", "x"]);
        expect(fake.calls[1]!.args).toEqual(["operations", "preview", "install", "--", "a", "b"]);
    });
});

describe("runOperation", () => {
    it("streams events as they come, uses superuser require, and ends with the result", async () => {
        const manual = new ManualProcess();
        fake.on("operations install", () => manual);
        const events: OperationStreamEvent[] = [];
        const op = runOperation("install", ["hello"], (e) => events.push(e));
        expect(fake.calls[0]!.args).toEqual(["operations", "install", "--", "hello"]);
        expect(fake.calls[0]!.options?.superuser).toBe("require");
        await Promise.resolve();
        await Promise.resolve();
        manual.emit(
            '{"type":"progress","phase":"download","package":"hello","percent":10,"message":"Downloading"}\n{"type":"log","str'
        );
        expect(events.map((e) => e.type)).toEqual(["progress"]);
        manual.emit('eam":"stdout","line":"Unpacking hello"}\n');
        expect(events.map((e) => e.type)).toEqual(["progress", "log"]);
        manual.emit('{"type":"result","ok":true,"operation":"install","exitCode":0}');
        manual.finish(0);
        const result = await op.done;
        expect(result.ok).toBe(true);
        expect(events.map((e) => e.type)).toEqual(["progress", "log", "result"]);
    });
    it("turns a refused superuser into a failed result with PERMISSION_DENIED", async () => {
        fake.on("operations remove", { problem: "access-denied" });
        const events: OperationStreamEvent[] = [];
        const result = await runOperation("remove", ["x"], (e) => events.push(e)).done;
        expect(result).toMatchObject({ type: "result", ok: false, code: "PERMISSION_DENIED" });
        expect(events.at(-1)).toEqual(result);
    });
    it("keeps the bridge's own failed result when the process exits non-zero", async () => {
        fake.on("operations install", {
            stdout: '{"type":"error","code":"LOCKED","message":"held"}\n{"type":"result","ok":false,"operation":"install","exitCode":100,"code":"LOCKED"}\n',
            exit: 100,
        });
        const result = await runOperation("install", ["x"], () => undefined).done;
        expect(result.code).toBe("LOCKED");
        expect(result.exitCode).toBe(100);
    });
    it("detach closes the channel (the bridge stops following; the operation runs on)", async () => {
        const manual = new ManualProcess();
        fake.on("operations update", () => manual);
        const op = runOperation("update", [], () => undefined);
        expect(fake.calls[0]!.args).toEqual(["operations", "update"]);
        op.detach();
        const result = await op.done;
        expect(result.code).toBe("CANCELLED");
        expect(manual.closedWith).toBe("terminated");
    });
});
