// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Categories: the values of category:: debtags that container-app
 * repositories put on their packages, discovered with counts among the rows
 * in scope. A store's category_metadata gives labels, icons and descriptions;
 * other categories get a label made from their id.
 */
import type { CategoryInfo, StoreCategoryMetadata } from "../../protocol/index.js";
import { countBy, type PackageTable } from "../index/package-table.js";
import type { ScopeRows } from "./scope.js";
import { compareText } from "../text-order.js";

export const CATEGORY_FACET = "category::";

/** "code-hosting" -> "Code hosting", "ai_tools" -> "Ai tools". */
export function categoryLabel(id: string): string {
    const words = id.replace(/[-_.+]+/g, " ").trim();
    return words ? words.charAt(0).toUpperCase() + words.slice(1) : id;
}

export function listCategories(
    table: PackageTable,
    rows: ScopeRows,
    metadata: readonly StoreCategoryMetadata[] = []
): CategoryInfo[] {
    // Count per tag set first (rows share a few thousand sets), then spread over the categories in
    // each set, found in the tag sets' text (one read) rather than by splitting thousands of sets.
    const perSet = countBy(table.tagIdx, table.meta.tagSetCount, rows);
    const text = table.tagSetText();
    const counts = new Map<string, number>();
    for (let at = text.indexOf(CATEGORY_FACET); at >= 0; at = text.indexOf(CATEGORY_FACET, at + 1)) {
        if (at > 0 && text[at - 1] !== "," && text[at - 1] !== "\n") continue; // "x-category::" is another facet
        const start = at + CATEGORY_FACET.length;
        let end = start;
        while (end < text.length && text[end] !== "," && text[end] !== "\n") end++;
        if (end === start) continue;
        const n = perSet[table.tagSetAt(at)] as number;
        if (n === 0) continue;
        const c = text.slice(start, end);
        counts.set(c, (counts.get(c) ?? 0) + n);
    }
    const meta = new Map(metadata.map((m) => [m.id, m]));
    return [...counts.entries()]
        .map(([id, packageCount]) => {
            const m = meta.get(id);
            return {
                id,
                label: m?.label ?? categoryLabel(id),
                description: m?.description ?? null,
                icon: m?.icon ?? null,
                packageCount,
            };
        })
        .sort((a, b) => compareText(a.label, b.label) || compareText(a.id, b.id));
}
