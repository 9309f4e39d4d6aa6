// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One index build at a time per cache. When the cache is stale (after an
 * apt-get update, a dpkg run or a new bridge), the page starts several
 * bridges at once; without this each of them would rebuild the whole index
 * in parallel, multiplying the seconds and the memory. The first takes the
 * lock and builds; the others wait for the lock and then read its cache.
 *
 * The lock is flock(2) on `<cache file>.build-lock`, which the kernel
 * releases when the holder dies, however it dies (SIGKILL, the OOM killer):
 * no pid file that outlives its writer and whose pid a new process may wear.
 * Node has no flock, so util-linux's flock(1) (Essential on Debian) takes it
 * on our open file description, passed to it as its descriptor 3, and exits:
 * a flock belongs to the open file description, which stays ours (Node opens
 * files close-on-exec, so the build's own children never hold it). That costs
 * one spawn, only when a cache is stale and about to be built; a warm request
 * never takes the lock. The lock file is 0600 in a directory only its owner
 * may write, so no other user can open it to hold the lock; its content is
 * ignored (an older bridge's pid file does not block). Waiting is bounded:
 * after that, or without flock(1) or a directory we may write, a bridge
 * builds on its own, which is slower but never wrong (cache writes are atomic
 * renames).
 */
import fs from "node:fs";
import path from "node:path";
import { childProcess } from "../lazy-modules.js";

/** Longer than any build (a Raspberry Pi with a full Debian index takes tens of seconds). */
const MAX_WAIT_SECONDS = 5 * 60;

export interface BuildTurn {
    /** Ends our turn (closes the lock file: the kernel releases the lock). */
    release(): void;
}

const none: BuildTurn = { release() {} };

function openLockFile(lockFile: string, makeDir = true): number | null {
    try {
        const fd = fs.openSync(lockFile, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o600);
        try {
            fs.fchmodSync(fd, 0o600); // an older bridge's pid file was 0644
        } catch {
            /* not ours (root's file read by a user): flock still works on it */
        }
        return fd;
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT" && makeDir) {
            // The very first build: the cache directory does not exist yet.
            try {
                fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o755 });
            } catch {
                return null;
            }
            return openLockFile(lockFile, false);
        }
        return null; // no cache directory we may write: no lock either
    }
}

/**
 * flock(LOCK_EX) on `fd` by flock(1), waiting at most `waitSeconds` (0: not
 * at all): true when it is ours.
 */
export function lockExclusive(fd: number, waitSeconds: number): boolean {
    const args =
        waitSeconds > 0 ? ["--exclusive", "--wait", String(waitSeconds), "3"] : ["--exclusive", "--nonblock", "3"];
    const r = childProcess().spawnSync("flock", args, { stdio: ["ignore", "ignore", "ignore", fd] });
    return r.error === undefined && r.status === 0;
}

/** Waits for our turn to build: until we hold the lock, or the wait is too long (then we build without it). */
export function awaitBuildTurn(lockFile: string, maxWaitSeconds = MAX_WAIT_SECONDS): BuildTurn {
    const fd = openLockFile(lockFile);
    if (fd === null) return none;
    if (!lockExclusive(fd, maxWaitSeconds)) {
        fs.closeSync(fd);
        return none;
    }
    return {
        release() {
            fs.closeSync(fd);
        },
    };
}

/**
 * A cache file `open` finds current (an open file, or null), else what
 * `build` makes: one bridge builds at a time; the others wait for its turn to
 * end and then `use` what it made. `open` is asked again once the turn is
 * ours, since another bridge may have finished between the first look and
 * the lock. `lockFile` null: no cache directory, build.
 */
export function openOrBuild<F, R>(
    lockFile: string | null,
    open: () => F | null,
    use: (file: F) => R,
    build: () => R
): R {
    const cached = open();
    if (cached) return use(cached);
    const turn = lockFile === null ? none : awaitBuildTurn(lockFile);
    try {
        const again = open();
        return again ? use(again) : build();
    } finally {
        turn.release();
    }
}
