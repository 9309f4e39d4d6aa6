// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whether an earlier dpkg run was interrupted. Two signs, both checked before
 * a change is started so that a new change is never stacked on a half-done one:
 *
 * - dpkg's journal (<admindir>/updates/ holds numbered files): exactly what
 *   APT checks (debSystem::CheckUpdates) before it refuses with "dpkg was
 *   interrupted, you must manually run 'dpkg --configure -a'";
 * - packages dpkg left between states (half-installed, unpacked,
 *   half-configured, triggers-awaited): APT would try to finish them as a side
 *   effect of an unrelated install, and a failing maintainer script would then
 *   fail the user's change with someone else's error. `repair` finishes them
 *   explicitly instead.
 */
import fs from "node:fs";
import path from "node:path";
import { parseStatus, readStatus, type StatusEntry } from "../apt/dpkg-status.js";

export const UNFINISHED_STATES = new Set(["half-installed", "unpacked", "half-configured", "triggers-awaited"]);

export interface InterruptedState {
    /** dpkg's journal is not empty. */
    journal: boolean;
    /** Packages left in an unfinished state, as "name (state)". */
    packages: Array<{ name: string; architecture: string; state: string }>;
}

export function interruptedState(statusFile: string): InterruptedState | null {
    const updates = path.join(path.dirname(statusFile), "updates");
    let journal = false;
    try {
        // dpkg's journal entries are named by digits only; "tmp.i" is dpkg's own scratch file.
        journal = fs.readdirSync(updates).some((n) => /^\d+$/.test(n));
    } catch {
        /* no updates directory: nothing pending */
    }
    const packages = statusWithJournal(statusFile)
        .filter((e) => UNFINISHED_STATES.has(e.state))
        .map((e) => ({ name: e.name, architecture: e.architecture, state: e.state }));
    return journal || packages.length > 0 ? { journal, packages } : null;
}

/** APT's own refusal when the journal is dirty. */
export function isDpkgInterruptedMessage(text: string): boolean {
    return /dpkg was interrupted, you must manually run '[^']*dpkg --configure -a'/.test(text);
}

/**
 * dpkg's view of the packages: the status file with its journal (<admindir>/updates/NNNN, one
 * stanza each, applied in order) on top, as dpkg itself reads them. After an interrupted run the
 * journal holds the newest state (e.g. "install reinstreq half-installed") that the status file lacks.
 */
export function statusWithJournal(statusFile: string): StatusEntry[] {
    const byKey = new Map(readStatus(statusFile).map((e) => [`${e.name}:${e.architecture}`, e]));
    const updates = path.join(path.dirname(statusFile), "updates");
    let names: string[] = [];
    try {
        names = fs
            .readdirSync(updates)
            .filter((n) => /^\d+$/.test(n))
            .sort();
    } catch {
        /* none */
    }
    for (const n of names) {
        try {
            for (const e of parseStatus(fs.readFileSync(path.join(updates, n), "utf8")))
                byKey.set(`${e.name}:${e.architecture}`, e);
        } catch {
            /* being replaced by dpkg */
        }
    }
    return [...byKey.values()];
}
