// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The last automatic run: unattended-upgrade's log (Unattended-Upgrade::LogDir,
 * default /var/log/unattended-upgrades/, file unattended-upgrades.log). Each
 * run starts with "Starting unattended upgrades script"; lines are
 * "2026-11-29 06:12:01,123 INFO message".
 */
import fs from "node:fs";
import path from "node:path";
import type { AutomaticUpdatesLastRun } from "../../protocol/index.js";
import type { AptConfig } from "../apt/config.js";

const MAX_LINES = 200;

export function logFilePath(config: AptConfig): string {
    const dir =
        config.find("Unattended-Upgrade::LogDir") ||
        config.find("APT::UnattendedUpgrades::LogDir") ||
        "/var/log/unattended-upgrades/";
    const name = config.find("Unattended-Upgrade::LogFile") || "unattended-upgrades.log";
    return path.join(dir, name);
}

export function lastRunIn(text: string, logFile: string): AutomaticUpdatesLastRun {
    const lines = text.split("\n");
    let start = -1;
    for (let i = lines.length - 1; i >= 0; i--) {
        if (/Starting unattended upgrades script/.test(lines[i] as string)) {
            start = i;
            break;
        }
    }
    if (start < 0) return { time: null, log: [], logFile };
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(lines[start] as string);
    let time: string | null = null;
    if (m) {
        const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
        time = new Date(y, mo - 1, d, h, mi, s).toISOString();
    }
    const log = lines
        .slice(start)
        .filter((l) => l.trim() !== "")
        .slice(0, MAX_LINES);
    return { time, log, logFile };
}

export function lastRun(config: AptConfig): AutomaticUpdatesLastRun {
    const file = logFilePath(config);
    try {
        return lastRunIn(fs.readFileSync(file, "utf8"), file);
    } catch {
        return { time: null, log: [], logFile: file };
    }
}
