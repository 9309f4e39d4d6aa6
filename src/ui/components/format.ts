// SPDX-License-Identifier: LGPL-2.1-or-later
/* Small formatting helpers shared by the components. */
import { _, fmt, ngettext } from "../cockpit.js";

let numberFormat: { language: string | undefined; format: Intl.NumberFormat } | null = null;

/**
 * A count as the user's locale writes it ("30,979", "30.979", "30 979"): the
 * one way every number of packages, files or relations is shown on the page.
 * The locale is Cockpit's chosen language, else the browser's.
 */
export function formatCount(n: number): string {
    const language = window.cockpit?.language || undefined;
    if (!numberFormat || numberFormat.language !== language) {
        let format: Intl.NumberFormat;
        try {
            format = new Intl.NumberFormat(language);
        } catch {
            // A language tag Intl does not know: the browser's own locale.
            format = new Intl.NumberFormat();
        }
        numberFormat = { language, format };
    }
    return numberFormat.format.format(n);
}

/** Bytes as "1.2 MB" (decimal units, like apt). */
export function formatBytes(bytes: number): string {
    const abs = Math.abs(bytes);
    const sign = bytes < 0 ? "-" : "";
    if (abs < 1000) return `${sign}${abs} B`;
    const units = ["kB", "MB", "GB", "TB"];
    let v = abs;
    let unit = "B";
    for (const u of units) {
        if (v < 1000) break;
        v /= 1000;
        unit = u;
    }
    return `${sign}${v.toFixed(v < 10 ? 1 : 0)} ${unit}`;
}

export function operationTitle(kind: string, names: string[]): string {
    const what =
        names.length === 1
            ? names[0]!
            : names.length > 1
              ? fmt(ngettext("$0 package", "$0 packages", names.length), formatCount(names.length))
              : "";
    switch (kind) {
        case "install":
            return fmt(_("Install $0"), what);
        case "remove":
            return fmt(_("Remove $0"), what);
        case "purge":
            return fmt(_("Purge $0"), what);
        case "upgrade":
            return names.length ? fmt(_("Upgrade $0"), what) : _("Upgrade all packages");
        case "full-upgrade":
            return _("Full upgrade");
        case "update":
            return _("Update package lists");
        case "autoremove":
            return _("Remove unneeded packages");
        case "repair":
            return _("Repair the package system");
        default:
            return kind;
    }
}
