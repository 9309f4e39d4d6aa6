// SPDX-License-Identifier: LGPL-2.1-or-later
import type { CategoryListResponse } from "../../protocol/index.js";
import { parseScopeOptions } from "../cli/args.js";
import { openDatabase } from "../index/database.js";
import { listCategories } from "../query/categories.js";
import { scopedRows } from "../query/scope.js";
import { json, type Command } from "./command.js";

export const categoryCommands: readonly Command[] = [
    {
        words: ["categories", "list"],
        usage: "[--store ID]... [--repo ID]",
        async run(args) {
            const { storeIds, repo } = parseScopeOptions(args);
            const db = openDatabase();
            const { scope, rows } = await scopedRows(db, storeIds, repo);
            const response: CategoryListResponse = {
                categories: listCategories(db.table, rows, scope?.categoryMetadata),
            };
            return json(response);
        },
    },
];
