// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Packages dpkg keeps in the config-files state: removed, their conffiles
 * (and whatever their postrm would purge) left on the system until a purge.
 * `dpkg -l` shows them as "rc". Read from dpkg's status file itself, the one
 * of Dir::State::status, so sandboxes and APT_CONFIG are honoured.
 *
 * Only the stanzas in that state are parsed: the status file of a big
 * system is several megabytes and a handful of packages are residual.
 */
import path from "node:path";
import type { ResidualPackage } from "../../protocol/index.js";
import { forEachStanza, summaryOf, type Stanza } from "./deb822.js";
import { readStatusText, statusField } from "./dpkg-status.js";

export interface ResidualEntry extends ResidualPackage {
    /** The conffiles' paths on the managed system ("/etc/foo.conf"). */
    paths: string[];
}

/** "/etc/foo.conf 0123... [obsolete|remove-on-upgrade]" lines of a Conffiles field -> the paths. */
export function conffilePaths(field: string | undefined): string[] {
    const out: string[] = [];
    for (const raw of (field ?? "").split("\n")) {
        const line = raw.trim();
        if (!line.startsWith("/")) continue;
        // The path may hold spaces; the hash and the flags are the last words.
        const m = /^(.+?)\s+(?:[0-9a-f]{32}|newconffile)(?:\s+(?:obsolete|remove-on-upgrade))*$/.exec(line);
        out.push(path.posix.normalize(m ? (m[1] as string) : (line.split(/\s+/)[0] as string)));
    }
    return out;
}

function entryOf(s: Stanza, nativeArch: string | null): ResidualEntry | null {
    const name = s.get("package");
    if (!name || statusField(s.get("status")).state !== "config-files") return null;
    const architecture = s.get("architecture") ?? "";
    const foreign = nativeArch !== null && architecture !== "" && architecture !== "all" && architecture !== nativeArch;
    const paths = conffilePaths(s.get("conffiles"));
    return {
        name: foreign ? `${name}:${architecture}` : name,
        architecture,
        version: s.get("version") ?? s.get("config-version") ?? "",
        summary: summaryOf(s.get("description")),
        conffiles: paths.length,
        paths,
    };
}

/** Every package in config-files state, sorted by name. `nativeArch` decides which names need ":arch". */
export function residualPackages(statusFile: string, nativeArch: string | null): ResidualEntry[] {
    const text = readStatusText(statusFile);
    const out: ResidualEntry[] = [];
    const state = /^Status:[ \t]*\S+[ \t]+\S+[ \t]+config-files[ \t]*$/gim;
    let lastEnd = -1;
    for (let m = state.exec(text); m !== null; m = state.exec(text)) {
        if (m.index < lastEnd) continue;
        // The stanza around the match: from the blank line before it to the blank line after it.
        const before = text.lastIndexOf("\n\n", m.index);
        const start = before < 0 ? 0 : before + 2;
        const after = text.indexOf("\n\n", m.index);
        const end = after < 0 ? text.length : after + 1;
        lastEnd = end;
        forEachStanza(text.slice(start, end), (s) => {
            const e = entryOf(s, nativeArch);
            if (e) out.push(e);
        });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
