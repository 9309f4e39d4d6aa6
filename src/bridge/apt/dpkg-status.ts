// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dpkg's status file. "Installed" means what APT means (deblistparser.cc):
 * any state but not-installed and config-files — so half-installed, unpacked,
 * half-configured, triggers-awaiting and triggers-pending count as installed.
 */
import fs from "node:fs";
import { forEachStanza, type Stanza } from "./deb822.js";

export interface StatusEntry {
    name: string;
    architecture: string;
    version: string;
    /** want flag status, e.g. "install ok installed" */
    want: string;
    flag: string;
    state: string;
    stanza: Stanza;
    /** Character offsets of the stanza in the status file. */
    start: number;
    end: number;
}

const NOT_INSTALLED_STATES = new Set(["not-installed", "config-files"]);

export function isInstalledState(state: string): boolean {
    return !NOT_INSTALLED_STATES.has(state);
}

/** The fields statusEntry reads. */
export const STATUS_ENTRY_FIELDS = ["package", "status", "architecture", "version"] as const;

/** dpkg's Status field ("want flag state"), with dpkg's meaning of a missing part. */
export function statusField(value: string | undefined): { want: string; flag: string; state: string } {
    const [want = "unknown", flag = "ok", state = "not-installed"] = (value ?? "").split(/\s+/);
    return { want, flag, state };
}

/** One stanza of the status file as an entry, or null when it names no package. */
export function statusEntry(s: Stanza, start: number, end: number): StatusEntry | null {
    const name = s.get("package");
    if (!name) return null;
    const { want, flag, state } = statusField(s.get("status"));
    return {
        name,
        architecture: s.get("architecture") ?? "",
        version: s.get("version") ?? "",
        want,
        flag,
        state,
        stanza: s,
        start,
        end,
    };
}

export function parseStatus(text: string): StatusEntry[] {
    const entries: StatusEntry[] = [];
    forEachStanza(text, (s, start, end) => {
        const e = statusEntry(s, start, end);
        if (e) entries.push(e);
    });
    return entries;
}

export function readStatusText(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return ""; // a fresh root: nothing installed
        throw e;
    }
}

export function readStatus(file: string): StatusEntry[] {
    return parseStatus(readStatusText(file));
}

/** APT's extended_states: "Auto-Installed: 1" per (package, architecture). */
export function readExtendedStates(file: string): Set<string> {
    const auto = new Set<string>();
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return auto;
    }
    forEachStanza(text, (s) => {
        if (s.get("auto-installed") === "1") auto.add(`${s.get("package") ?? ""}:${s.get("architecture") ?? ""}`);
    });
    return auto;
}
