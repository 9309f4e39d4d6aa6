// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `history list` on the history log that real apt-get runs write in a sandbox
 * (its Dir::Log is inside the root): installs with automatic dependencies, an
 * upgrade, a downgrade, a removal and a purge, a failing run, a run through
 * sudo; then the same log rotated and compressed the way logrotate does it.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorResponse, HistoryEntry, HistoryListResponse } from "../../src/protocol/index.js";
import { PROJECT_ROOT, createSandbox, hostDpkgFingerprint, runProgram, type Sandbox } from "../support/sandbox.js";

const hostBefore = hostDpkgFingerprint();

describe("history list from real apt runs", () => {
    let sb: Sandbox;
    let log: string;
    /** Per run: its command line and the time window it ran in. */
    const runs: Array<{ args: string[]; before: number; after: number }> = [];

    async function apt(args: string[], env: Record<string, string> = {}): Promise<number> {
        const before = Date.now();
        const r = await runProgram("apt-get", args, { ...process.env, ...sb.env, ...env }).done;
        // APT writes whole seconds
        runs.push({ args, before: Math.floor(before / 1000) * 1000, after: Date.now() });
        return r.status;
    }

    async function history(...args: string[]): Promise<HistoryListResponse> {
        const r = await sb.bridge(["history", "list", ...args]);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        return r.json as HistoryListResponse;
    }

    beforeAll(async () => {
        execFileSync(process.execPath, [path.join(PROJECT_ROOT, "build.mjs")], { stdio: "pipe" });
        sb = await createSandbox({
            repos: [
                {
                    name: "main",
                    packages: [
                        { name: "app", version: "1.0", depends: "liba" },
                        { name: "liba", version: "1.0" },
                        { name: "tool", version: "1.0" },
                        { name: "tool", version: "2.0" },
                        { name: "cfg", version: "1.0", conffiles: [{ path: "/etc/cfg/cfg.conf", content: "x=1\n" }] },
                        { name: "broken", version: "1.0", postinst: "exit 1" },
                    ],
                },
            ],
        });
        log = path.join(sb.root, "var/log/apt/history.log");
        expect(await apt(["-y", "install", "app"])).toBe(0);
        expect(await apt(["-y", "install", "tool=1.0", "cfg"], { SUDO_UID: "65534", SUDO_USER: "nobody" })).toBe(0);
        expect(await apt(["-y", "upgrade"])).toBe(0);
        expect(await apt(["-y", "--allow-downgrades", "install", "tool=1.0"])).toBe(0);
        expect(await apt(["-y", "remove", "app"])).toBe(0);
        expect(await apt(["-y", "purge", "cfg"])).toBe(0);
        expect(await apt(["-y", "install", "broken"])).not.toBe(0);
    });
    afterAll(() => {
        sb?.cleanup();
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });

    it("shows every run, newest first, exactly as apt-get made it", async () => {
        const h = await history();
        expect(h.file).toBe(log);
        expect(h.total).toBe(runs.length);
        const entries = [...h.entries].reverse();
        entries.forEach((e, i) => {
            const run = runs[i]!;
            expect(e.commandLine).toBe(`apt-get ${run.args.join(" ")}`);
            expect(Date.parse(e.start)).toBeGreaterThanOrEqual(run.before);
            expect(Date.parse(e.start)).toBeLessThanOrEqual(run.after);
            expect(Date.parse(e.end!)).toBeGreaterThanOrEqual(Date.parse(e.start));
            expect(e.automatic).toBe(false);
        });
        const pk = (e: HistoryEntry) =>
            e.packages.map((p) => [p.action, p.name, p.oldVersion, p.version, p.automatic]).sort();
        expect(pk(entries[0]!)).toEqual([
            ["install", "app", null, "1.0", false],
            ["install", "liba", null, "1.0", true],
        ]);
        expect(entries[1]).toMatchObject({ requestedBy: "nobody", requestedByUid: 65534 });
        expect(entries[0]).toMatchObject({ requestedBy: null, requestedByUid: null, error: null });
        expect(pk(entries[1]!)).toEqual([
            ["install", "cfg", null, "1.0", false],
            ["install", "tool", null, "1.0", false],
        ]);
        expect(pk(entries[2]!)).toEqual([["upgrade", "tool", "1.0", "2.0", false]]);
        expect(pk(entries[3]!)).toEqual([["downgrade", "tool", "2.0", "1.0", false]]);
        expect(pk(entries[4]!)).toEqual([["remove", "app", null, "1.0", false]]);
        expect(pk(entries[5]!)).toEqual([["purge", "cfg", null, "1.0", false]]);
        expect(pk(entries[6]!)).toEqual([["install", "broken", null, "1.0", false]]);
        expect(entries[6]!.error).toMatch(/dpkg returned an error code/);
        // what the architecture APT wrote is: the native one, also for Architecture: all
        expect(new Set(entries.flatMap((e) => e.packages.map((p) => p.architecture)))).toEqual(new Set(["amd64"]));
    });

    it("pages and filters by package", async () => {
        const all = await history();
        const page = await history("--limit", "2", "--offset", "1");
        expect(page).toMatchObject({ total: all.total, limit: 2, offset: 1 });
        expect(page.entries).toEqual(all.entries.slice(1, 3));
        const tool = await history("--package", "tool");
        expect(tool.total).toBe(3);
        expect(tool.entries.map((e) => e.packages.map((p) => p.action))).toEqual([
            ["downgrade"],
            ["upgrade"],
            ["install"],
        ]);
        // an option-like value is a name that fails validation, never an option
        const bad = await sb.bridge(["history", "list", "--package", "-rf"]);
        expect((bad.json as ErrorResponse).error.code).toBe("INVALID_ARGUMENT");
        const bad2 = await sb.bridge(["history", "list", "--package=a;b"]);
        expect((bad2.json as ErrorResponse).error.code).toBe("INVALID_ARGUMENT");
        const bad3 = await sb.bridge(["history", "list", "--limit", "0"]);
        expect((bad3.json as ErrorResponse).error.code).toBe("INVALID_ARGUMENT");
    });

    it("reads the same runs from logrotate's rotated and compressed files, and an entry still being written", async () => {
        const before = await history("--limit", "1000");
        const text = fs.readFileSync(log, "utf8");
        const chunks = text.split(/\n(?=Start-Date: )/).filter((c) => c.trim() !== "");
        expect(chunks).toHaveLength(runs.length);
        // oldest three in history.log.2.gz, the next two in history.log.1 (delaycompress), the rest live
        fs.writeFileSync(`${log}.2.gz`, zlib.gzipSync(chunks.slice(0, 3).join("\n")));
        fs.writeFileSync(`${log}.1`, chunks.slice(3, 5).join("\n"));
        fs.writeFileSync(log, chunks.slice(5).join("\n"));
        const after = await history("--limit", "1000");
        expect(after.entries).toEqual(before.entries);
        // the next run is running: Start-Date and half its lines written
        fs.appendFileSync(
            log,
            "\nStart-Date: 2026-11-29  23:59:00\nCommandline: apt-get install big\nInstall: big:amd64 (1.0), half:am"
        );
        const running = await history("--limit", "1");
        expect(running.total).toBe(runs.length + 1);
        expect(running.entries[0]).toMatchObject({
            end: null,
            commandLine: "apt-get install big",
            packages: [{ name: "big", action: "install" }],
        });
    });
});
