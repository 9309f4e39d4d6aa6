// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stores' state file: which stores are disabled, and which definitions
 * are user stores (written by `stores save`). System-wide, beside the stores
 * directory: /etc/container-apps/cockpit-apt-stores.json by default, or next
 * to COCKPIT_APT_STORES_DIR (tests, the demo).
 *
 * Writers take an flock(2) on `<state>.lock` for the whole read-modify-write
 * and replace the file atomically (atomic-write.ts), so two concurrent
 * `stores disable` lose neither change and a reader sees the old file or the
 * new one, whole. Readers take no lock.
 *
 * Entries are kept when a store's package is removed: reinstalling it keeps
 * the administrator's choice.
 */
import fs from "node:fs";
import path from "node:path";
import { writeAtomicallyOrThrow, writeFully } from "../atomic-write.js";
import { BridgeError } from "../cli/errors.js";
import { childProcess } from "../lazy-modules.js";
import { storesDirectory } from "./loader.js";

export const STATE_FILE_NAME = "cockpit-apt-stores.json";
const LOCK_WAIT_SECONDS = 10;

export interface StoresState {
    /** Ids of disabled stores, sorted. */
    disabled: string[];
    /** Ids of user stores (saved by the bridge), sorted. */
    user: string[];
}

export function stateFile(storesDir = storesDirectory()): string {
    return path.join(path.dirname(path.resolve(storesDir)), STATE_FILE_NAME);
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function ids(v: unknown): string[] | null {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string" && ID.test(x))) return null;
    return [...new Set(v as string[])].sort();
}

/** The state, or a reason it cannot be read (a damaged file is never taken for "nothing disabled" silently). */
export function readState(file = stateFile()): { state: StoresState; problem?: string } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return { state: { disabled: [], user: [] } };
        return {
            state: { disabled: [], user: [] },
            problem: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        };
    }
    try {
        const doc = JSON.parse(text) as { version?: unknown; disabled?: unknown; user?: unknown };
        const disabled = ids(doc?.disabled);
        const user = ids(doc?.user);
        if (doc?.version !== 1 || disabled === null || user === null) throw new Error("not a version 1 state");
        return { state: { disabled, user } };
    } catch (e) {
        return { state: { disabled: [], user: [] }, problem: `is damaged (${(e as Error).message})` };
    }
}

/** flock(1) on our descriptor 3 (Node has no flock; util-linux is Essential): the kernel drops it when we exit. */
function lock(fd: number): boolean {
    const r = childProcess().spawnSync("flock", ["--exclusive", "--wait", String(LOCK_WAIT_SECONDS), "3"], {
        stdio: ["ignore", "ignore", "ignore", fd],
    });
    return r.error === undefined && r.status === 0;
}

function failure(file: string, e: unknown): BridgeError {
    const err = e as NodeJS.ErrnoException;
    const code =
        err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS"
            ? "PERMISSION_DENIED"
            : "OPERATION_FAILED";
    return new BridgeError(code, `Cannot write ${file}: ${err.message}`, { file });
}

/**
 * Runs `change` on the current state under the lock and writes its result.
 * `afterWrite` runs after the state is written, still under the lock:
 * `stores save` writes the definition there, so a definition is never on
 * disk unrecorded (a recorded id without its file is no store at all).
 */
export function updateState<T>(
    change: (state: StoresState) => { state: StoresState; result: T; afterWrite?: () => void },
    file = stateFile()
): T {
    let fd: number;
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
        fd = fs.openSync(`${file}.lock`, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o600);
    } catch (e) {
        throw failure(file, e);
    }
    try {
        if (!lock(fd))
            throw new BridgeError("LOCKED", `Another change to the stores is in progress (${file}.lock)`, {
                file: `${file}.lock`,
            });
        const current = readState(file);
        if (current.problem) {
            throw new BridgeError(
                "OPERATION_FAILED",
                `The stores' state file ${file} ${current.problem}; fix or remove it first`,
                { file }
            );
        }
        const { state, result, afterWrite } = change(current.state);
        const body = {
            version: 1,
            disabled: [...new Set(state.disabled)].sort(),
            user: [...new Set(state.user)].sort(),
        };
        try {
            writeAtomicallyOrThrow(file, (w) =>
                writeFully(w, Buffer.from(`${JSON.stringify(body, null, 2)}\n`, "utf8"))
            );
        } catch (e) {
            throw failure(file, e);
        }
        afterWrite?.();
        return result;
    } finally {
        fs.closeSync(fd);
    }
}
