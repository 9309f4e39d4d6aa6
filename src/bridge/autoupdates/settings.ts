// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Automatic-updates settings as APT configuration: our file's text, our file
 * read back, and the effective values from `apt-config dump`.
 *
 *   off       APT::Periodic: no list updates, no downloads, no unattended-upgrade
 *   download  lists updated and upgrades downloaded daily, nothing installed
 *   security  unattended-upgrade with the security origins only
 *   all       unattended-upgrade with every origin
 *
 * Our file is read after Debian's 20auto-upgrades and 50unattended-upgrades;
 * the origin lists are emptied with #clear first, because a later file's list
 * entries are appended to the earlier ones, not put in their place.
 */
import fs from "node:fs";
import type { AutomaticUpdatesMode, AutomaticUpdatesSettings } from "../../protocol/index.js";
import type { AptConfig } from "../apt/config.js";
import { ALL_PATTERNS, onlySecurity, securityPatterns, type Distribution } from "./origins.js";

export const DEFAULT_SETTINGS: AutomaticUpdatesSettings = {
    mode: "off",
    time: null,
    reboot: false,
    rebootTime: null,
    removeUnused: false,
};

function quote(value: string): string {
    // APT's configuration has no escapes inside "..."; our values (patterns, HH:MM) never hold quotes.
    return `"${value.replace(/"/g, "")}"`;
}

export function renderConfig(s: AutomaticUpdatesSettings, distro: Distribution): string {
    const periodic = (key: string, on: boolean) => `APT::Periodic::${key} ${quote(on ? "1" : "0")};`;
    const installs = s.mode === "security" || s.mode === "all";
    const lines = [
        "// Automatic updates, written by Cockpit's Software updates (APT) page (cockpit-apt).",
        "// Read after 20auto-upgrades and 50unattended-upgrades; the page rewrites this file.",
        `// cockpit-apt-mode: ${s.mode}`,
        periodic("Update-Package-Lists", s.mode !== "off"),
        periodic("Download-Upgradeable-Packages", s.mode !== "off"),
        periodic("Unattended-Upgrade", installs),
    ];
    if (installs) {
        const patterns = s.mode === "security" ? securityPatterns(distro) : ALL_PATTERNS;
        lines.push(
            "#clear Unattended-Upgrade::Allowed-Origins;",
            "#clear Unattended-Upgrade::Origins-Pattern;",
            "Unattended-Upgrade::Origins-Pattern {",
            ...patterns.map((p) => `    ${quote(p)};`),
            "};"
        );
    }
    lines.push(`Unattended-Upgrade::Automatic-Reboot ${quote(s.reboot ? "true" : "false")};`);
    if (s.rebootTime !== null) lines.push(`Unattended-Upgrade::Automatic-Reboot-Time ${quote(s.rebootTime)};`);
    lines.push(`Unattended-Upgrade::Remove-Unused-Dependencies ${quote(s.removeUnused ? "true" : "false")};`);
    return lines.join("\n") + "\n";
}

const TRUE = ["1", "yes", "true", "with", "on", "enable"];

/** Our own file read back (the format renderConfig writes), null when there is none. */
export function readOurs(file: string): AutomaticUpdatesSettings | null {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return null;
    }
    const value = (key: string) =>
        new RegExp(`^${key.replace(/[:.]/g, "\\$&")}\\s+"([^"]*)";`, "mi").exec(text)?.[1] ?? null;
    const mode = /^\/\/ cockpit-apt-mode: (off|download|security|all)$/m.exec(text)?.[1] as
        AutomaticUpdatesMode | undefined;
    return {
        mode: mode ?? "off",
        // The time lives in the timer's drop-in (timer.ts).
        time: null,
        reboot: TRUE.includes((value("Unattended-Upgrade::Automatic-Reboot") ?? "").toLowerCase()),
        rebootTime: value("Unattended-Upgrade::Automatic-Reboot-Time"),
        removeUnused: TRUE.includes((value("Unattended-Upgrade::Remove-Unused-Dependencies") ?? "").toLowerCase()),
    };
}

/** APT::Periodic values: a number of days ("1"), "always", or off ("0", absent). */
function periodicOn(config: AptConfig, key: string): boolean {
    const v = config.find(`APT::Periodic::${key}`, "0").trim().toLowerCase();
    if (v === "always") return true;
    const n = Number.parseInt(v, 10);
    return Number.isFinite(n) && n > 0;
}

export function effectiveMode(config: AptConfig): AutomaticUpdatesMode {
    if (!config.findBool("APT::Periodic::Enable", true)) return "off";
    if (periodicOn(config, "Unattended-Upgrade")) {
        const patterns = [
            ...config.findList("Unattended-Upgrade::Origins-Pattern"),
            ...config.findList("Unattended-Upgrade::Allowed-Origins"),
        ];
        return onlySecurity(patterns) ? "security" : "all";
    }
    return periodicOn(config, "Download-Upgradeable-Packages") ? "download" : "off";
}

/** The effective settings except the time, which systemd owns (timer.ts). */
export function effectiveAptSettings(config: AptConfig): Omit<AutomaticUpdatesSettings, "time"> {
    const rebootTime = config.find("Unattended-Upgrade::Automatic-Reboot-Time");
    return {
        mode: effectiveMode(config),
        reboot: config.findBool("Unattended-Upgrade::Automatic-Reboot", false),
        rebootTime: rebootTime === "" ? null : rebootTime,
        removeUnused: config.findBool("Unattended-Upgrade::Remove-Unused-Dependencies", false),
    };
}

/** The configuration keys behind each setting, to find who else sets them. */
export const SETTING_KEYS: Record<Exclude<keyof AutomaticUpdatesSettings, "time">, string[]> = {
    mode: [
        "APT::Periodic::Unattended-Upgrade",
        "APT::Periodic::Download-Upgradeable-Packages",
        "APT::Periodic::Enable",
        "Unattended-Upgrade::Origins-Pattern",
        "Unattended-Upgrade::Allowed-Origins",
    ],
    reboot: ["Unattended-Upgrade::Automatic-Reboot"],
    rebootTime: ["Unattended-Upgrade::Automatic-Reboot-Time"],
    removeUnused: ["Unattended-Upgrade::Remove-Unused-Dependencies"],
};
