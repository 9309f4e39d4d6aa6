// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's `system` and `automatic-updates` commands as typed calls
 * (issue 14). Reads with superuser "try", changes with "require"; unit names
 * go after `--`.
 */
import type {
    AutomaticUpdatesPreview,
    AutomaticUpdatesResponse,
    AutomaticUpdatesSettings,
    RestartServicesResponse,
    SystemStatus,
} from "../../protocol/index.js";
import { callBridge, type CallOptions } from "./bridge.js";

type ReadOptions = Pick<CallOptions, "signal" | "attempts" | "backoffMs">;

/** `quick` leaves out needrestart (seconds): for the "Package lists updated" line. */
export function systemStatus(quick: boolean, options?: ReadOptions): Promise<SystemStatus> {
    return callBridge<SystemStatus>(["system", "status", ...(quick ? ["--quick"] : [])], options);
}

export function restartServices(units: string[], includeCockpit: boolean): Promise<RestartServicesResponse> {
    return callBridge<RestartServicesResponse>(
        ["system", "restart-services", ...(includeCockpit ? ["--include-cockpit"] : []), "--", ...units],
        { superuser: "require" }
    );
}

export function rebootSystem(): Promise<unknown> {
    return callBridge(["system", "reboot"], { superuser: "require" });
}

export function showAutomaticUpdates(options?: ReadOptions): Promise<AutomaticUpdatesResponse> {
    return callBridge<AutomaticUpdatesResponse>(["automatic-updates", "show"], options);
}

/** The argument vector of `automatic-updates set` (exported for tests). */
export function automaticUpdatesArgs(s: AutomaticUpdatesSettings): string[] {
    const args = [
        "automatic-updates",
        "set",
        `--mode=${s.mode}`,
        `--reboot=${s.reboot ? "on" : "off"}`,
        `--remove-unused=${s.removeUnused ? "on" : "off"}`,
    ];
    if (s.time) args.push(`--time=${s.time}`);
    if (s.rebootTime && s.rebootTime !== "now") args.push(`--reboot-time=${s.rebootTime}`);
    return args;
}

export function setAutomaticUpdates(s: AutomaticUpdatesSettings): Promise<AutomaticUpdatesResponse> {
    return callBridge<AutomaticUpdatesResponse>(automaticUpdatesArgs(s), { superuser: "require" });
}

export function previewAutomaticUpdates(): Promise<AutomaticUpdatesPreview> {
    return callBridge<AutomaticUpdatesPreview>(["automatic-updates", "preview"], { superuser: "require", attempts: 1 });
}
