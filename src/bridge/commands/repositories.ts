import type { RepositoryListResponse } from "../../protocol/index.js";
import { parseStoreOnly } from "../cli/args.js";
import { openDatabase, repositoriesOf } from "../index/database.js";
import { json, type Command } from "./command.js";

export const repositoryCommands: readonly Command[] = [
    {
        words: ["repositories", "list"],
        usage: "[--store ID]",
        async run(args) {
            const storeId = parseStoreOnly(args);
            const db = openDatabase();
            let repositories = db.repositories;
            if (storeId !== undefined) {
                // Only the repositories holding the store's packages, counted within the store.
                const { storeScope } = await import("../query/store-scope.js"); // only with a store: see packages.ts
                const scope = storeScope(storeId, db);
                repositories = repositoriesOf(db.table, scope.matches).filter((r) => r.packageCount > 0);
            }
            const response: RepositoryListResponse = { repositories: [...repositories] };
            return json(response);
        },
    },
];
