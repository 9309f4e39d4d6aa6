// SPDX-License-Identifier: LGPL-2.1-or-later
import type { ErrorCode, ErrorResponse } from "../../protocol/index.js";

/**
 * The one error type commands throw. main.ts turns it into the protocol's
 * ErrorResponse and a non-zero exit status; anything else becomes INTERNAL.
 */
export class BridgeError extends Error {
    readonly code: ErrorCode;
    readonly details: Record<string, unknown> | undefined;

    constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
        super(message);
        this.name = "BridgeError";
        this.code = code;
        this.details = details;
    }
}

/** Exit status per error code, so shell callers can tell usage errors from failures. */
export function exitStatusFor(code: ErrorCode): number {
    switch (code) {
        case "USAGE":
        case "INVALID_ARGUMENT":
            return 2;
        case "PACKAGE_NOT_FOUND":
        case "PACKAGE_NOT_INSTALLED":
        case "STORE_NOT_FOUND":
        case "REPOSITORY_NOT_FOUND":
            return 3;
        case "PERMISSION_DENIED":
            return 4;
        case "LOCKED":
        case "DPKG_INTERRUPTED":
            return 5;
        default:
            return 1;
    }
}

/** The protocol's answer to a failed request, and the exit status; an error not ours is INTERNAL (and logged on stderr). */
export function errorResponse(e: unknown): { body: ErrorResponse; status: number } {
    if (e instanceof BridgeError) {
        const body: ErrorResponse = { error: { code: e.code, message: e.message } };
        if (e.details) body.error.details = e.details;
        return { body, status: exitStatusFor(e.code) };
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`cockpit-apt-bridge: internal error: ${e instanceof Error && e.stack ? e.stack : message}\n`);
    return { body: { error: { code: "INTERNAL", message } }, status: 1 };
}
