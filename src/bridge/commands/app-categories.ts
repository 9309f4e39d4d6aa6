// SPDX-License-Identifier: LGPL-2.1-or-later
import type { AppCategoryListResponse } from "../../protocol/index.js";
import { parseScopeOptions } from "../cli/args.js";
import { openDatabase } from "../index/database.js";
import { openAppStream } from "../appstream/cache.js";
import { scopedRows } from "../query/scope.js";
import { json, type Command } from "./command.js";

/** `categories apps`: the AppStream categories of the apps in scope (a browse option beside sections and category:: tags). */
export const appCategoryCommands: readonly Command[] = [
    {
        words: ["categories", "apps"],
        usage: "[--store ID]... [--repo ID]",
        async run(args) {
            const { storeIds, repo } = parseScopeOptions(args);
            const db = openDatabase();
            const apps = await openAppStream(() => db.config());
            const counts = new Map<string, number>();
            if (apps.size > 0) {
                const { rows } = await scopedRows(db, storeIds, repo);
                const inScope = rows === null ? null : new Set(rows);
                // A package counts when APT knows it (and it is in scope): its row by name.
                for (const [category, packages] of Object.entries(apps.categories)) {
                    const n = packages.filter((p) => {
                        const row = db.table.find(p);
                        return row >= 0 && (inScope === null || inScope.has(row));
                    }).length;
                    if (n > 0) counts.set(category, n);
                }
            }
            const response: AppCategoryListResponse = {
                categories: [...counts]
                    .map(([id, packageCount]) => ({ id, packageCount }))
                    .sort((a, b) => b.packageCount - a.packageCount || a.id.localeCompare(b.id)),
            };
            return json(response);
        },
    },
];
