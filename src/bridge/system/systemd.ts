// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * systemd, when it runs this system: sd_booted()'s test (/run/systemd/system
 * exists), under the system root so tests can say either. Without it there is
 * nothing to restart services, reboot or run timers with, and the page says so.
 */
import fs from "node:fs";
import { BridgeError } from "../cli/errors.js";
import { execProgram } from "./exec.js";
import { hostPath } from "./root.js";

export function systemdAvailable(): boolean {
    try {
        return fs.statSync(hostPath("/run/systemd/system")).isDirectory();
    } catch {
        return false;
    }
}

export function requireSystemd(): void {
    if (!systemdAvailable()) {
        throw new BridgeError(
            "OPERATION_FAILED",
            "systemd is not running on this system: services, reboots and timers cannot be managed here",
            { systemd: false }
        );
    }
}

/** Unit names as systemd allows them (unit_name_is_valid), services only, and never an option. */
const SERVICE_UNIT = /^[A-Za-z0-9:_.\\@-]{1,250}\.service$/;

export function validateServiceUnit(value: string): string {
    if (!SERVICE_UNIT.test(value) || value.startsWith("-")) {
        throw new BridgeError("INVALID_ARGUMENT", `Invalid service name ${JSON.stringify(value.slice(0, 100))}`, {
            unit: value.slice(0, 100),
            rule: "a systemd service name: letters, digits, ':', '_', '.', '\\', '@', '-', ending in .service",
        });
    }
    return value;
}

/** Cockpit's own services: restarting them ends the session that asked for it. */
export function isCockpitUnit(unit: string): boolean {
    return unit === "cockpit.service" || unit.startsWith("cockpit-wsinstance-") || unit.startsWith("cockpit-session");
}

export function systemctl(args: readonly string[]): { ok: boolean; message: string; stdout: string } {
    const r = execProgram("systemctl", args, { timeoutMs: 300_000 });
    if (r.missing) return { ok: false, message: "systemctl is not installed", stdout: "" };
    return { ok: r.status === 0, message: r.stderr.trim().slice(0, 2000), stdout: r.stdout };
}
