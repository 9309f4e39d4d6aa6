// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `packages dependencies NAME`: the relations of the candidate (or, without
 * one, the installed version), every alternative group kept, each target
 * looked up: a real package (installed / available, with its versions), a
 * virtual one (with the packages that provide it) or missing. Version
 * constraints are kept and checked against what is installed, the way APT
 * checks them: a versioned relation is met by the named package's version or
 * by a versioned Provides of the same version, never by a plain Provides.
 */
import type {
    DependenciesResponse,
    DependencyAlternative,
    PackageRelations,
    ResolvedDependencyAlternative,
} from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import type { DetailPackage, DetailVersion } from "../index/index-data.js";
import { bareName } from "../index/relation-index.js";
import { relationsOf } from "../apt/relations.js";
import { satisfiesRelation } from "../apt/version.js";
import type { Stanza } from "../apt/deb822.js";
import { findDetailPackage } from "./details.js";
import { readRecord } from "./records.js";

/** The version `dependencies` describes: candidate, else installed, else the newest known. */
export function describedVersion(pkg: DetailPackage): DetailVersion {
    const i = pkg.candidate >= 0 ? pkg.candidate : pkg.current >= 0 ? pkg.current : 0;
    return pkg.versions[i] as DetailVersion;
}

/** A version's stanza: a repository's record if there is one (what would be installed), else dpkg's. */
export function stanzaOfVersion(db: Database, v: DetailVersion, preferStatus = false): Stanza | null {
    const files = db.table.meta.files;
    const refs = [...v.records].sort(
        (a, b) => Number(files[a[0]]?.isStatus ?? false) - Number(files[b[0]]?.isStatus ?? false)
    );
    if (preferStatus) refs.reverse();
    for (const ref of refs) {
        const s = readRecord(db.detail(), ref);
        if (s) return s;
    }
    return null;
}

/** The listed name a relation's target has: "foo:any"/"foo:native"/"foo:<native arch>" are "foo". */
export function targetName(alt: DependencyAlternative, nativeArch: string): string {
    const name = bareName(alt.name);
    const arch = alt.architecture;
    if (!arch || arch === "any" || arch === "native" || arch === "all" || arch === nativeArch) return name;
    return `${name}:${arch}`;
}

function matches(version: string | null, alt: DependencyAlternative): boolean {
    if (version === null) return false;
    if (!alt.relation || !alt.version) return true;
    return satisfiesRelation(version, alt.relation, alt.version);
}

export class DependencyResolver {
    private readonly cache = new Map<string, Omit<ResolvedDependencyAlternative, keyof DependencyAlternative>>();

    constructor(private readonly db: Database) {}

    resolve(alt: DependencyAlternative): ResolvedDependencyAlternative {
        const { table } = this.db;
        const name = targetName(alt, this.db.nativeArch);
        const key = `${name}\u0000${alt.relation ?? ""}\u0000${alt.version ?? ""}`;
        let resolved = this.cache.get(key);
        if (!resolved) {
            const row = table.find(name);
            const summary = row >= 0 ? table.summary(row) : null;
            // Providers count only with a matching version for a versioned relation (APT's rule).
            const providers = this.db
                .detail()
                .relations()
                .providers(bareName(alt.name))
                .filter((p) => !alt.relation || (p.version !== "" && matches(p.version, alt)));
            const installedVersion = summary?.installedVersion ?? null;
            const state = summary
                ? installedVersion !== null
                    ? "installed"
                    : "available"
                : providers.length > 0
                  ? "virtual"
                  : "missing";
            const names = (list: typeof providers) => [...new Set(list.map((p) => p.name))].sort();
            resolved = {
                state,
                providers: state === "virtual" ? names(providers) : [],
                installedProviders: state === "virtual" ? names(providers.filter((p) => p.installed)) : [],
                installedVersion,
                candidateVersion: summary?.candidateVersion ?? null,
                satisfied: matches(installedVersion, alt) || providers.some((p) => p.installed),
            };
            this.cache.set(key, resolved);
        }
        return {
            ...alt,
            ...resolved,
            providers: [...resolved.providers],
            installedProviders: [...resolved.installedProviders],
        };
    }
}

export function packageDependencies(db: Database, name: string): DependenciesResponse {
    const pkg = findDetailPackage(db, name);
    const version = describedVersion(pkg);
    const stanza = stanzaOfVersion(db, version) ?? new Map<string, string>();
    const relations = relationsOf(stanza);
    const resolver = new DependencyResolver(db);
    const out = {} as Record<keyof PackageRelations, ResolvedDependencyAlternative[][]>;
    for (const key of Object.keys(relations) as Array<keyof PackageRelations>) {
        out[key] = relations[key].map((group) => group.map((alt) => resolver.resolve(alt)));
    }
    return { package: pkg.name, version: version.version, relations: out };
}
