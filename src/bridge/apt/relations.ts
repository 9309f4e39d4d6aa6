// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dependency fields (Depends, Pre-Depends, Recommends, Suggests, Enhances,
 * Conflicts, Breaks, Replaces, Provides): comma-separated groups of
 * "|"-separated alternatives, each "name[:arch] [(rel version)] [arch list]
 * [<build profiles>]". Architecture lists and build profiles only occur in
 * source packages; they are dropped here.
 */
import type { DependencyAlternative, DependencyGroup, PackageRelations } from "../../protocol/index.js";

// The architecture qualifier runs up to a space or "(": "perl:any (>= 5)", "python3:any".
const ALTERNATIVE = /^([^\s:(<[]+)(?::([^\s(]+))?\s*(?:\(\s*(<<|<=|>=|>>|=|<|>)\s*([^)\s]+)\s*\))?/;

export function parseAlternative(text: string): DependencyAlternative | null {
    // Architecture lists and build profiles are rare (source packages): no two replaces for every alternative.
    const t =
        text.includes("[") || text.includes("<")
            ? text
                  .replace(/\[[^\]]*\]/g, "")
                  .replace(/<[^>]*>/g, (m) => (/^<\s*(<|=|>)/.test(m) ? m : ""))
                  .trim()
            : text.trim();
    const m = ALTERNATIVE.exec(t);
    if (!m) return null;
    return { name: m[1] as string, architecture: m[2] ?? null, relation: m[3] ?? null, version: m[4] ?? null };
}

export function parseRelationField(value: string | undefined): DependencyGroup[] {
    if (!value) return [];
    const groups: DependencyGroup[] = [];
    for (const group of value.replace(/\n/g, " ").split(",")) {
        if (!group.trim()) continue;
        const alternatives: DependencyGroup = [];
        for (const alt of group.split("|")) {
            const a = parseAlternative(alt);
            if (a) alternatives.push(a);
        }
        if (alternatives.length) groups.push(alternatives);
    }
    return groups;
}

export const RELATION_FIELDS: ReadonlyArray<[keyof PackageRelations, string]> = [
    ["depends", "depends"],
    ["preDepends", "pre-depends"],
    ["recommends", "recommends"],
    ["suggests", "suggests"],
    ["enhances", "enhances"],
    ["conflicts", "conflicts"],
    ["breaks", "breaks"],
    ["replaces", "replaces"],
    ["provides", "provides"],
];

export function relationsOf(stanza: Map<string, string>): PackageRelations {
    const out = {} as PackageRelations;
    for (const [key, field] of RELATION_FIELDS) out[key] = parseRelationField(stanza.get(field));
    return out;
}
