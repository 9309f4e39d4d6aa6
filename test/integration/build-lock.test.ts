// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One index build at a time: bridges started together on a stale cache wait
 * for the one that builds and read its cache. The lock is a flock the kernel
 * releases when its holder dies: a holder killed mid-build leaves nothing
 * that blocks, and a pid file (an older bridge's lock) blocks nothing either,
 * even when its pid is a live, unrelated process.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageListResponse } from "../../src/protocol/index.js";
import { createAptRoot, type AptRoot, type Stanza } from "../support/apt-root.js";
import { BRIDGE } from "../support/bridge.js";

const pkg = (name: string): Stanza => ({
    Package: name,
    Version: "1.0",
    Architecture: "all",
    Maintainer: "M <m@example.org>",
    Section: "misc",
    Description: `${name} summary`,
});

let root: AptRoot;
beforeAll(() => {
    root = createAptRoot({
        repos: [
            {
                name: "main",
                origin: "Debian",
                suite: "stable",
                packages: Array.from({ length: 3000 }, (_, i) => pkg(`pkg-${String(i).padStart(4, "0")}`)),
            },
        ],
    });
});
afterAll(() => root?.cleanup());

function run(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [BRIDGE, "packages", "filter", "--limit", "1"], {
            env: { ...process.env, ...env, COCKPIT_APT_DEBUG: "1" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

const builds = (stderr: string) => stderr.split("\n").filter((l) => l.includes("building the package index")).length;

describe("index builds", () => {
    it("six bridges started at once on an empty cache: one builds, all answer the same", async () => {
        const cache = path.join(root.root, "cache-together");
        const runs = await Promise.all(
            Array.from({ length: 6 }, () => run({ ...root.env, COCKPIT_APT_CACHE_DIR: cache }))
        );
        for (const r of runs) {
            expect(r.status, r.stderr).toBe(0);
            expect((JSON.parse(r.stdout) as PackageListResponse).total).toBe(3000);
        }
        expect(runs.reduce((n, r) => n + builds(r.stderr), 0)).toBe(1);
        // the lock file stays (removing a flock's file races with its next taker); no temporary file does
        expect(fs.readdirSync(cache).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    });

    /** Whether someone holds the flock on `file` now. */
    const held = (file: string) => spawnSync("flock", ["--nonblock", file, "true"]).status === 1;
    const kill = (p: ChildProcess) => {
        try {
            process.kill(-(p.pid as number), "SIGKILL"); // its process group: flock(1) and its sleep
        } catch {
            /* gone */
        }
    };

    /** A cache whose index is stale again, and the name of its lock file. */
    async function staleCache(name: string): Promise<{ cache: string; lock: string }> {
        const cache = path.join(root.root, name);
        await run({ ...root.env, COCKPIT_APT_CACHE_DIR: cache }); // a cache whose name we can see
        const hot = fs.readdirSync(cache).find((n) => n.endsWith(".hot")) as string;
        fs.rmSync(path.join(cache, hot)); // stale again
        return { cache, lock: path.join(cache, `${hot}.build-lock`) };
    }

    it("waits while a live process holds the lock, and goes on once it is gone", async () => {
        const { cache, lock } = await staleCache("cache-held");
        // flock(1) holds the lock itself (--close: not its child), as a bridge would
        const holder = spawn("flock", ["--close", lock, "sleep", "60"], { detached: true, stdio: "ignore" });
        while (!held(lock)) await new Promise((r) => setTimeout(r, 20));
        const waiting = run({ ...root.env, COCKPIT_APT_CACHE_DIR: cache });
        const early = await Promise.race([
            waiting.then(() => "finished"),
            new Promise((r) => setTimeout(() => r("waiting"), 1500)),
        ]);
        expect(early).toBe("waiting");
        kill(holder);
        const r = await waiting;
        expect(r.status, r.stderr).toBe(0);
        expect(builds(r.stderr)).toBe(1);
        expect(held(lock)).toBe(false);
    });

    it("an older bridge's pid file naming a live, unrelated process does not block", async () => {
        const { cache, lock } = await staleCache("cache-pidfile");
        const unrelated = spawn("sleep", ["120"], { detached: true, stdio: "ignore" });
        fs.writeFileSync(lock, `${unrelated.pid}\n`);
        try {
            const t0 = Date.now();
            const r = await run({ ...root.env, COCKPIT_APT_CACHE_DIR: cache });
            expect(r.status, r.stderr).toBe(0);
            expect(builds(r.stderr)).toBe(1);
            expect(Date.now() - t0).toBeLessThan(60_000); // the old pid file lock waited 5 minutes
        } finally {
            kill(unrelated);
        }
    }, 120_000);

    it("a bridge SIGKILLed while it builds leaves the lock free", async () => {
        const { cache, lock } = await staleCache("cache-killed");
        const builder = spawn(process.execPath, [BRIDGE, "packages", "filter", "--limit", "1"], {
            env: { ...process.env, ...root.env, COCKPIT_APT_CACHE_DIR: cache },
            detached: true,
            stdio: "ignore",
        });
        const exited = new Promise((r) => builder.on("exit", r));
        while (!held(lock)) await new Promise((r) => setTimeout(r, 5));
        kill(builder);
        await exited;
        expect(held(lock)).toBe(false);
        const t0 = Date.now();
        const r = await run({ ...root.env, COCKPIT_APT_CACHE_DIR: cache });
        expect(r.status, r.stderr).toBe(0);
        expect(Date.now() - t0).toBeLessThan(60_000);
    }, 120_000);
});
