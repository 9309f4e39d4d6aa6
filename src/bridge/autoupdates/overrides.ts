// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who sets a configuration key after our file: APT reads $APT_CONFIG first,
 * then Dir::Etc::parts in order (file names of letters, digits, "_", "-", "."
 * without an extension or ending in ".conf"), then Dir::Etc::main
 * (apt-pkg/init.cc, contrib/fileutl.cc). A key's effective value comes from
 * the last file that sets it, so the last file read after ours that names it
 * is the one overriding us. Names are matched on their last word (a scope
 * `Unattended-Upgrade { Automatic-Reboot "1"; };` names it so too).
 */
import fs from "node:fs";
import path from "node:path";
import type { AptConfig } from "../apt/config.js";

const PART_NAME = /^[A-Za-z0-9_.-]+$/;

/** The files APT reads after `ours`, in order. */
export function filesReadAfter(config: AptConfig, ours: string): string[] {
    const dir = config.findDir("Dir::Etc::parts", "etc/apt/apt.conf.d/");
    let names: string[] = [];
    try {
        names = fs.readdirSync(dir);
    } catch {
        /* no parts */
    }
    const parts = names
        .filter((n) => PART_NAME.test(n) && (!n.includes(".") || n.endsWith(".conf")))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((n) => path.join(dir, n));
    const after = parts.filter((p) => p > ours && path.dirname(p) === path.dirname(ours));
    const main = config.findFile("Dir::Etc::main", "etc/apt/apt.conf");
    return fs.existsSync(main) ? [...after, main] : after;
}

function names(text: string, key: string): boolean {
    const word = key.split("::").pop() as string;
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // Not a longer name (Automatic-Reboot is not Automatic-Reboot-Time), and not in a // or # comment line.
    const re = new RegExp(`(^|[\\s:{;])${escaped}(?![A-Za-z0-9_-])`, "i");
    return text.split("\n").some((line) => !/^\s*(\/\/|#(?!clear|include))/.test(line) && re.test(line));
}

/** The last file read after ours that names one of `keys`, or "" when none does (then something like $APT_CONFIG does). */
export function overridingFile(files: readonly string[], keys: readonly string[]): string {
    let found = "";
    for (const f of files) {
        let text: string;
        try {
            text = fs.readFileSync(f, "utf8");
        } catch {
            continue;
        }
        if (keys.some((k) => names(text, k))) found = f;
    }
    return found;
}
