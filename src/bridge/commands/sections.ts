// SPDX-License-Identifier: LGPL-2.1-or-later
import type { SectionListResponse } from "../../protocol/index.js";
import { parseGridOptions } from "../cli/args.js";
import { openDatabase } from "../index/database.js";
import { appCategoryCounts } from "../query/app-categories.js";
import { debianSections } from "../query/debian-sections.js";
import { scopedRows } from "../query/scope.js";
import { json, type Command } from "./command.js";

export const sectionCommands: readonly Command[] = [
    {
        words: ["sections", "list"],
        usage: "[--store ID]... [--repo ID] [--with-apps]",
        async run(args) {
            const { storeIds, repo, withApps } = parseGridOptions(args);
            const db = openDatabase();
            // Counts follow the cascade: within the stores, then within the repository.
            const { scope, rows } = await scopedRows(db, storeIds, repo);
            const response: SectionListResponse = {
                sections: scope ? scope.sections(rows) : debianSections(db.table, rows),
                ...(withApps ? { appCategories: await appCategoryCounts(db, rows) } : {}),
            };
            return json(response);
        },
    },
];
