/* Small formatting helpers shared by the components. */
import { _, fmt } from "../cockpit.js";

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
    const what = names.length === 1 ? names[0]! : names.length > 1 ? fmt(_("$0 packages"), names.length) : "";
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
