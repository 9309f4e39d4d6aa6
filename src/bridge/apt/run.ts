// SPDX-License-Identifier: LGPL-2.1-or-later
import { BridgeError } from "../cli/errors.js";
import { childProcess } from "../lazy-modules.js";

/**
 * Runs one of APT's own tools and returns its stdout. Always an argument
 * array (never a shell), the C locale so that output is parseable, and the
 * caller's environment otherwise (APT_CONFIG selects a sandbox root).
 */
export function runAptTool(
    program: string,
    args: readonly string[],
    maxBuffer = 512 * 1024 * 1024,
    encoding: BufferEncoding = "utf8"
): string {
    try {
        return childProcess().execFileSync(program, args, {
            encoding,
            env: toolEnv(),
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer,
        });
    } catch (e) {
        throw toolError(program, args, e);
    }
}

/** The same, stdout as bytes. */
export function runAptToolBytes(program: string, args: readonly string[], maxBuffer = 512 * 1024 * 1024): Buffer {
    try {
        return childProcess().execFileSync(program, args, {
            env: toolEnv(),
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer,
        });
    } catch (e) {
        throw toolError(program, args, e);
    }
}

/** The same, stdout written straight into the open file `fd` (from where it starts). */
export function runAptToolTo(program: string, args: readonly string[], fd: number): void {
    const r = childProcess().spawnSync(program, args, {
        env: toolEnv(),
        stdio: ["ignore", fd, "pipe"],
        maxBuffer: 16 * 1024 * 1024,
    });
    if (r.error) throw toolError(program, args, r.error);
    if (r.status !== 0) {
        const err = Object.assign(new Error(`exit status ${String(r.status ?? r.signal)}`), {
            stderr: r.stderr?.toString() ?? "",
            status: r.status,
        });
        throw toolError(program, args, err);
    }
}

function toolEnv(): NodeJS.ProcessEnv {
    return { ...process.env, LC_ALL: "C.UTF-8", LANGUAGE: "" };
}

function toolError(program: string, args: readonly string[], e: unknown): BridgeError {
    const err = e as NodeJS.ErrnoException & { stderr?: string; status?: number };
    if (err.code === "ENOENT") {
        return new BridgeError("APT_UNAVAILABLE", `${program} is not installed`, { program });
    }
    return new BridgeError(
        "APT_UNAVAILABLE",
        `${program} failed: ${(err.stderr ?? err.message).toString().trim().slice(0, 2000)}`,
        {
            program,
            args: [...args],
            exitStatus: err.status ?? null,
        }
    );
}
