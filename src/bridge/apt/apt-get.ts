// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The apt-get command lines of every operation, in one place so that a
 * preview (`apt-get -s`) and the real run are the same command, and the
 * lists apt-get prints. Below the operations and the queries, which both
 * run apt-get.
 *
 * Names are validated by the caller (validatePackageName: no leading "-",
 * no spaces, "/" or shell characters) and always follow "--", which APT's
 * command-line parser honours as the end of options (cmndline.cc), so no
 * name can become an apt-get option.
 */
import type { OperationKind } from "../../protocol/index.js";

export type AptGetKind = Exclude<OperationKind, "repair">;

/** Options for every run: nothing may wait for a human (stdin is closed too). */
export const NONINTERACTIVE_OPTIONS: readonly string[] = [
    "-o",
    "Dpkg::Options::=--force-confdef",
    "-o",
    "Dpkg::Options::=--force-confold",
    // A pty would mix dpkg's output with terminal control codes; plain pipes keep lines clean.
    "-o",
    "Dpkg::Use-Pty=0",
    // Fail at once when locked (the page offers "Try again"); never wait silently.
    "-o",
    "DPkg::Lock::Timeout=0",
    "-o",
    "APT::Color=0",
];

/** The apt-get subcommand and its own options for an operation. */
export function aptGetCommand(kind: AptGetKind, names: readonly string[]): string[] {
    switch (kind) {
        case "install":
            return ["install", "--", ...names];
        case "remove":
            return ["remove", "--", ...names];
        case "purge":
            return ["purge", "--", ...names];
        case "upgrade":
            // Named packages: upgrade only those that are installed, never install new ones.
            if (names.length > 0) return ["install", "--only-upgrade", "--", ...names];
            // The whole system: `upgrade --with-new-pkgs` (what `apt upgrade` does), not
            // `dist-upgrade`. It installs new dependencies an upgrade needs but never removes an
            // installed package; dist-upgrade may remove packages to resolve conflicts, which a
            // one-click "upgrade all" must not do behind the administrator's back. Whatever
            // needs a removal is reported as held back (preview.heldBack) and can be upgraded
            // by name, where the preview shows the removal before anything happens.
            return ["upgrade", "--with-new-pkgs"];
        case "full-upgrade":
            // The page's "Full upgrade…", offered for the updates "Upgrade all" keeps back because
            // they need a removal; its preview (apt-get -s dist-upgrade) names every removal first.
            return ["dist-upgrade"];
        case "autoremove":
            return ["autoremove"];
        case "update":
            return ["update"];
    }
}

export function simulateArgs(kind: AptGetKind, names: readonly string[]): string[] {
    return [
        "-s",
        "-o",
        "APT::Get::Show-User-Simulation-Note=false",
        "-o",
        "APT::Color=0",
        ...aptGetCommand(kind, names),
    ];
}

export function runArgs(kind: AptGetKind, names: readonly string[]): string[] {
    const yes = kind === "update" ? [] : ["-y"];
    return [...yes, "-o", "APT::Status-Fd=3", ...NONINTERACTIVE_OPTIONS, ...aptGetCommand(kind, names)];
}

/** Environment for apt-get and dpkg: C locale for parseable output, no prompts. */
export function operationEnv(): NodeJS.ProcessEnv {
    return {
        ...process.env,
        LC_ALL: "C",
        LANG: "C",
        LANGUAGE: "",
        DEBIAN_FRONTEND: "noninteractive",
        DEBCONF_NONINTERACTIVE_SEEN: "true",
        APT_LISTCHANGES_FRONTEND: "none",
        APT_LISTBUGS_FRONTEND: "none",
        // needrestart's apt hook would otherwise ask which services to restart
        NEEDRESTART_MODE: "l",
        // our own APT hook (packaging/refresh-cache): the page, not the hook, asks what it shows next
        COCKPIT_APT_OPERATION: "1",
    };
}

/** `apt-get -f install`: the second step of repair, after `dpkg --configure -a`. */
export function repairArgs(): string[] {
    return ["-y", "-o", "APT::Status-Fd=3", ...NONINTERACTIVE_OPTIONS, "install", "-f"];
}

/** `apt-get install --reinstall` of exactly these packages: repair's way back for half-installed ones. */
export function reinstallArgs(names: readonly string[], simulate = false): string[] {
    return [
        ...(simulate ? ["-s"] : ["-y", "-o", "APT::Status-Fd=3"]),
        ...NONINTERACTIVE_OPTIONS,
        "install",
        "--reinstall",
        "--",
        ...names,
    ];
}

/** The indented package list that follows a heading line, until the next unindented line (APT's ShowList). */
export function listAfter(lines: readonly string[], heading: RegExp): string[] {
    const start = lines.findIndex((l) => heading.test(l));
    if (start < 0) return [];
    const names: string[] = [];
    for (let i = start + 1; i < lines.length; i++) {
        const line = lines[i] as string;
        if (!/^\s/.test(line) || line.trim() === "") break;
        names.push(...line.trim().split(/\s+/));
    }
    return names;
}
