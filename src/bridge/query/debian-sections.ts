// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Debian sections of a set of rows, with counts: what the section grid
 * shows for the whole index, a repository or a store scope.
 */
import type { SectionInfo } from "../../protocol/index.js";
import { sectionLabel, sectionName } from "../apt/sections.js";
import { countBy, type PackageTable } from "../index/package-table.js";
import { compareText } from "../text-order.js";

/** Debian sections (without component) occurring among `rows` (null: every row), with counts, by label. */
export function debianSections(table: PackageTable, rows: readonly number[] | null): SectionInfo[] {
    const byIdx = countBy(table.sectionIdx, table.meta.sectionTable.length, rows);
    const counts = new Map<string, number>();
    byIdx.forEach((n, s) => {
        if (n === 0) return;
        const name = sectionName(table.meta.sectionTable[s] ?? "") || "misc";
        counts.set(name, (counts.get(name) ?? 0) + n);
    });
    return [...counts.entries()]
        .map(([name, packageCount]) => ({
            name,
            label: sectionLabel(name),
            description: null,
            icon: null,
            custom: false,
            packageCount,
        }))
        .sort((a, b) => compareText(a.label, b.label));
}
