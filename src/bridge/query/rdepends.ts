/*
 * `packages rdepends NAME`: every package whose installed or candidate
 * version names NAME in a relation, directly or through a virtual package
 * NAME provides (`via`). One binary search per name in the reverse relation
 * index (relation-index.ts), so the answer costs the same for a leaf package
 * and for libc6 with its 20,000 reverse dependencies, apart from printing them.
 */
import type { PackageRelations, ReverseDependenciesResponse, ReverseDependency } from "../../protocol/index.js";
import type { Database } from "../apt/database.js";
import type { DetailVersion } from "../apt/index-data.js";
import { bareName, type RelationEdge } from "../apt/relation-index.js";
import { parseRelationField } from "../apt/relations.js";
import { satisfiesRelation } from "../apt/version.js";
import { findDetailPackage } from "./details.js";
import { stanzaOfVersion } from "./dependencies.js";

export const RELATION_ORDER: ReadonlyArray<keyof PackageRelations> = ["preDepends", "depends", "recommends", "suggests", "enhances", "breaks", "conflicts", "replaces", "provides"];

/** The names a package provides, in its installed and its candidate version, with the versions provided ("" = unversioned). */
function providedNames(db: Database, versions: readonly DetailVersion[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const v of versions) {
        const stanza = stanzaOfVersion(db, v);
        for (const group of parseRelationField(stanza?.get("provides"))) {
            for (const alt of group) {
                const name = bareName(alt.name);
                let set = out.get(name);
                if (!set) out.set(name, (set = new Set()));
                set.add(alt.relation === "=" && alt.version ? alt.version : "");
            }
        }
    }
    return out;
}

/** APT's rule: a versioned relation on a virtual name is met only by a Provides of a matching version. */
function providesMatch(e: RelationEdge, provided: Set<string>): boolean {
    if (!e.op || !e.version) return true;
    for (const v of provided) if (v !== "" && satisfiesRelation(v, e.op, e.version)) return true;
    return false;
}

function toReverse(e: RelationEdge, via: string | null): ReverseDependency {
    return {
        name: e.source,
        relation: e.kind,
        installed: e.sourceInstalled,
        via,
        constraint: e.op && e.version ? `${e.op} ${e.version}` : null,
        alternatives: e.alternatives,
    };
}

export function reverseDependencies(db: Database, name: string): ReverseDependenciesResponse {
    const pkg = findDetailPackage(db, name);
    const own = bareName(pkg.name);
    const index = db.detail().relations();
    const out: ReverseDependency[] = [];
    const seen = new Set<string>();
    const add = (e: RelationEdge, via: string | null) => {
        if (e.source === pkg.name) return; // a package's relations on itself (Provides + Conflicts of a virtual name)
        const key = `${e.source}\u0000${e.kind}`;
        if (seen.has(key)) return; // direct relations win over the same relation through a virtual name
        seen.add(key);
        out.push(toReverse(e, via));
    };
    for (const e of index.edges(own)) add(e, null);
    const versions = [pkg.current, pkg.candidate].filter((i) => i >= 0).map((i) => pkg.versions[i] as DetailVersion);
    for (const [virtual, provided] of providedNames(db, versions)) {
        if (virtual === own) continue;
        // Packages that provide the same name are alternatives to this one, not dependents of it.
        for (const e of index.edges(virtual)) if (e.kind !== "provides" && providesMatch(e, provided)) add(e, virtual);
    }
    const rank = new Map(RELATION_ORDER.map((r, i) => [r, i]));
    out.sort((a, b) => (rank.get(a.relation) as number) - (rank.get(b.relation) as number) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { package: pkg.name, reverseDependencies: out };
}
