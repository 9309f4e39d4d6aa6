import { BridgeError } from "../cli/errors.js";
import { childProcess } from "../lazy-modules.js";

/**
 * Runs one of APT's own tools and returns its stdout. Always an argument
 * array (never a shell), the C locale so that output is parseable, and the
 * caller's environment otherwise (APT_CONFIG selects a sandbox root).
 */
export function runAptTool(program: string, args: readonly string[], maxBuffer = 512 * 1024 * 1024, encoding: BufferEncoding = "utf8"): string {
    try {
        return childProcess().execFileSync(program, args, {
            encoding,
            env: { ...process.env, LC_ALL: "C.UTF-8", LANGUAGE: "" },
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer,
        });
    } catch (e) {
        const err = e as NodeJS.ErrnoException & { stderr?: string; status?: number };
        if (err.code === "ENOENT") {
            throw new BridgeError("APT_UNAVAILABLE", `${program} is not installed`, { program });
        }
        throw new BridgeError("APT_UNAVAILABLE", `${program} failed: ${(err.stderr ?? err.message).toString().trim().slice(0, 2000)}`, {
            program,
            args: [...args],
            exitStatus: err.status ?? null,
        });
    }
}
