// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT's history log (apt-pkg/deb/dpkgpm.cc, WriteHistoryTag and friends):
 * one entry per run, entries separated by a blank line, fields in this order:
 *
 *   Start-Date: 2026-11-29  13:33:16          local time, two spaces
 *   Commandline: apt-get install nginx        absent for PackageKit / python-apt
 *   Requested-By: alice (1000)                only when run through sudo / pkexec
 *   Install: nginx:amd64 (1.22.1-9), libx:amd64 (2.0, automatic)
 *   Upgrade: curl:amd64 (7.88.1-10, 7.88.1-10+deb12u5)        (old, new)
 *   Downgrade: ... (old, new)   Reinstall: ... (version)   Remove: / Purge: ... (version)
 *   Error: Sub-process /usr/bin/dpkg returned an error code (1)
 *   End-Date: 2026-11-29  13:33:20
 *
 * The last entry of the live log may have no End-Date (a run in progress, or
 * one the machine died in): it is kept with `end: null`. Lines that are not
 * "Field: value", fields outside an entry, and entries without a readable
 * Start-Date are skipped, so a damaged log costs only its damaged entries.
 */
import type { HistoryAction, HistoryEntry, HistoryPackage } from "../../protocol/index.js";

const ACTIONS: ReadonlyMap<string, HistoryAction> = new Map([
    ["install", "install"],
    ["upgrade", "upgrade"],
    ["downgrade", "downgrade"],
    ["reinstall", "reinstall"],
    ["remove", "remove"],
    ["purge", "purge"],
]);

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2026-11-29  13:33:16" (the host's local time) as ISO 8601 with the host's offset at that moment, or null. */
export function localDateToIso(text: string): string | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
    if (!m) return null;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
    const date = new Date(y, mo - 1, d, h, mi, s);
    if (Number.isNaN(date.getTime())) return null;
    const offset = -date.getTimezoneOffset();
    const sign = offset < 0 ? "-" : "+";
    const abs = Math.abs(offset);
    return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "nginx:amd64 (1.22.1-9), libx:amd64 (2.0, automatic)" -> packages; a cut-off last item is dropped. */
export function parsePackageList(action: HistoryAction, value: string): HistoryPackage[] {
    const out: HistoryPackage[] = [];
    for (const m of value.matchAll(/(?:^|,\s*)([^\s,()]+) \(([^()]*)\)/g)) {
        const full = m[1] as string;
        const colon = full.indexOf(":");
        const name = colon >= 0 ? full.slice(0, colon) : full;
        const architecture = colon >= 0 ? full.slice(colon + 1) : "";
        const parts = (m[2] as string).split(",").map((p) => p.trim());
        const automatic = parts.includes("automatic");
        const versions = parts.filter((p) => p !== "automatic" && p !== "");
        if (versions.length === 0 || !name) continue;
        const twoVersions = action === "upgrade" || action === "downgrade";
        if (twoVersions && versions.length >= 2) {
            out.push({
                name,
                architecture,
                action,
                version: versions[1] as string,
                oldVersion: versions[0] as string,
                automatic,
            });
        } else {
            out.push({ name, architecture, action, version: versions[0] as string, oldVersion: null, automatic });
        }
    }
    return out;
}

/** unattended-upgrades writes "Commandline: /usr/bin/unattended-upgrade" and no Requested-By. */
export function isUnattendedUpgrade(commandLine: string | null): boolean {
    if (!commandLine) return false;
    const program = commandLine.trim().split(/\s+/)[0] ?? "";
    const base = program.slice(program.lastIndexOf("/") + 1);
    return base === "unattended-upgrade" || base === "unattended-upgrades";
}

/** The entries of one history file, oldest first (the order APT appends them in). */
export function parseHistoryLog(text: string): HistoryEntry[] {
    const entries: HistoryEntry[] = [];
    let current: HistoryEntry | null = null;
    const close = () => {
        if (current) entries.push(current);
        current = null;
    };
    for (const raw of text.split("\n")) {
        const line = raw.replace(/\r$/, "");
        const colon = line.indexOf(": ");
        if (colon <= 0) continue;
        const field = line.slice(0, colon);
        const value = line.slice(colon + 2).trim();
        if (field === "Start-Date") {
            close();
            const start = localDateToIso(value);
            if (start)
                current = {
                    start,
                    end: null,
                    commandLine: null,
                    requestedBy: null,
                    requestedByUid: null,
                    automatic: false,
                    packages: [],
                    error: null,
                };
            continue;
        }
        const entry = current as HistoryEntry | null;
        if (!entry) continue;
        const action = ACTIONS.get(field.toLowerCase());
        if (action && /^[A-Z][a-z]+$/.test(field)) {
            entry.packages.push(...parsePackageList(action, value));
            continue;
        }
        switch (field) {
            case "Commandline":
                entry.commandLine = value;
                entry.automatic = isUnattendedUpgrade(value);
                break;
            case "Requested-By": {
                const m = /^(.*?)\s*\((\d+)\)$/.exec(value);
                entry.requestedBy = m ? (m[1] as string) : value;
                entry.requestedByUid = m ? Number(m[2]) : null;
                break;
            }
            case "Error":
                entry.error = entry.error ? `${entry.error}\n${value}` : value;
                break;
            case "End-Date":
                entry.end = localDateToIso(value);
                close();
                break;
            default:
                // Fields of newer APTs (or garbage): ignored.
                break;
        }
    }
    close();
    return entries;
}
