// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which archives are security archives, from their Release data (the same
 * rule unattended-upgrades' default origins express): Debian's security
 * archive is labelled "Debian-Security" (Suite "stable-security", Codename
 * "bookworm-security"); Ubuntu's is the "-security" pocket (Suite
 * "noble-security"); derivatives and mirrors keep one of the two.
 */
import type { PackageOrigin } from "../../protocol/index.js";

export function isSecurityOrigin(o: Pick<PackageOrigin, "label" | "suite" | "codename">): boolean {
    return o.label === "Debian-Security" || o.suite.endsWith("-security") || o.codename.endsWith("-security");
}
