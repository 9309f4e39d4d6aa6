// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The package table as the store matcher sees it. Here in stores/ (not in
 * query/) so that stores/ never imports query/: query/ builds on stores/.
 */
import type { PackageTable } from "../index/package-table.js";
import type { MatchableTable } from "./matcher.js";

const matchables = new WeakMap<PackageTable, MatchableTable>();

/** One object per table, so the matcher's per-table caches (tag dictionary, row groups) are shared. */
export function matchableTable(table: PackageTable): MatchableTable {
    let m = matchables.get(table);
    if (!m) {
        m = adapt(table);
        matchables.set(table, m);
    }
    return m;
}

function adapt(table: PackageTable): MatchableTable {
    return {
        count: table.count,
        origins: table.meta.origins,
        get originIdx() {
            return table.originIdx;
        },
        sectionTable: table.meta.sectionTable,
        get sectionIdx() {
            return table.sectionIdx;
        },
        tagSetCount: table.meta.tagSetCount,
        allTagSets: () => table.allTagSets(),
        get tagIdx() {
            return table.tagIdx;
        },
        name: (i) => table.names.get(i),
        find: (name) => table.find(name),
    };
}
