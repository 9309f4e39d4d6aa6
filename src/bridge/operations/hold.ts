// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `operations hold NAME...` / `operations unhold NAME...`: dpkg's "hold"
 * selection, set by the real `apt-mark hold|unhold -- NAME...` (which runs
 * dpkg --set-selections). A held package is never upgraded or removed by APT
 * on its own ("Upgrade all" keeps it back; see apt/kept-back.ts).
 *
 * Like every change: root only (PERMISSION_DENIED), refused while another
 * process holds dpkg's lock (LOCKED, naming it), and only exact names dpkg
 * knows as installed reach apt-mark (names.ts), after "--".
 */
import path from "node:path";
import type { HoldResponse } from "../../protocol/index.js";
import { AptConfig } from "../apt/config.js";
import { readStatus } from "../apt/dpkg-status.js";
import { BridgeError } from "../cli/errors.js";
import { operationEnv } from "../apt/apt-get.js";
import { classifyFailure } from "./classify.js";
import { findLockHolder } from "./locks.js";
import { checkNames } from "./names.js";
import { runCollect } from "./runner.js";

export type HoldAction = HoldResponse["action"];

/** Whether each name (as the page lists it: "name" or "name:arch") is held in dpkg's status. */
function heldNow(statusFile: string, names: readonly string[]): Map<string, boolean> {
    const status = readStatus(statusFile);
    return new Map(
        names.map((name) => {
            const [pkg, arch] = name.split(":");
            const held = status.some(
                (e) =>
                    e.name === pkg &&
                    (arch === undefined || e.architecture === arch || e.architecture === "all") &&
                    e.want === "hold"
            );
            return [name, held];
        })
    );
}

export async function setHold(
    action: HoldAction,
    names: readonly string[],
    euid: number = typeof process.geteuid === "function" ? process.geteuid() : 0
): Promise<HoldResponse> {
    if (euid !== 0)
        throw new BridgeError(
            "PERMISSION_DENIED",
            `${action === "hold" ? "Holding" : "Unholding"} a package needs administrative access (root)`,
            { euid }
        );
    const config = AptConfig.load();
    const statusFile = config.findFile("Dir::State::status");
    const admin = path.dirname(statusFile);
    for (const file of [path.join(admin, "lock-frontend"), path.join(admin, "lock")]) {
        const holder = findLockHolder(file);
        if (holder && holder.pid !== process.pid) {
            const who = holder.command ? `${holder.command}, process ${holder.pid}` : `process ${holder.pid}`;
            throw new BridgeError("LOCKED", `The package system is locked by ${who} (${file})`, {
                pid: holder.pid,
                command: holder.command,
                commandLine: holder.commandLine,
                lockFile: file,
            });
        }
    }
    // apt-mark reads an unknown name as a pattern: only installed packages, by exact name.
    const problem = await checkNames("upgrade", names, statusFile);
    if (problem) throw new BridgeError(problem.code, problem.message, problem.details);
    const before = heldNow(statusFile, names);
    const run = await runCollect("apt-mark", [action, "--", ...names], operationEnv());
    if (run.exitCode !== 0) {
        const failure = classifyFailure({
            exitCode: run.exitCode,
            stdout: run.stdout,
            stderr: run.stderr,
            packageErrors: [],
        });
        throw new BridgeError(failure.code, failure.message, failure.details);
    }
    const after = heldNow(statusFile, names);
    return {
        action,
        packages: names.map((name) => ({
            name,
            held: after.get(name) === true,
            changed: after.get(name) !== before.get(name),
        })),
    };
}
