// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `packages counts`: how many packages of a scope are installed, upgradable
 * and security updates, for the tabs' numbers and the page status. Unlike
 * `packages filter --tab updates` it never runs APT's kept-back simulation.
 */
import { parseArgs, storeIdsOption, stringOption, validateRepositoryId } from "../cli/args.js";
import { openDatabase } from "../index/database.js";
import { packageCounts } from "../query/counts.js";
import { scopedRows } from "../query/scope.js";
import { json, type Command } from "./command.js";

export const countCommands: readonly Command[] = [
    {
        words: ["packages", "counts"],
        usage: "[--store ID]... [--repo ID]",
        async run(args) {
            const parsed = parseArgs(args, { store: "list", repo: "string" }, 0);
            const repo = stringOption(parsed, "repo");
            if (repo !== undefined) validateRepositoryId(repo);
            const db = openDatabase();
            const { rows } = await scopedRows(db, storeIdsOption(parsed), repo);
            return json(packageCounts(db, rows));
        },
    },
];
