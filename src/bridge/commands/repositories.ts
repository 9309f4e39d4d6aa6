// SPDX-License-Identifier: LGPL-2.1-or-later
import type { RepositoryListResponse } from "../../protocol/index.js";
import { parseStoreOnly } from "../cli/args.js";
import { openDatabase, repositoriesOf } from "../index/database.js";
import { loadStoreScope } from "../query/scope.js";
import { json, type Command } from "./command.js";

export const repositoryCommands: readonly Command[] = [
    {
        words: ["repositories", "list"],
        usage: "[--store ID]...",
        async run(args) {
            const storeIds = parseStoreOnly(args);
            const db = openDatabase();
            let repositories = db.repositories;
            const scope = await loadStoreScope(db, storeIds);
            // Only the repositories holding the stores' packages, counted within them.
            if (scope) repositories = repositoriesOf(db.table, scope.matches).filter((r) => r.packageCount > 0);
            const response: RepositoryListResponse = { repositories: [...repositories] };
            return json(response);
        },
    },
];
