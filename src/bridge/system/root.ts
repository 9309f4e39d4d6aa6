// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The host paths that system status reads (/run, /boot, /lib/modules,
 * /proc/sys/kernel/osrelease, /etc/os-release) live under one root:
 * COCKPIT_APT_SYSTEM_ROOT in tests, "/" otherwise, the way
 * COCKPIT_APT_CACHE_DIR stands in for the cache directory.
 */
import path from "node:path";

export function systemRoot(): string {
    return process.env.COCKPIT_APT_SYSTEM_ROOT || "/";
}

/** An absolute host path ("/run/reboot-required") under the system root. */
export function hostPath(absolute: string): string {
    return path.join(systemRoot(), absolute);
}
