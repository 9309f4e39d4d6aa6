/*
 * One index build at a time: bridges started together on a stale cache wait
 * for the one that builds and read its cache; a lock left by a dead process
 * is taken over.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageListResponse } from "../../src/protocol/index.js";
import { createAptRoot, type AptRoot, type Stanza } from "../support/apt-root.js";
import { BRIDGE } from "../support/bridge.js";

const pkg = (name: string): Stanza => ({ Package: name, Version: "1.0", Architecture: "all", Maintainer: "M <m@example.org>", Section: "misc", Description: `${name} summary` });

let root: AptRoot;
beforeAll(() => {
    root = createAptRoot({ repos: [{ name: "main", origin: "Debian", suite: "stable", packages: Array.from({ length: 3000 }, (_, i) => pkg(`pkg-${String(i).padStart(4, "0")}`)) }] });
});
afterAll(() => root?.cleanup());

function run(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [BRIDGE, "packages", "filter", "--limit", "1"], { env: { ...process.env, ...env, COCKPIT_APT_DEBUG: "1" } });
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
        const runs = await Promise.all(Array.from({ length: 6 }, () => run({ ...root.env, COCKPIT_APT_CACHE_DIR: cache })));
        for (const r of runs) {
            expect(r.status, r.stderr).toBe(0);
            expect((JSON.parse(r.stdout) as PackageListResponse).total).toBe(3000);
        }
        expect(runs.reduce((n, r) => n + builds(r.stderr), 0)).toBe(1);
        expect(fs.readdirSync(cache).filter((n) => n.endsWith(".build-lock"))).toEqual([]);
    });

    it("waits while a live process holds the lock, and takes over once it is gone", async () => {
        const cache = path.join(root.root, "cache-held");
        await run({ ...root.env, COCKPIT_APT_CACHE_DIR: cache }); // a cache whose name we can see
        const hot = fs.readdirSync(cache).find((n) => n.endsWith(".hot")) as string;
        fs.rmSync(path.join(cache, hot)); // stale again
        const holder = spawn("sleep", ["60"]);
        fs.writeFileSync(path.join(cache, `${hot}.build-lock`), `${holder.pid}\n`);
        const waiting = run({ ...root.env, COCKPIT_APT_CACHE_DIR: cache });
        const early = await Promise.race([waiting.then(() => "finished"), new Promise((r) => setTimeout(() => r("waiting"), 1500))]);
        expect(early).toBe("waiting");
        holder.kill("SIGKILL");
        const r = await waiting;
        expect(r.status, r.stderr).toBe(0);
        expect(builds(r.stderr)).toBe(1);
        expect(fs.existsSync(path.join(cache, `${hot}.build-lock`))).toBe(false);
    });
});
