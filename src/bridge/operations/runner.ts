// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Runs apt-get or dpkg with a status pipe on fd 3 (APT::Status-Fd=3, dpkg
 * --status-fd 3) and stdin closed, delivering stdout, stderr and status lines
 * as they arrive. Never a shell: an argument array only.
 */
import type { ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { childProcess } from "../lazy-modules.js";

export interface LineHandlers {
    stdout?(line: string): void;
    stderr?(line: string): void;
    status?(line: string): void;
}

export interface ProcessResult {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

/** Splits a stream into lines (the last partial line is delivered at the end). */
function lines(stream: Readable | null | undefined, onLine: (line: string) => void, collect: string[]): Promise<void> {
    return new Promise((resolve) => {
        if (!stream) return resolve();
        let partial = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => {
            collect.push(chunk);
            const parts = (partial + chunk).split("\n");
            partial = parts.pop() ?? "";
            for (const p of parts) onLine(p.replace(/\r$/, ""));
        });
        stream.on("end", () => {
            if (partial) onLine(partial.replace(/\r$/, ""));
            resolve();
        });
        stream.on("error", () => resolve());
    });
}

export function runWithStatusFd(
    program: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    handlers: LineHandlers
): { child: ChildProcess; done: Promise<ProcessResult> } {
    const child = childProcess().spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe", "pipe"] });
    const out: string[] = [];
    const err: string[] = [];
    const status: string[] = [];
    const streams = Promise.all([
        lines(child.stdout, (l) => handlers.stdout?.(l), out),
        lines(child.stderr, (l) => handlers.stderr?.(l), err),
        lines(child.stdio[3] as Readable | null, (l) => handlers.status?.(l), status),
    ]);
    const done = new Promise<ProcessResult>((resolve, reject) => {
        child.on("error", reject);
        child.on("exit", (code, signal) => {
            // Output may still be in the pipes when the process is gone: wait for all of it, but not
            // for ever (a daemon a maintainer script started may hold the pipes open).
            const grace = new Promise<void>((r) => setTimeout(r, 5000).unref());
            void Promise.race([streams, grace]).then(() =>
                resolve({ exitCode: code, signal, stdout: out.join(""), stderr: err.join("") })
            );
        });
    });
    return { child, done };
}

/** Runs a program to completion, collecting output (for apt-get -s and apt-cache). */
export function runCollect(program: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
    return runWithStatusFd(program, args, env, {}).done;
}
