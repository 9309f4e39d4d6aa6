// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `packages rdepends NAME`: every package whose installed or candidate
 * version names NAME in a relation, directly or through a virtual package
 * NAME provides (`via`). One binary search per name in the reverse relation
 * index (relation-index.ts), so the answer costs the same for a leaf package
 * and for libc6 with its 20,000 reverse dependencies, apart from printing them.
 */
import type { PackageRelations, ReverseDependenciesResponse, ReverseDependency } from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import type { DetailVersion } from "../index/index-data.js";
import { bareName, codeInfo, RELATION_CODES, type RawEdge } from "../index/relation-index.js";
import { parseRelationField } from "../apt/relations.js";
import { satisfiesRelation } from "../apt/version.js";
import { findDetailPackage } from "./details.js";
import { stanzaOfVersion } from "./dependencies.js";

export const RELATION_ORDER: ReadonlyArray<keyof PackageRelations> = [
    "preDepends",
    "depends",
    "recommends",
    "suggests",
    "enhances",
    "breaks",
    "conflicts",
    "replaces",
    "provides",
];

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
function providesMatch(op: string, version: string, provided: Set<string>): boolean {
    if (!op || !version) return true;
    for (const v of provided) if (v !== "" && satisfiesRelation(v, op, version)) return true;
    return false;
}

const CODES: Record<string, ReturnType<typeof codeInfo>> = Object.fromEntries(
    RELATION_CODES.flatMap(([, code]) => [code, code.toUpperCase()].map((c) => [c, codeInfo(c)]))
);

export function reverseDependencies(db: Database, name: string): ReverseDependenciesResponse {
    const pkg = findDetailPackage(db, name);
    const own = bareName(pkg.name);
    const index = db.detail().relations();
    // One bucket per relation kind, in RELATION_ORDER; each sorted by name at the end.
    const buckets = new Map<keyof PackageRelations, ReverseDependency[]>(RELATION_ORDER.map((r) => [r, []]));
    const push = (e: RawEdge, via: string | null) => {
        const [source, code, op, version, alternatives] = e;
        const { kind, installed } = CODES[code] ?? codeInfo(code);
        (buckets.get(kind) as ReverseDependency[]).push({
            name: source,
            relation: kind,
            installed,
            via,
            constraint: op && version ? `${op} ${version}` : null,
            alternatives: alternatives ?? [],
        });
    };
    const direct = index.rawEdges(own);
    // Provides edges here: other packages that provide this very name.
    for (const e of direct.provides) if (e[0] !== pkg.name) push(e, null);
    // A package's relations on itself are left out (Provides + Conflicts of one virtual name).
    for (const e of direct.others) if (e[0] !== pkg.name) push(e, null);
    const versions = [pkg.current, pkg.candidate].filter((i) => i >= 0).map((i) => pkg.versions[i] as DetailVersion);
    let seen: Set<string> | null = null;
    for (const [virtual, provided] of providedNames(db, versions)) {
        if (virtual === own) continue;
        // Packages that provide the same name are alternatives to this one, not dependents of it.
        for (const e of index.rawEdges(virtual).others) {
            if (e[0] === pkg.name || !providesMatch(e[2] ?? "", e[3] ?? "", provided)) continue;
            // A direct relation wins over the same relation through a virtual name.
            seen ??= new Set(direct.others.map((d) => `${d[0]}\u0000${codeInfo(d[1]).kind}`));
            const key = `${e[0]}\u0000${codeInfo(e[1]).kind}`;
            if (seen.has(key)) continue;
            seen.add(key);
            push(e, virtual);
        }
    }
    const out: ReverseDependency[] = [];
    for (const bucket of buckets.values()) {
        bucket.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const r of bucket) out.push(r);
    }
    return { package: pkg.name, reverseDependencies: out };
}
