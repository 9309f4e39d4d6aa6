// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The time of day automatic updates run: apt-daily-upgrade.timer's
 * OnCalendar=, set by our drop-in (an empty OnCalendar= first removes the
 * unit's own 06:00, and RandomizedDelaySec=0 its random hour). The effective
 * value is read back through `systemctl cat`, where drop-ins of other names
 * sorting after ours (or in /run) can override it.
 */
import fs from "node:fs";
import { systemctl } from "../system/systemd.js";
import { TIMER_UNIT } from "./paths.js";

export function renderDropIn(time: string): string {
    return [
        "# The time of day automatic updates run, written by Cockpit's Software updates (APT) page (cockpit-apt).",
        "[Timer]",
        "OnCalendar=",
        `OnCalendar=*-*-* ${time}`,
        "RandomizedDelaySec=0",
        "",
    ].join("\n");
}

export interface CalendarSetting {
    values: string[];
    /** The file that last assigned OnCalendar=. */
    file: string;
}

/**
 * OnCalendar= in `systemctl cat` output ("# /path" before each file's text):
 * an empty assignment empties the list, others add to it.
 */
export function parseCalendar(catOutput: string): CalendarSetting {
    let file = "";
    let current = "";
    let section = "";
    let values: string[] = [];
    for (const raw of catOutput.split("\n")) {
        const line = raw.trim();
        const header = /^# (\/\S+)$/.exec(line);
        if (header) {
            current = header[1] as string;
            section = "";
            continue;
        }
        if (line.startsWith("#") || line.startsWith(";") || line === "") continue;
        const sec = /^\[(.+)\]$/.exec(line);
        if (sec) {
            section = sec[1] as string;
            continue;
        }
        const m = /^OnCalendar\s*=\s*(.*)$/.exec(line);
        if (!m || section !== "Timer") continue;
        const value = (m[1] as string).trim();
        values = value === "" ? [] : [...values, value];
        file = current;
    }
    return { values, file };
}

/** "*-*-* 04:00" or "*-*-* 04:00:00" -> "04:00"; anything else (Debian's "*-*-* 6:00" too, with its random delay) -> null. */
export function calendarTime(values: readonly string[]): string | null {
    if (values.length !== 1) return null;
    const m = /^(?:\*-\*-\*|daily)?\s*(\d{1,2}):(\d{2})(?::00)?$/.exec((values[0] as string).trim());
    if (!m) return null;
    return `${(m[1] as string).padStart(2, "0")}:${m[2] as string}`;
}

export function readTimerFromSystemd(): CalendarSetting | null {
    const r = systemctl(["cat", "--", TIMER_UNIT]);
    return r.ok ? parseCalendar(r.stdout) : null;
}

/** Our drop-in's time, when systemd cannot be asked. */
export function readOurDropIn(file: string): string | null {
    try {
        return calendarTime(parseCalendar(`# ${file}\n${fs.readFileSync(file, "utf8")}`).values);
    } catch {
        return null;
    }
}
