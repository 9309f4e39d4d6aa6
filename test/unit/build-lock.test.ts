// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index build lock (build-lock.ts): flock(2) taken through flock(1) on
 * our own open file, held until we close it or die, whatever the file says.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { awaitBuildTurn, lockExclusive, openOrBuild } from "../../src/bridge/index/build-lock.js";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "build-lock-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const held = (file: string) => spawnSync("flock", ["--nonblock", file, "true"]).status === 1;

describe("the build lock", () => {
    it("is held from our turn until its release, on a file only we may open (made with its directory)", () => {
        const lock = path.join(dir, "sub", "x.hot.build-lock");
        const turn = awaitBuildTurn(lock);
        expect(held(lock)).toBe(true);
        expect(fs.statSync(lock).mode & 0o777).toBe(0o600);
        turn.release();
        expect(held(lock)).toBe(false);
    });

    it("a second taker of the same file waits (and gives up after its wait)", () => {
        const lock = path.join(dir, "x.build-lock");
        const turn = awaitBuildTurn(lock);
        const other = fs.openSync(lock, "r");
        try {
            expect(lockExclusive(other, 0)).toBe(false);
            const t0 = Date.now();
            expect(lockExclusive(other, 1)).toBe(false);
            expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
            turn.release();
            expect(lockExclusive(other, 0)).toBe(true);
        } finally {
            fs.closeSync(other);
        }
    });

    it("an older bridge's pid file, naming this very process or another live one, does not block", () => {
        const lock = path.join(dir, "x.build-lock");
        fs.writeFileSync(lock, `${process.pid}\n`, { mode: 0o644 });
        const turn = awaitBuildTurn(lock, 1);
        expect(held(lock)).toBe(true);
        expect(fs.statSync(lock).mode & 0o777).toBe(0o600);
        turn.release();
    });

    it("is freed by the kernel when its holder is SIGKILLed", async () => {
        const lock = path.join(dir, "x.build-lock");
        const holder = spawn("flock", ["--close", lock, "sleep", "60"], { detached: true, stdio: "ignore" });
        while (!held(lock)) await new Promise((r) => setTimeout(r, 10));
        const exited = new Promise((r) => holder.on("exit", r));
        process.kill(-(holder.pid as number), "SIGKILL");
        await exited;
        expect(held(lock)).toBe(false);
        awaitBuildTurn(lock, 1).release();
    });

    it("openOrBuild: uses a current file without the lock, else builds under it; without a lock file it builds", () => {
        const lock = path.join(dir, "x.build-lock");
        expect(
            openOrBuild(
                lock,
                () => "cached",
                (c) => `used ${c}`,
                () => "built"
            )
        ).toBe("used cached");
        expect(fs.existsSync(lock)).toBe(false);
        expect(
            openOrBuild(
                lock,
                () => null,
                () => "used",
                () => (held(lock) ? "built under the lock" : "built without it")
            )
        ).toBe("built under the lock");
        expect(held(lock)).toBe(false);
        expect(
            openOrBuild(
                null,
                () => null,
                () => "used",
                () => "built"
            )
        ).toBe("built");
        // a directory we may not write (below a file): no lock, still built
        fs.writeFileSync(path.join(dir, "file"), "");
        expect(
            openOrBuild(
                path.join(dir, "file", "x.build-lock"),
                () => null,
                () => "used",
                () => "built"
            )
        ).toBe("built");
    });
});
