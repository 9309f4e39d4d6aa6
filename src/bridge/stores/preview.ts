// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `stores preview FILE`: what a definition would select on this host, and how
 * much each filter value selects on its own, so an author sees at once that a
 * misspelled tag selects nothing (with the nearest value that exists).
 */
import type { StoreLoadIssue, StorePreviewResponse } from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import { sectionName } from "../apt/sections.js";
import { matchableTable } from "./table.js";
import type { StoreDefinition } from "./definition.js";
import { closest } from "./issues.js";
import { compileFilters, compileSelectors, compileTableMatcher } from "./matcher.js";

export const PREVIEW_LIMIT = 1000;

type FilterKey = keyof StorePreviewResponse["byFilter"];
const YAML_NAMES: Record<FilterKey, string> = {
    includeOrigins: "include_origins",
    includeSections: "include_sections",
    includeTags: "include_tags",
    includePackages: "include_packages",
};
const SELECTOR: Record<FilterKey, "origins" | "sections" | "tags" | "packages"> = {
    includeOrigins: "origins",
    includeSections: "sections",
    includeTags: "tags",
    includePackages: "packages",
};

/** The values that exist on this host, for "did you mean". */
function hostValues(db: Database, key: FilterKey): string[] {
    const table = db.table;
    switch (key) {
        case "includeOrigins":
            return [...new Set(table.meta.origins.map((o) => o.origin || o.label).filter(Boolean))];
        case "includeSections":
            return [...new Set(table.meta.sectionTable.flatMap((s) => [s, sectionName(s)]).filter(Boolean))];
        case "includeTags": {
            const tags = new Set<string>();
            for (let k = 0; k < table.meta.tagSetCount; k++) for (const t of table.tagSet(k)) tags.add(t);
            return [...tags];
        }
        case "includePackages":
            return [];
    }
}

export function previewStore(
    store: StoreDefinition,
    db: Database,
    file: string,
    warnings: StoreLoadIssue[]
): StorePreviewResponse {
    const table = db.table;
    const t = matchableTable(table);
    const byFilter: StorePreviewResponse["byFilter"] = {
        includeOrigins: {},
        includeSections: {},
        includeTags: {},
        includePackages: {},
    };
    const extra: StoreLoadIssue[] = [];
    for (const key of Object.keys(byFilter) as FilterKey[]) {
        const values = store.filters[key];
        let known: string[] | null = null;
        values.forEach((value, index) => {
            const m = compileTableMatcher(compileSelectors({ [SELECTOR[key]]: [value] }), t);
            let n = 0;
            for (let i = 0; i < table.count; i++) if (m(i)) n++;
            byFilter[key][value] = n;
            if (n === 0) {
                known ??= hostValues(db, key);
                const guess = closest(value, known);
                const field = `filters.${YAML_NAMES[key]}[${index}]`;
                extra.push({
                    file,
                    code: "SELECTS_NOTHING",
                    field,
                    message: `${field}: ${JSON.stringify(value)} selects no package on this host${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ""}`,
                });
            }
        });
    }
    const matches = compileTableMatcher(compileFilters(store.filters), t);
    const rows: number[] = [];
    for (let i = 0; i < table.count; i++) if (matches(i)) rows.push(i);
    if (rows.length === 0)
        extra.push({ file, code: "SELECTS_NOTHING", message: "the store selects no package on this host" });
    const page = rows.slice(0, PREVIEW_LIMIT);
    table.prefetch(page);
    return {
        file,
        valid: true,
        errors: [],
        warnings: [...warnings, ...extra],
        total: rows.length,
        byFilter,
        packages: page.map((i) => {
            const s = table.summary(i);
            return {
                name: s.name,
                summary: s.summary,
                section: s.section,
                candidateVersion: s.candidateVersion,
                installedVersion: s.installedVersion,
            };
        }),
    };
}
