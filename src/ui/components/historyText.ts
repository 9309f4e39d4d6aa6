// SPDX-License-Identifier: LGPL-2.1-or-later
/* Words and dates shared by the History view and a package's History tab. */
import type { HistoryAction, HistoryEntry, HistoryPackage } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";

export function actionLabel(action: HistoryAction): string {
    switch (action) {
        case "install":
            return _("Installed");
        case "upgrade":
            return _("Upgraded");
        case "downgrade":
            return _("Downgraded");
        case "reinstall":
            return _("Reinstalled");
        case "remove":
            return _("Removed");
        case "purge":
            return _("Purged");
    }
}

export type LabelColor = "green" | "blue" | "orange" | "red" | "purple" | "grey";

export function actionColor(action: HistoryAction): LabelColor {
    switch (action) {
        case "install":
            return "green";
        case "upgrade":
            return "blue";
        case "downgrade":
            return "orange";
        case "reinstall":
            return "grey";
        default:
            return "red";
    }
}

/** The host's time as APT wrote it, in the browser's locale (the ISO string carries the host's offset). */
export function formatWhen(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Who ran it: unattended-upgrades, a user through sudo, or root. */
export function whoRan(e: HistoryEntry): string {
    if (e.automatic) return _("Automatic updates");
    if (e.requestedBy) return e.requestedBy;
    return _("root");
}

export function packageVersions(p: HistoryPackage): string {
    return p.oldVersion ? `${p.oldVersion} → ${p.version}` : p.version;
}

/** "2 installed, 5 upgraded" (in the order of ACTION_ORDER). */
export function entrySummary(e: HistoryEntry): string {
    const counts = new Map<HistoryAction, number>();
    for (const p of e.packages) counts.set(p.action, (counts.get(p.action) ?? 0) + 1);
    const parts: string[] = [];
    for (const a of ACTION_ORDER) {
        const n = counts.get(a);
        if (!n) continue;
        parts.push(fmt(countText(a, n), n));
    }
    return parts.join(", ") || _("No package changed");
}

export const ACTION_ORDER: readonly HistoryAction[] = [
    "install",
    "upgrade",
    "downgrade",
    "reinstall",
    "remove",
    "purge",
];

function countText(a: HistoryAction, n: number): string {
    switch (a) {
        case "install":
            return ngettext("$0 installed", "$0 installed", n);
        case "upgrade":
            return ngettext("$0 upgraded", "$0 upgraded", n);
        case "downgrade":
            return ngettext("$0 downgraded", "$0 downgraded", n);
        case "reinstall":
            return ngettext("$0 reinstalled", "$0 reinstalled", n);
        case "remove":
            return ngettext("$0 removed", "$0 removed", n);
        case "purge":
            return ngettext("$0 purged", "$0 purged", n);
    }
}

/**
 * The command line without its "-o Option=value" pairs: the page's own runs carry half a dozen
 * (non-interactive dpkg, status pipe); what was asked for is the rest. The whole line stays in a tooltip.
 */
export function shortCommand(commandLine: string): string {
    const words = commandLine.split(/\s+/).filter(Boolean);
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
        if (words[i] === "-o" && i + 1 < words.length) {
            i++;
            continue;
        }
        if (/^-o\S/.test(words[i] as string) || /^--option=/.test(words[i] as string)) continue;
        out.push(words[i] as string);
    }
    return out.join(" ");
}
