// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which origins "security updates" means, per distribution, as
 * Unattended-Upgrade::Origins-Pattern entries (${distro_codename} is expanded
 * by unattended-upgrade itself). Debian 12 publishes its security archive as
 * codename "bookworm-security" and label "Debian-Security"; older releases
 * used the plain codename, hence both. Ubuntu's is the -security pocket.
 * "All updates" is every origin, third-party repositories included, as
 * Cockpit's dnf card means it.
 */
import fs from "node:fs";
import { hostPath } from "../system/root.js";

export type Distribution = "debian" | "ubuntu";

export function distribution(): Distribution {
    let text = "";
    try {
        text = fs.readFileSync(hostPath("/etc/os-release"), "utf8");
    } catch {
        try {
            text = fs.readFileSync(hostPath("/usr/lib/os-release"), "utf8");
        } catch {
            /* assume Debian */
        }
    }
    const value = (key: string) => (new RegExp(`^${key}=("?)([^"\\n]*)\\1$`, "m").exec(text)?.[2] ?? "").toLowerCase();
    return value("ID") === "ubuntu" || value("ID_LIKE").split(/\s+/).includes("ubuntu") ? "ubuntu" : "debian";
}

export function securityPatterns(distro: Distribution): string[] {
    if (distro === "ubuntu") return ["origin=Ubuntu,archive=${distro_codename}-security,label=Ubuntu"];
    return [
        "origin=Debian,codename=${distro_codename},label=Debian-Security",
        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security",
    ];
}

export const ALL_PATTERNS = ["origin=*"];

/** Patterns (or Allowed-Origins "origin:archive" entries) that all name a security archive. */
export function onlySecurity(patterns: readonly string[]): boolean {
    return patterns.length > 0 && patterns.every((p) => /security/i.test(p));
}
