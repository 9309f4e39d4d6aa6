// SPDX-License-Identifier: LGPL-2.1-or-later
import type { AppCategoryInfo } from "../../protocol/index.js";
import { openAppStream } from "../appstream/cache.js";
import type { Database } from "../index/database.js";
import type { ScopeRows } from "./scope.js";
import { compareText } from "../text-order.js";

/**
 * The AppStream categories of the apps in scope, with counts, most apps first.
 * A package counts when APT knows it (and it is in scope): its row by name.
 * Hosts without AppStream data answer [] without touching the rows.
 */
export async function appCategoryCounts(db: Database, rows: ScopeRows): Promise<AppCategoryInfo[]> {
    const apps = await openAppStream(() => db.config());
    if (apps.size === 0) return [];
    const inScope = rows === null ? null : new Set(rows);
    const counts = new Map<string, number>();
    for (const [category, packages] of Object.entries(apps.categories)) {
        const n = packages.filter((p) => {
            const row = db.table.find(p);
            return row >= 0 && (inScope === null || inScope.has(row));
        }).length;
        if (n > 0) counts.set(category, n);
    }
    return [...counts]
        .map(([id, packageCount]) => ({ id, packageCount }))
        .sort((a, b) => b.packageCount - a.packageCount || compareText(a.id, b.id));
}
