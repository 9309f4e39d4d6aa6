// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Debtag facets: the `--tag FACET::VALUE` filter of package lists (OR within
 * a facet, AND between facets, as store filters combine their categories),
 * and the facets present among the rows in scope, with counts, for the page's
 * facet filters. Both work per distinct tag set (a few thousand), never per
 * tag of every row.
 */
import type { FacetCount, FacetValueCount } from "../../protocol/index.js";
import { countBy, type PackageTable } from "../index/package-table.js";

/** The selected tags grouped by facet: a tag set passes a group when it holds one of its tags (FACET::* any value of it). */
export interface FacetGroup {
    facet: string;
    tags: ReadonlySet<string>;
    any: boolean;
}

export function facetOf(tag: string): string {
    const sep = tag.indexOf("::");
    return sep > 0 ? tag.slice(0, sep) : "";
}

export function groupByFacet(tags: readonly string[]): FacetGroup[] {
    const groups = new Map<string, { tags: Set<string>; any: boolean }>();
    for (const t of tags) {
        const facet = facetOf(t);
        let g = groups.get(facet);
        if (!g) groups.set(facet, (g = { tags: new Set(), any: false }));
        if (t === `${facet}::*`) g.any = true;
        else g.tags.add(t);
    }
    return [...groups.entries()].map(([facet, g]) => ({ facet, tags: g.tags, any: g.any }));
}

function passes(set: readonly string[], g: FacetGroup): boolean {
    for (const t of set) if (g.tags.has(t) || (g.any && facetOf(t) === g.facet)) return true;
    return false;
}

/** Per tag set: 1 when it passes every group. */
function tagSetsPassing(table: PackageTable, groups: readonly FacetGroup[]): Uint8Array {
    return Uint8Array.from(table.allTagSets(), (set) => (groups.every((g) => passes(set, g)) ? 1 : 0));
}

/** The rows whose tags pass every facet group (a row without tags passes none). */
export function filterByFacets(table: PackageTable, rows: readonly number[], groups: readonly FacetGroup[]): number[] {
    if (groups.length === 0) return [...rows];
    const ok = tagSetsPassing(table, groups);
    const tagIdx = table.tagIdx;
    return rows.filter((i) => {
        const k = tagIdx[i] as number;
        return k >= 0 && ok[k] === 1;
    });
}

/**
 * Every facet among `rows` with each value's count. A facet that is itself
 * selected is counted without its own group (OR within a facet: its other
 * values stay choosable with the counts they would add), the other facets
 * with every group applied.
 */
export function facetCounts(table: PackageTable, rows: readonly number[], groups: readonly FacetGroup[]): FacetCount[] {
    const sets = table.allTagSets();
    const countWith = (gs: readonly FacetGroup[]): Int32Array =>
        countBy(table.tagIdx, table.meta.tagSetCount, filterByFacets(table, rows, gs));
    const all = countWith(groups);
    const own = new Map(groups.map((g) => [g.facet, countWith(groups.filter((o) => o !== g))]));
    const facets = new Map<string, Map<string, number>>();
    const add = (perSet: Int32Array, only: string | null) => {
        perSet.forEach((n, k) => {
            if (n === 0) return;
            for (const tag of sets[k] ?? []) {
                const facet = facetOf(tag);
                if (!facet || (only === null ? own.has(facet) : facet !== only)) continue;
                let values = facets.get(facet);
                if (!values) facets.set(facet, (values = new Map()));
                values.set(tag, (values.get(tag) ?? 0) + n);
            }
        });
    };
    add(all, null);
    for (const [facet, perSet] of own) add(perSet, facet);
    return [...facets.entries()]
        .map(([facet, values]): FacetCount => {
            const list: FacetValueCount[] = [...values.entries()].map(([tag, count]) => ({
                tag,
                value: tag.slice(facet.length + 2),
                count,
            }));
            list.sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
            return { facet, values: list };
        })
        .sort((a, b) => (a.facet < b.facet ? -1 : a.facet > b.facet ? 1 : 0));
}
