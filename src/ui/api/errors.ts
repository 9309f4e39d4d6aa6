// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Errors of the bridge as the page sees them: the bridge's own codes (from
 * src/protocol) plus what can go wrong before the bridge answers (Cockpit
 * channel problems, output that is not JSON). Each one has a message a
 * person can act on; the bridge's technical message stays available as detail.
 */
import type { ErrorCode } from "../../protocol/index.js";
import { _, fmt } from "../cockpit.js";

export type UiErrorCode =
    | ErrorCode
    /** cockpit.spawn could not start the bridge (not installed / not in PATH). */
    | "BRIDGE_MISSING"
    /** The Cockpit connection broke or timed out. */
    | "DISCONNECTED"
    /** The bridge printed something that is not the JSON we expect. */
    | "BAD_OUTPUT"
    /** The bridge ended without its answer: killed by a signal, or a non-zero exit without JSON. */
    | "BRIDGE_STOPPED"
    /** The bridge gave no answer within the request's time limit (bridge.ts requestTimeouts). */
    | "TIMEOUT";

export class BridgeError extends Error {
    readonly code: UiErrorCode;
    readonly details: Record<string, unknown>;
    /** The bridge's (or Cockpit's) own message, for the "details" part of a notification. */
    readonly technical: string;
    /** Worth retrying a read: the failure is about the connection, not the request. */
    readonly transient: boolean;

    constructor(code: UiErrorCode, technical: string, details: Record<string, unknown> = {}, transient = false) {
        super(humanMessage(code, technical, details));
        this.name = "BridgeError";
        this.code = code;
        this.details = details;
        this.technical = technical;
        this.transient = transient;
    }
}

function detailString(details: Record<string, unknown>, key: string): string | null {
    const v = details[key];
    return typeof v === "string" || typeof v === "number" ? String(v) : null;
}

/** The sentence shown to the user for an error code. */
export function humanMessage(code: UiErrorCode, technical: string, details: Record<string, unknown> = {}): string {
    switch (code) {
        case "USAGE":
        case "INVALID_ARGUMENT":
            // These mean the page asked something the bridge refuses; the bridge's text says what.
            return fmt(_("The request was not accepted: $0"), technical);
        case "PACKAGE_NOT_FOUND": {
            const name = detailString(details, "name") ?? detailString(details, "package");
            return name
                ? fmt(_("Package $0 was not found in the package lists."), name)
                : _("The package was not found in the package lists.");
        }
        case "PACKAGE_NOT_INSTALLED":
            return _("This package is not installed.");
        case "STORE_NOT_FOUND":
            return _("This store is no longer installed.");
        case "STORE_DISABLED":
            return _("This store is disabled.");
        case "REPOSITORY_NOT_FOUND":
            return _("This repository is no longer configured.");
        case "APT_UNAVAILABLE":
            return _("APT could not be read on this system. Is this a Debian-based system with apt installed?");
        case "PERMISSION_DENIED":
            return _("Administrative access is required to change software.");
        case "LOCKED": {
            // Another operation of this page (started in another tab, or before this one was opened).
            const running = detailString(details, "operation");
            if (running) {
                const names = Array.isArray(details.names)
                    ? details.names.filter((n): n is string => typeof n === "string").join(" ")
                    : "";
                return fmt(
                    _("Another change is running ($0 $1). Wait for it to finish, then try again."),
                    running,
                    names
                );
            }
            const holder =
                detailString(details, "process") ?? detailString(details, "command") ?? detailString(details, "holder");
            const pid = detailString(details, "pid");
            if (holder && pid)
                return fmt(
                    _("Another package manager is running ($0, process $1). Wait for it to finish, then try again."),
                    holder,
                    pid
                );
            if (holder)
                return fmt(
                    _("Another package manager is running ($0). Wait for it to finish, then try again."),
                    holder
                );
            return _("Another package manager is running. Wait for it to finish, then try again.");
        }
        case "DPKG_INTERRUPTED":
            return _(
                "A previous package operation was interrupted. Repair the package system before making other changes."
            );
        case "OPERATION_FAILED":
            return technical ? fmt(_("The operation failed: $0"), technical) : _("The operation failed.");
        case "CANCELLED":
            return _("The operation was cancelled.");
        case "INTERNAL":
            return fmt(_("Internal error in cockpit-apt-bridge: $0"), technical);
        case "BRIDGE_MISSING":
            return _("cockpit-apt-bridge is not installed on this system. Reinstall the cockpit-apt package.");
        case "DISCONNECTED":
            return _("The connection to the system was interrupted.");
        case "BAD_OUTPUT":
            return _("cockpit-apt-bridge gave an answer that could not be read.");
        case "BRIDGE_STOPPED": {
            const signal = detailString(details, "signal");
            if (signal) return fmt(_("cockpit-apt-bridge stopped unexpectedly (signal $0)."), signal);
            const status = detailString(details, "exitStatus");
            return status
                ? fmt(_("cockpit-apt-bridge stopped unexpectedly (exit status $0)."), status)
                : _("cockpit-apt-bridge stopped unexpectedly.");
        }
        case "TIMEOUT": {
            const ms = Number(details.timeoutMs);
            return Number.isFinite(ms) && ms >= 1000
                ? fmt(_("cockpit-apt-bridge did not answer within $0 seconds."), Math.round(ms / 1000))
                : _("cockpit-apt-bridge did not answer in time.");
        }
    }
}

/** Any thrown value as a BridgeError (so components only handle one kind). */
export function toBridgeError(e: unknown): BridgeError {
    if (e instanceof BridgeError) return e;
    const message = e instanceof Error ? e.message : String(e);
    return new BridgeError("INTERNAL", message);
}
