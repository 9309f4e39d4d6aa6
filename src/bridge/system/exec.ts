// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Runs a system program (needrestart, systemctl, unattended-upgrade) with an
 * argument array, never a shell, in the C locale, and reports what happened
 * instead of throwing: each caller decides what a failure means.
 */
import fs from "node:fs";
import path from "node:path";
import { childProcess } from "../lazy-modules.js";

export interface ExecResult {
    /** Exit status; null when it could not be started or was killed. */
    status: number | null;
    stdout: string;
    stderr: string;
    /** Set when the program was not found. */
    missing: boolean;
}

export function execProgram(
    program: string,
    args: readonly string[],
    options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}
): ExecResult {
    const r = childProcess().spawnSync(program, args, {
        encoding: "utf8",
        env: { ...process.env, LC_ALL: "C.UTF-8", LANGUAGE: "", ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 120_000,
    });
    const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
    return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error ? r.error.message : ""), missing };
}

/** The program's path in PATH or the sbin directories (Cockpit's PATH may lack /usr/sbin), or null. */
export function findProgram(name: string): string | null {
    const dirs = [...(process.env.PATH ?? "").split(":").filter(Boolean), "/usr/sbin", "/sbin", "/usr/bin", "/bin"];
    for (const dir of dirs) {
        const p = path.join(dir, name);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            return p;
        } catch {
            /* next */
        }
    }
    return null;
}
