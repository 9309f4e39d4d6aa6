// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Operations outlive the bridge (issue 12): apt-get and dpkg run in a detached
 * runner that writes a journal. A SIGKILL of the bridge (the follower) during
 * a slow preinst or during unpack must not reach dpkg; `operations current`
 * and `operations follow ID` find the operation again. A SIGKILL of the
 * runner itself (the OOM killer) leaves dpkg half-done: `current` says
 * "interrupted", and `operations repair` brings `dpkg --audit` back to clean.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    OperationCancelResponse,
    OperationCurrentResponse,
    OperationEvent,
    OperationFailureDetails,
    OperationRecord,
    OperationStreamEvent,
} from "../../src/protocol/index.js";
import { PROJECT_ROOT, createSandbox, type BridgeRun, type Sandbox } from "../support/sandbox.js";

type Result = Extract<OperationEvent, { type: "result" }>;

beforeAll(() => {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, "build.mjs")], { stdio: "pipe" });
});

function resultOf(r: BridgeRun): Result {
    const results = (r.lines as OperationEvent[]).filter((e): e is Result => e.type === "result");
    expect(results, r.stdout + r.stderr).toHaveLength(1);
    return results[0] as Result;
}

async function current(sb: Sandbox): Promise<OperationRecord | null> {
    const r = await sb.bridge(["operations", "current"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    return (r.json as OperationCurrentResponse).operation;
}

async function waitFor<T>(
    what: string,
    probe: () => Promise<T | null | undefined | false>,
    timeoutMs = 60000
): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
        const v = await probe();
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
    }
}

/** Starts an install and SIGKILLs the follower (the bridge) at the first event `when` accepts. */
async function killFollower(
    sb: Sandbox,
    name: string,
    when: (e: OperationStreamEvent) => boolean
): Promise<{ id: string; run: BridgeRun }> {
    let id = "";
    let killed = false;
    const { child, done } = sb.bridgeStream(["operations", "install", "--", name], (v) => {
        const e = v as OperationStreamEvent;
        if (e.type === "started") id = e.id;
        if (killed || !when(e)) return;
        killed = true;
        child.kill("SIGKILL");
    });
    const run = await done;
    expect(killed, run.stdout).toBe(true);
    expect(id).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    return { id, run };
}

/**
 * Starts an install and, once `ready()` holds, SIGKILLs the runner's whole process group (runner,
 * apt-get, dpkg, the maintainer script), as the OOM killer or a crash would take them.
 */
async function killRunner(sb: Sandbox, name: string, ready: () => Promise<boolean>): Promise<BridgeRun> {
    const { done } = sb.bridgeStream(["operations", "install", "--", name], () => undefined);
    const rec = await waitFor("the runner to reach the point", async () => {
        const c = await current(sb);
        return c && c.state === "running" && (await ready()) ? c : null;
    });
    expect(rec.pid).toBeGreaterThan(1);
    process.kill(-(rec.pid as number), "SIGKILL");
    return done;
}

/** dpkg's view of a package, its journal (updates/) included, which the status file alone is not. */
async function status(sb: Sandbox, name: string): Promise<string> {
    return (await sb.dpkgQuery(["-W", "-f", "${Status}", "--", name])).stdout;
}

const isInstallOf = (name: string) => (e: OperationStreamEvent) =>
    e.type === "progress" && e.phase === "install" && e.package === name && /^(Preparing|Installing)/.test(e.message);
const isUnpackOf = (name: string) => (e: OperationStreamEvent) =>
    e.type === "progress" && e.phase === "install" && e.package === name && /^Unpacking/.test(e.message);

