// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The counts of a scope without its list: installed, upgradable, security
 * updates, read from the index's flags only. For the tabs' numbers and the
 * page status, which need no row and must never wait for APT's kept-back
 * simulation (filter.ts runs it for the Updates tab's rows).
 */
import type { PackageCountsResponse } from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import { FLAG_INSTALLED, FLAG_SECURITY, FLAG_UPGRADABLE } from "../index/index-data.js";
import type { ScopeRows } from "./scope.js";

/** The counts of `rows` (scope.ts scopedRows; null: every row). */
export function packageCounts(db: Database, rows: ScopeRows): PackageCountsResponse {
    const flags = db.table.flags;
    const counts: PackageCountsResponse = { installed: 0, upgradable: 0, security: 0 };
    const count = (f: number) => {
        if (f & FLAG_INSTALLED) counts.installed++;
        if (f & FLAG_UPGRADABLE) {
            counts.upgradable++;
            if (f & FLAG_SECURITY) counts.security++;
        }
    };
    if (rows === null) {
        // The whole system (the page status): one pass over the flags, no list of row numbers.
        for (let i = 0; i < flags.length; i++) count(flags[i] as number);
    } else {
        for (const i of rows) count(flags[i] as number);
    }
    return counts;
}
