/*
 * Categories: the values of category:: debtags that container-app
 * repositories put on their packages, discovered with counts among the rows
 * in scope. A store's category_metadata gives labels, icons and descriptions;
 * other categories get a label made from their id.
 */
import type { CategoryInfo, StoreCategoryMetadata } from "../../protocol/index.js";
import type { PackageTable } from "../apt/package-table.js";

export const CATEGORY_FACET = "category::";

/** "code-hosting" -> "Code hosting", "ai_tools" -> "Ai tools". */
export function categoryLabel(id: string): string {
    const words = id.replace(/[-_.+]+/g, " ").trim();
    return words ? words.charAt(0).toUpperCase() + words.slice(1) : id;
}

/** Category ids in one tag set. */
function categoriesOf(tags: readonly string[]): string[] {
    const out: string[] = [];
    for (const t of tags) if (t.startsWith(CATEGORY_FACET) && t.length > CATEGORY_FACET.length) out.push(t.slice(CATEGORY_FACET.length));
    return out;
}

export function listCategories(table: PackageTable, rows: Iterable<number>, metadata: readonly StoreCategoryMetadata[] = []): CategoryInfo[] {
    // Count per tag set first (rows share a few thousand sets), then spread over the categories in each set.
    const perSet = new Map<number, number>();
    const tagIdx = table.tagIdx;
    for (const i of rows) {
        const k = tagIdx[i] as number;
        if (k >= 0) perSet.set(k, (perSet.get(k) ?? 0) + 1);
    }
    const counts = new Map<string, number>();
    for (const [k, n] of perSet) {
        for (const c of categoriesOf(table.tagSet(k))) counts.set(c, (counts.get(c) ?? 0) + n);
    }
    const meta = new Map(metadata.map((m) => [m.id, m]));
    return [...counts.entries()]
        .map(([id, packageCount]) => {
            const m = meta.get(id);
            return { id, label: m?.label ?? categoryLabel(id), description: m?.description ?? null, icon: m?.icon ?? null, packageCount };
        })
        .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
}
