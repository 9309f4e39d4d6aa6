/*
 * One index build at a time per cache. When the cache is stale (after an
 * apt-get update, a dpkg run or a new bridge), the page starts several
 * bridges at once; without this each of them would rebuild the whole index
 * in parallel, multiplying the seconds and the memory. The first takes the
 * lock and builds; the others wait until the cache is fresh and read it.
 *
 * The lock is a file created with O_EXCL holding the builder's pid (Node has
 * no flock). A lock whose process is gone, or that is older than a build can
 * take, is stale and taken over. Waiting is bounded: after that a waiter
 * builds on its own, which is slower but never wrong (cache writes are
 * atomic renames).
 */
import fs from "node:fs";
import path from "node:path";
import { processAlive } from "./index-cache.js";

/** Longer than any build (a Raspberry Pi with a full Debian index takes tens of seconds). */
const STALE_MS = 10 * 60_000;
const POLL_MS = 100;

function sleep(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function holder(lockFile: string): { pid: number; ageMs: number } | null {
    try {
        const st = fs.statSync(lockFile);
        const pid = Number(fs.readFileSync(lockFile, "utf8").trim());
        return { pid: Number.isInteger(pid) && pid > 0 ? pid : 0, ageMs: Date.now() - st.mtimeMs };
    } catch {
        return null;
    }
}

function tryCreate(lockFile: string, makeDir = true): "taken" | "busy" | "unavailable" {
    try {
        const fd = fs.openSync(lockFile, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
        fs.writeSync(fd, `${process.pid}\n`);
        fs.closeSync(fd);
        return "taken";
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT" && makeDir) {
            // The very first build: the cache directory does not exist yet.
            try {
                fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o755 });
            } catch {
                return "unavailable";
            }
            return tryCreate(lockFile, false);
        }
        // No cache directory we may write: no lock either; build without one.
        return code === "EEXIST" ? "busy" : "unavailable";
    }
}

export interface BuildTurn {
    /** Ends our turn (removes the lock if it is ours). */
    release(): void;
}

/**
 * Waits for our turn to build: until we hold the lock, or `isFresh` says
 * another process finished the build (the caller then finds the fresh cache
 * and does not build), or the wait is too long.
 */
export function awaitBuildTurn(lockFile: string, isFresh: () => boolean, maxWaitMs = 5 * 60_000): BuildTurn {
    const mine = (): BuildTurn => ({
        release() {
            if (holder(lockFile)?.pid === process.pid) {
                try {
                    fs.unlinkSync(lockFile);
                } catch {
                    /* already gone */
                }
            }
        },
    });
    const none: BuildTurn = { release() {} };
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
        const got = tryCreate(lockFile);
        if (got === "taken") return mine();
        if (got === "unavailable") return none;
        const h = holder(lockFile);
        if (h && (h.ageMs > STALE_MS || (h.pid > 0 && h.pid !== process.pid && !processAlive(h.pid)) || h.pid === 0)) {
            // The builder died (or never wrote its pid): take over. Unlink races are harmless, O_EXCL decides.
            try {
                fs.unlinkSync(lockFile);
            } catch {
                /* someone else took it over first */
            }
            continue;
        }
        if (isFresh()) return none; // another bridge built it: the caller finds the fresh cache
        if (Date.now() > deadline) return none;
        sleep(POLL_MS);
    }
}

/**
 * A cache file `open` finds current (an open descriptor, or null), else what
 * `build` makes: one bridge builds at a time; the others wait for its turn to
 * end and then `use` what it made. `open` is asked again once the turn is
 * ours, since another bridge may have finished between the first look and
 * the lock.
 */
export function openOrBuild<F extends { fd: number }, R>(lockFile: string, open: () => F | null, use: (file: F) => R, build: () => R): R {
    const cached = open();
    if (cached) return use(cached);
    const turn = awaitBuildTurn(lockFile, () => {
        const c = open();
        if (c) fs.closeSync(c.fd);
        return c !== null;
    });
    try {
        const again = open();
        return again ? use(again) : build();
    } finally {
        turn.release();
    }
}
