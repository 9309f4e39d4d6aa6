// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * When APT last did things, from its own files (paths through apt-config, so
 * APT_CONFIG is honoured):
 * - the package lists: the newest mtime of the lists directory's Release
 *   files, its partial/ directory (apt-get update works there even when every
 *   index is unchanged) and apt.systemd.daily's update-success-stamp;
 * - the last upgrade: the last entry of the history log with an "Upgrade:"
 *   line, skipping `unattended-upgrade --dry-run`, which logs its simulated
 *   transactions there too (measured on Debian 12 with unattended-upgrades 2.9).
 */
import fs from "node:fs";
import path from "node:path";
import type { AptConfig } from "../apt/config.js";

function mtime(file: string): number {
    try {
        return fs.statSync(file).mtimeMs;
    } catch {
        return 0;
    }
}

export function listsUpdated(config: AptConfig): string | null {
    const lists = config.findDir("Dir::State::lists");
    let newest = 0;
    try {
        for (const f of fs.readdirSync(lists)) {
            if (f.endsWith("_Release") || f.endsWith("_InRelease"))
                newest = Math.max(newest, mtime(path.join(lists, f)));
        }
    } catch {
        return null;
    }
    newest = Math.max(newest, mtime(path.join(lists, "partial")));
    newest = Math.max(newest, mtime(path.join(config.findDir("Dir::State"), "periodic/update-success-stamp")));
    return newest > 0 ? new Date(newest).toISOString() : null;
}

/** "2026-11-29  13:44:33" (local time, as APT writes it) -> ISO 8601. */
export function parseHistoryDate(text: string): string | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
    if (!m) return null;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const date = new Date(y, mo - 1, d, h, mi, s);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The End-Date (else Start-Date) of the last real transaction that upgraded packages in a history log's text. */
export function lastUpgradeIn(historyText: string): string | null {
    let found: string | null = null;
    for (const entry of historyText.split(/\n\s*\n/)) {
        const field = (name: string) => new RegExp(`^${name}: (.*)$`, "m").exec(entry)?.[1] ?? null;
        if (field("Upgrade") === null) continue;
        if (/--dry-run\b|--simulate\b/.test(field("Commandline") ?? "")) continue;
        const when = parseHistoryDate(field("End-Date") ?? field("Start-Date") ?? "");
        if (when) found = when;
    }
    return found;
}

export function historyLogPath(config: AptConfig): string {
    return config.findFile("Dir::Log::History", "var/log/apt/history.log") || "/var/log/apt/history.log";
}

export function lastUpgrade(config: AptConfig): string | null {
    let text: string;
    try {
        text = fs.readFileSync(historyLogPath(config), "utf8");
    } catch {
        return null;
    }
    return lastUpgradeIn(text);
}
