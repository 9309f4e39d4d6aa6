// SPDX-License-Identifier: LGPL-2.1-or-later
import type { CategoryListResponse } from "../../protocol/index.js";
import { parseGridOptions } from "../cli/args.js";
import { openDatabase } from "../index/database.js";
import { appCategoryCounts } from "../query/app-categories.js";
import { listCategories } from "../query/categories.js";
import { scopedRows } from "../query/scope.js";
import { json, type Command } from "./command.js";

export const categoryCommands: readonly Command[] = [
    {
        words: ["categories", "list"],
        usage: "[--store ID]... [--repo ID] [--with-apps]",
        async run(args) {
            const { storeIds, repo, withApps } = parseGridOptions(args);
            const db = openDatabase();
            const { scope, rows } = await scopedRows(db, storeIds, repo);
            const response: CategoryListResponse = {
                categories: listCategories(db.table, rows, scope?.categoryMetadata),
                ...(withApps ? { appCategories: await appCategoryCounts(db, rows) } : {}),
            };
            return json(response);
        },
    },
];
