// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where automatic updates are configured. Our settings are one file in APT's
 * apt.conf.d (Dir::Etc::parts, so a sandbox's APT_CONFIG moves it), named to
 * be read after Debian's 20auto-upgrades and 50unattended-upgrades; the time
 * of day is a drop-in for apt-daily-upgrade.timer under /etc/systemd/system
 * (COCKPIT_APT_SYSTEMD_DIR stands in for it in tests).
 */
import path from "node:path";
import type { AptConfig } from "../apt/config.js";

export const CONFIG_FILE_NAME = "52cockpit-apt-auto-upgrades";
export const TIMER_UNIT = "apt-daily-upgrade.timer";
export const DROP_IN_NAME = "cockpit-apt.conf";

export function configFilePath(config: AptConfig): string {
    return path.join(config.findDir("Dir::Etc::parts", "etc/apt/apt.conf.d/"), CONFIG_FILE_NAME);
}

export function systemdUnitDir(): string {
    return process.env.COCKPIT_APT_SYSTEMD_DIR || "/etc/systemd/system";
}

export function timerDropInPath(): string {
    return path.join(systemdUnitDir(), `${TIMER_UNIT}.d`, DROP_IN_NAME);
}

export const UNATTENDED_UPGRADE = "/usr/bin/unattended-upgrade";
