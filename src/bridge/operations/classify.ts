// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Turns a failed apt-get run into one error code, a message and details the
 * page can act on: LOCKED (with the holding process, so the user can retry),
 * DPKG_INTERRUPTED (offer repair), PACKAGE_NOT_FOUND, and OPERATION_FAILED
 * with the package and dpkg's own message for a failing maintainer script.
 */
import type { ErrorCode } from "../../protocol/index.js";
import { isDpkgInterruptedMessage } from "./dpkg-state.js";
import { parseLockMessage } from "./locks.js";

export interface Failure {
    code: ErrorCode;
    message: string;
    details: Record<string, unknown>;
}

export interface RunOutput {
    exitCode: number | null;
    /** Everything apt-get wrote to stdout and stderr, in order. */
    stdout: string;
    stderr: string;
    /** Packages named by pmerror lines, with dpkg's message. */
    packageErrors: Array<{ package: string; message: string }>;
}

function errorLines(stderr: string): string[] {
    return stderr
        .split("\n")
        .filter((l) => /^E: /.test(l))
        .map((l) => l.slice(3).trim());
}

export function classifyFailure(out: RunOutput): Failure {
    const all = `${out.stderr}\n${out.stdout}`;
    const errors = errorLines(out.stderr);
    // "are you root?" is APT's wording when the lock file cannot even be opened: not a lock held by anyone.
    if (
        /^E: (Unable to (lock|acquire)|Could not open lock file).*(are you root\?|Permission denied)/m.test(out.stderr)
    ) {
        return { code: "PERMISSION_DENIED", message: errors[0] ?? "Permission denied", details: {} };
    }
    const lock = parseLockMessage(out.stderr);
    if (lock) {
        const who = lock.command
            ? `${lock.command}${lock.pid !== null ? `, process ${lock.pid}` : ""}`
            : lock.pid !== null
              ? `process ${lock.pid}`
              : "another process";
        return {
            code: "LOCKED",
            message: `The package system is locked by ${who}${lock.lockFile ? ` (${lock.lockFile})` : ""}`,
            details: {
                pid: lock.pid,
                command: lock.command,
                commandLine: lock.commandLine,
                lockFile: lock.lockFile,
                aptMessage: errors[0] ?? null,
            },
        };
    }
    if (isDpkgInterruptedMessage(all)) {
        return {
            code: "DPKG_INTERRUPTED",
            message: "An earlier dpkg run was interrupted; run repair (dpkg --configure -a) first",
            details: { aptMessage: errors[0] ?? null },
        };
    }
    const missing = errors
        .map((e) => /^Unable to locate package (.+)$/.exec(e)?.[1])
        .filter((n): n is string => n !== undefined);
    if (missing.length > 0) {
        return {
            code: "PACKAGE_NOT_FOUND",
            message: `Package not found: ${missing.join(", ")}`,
            details: { name: missing[0], names: missing },
        };
    }
    if (out.packageErrors.length > 0) {
        const first = out.packageErrors[0] as { package: string; message: string };
        return {
            code: "OPERATION_FAILED",
            message: `${first.package}: ${first.message}`,
            details: {
                package: first.package,
                dpkgMessage: first.message,
                packages: out.packageErrors,
                aptMessage: errors.join("\n") || null,
            },
        };
    }
    const message = errors.join("\n") || `apt-get exited with status ${out.exitCode ?? "unknown"}`;
    return {
        code: "OPERATION_FAILED",
        message,
        details: { aptMessage: errors.join("\n") || null, exitStatus: out.exitCode },
    };
}

/**
 * `apt-get update` with repositories that could not be fetched. APT keeps the
 * previous lists of those (it only replaces a list when the new one verified),
 * prints "Err:N <uri> <dist> <what>" with the reason on the next line, and
 * "W:/E: Failed to fetch <url>  <reason>" at the end.
 */
export function failedRepositories(stdout: string, stderr: string): Array<{ uri: string; message: string }> {
    const failed = new Map<string, string>();
    const lines = stdout.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const m = /^Err:\d+ (\S+) (.*)$/.exec(lines[i] as string);
        if (!m) continue;
        const reason = (lines[i + 1] ?? "").trim();
        failed.set(`${m[1]} ${m[2]}`.trim(), reason);
    }
    for (const line of stderr.split("\n")) {
        const m = /^[WE]: Failed to fetch (\S+)\s+(.*)$/.exec(line);
        if (!m) continue;
        const url = m[1] as string;
        if (![...failed.keys()].some((k) => url.startsWith(k.split(" ")[0] as string)))
            failed.set(url, (m[2] as string).trim());
    }
    return [...failed.entries()].map(([uri, message]) => ({ uri, message }));
}
