// SPDX-License-Identifier: LGPL-2.1-or-later
import type { ErrorCode } from "../../protocol/index.js";

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
