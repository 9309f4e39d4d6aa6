// SPDX-License-Identifier: LGPL-2.1-or-later
import type { AppCategoryListResponse } from "../../protocol/index.js";
import { parseScopeOptions } from "../cli/args.js";
import { openDatabase } from "../index/database.js";
import { appCategoryCounts } from "../query/app-categories.js";
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
            const { rows } = await scopedRows(db, storeIds, repo);
            const response: AppCategoryListResponse = { categories: await appCategoryCounts(db, rows) };
            return json(response);
        },
    },
];
