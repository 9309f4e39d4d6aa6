// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The disk space a change takes or frees, from the Installed-Size fields (KiB)
 * of the versions involved, the way APT sums it (pkgDepCache's UsrSize):
 * each version installed adds its size, each version replaced or removed
 * takes its own away. APT prints the sum rounded ("12.3 MB"); this is exact.
 * Returns null when one of the versions is not in the index (the caller
 * then falls back to APT's rounded figure).
 */
import type { OperationPreview, PreviewPackage } from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import type { DetailPackage, DetailVersion } from "../index/index-data.js";
import { findDetailPackage } from "../query/details.js";
import { readRecord } from "../query/records.js";

function findVersion(db: Database, pkg: DetailPackage, version: string, installed: boolean): DetailVersion | null {
    if (installed && pkg.current >= 0 && pkg.versions[pkg.current]?.version === version)
        return pkg.versions[pkg.current] as DetailVersion;
    return pkg.versions.find((v) => v.version === version) ?? null;
}

/** Installed-Size in KiB of one version; the installed one from dpkg's own record (what dpkg reports). */
function installedSizeKiB(db: Database, name: string, version: string, installed: boolean): number | null {
    let pkg: DetailPackage;
    try {
        pkg = findDetailPackage(db, name);
    } catch {
        return null;
    }
    const v = findVersion(db, pkg, version, installed);
    if (!v) return null;
    const refs = [...v.records].sort((a, b) => {
        const sa = db.table.meta.files[a[0]]?.isStatus ? 0 : 1;
        const sb = db.table.meta.files[b[0]]?.isStatus ? 0 : 1;
        return installed ? sa - sb : sb - sa;
    });
    for (const ref of refs) {
        const text = readRecord(db.detail(), ref)?.get("installed-size")?.trim();
        if (text !== undefined && /^\d+$/.test(text)) return Number(text);
    }
    // A version without the field counts 0, as in APT.
    return refs.length > 0 ? 0 : null;
}

export function diskSpaceChange(db: Database, preview: OperationPreview): number | null {
    let kib = 0;
    const add = (p: PreviewPackage, sign: 1 | -1, version: string | null, installed: boolean): boolean => {
        if (version === null) return true;
        const size = installedSizeKiB(db, p.name, version, installed);
        if (size === null) return false;
        kib += sign * size;
        return true;
    };
    for (const p of [...preview.install, ...preview.upgrade, ...preview.downgrade]) {
        if (!add(p, 1, p.newVersion, false) || !add(p, -1, p.oldVersion, true)) return null;
    }
    for (const p of [...preview.remove, ...preview.purge]) {
        if (!add(p, -1, p.oldVersion, true)) return null;
    }
    return kib * 1024;
}
