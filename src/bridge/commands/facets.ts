// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `packages facets`: what the current scope holds, for the page's facet
 * filters: every debtag facet with its values' counts, the sections, the
 * repositories, and how many are installed / upgradable. It takes the
 * options of `packages filter` (without paging).
 */
import type { PackageFacetsResponse } from "../../protocol/index.js";
import { oneOf, parseArgs, stringOption } from "../cli/args.js";
import { openDatabase } from "../index/database.js";
import { countBy, repositoryId, repositoryName } from "../index/package-table.js";
import { debianSections } from "../query/debian-sections.js";
import { facetCounts } from "../query/facets.js";
import { filterRows } from "../query/filter.js";
import { json, type Command } from "./command.js";
import { cascadeOptions, FILTER_OPTIONS, TABS } from "./packages.js";
import { compareText } from "../text-order.js";

export const facetCommands: readonly Command[] = [
    {
        words: ["packages", "facets"],
        usage: "[--store ID]... [--repo ID] [--tab browse|search|installed|updates] [--query TEXT] [--section NAME] [--category ID] [--tag FACET::VALUE]...",
        async run(args) {
            const { limit: _limit, offset: _offset, ...options } = FILTER_OPTIONS;
            const parsed = parseArgs(args, options, 0);
            const tab = oneOf(stringOption(parsed, "tab"), "tab", TABS, "browse");
            const db = openDatabase();
            const opts = await cascadeOptions(db, parsed, tab, stringOption(parsed, "query"));
            const table = db.table;
            // The facets are counted with every facet group but their own; the rest with all of them.
            const beforeFacets = filterRows(db, { ...opts, facets: undefined });
            const rows = opts.facets?.length ? filterRows(db, opts) : beforeFacets;
            const byOrigin = countBy(table.originIdx, table.meta.origins.length, rows);
            const repositories = new Map<string, { id: string; name: string; count: number }>();
            byOrigin.forEach((n, o) => {
                const origin = table.meta.origins[o];
                if (n === 0 || !origin) return;
                const id = repositoryId(origin);
                const r = repositories.get(id) ?? { id, name: repositoryName(origin), count: 0 };
                r.count += n;
                repositories.set(id, r);
            });
            let installed = 0;
            let upgradable = 0;
            for (const i of rows) {
                if (table.isInstalled(i)) installed++;
                if (table.isUpgradable(i)) upgradable++;
            }
            const response: PackageFacetsResponse = {
                total: rows.length,
                facets: facetCounts(table, beforeFacets, opts.facets ?? []),
                sections: debianSections(table, rows),
                repositories: [...repositories.values()].sort((a, b) => compareText(a.name, b.name)),
                installed,
                upgradable,
            };
            return json(response);
        },
    },
];
