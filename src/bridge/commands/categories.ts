import type { CategoryListResponse } from "../../protocol/index.js";
import { parseArgs, stringOption, validateRepositoryId, validateStoreId } from "../cli/args.js";
import { openDatabase } from "../apt/database.js";
import { listCategories } from "../query/categories.js";
import { scopeRows } from "../query/filter.js";
import { storeScope } from "../query/store-scope.js";
import { json, type Command } from "./command.js";

export const categoryCommands: readonly Command[] = [
    {
        words: ["categories", "list"],
        usage: "[--store ID] [--repo ID]",
        async run(args) {
            const parsed = parseArgs(args, { store: "string", repo: "string" }, 0);
            const storeId = stringOption(parsed, "store");
            const repo = stringOption(parsed, "repo");
            if (storeId !== undefined) validateStoreId(storeId);
            if (repo !== undefined) validateRepositoryId(repo);
            const db = openDatabase();
            const scope = storeId !== undefined ? storeScope(storeId, db) : null;
            const rows = scopeRows(db, scope?.matches, repo);
            const response: CategoryListResponse = { categories: listCategories(db.table, rows, scope?.store.categoryMetadata) };
            return json(response);
        },
    },
];
