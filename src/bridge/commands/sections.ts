import type { SectionListResponse } from "../../protocol/index.js";
import { parseArgs, stringOption, validateRepositoryId, validateStoreId } from "../cli/args.js";
import { openDatabase } from "../apt/database.js";
import { scopeRows } from "../query/filter.js";
import { debianSections, storeScope } from "../query/store-scope.js";
import { json, type Command } from "./command.js";

export const sectionCommands: readonly Command[] = [
    {
        words: ["sections", "list"],
        usage: "[--store ID] [--repo ID]",
        async run(args) {
            const parsed = parseArgs(args, { store: "string", repo: "string" }, 0);
            const storeId = stringOption(parsed, "store");
            const repo = stringOption(parsed, "repo");
            if (storeId !== undefined) validateStoreId(storeId);
            if (repo !== undefined) validateRepositoryId(repo);
            const db = openDatabase();
            // Counts follow the cascade: within the store, then within the repository.
            const scope = storeId !== undefined ? storeScope(storeId, db) : null;
            const rows = scopeRows(db, scope?.matches, repo);
            const response: SectionListResponse = { sections: scope ? scope.sections(rows) : debianSections(db.table, rows) };
            return json(response);
        },
    },
];
