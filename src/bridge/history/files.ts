// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where the history is: Dir::Log::History (apt-config, so APT_CONFIG is
 * honoured; relative to Dir::Log) and the files logrotate made of it beside
 * it: history.log.1, history.log.2.gz, ... (Debian's /etc/logrotate.d/apt,
 * `compress`, maybe `delaycompress`) or history.log-20261101.gz (`dateext`).
 * Compressed ones are read with Node's zlib.
 */
import fs from "node:fs";
import path from "node:path";
import { zlib } from "../lazy-modules.js";
import { compareText } from "../text-order.js";

export interface HistoryFile {
    path: string;
    compressed: boolean;
}

/** The live log and its rotations, newest first. */
export function historyFiles(logFile: string): HistoryFile[] {
    const dir = path.dirname(logFile);
    const base = path.basename(logFile);
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        return [];
    }
    const numbered: Array<{ n: number; name: string }> = [];
    const dated: Array<{ date: string; name: string }> = [];
    let live: string | null = null;
    for (const name of names) {
        if (!name.startsWith(base)) continue;
        const rest = name.slice(base.length).replace(/\.gz$/, "");
        if (name === base) live = name;
        else if (/^\.\d+$/.test(rest)) numbered.push({ n: Number(rest.slice(1)), name });
        else if (/^-\d{8}(\d{2})?$/.test(rest)) dated.push({ date: rest.slice(1), name });
    }
    numbered.sort((a, b) => a.n - b.n || compareText(a.name, b.name));
    dated.sort((a, b) => compareText(b.date, a.date));
    const ordered = [...(live ? [live] : []), ...numbered.map((x) => x.name), ...dated.map((x) => x.name)];
    return ordered.map((name) => ({ path: path.join(dir, name), compressed: name.endsWith(".gz") }));
}

/** The text of one file, or null when it cannot be read (gone since the listing, unreadable, corrupt). */
export function readHistoryFile(file: HistoryFile): string | null {
    try {
        const data = fs.readFileSync(file.path);
        return (file.compressed ? zlib().gunzipSync(data) : data).toString("utf8");
    } catch {
        return null;
    }
}
