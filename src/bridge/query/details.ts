// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `packages details NAME`: everything the details page shows, from the
 * index (versions, priorities, origins) and the version's own stanzas.
 */
import type {
    PackageDetails,
    PackageDetailsResponse,
    PackageOrigin,
    PackageSummary,
    PackageVersionInfo,
} from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import type { Database, KeptBackMode } from "../index/database.js";
import { repositoryId } from "../index/database.js";
import { longDescriptionOf, parseTags, summaryOf, type Stanza } from "../apt/deb822.js";
import type { DetailPackage, DetailVersion } from "../index/index-data.js";
import { relationsOf } from "../apt/relations.js";
import { readRecord, readTranslation } from "./records.js";
import { conffilePaths } from "../apt/residual.js";
import type { AppJoin } from "./app-join.js";

export function findDetailPackage(db: Database, name: string): DetailPackage {
    const native = db.nativeArch;
    // "name:native" and "name:all" are the plain name.
    const key = name.endsWith(`:${native}`) || name.endsWith(":all") ? name.slice(0, name.lastIndexOf(":")) : name;
    const pkg = db.detail().find(key);
    if (!pkg || pkg.versions.length === 0) {
        throw new BridgeError("PACKAGE_NOT_FOUND", `Package ${JSON.stringify(name)} is not known to APT`, { name });
    }
    return pkg;
}

function numberOrNull(v: string | undefined): number | null {
    if (v === undefined || !/^\d+$/.test(v.trim())) return null;
    return Number(v.trim());
}

/** The stanzas of a version: repository records first, dpkg's status record last. */
function stanzasOf(db: Database, v: DetailVersion): { list: Stanza | null; status: Stanza | null } {
    let list: Stanza | null = null;
    let status: Stanza | null = null;
    for (const ref of v.records) {
        const isStatus = db.table.meta.files[ref[0]]?.isStatus ?? false;
        if (isStatus ? status : list) continue;
        const s = readRecord(db.detail(), ref);
        if (isStatus) status = s;
        else list = s;
    }
    return { list, status };
}

/** Debian's Packages carry only the summary: the long text is in dpkg's status (if installed) or Translation-*. */
function longDescription(db: Database, v: DetailVersion, stanzas: Array<Stanza | null>): string {
    for (const s of stanzas) {
        const own = longDescriptionOf(s?.get("description"));
        if (own) return own;
    }
    if (!v.translation) return "";
    const t = readTranslation(db.detail(), v.translation);
    if (!t) return "";
    for (const [k, value] of t) if (k.startsWith("description-")) return longDescriptionOf(value);
    return "";
}

/**
 * `apps`: AppStream data to join (app-join.ts); a package with an app gains `app`. `keptBack`
 * "known": an update's reason to be kept back only as far as it is known without asking APT,
 * and `keptBackPending` when APT has yet to be asked.
 */
export function packageDetailsResponse(
    db: Database,
    name: string,
    apps?: AppJoin,
    keptBack: KeptBackMode = "ask"
): PackageDetailsResponse {
    const pkg = findDetailPackage(db, name);
    const row = db.table.find(pkg.name);
    // An update says why "Upgrade all" would keep it back (APT's simulation: asked only for an update).
    const keptBackPending = row >= 0 && db.table.isUpgradable(row) && !db.withKeptBack(keptBack);
    const summary: PackageSummary | undefined = row >= 0 ? db.table.summary(row) : undefined;
    const shownIdx = pkg.candidate >= 0 ? pkg.candidate : pkg.current >= 0 ? pkg.current : 0;
    const shown = pkg.versions[shownIdx] as DetailVersion;
    const { list, status } = stanzasOf(db, shown);
    const stanza = (list ?? status ?? new Map()) as Stanza;
    const installedStanza = pkg.current >= 0 ? stanzasOf(db, pkg.versions[pkg.current] as DetailVersion).status : null;

    const versions: PackageVersionInfo[] = pkg.versions.map((v, i) => ({
        version: v.version,
        architecture: v.arch,
        priority: v.priority,
        installed: i === pkg.current,
        candidate: i === pkg.candidate,
        sources: v.files.map((f) => {
            const file = db.table.meta.files[f];
            const o: PackageOrigin =
                file && file.origin >= 0
                    ? (db.table.meta.origins[file.origin] as PackageOrigin)
                    : { origin: "", label: "", suite: "now", codename: "", component: "now", site: "" };
            return {
                ...o,
                repository: file && file.origin >= 0 ? repositoryId(o) : null,
                priority: file?.priority ?? 0,
                local: file?.isStatus ?? false,
            };
        }),
    }));

    const base: Omit<PackageSummary, "app"> = summary ?? {
        name: pkg.name,
        architecture: shown.arch,
        summary: summaryOf(stanza.get("description")),
        section: stanza.get("section") ?? "",
        installedVersion: null,
        candidateVersion: null,
        upgradable: false,
        origin: null,
        repository: null,
        tags: parseTags(stanza.get("tag")),
        essential: false, // set from the stanza below
        security: false,
        held: false,
        keptBack: null,
        phasedPercentage: null,
    };
    const installedSize = numberOrNull((installedStanza ?? stanza).get("installed-size"));
    const app = apps?.has(pkg.name) ? apps.details(pkg.name) : undefined;
    const details: PackageDetails = {
        ...base,
        description: longDescription(db, shown, [list, status, installedStanza]),
        maintainer: stanza.get("maintainer") ?? "",
        homepage: stanza.get("homepage") ?? null,
        priority: stanza.get("priority") ?? "",
        source: (stanza.get("source") ?? pkg.name.split(":")[0] ?? "").split(" ")[0] ?? "",
        size: list ? numberOrNull(list.get("size")) : null,
        installedSize,
        filename: list?.get("filename") ?? null,
        multiArch: stanza.get("multi-arch") ?? null,
        essential: (stanza.get("essential") ?? "").toLowerCase() === "yes",
        status: pkg.state,
        // dpkg keeps conffiles on removal (state config-files); only a purge takes them.
        keepsConfiguration: pkg.current >= 0 && conffilePaths(installedStanza?.get("conffiles")).length > 0,
        automaticallyInstalled: pkg.auto,
        relations: relationsOf(stanza),
        versions,
        ...(app ? { app } : {}),
    };
    return { package: details, ...(keptBackPending ? { keptBackPending: true as const } : {}) };
}