describe("an operation outlives the bridge", () => {
    let sb: Sandbox;
    beforeAll(async () => {
        sb = await createSandbox({
            repos: [
                {
                    name: "main",
                    packages: [
                        // waits (at most a minute) until the test has seen what it wants to see while dpkg is at work
                        {
                            name: "slowpre",
                            version: "1.0",
                            preinst:
                                'i=0; while [ ! -e "$DPKG_ROOT/go-slowpre" ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done',
                        },
                        {
                            name: "slowpost",
                            version: "1.0",
                            files: [{ path: "/usr/share/slowpost/data", content: "d".repeat(200000) }],
                            postinst: "sleep 4",
                        },
                        {
                            name: "oom",
                            version: "1.0",
                            files: [{ path: "/usr/share/oom/data", content: "o".repeat(1000) }],
                            preinst: "sleep 30",
                        },
                        { name: "gone", version: "1.0" },
                        { name: "plain", version: "1.0" },
                    ],
                },
            ],
        });
    });
    afterAll(() => sb?.cleanup());

    it("the bridge SIGKILLed during a slow preinst: the install finishes, `current` shows it running then finished", async () => {
        const { id, run } = await killFollower(sb, "slowpre", isInstallOf("slowpre"));
        expect(run.signal).toBe("SIGKILL");
        const running = await current(sb);
        expect(running).toMatchObject({
            id,
            kind: "install",
            names: ["slowpre"],
            state: "running",
            result: null,
            finishedAt: null,
        });
        expect(running!.pid).toBeGreaterThan(1);
        // a second operation while it runs: LOCKED, naming the running one
        const second = await sb.bridge(["operations", "install", "--", "plain"]);
        expect(second.status).toBe(5);
        expect(resultOf(second)).toMatchObject({
            ok: false,
            code: "LOCKED",
            details: { id, operation: "install", names: ["slowpre"], pid: running!.pid },
        });
        expect(resultOf(second).message).toContain("install slowpre");
        expect(sb.packageStatus("plain")).toBeNull();
        // reattach: follow prints the journal from the beginning until the result
        fs.writeFileSync(path.join(sb.root, "go-slowpre"), "");
        const followed = await sb.bridge(["operations", "follow", id]);
        expect(followed.status, followed.stdout + followed.stderr).toBe(0);
        const events = followed.lines as OperationStreamEvent[];
        expect(events[0]).toMatchObject({ type: "started", id, operation: "install", names: ["slowpre"] });
        expect(events.some((e) => e.type === "progress" && e.phase === "download")).toBe(true);
        expect(resultOf(followed)).toMatchObject({ ok: true, operation: "install" });
        expect(sb.installedVersion("slowpre")).toBe("1.0");
        const finished = await current(sb);
        expect(finished).toMatchObject({
            id,
            state: "finished",
            result: { ok: true },
            changes: [{ name: "slowpre", action: "installed", newVersion: "1.0", oldVersion: null }],
        });
        expect(finished!.finishedAt).not.toBeNull();
        // follow after it finished still prints it all
        const again = await sb.bridge(["operations", "follow", id]);
        expect(resultOf(again).ok).toBe(true);
    });

    it("the bridge SIGKILLed during unpack: the package ends installed", async () => {
        const { id } = await killFollower(sb, "slowpost", isUnpackOf("slowpost"));
        const rec = await waitFor("the install to finish", async () => {
            const c = await current(sb);
            return c && c.id === id && c.state === "finished" ? c : null;
        });
        expect(rec.result).toMatchObject({ ok: true });
        expect(sb.installedVersion("slowpost")).toBe("1.0");
        const audit = await sb.dpkg(["--audit"]);
        expect(audit.stdout).toBe("");
    });

    it("the runner itself SIGKILLed (OOM): `current` says interrupted and points to Repair; repair leaves dpkg --audit clean", async () => {
        // killed while its preinst runs: dpkg has marked it half-installed
        const followed = await killRunner(
            sb,
            "oom",
            async () => (await status(sb, "oom")) === "install reinstreq half-installed"
        );
        // the follower tells the truth too
        expect(resultOf(followed)).toMatchObject({
            ok: false,
            code: "DPKG_INTERRUPTED",
            details: { interrupted: true },
        });
        expect(await status(sb, "oom")).toBe("install reinstreq half-installed");
        const rec = await current(sb);
        expect(rec).toMatchObject({ kind: "install", names: ["oom"], state: "interrupted", result: null });
        expect(rec!.message).toMatch(/Repair/);
        // nothing else runs on top of it
        let r = await sb.bridge(["operations", "install", "--", "plain"]);
        expect(resultOf(r).code).toBe("DPKG_INTERRUPTED");
        // the preinst would sleep again: a repository without the sleep, as a fixed package would be
        await sb.addPackages("main", [
            { name: "oom", version: "1.0", files: [{ path: "/usr/share/oom/data", content: "o".repeat(1000) }] },
        ]);
        await sb.update();
        r = await sb.bridge(["operations", "repair"]);
        expect(resultOf(r), r.stdout).toMatchObject({ ok: true, operation: "repair" });
        expect((r.lines as OperationStreamEvent[]).find((e) => e.type === "changes")).toMatchObject({
            changes: [{ name: "oom", action: "reinstalled" }],
        });
        const audit = await sb.dpkg(["--audit"]);
        expect(audit.stdout + audit.stderr).toBe("");
        expect(sb.installedVersion("oom")).toBe("1.0");
        // usable again: remove and install work
        r = await sb.bridge(["operations", "remove", "--", "oom"]);
        expect(resultOf(r), r.stdout).toMatchObject({ ok: true });
        r = await sb.bridge(["operations", "install", "--", "oom"]);
        expect(resultOf(r), r.stdout).toMatchObject({ ok: true });
        expect(sb.installedVersion("oom")).toBe("1.0");
    });

    it("repair says plainly what it cannot fix: a half-installed package with no version to reinstall from", async () => {
        // "gone" half-installed, then removed from the repository: nothing to reinstall it from
        const stanza =
            "Package: ghost\nStatus: install reinstreq half-installed\nPriority: optional\nSection: misc\nMaintainer: t <t@example.org>\nArchitecture: all\nVersion: 1.0\nDescription: ghost\n";
        fs.appendFileSync(sb.statusFile, "\n" + stanza);
        const r = await sb.bridge(["operations", "repair"]);
        const result = resultOf(r);
        expect(result).toMatchObject({ ok: false, operation: "repair", code: "OPERATION_FAILED" });
        const details = result.details as OperationFailureDetails;
        expect(details.noCandidate).toEqual(["ghost"]);
        expect(details.stillBroken?.map((b) => b.name)).toEqual(["ghost"]);
        expect(details.stillBroken?.[0]?.state).toMatch(/half-installed/);
        expect(result.message).toMatch(/ghost/);
        expect(result.message).toMatch(/remove/i);
        // Remove is the way out
        const rm = await sb.bridge(["operations", "remove", "--", "ghost"]);
        expect(resultOf(rm), rm.stdout).toMatchObject({ ok: true });
        const audit = await sb.dpkg(["--audit"]);
        expect(audit.stdout).toBe("");
    });

    it("a failing postinst: the result carries the script's own message", async () => {
        await sb.addPackages("main", [
            {
                name: "badpost",
                version: "1.0",
                postinst: 'echo "badpost: cannot open /dev/frob: no such device" >&2\nexit 2',
            },
        ]);
        await sb.update();
        const r = await sb.bridge(["operations", "install", "--", "badpost"]);
        const result = resultOf(r);
        expect(result).toMatchObject({ ok: false, code: "OPERATION_FAILED" });
        expect((result.details as OperationFailureDetails).scriptOutput).toEqual([
            "badpost: cannot open /dev/frob: no such device",
        ]);
        const rec = await current(sb);
        expect(rec?.result?.details).toMatchObject({
            scriptOutput: ["badpost: cannot open /dev/frob: no such device"],
        });
        await sb.bridge(["operations", "remove", "--", "badpost"]);
    });

    it("cancel of an operation that is not running says so; ids are validated", async () => {
        const rec = await current(sb);
        const r = await sb.bridge(["operations", "cancel", rec!.id]);
        expect((r.json as OperationCancelResponse).requested).toBe(false);
        for (const bad of ["../x", "--help", "20261129T000000Z-zz"]) {
            const f = await sb.bridge(["operations", "follow", "--", bad]);
            expect(f.status, bad).toBe(2);
        }
    });
});
