/*
 * The first steps of the cascade for the commands that count (sections,
 * categories): the rows of the store (--store) and of the repository (--repo).
 * The stores' code (YAML parser, JSON Schema validator: most of the bridge)
 * is loaded only when a store is named.
 */
import type { SectionInfo } from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import { countBy, type PackageTable } from "../index/package-table.js";
import { sectionLabel, sectionName } from "../apt/sections.js";
import { scopeRows } from "./filter.js";
import type { StoreScope } from "./store-scope.js";

/** Rows in scope; null: every row (no list of 60,000 numbers made to count them all). */
export type ScopeRows = readonly number[] | null;

/** The rows of a `--store` / `--repo` scope, and the store's scope when one is named. */
export async function scopedRows(db: Database, storeId: string | undefined, repo: string | undefined): Promise<{ scope: StoreScope; rows: number[] } | { scope: null; rows: ScopeRows }> {
    if (storeId !== undefined) {
        const scope = (await import("./store-scope.js")).storeScope(storeId, db);
        return { scope, rows: scopeRows(db, scope.matches, repo) };
    }
    return { scope: null, rows: repo === undefined ? null : scopeRows(db, undefined, repo) };
}

/** Debian sections (without component) occurring among `rows`, with counts, by label. */
export function debianSections(table: PackageTable, rows: ScopeRows): SectionInfo[] {
    const byIdx = countBy(table.sectionIdx, table.meta.sectionTable.length, rows);
    const counts = new Map<string, number>();
    byIdx.forEach((n, s) => {
        if (n === 0) return;
        const name = sectionName(table.meta.sectionTable[s] ?? "") || "misc";
        counts.set(name, (counts.get(name) ?? 0) + n);
    });
    return [...counts.entries()]
        .map(([name, packageCount]) => ({ name, label: sectionLabel(name), description: null, icon: null, custom: false, packageCount }))
        .sort((a, b) => a.label.localeCompare(b.label));
}

