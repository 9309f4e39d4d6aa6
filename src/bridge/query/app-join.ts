// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * AppStream data joined into package summaries and details: a package with
 * an app gains `app` (protocol "AppStream" section), in the page's language;
 * a package without one is printed exactly as before.
 */
import type { AppDetails, AppSummary } from "../../protocol/index.js";
import type { PackageTable } from "../index/package-table.js";
import type { AppStreamData } from "../appstream/cache.js";
import { pick } from "../appstream/localize.js";

export interface AppJoin {
    /** Whether `name` has an app (cheap: no record is read). */
    has(name: string): boolean;
    /**
     * Which of `rows` (a page) have an app. Decoding the name of every row of a
     * page costs a list more than the rest of its work (the names column is
     * otherwise never read): with few apps, their rows are found by name
     * instead (a binary search each), and only with many are the rows' names read.
     */
    rowsWithApp(table: PackageTable, rows: readonly number[]): Set<number>;
    summary(name: string): AppSummary | undefined;
    details(name: string): AppDetails | undefined;
}

export function appJoin(data: AppStreamData, keys: readonly string[]): AppJoin {
    const summary = (name: string): AppSummary | undefined => {
        const s = data.summary(name);
        return s ? { id: s.id, name: pick(s.name, keys), summary: pick(s.summary, keys), icon: s.icon } : undefined;
    };
    return {
        has: (name) => data.size > 0 && data.has(name),
        rowsWithApp(table, rows) {
            const found = new Set<number>();
            if (data.size === 0 || rows.length === 0) return found;
            const probes = Math.ceil(Math.log2(table.count + 1));
            if (data.size * probes < rows.length) {
                const wanted = new Set(rows);
                for (const name of data.packageNames()) {
                    const row = table.find(name);
                    if (row >= 0 && wanted.has(row)) found.add(row);
                }
            } else {
                for (const row of rows) if (data.has(table.names.get(row))) found.add(row);
            }
            return found;
        },
        summary,
        details(name) {
            const s = summary(name);
            const d = data.detail(name);
            if (!s || !d) return undefined;
            return {
                ...s,
                type: d.type,
                description: pick(d.description, keys),
                screenshots: d.screenshots.map((x) => ({
                    caption: pick(x.caption, keys),
                    image: x.image,
                    thumbnail: x.thumbnail,
                })),
                urls: d.urls,
                launchable: d.launchableUrl,
                categories: d.categories,
                contentRating: d.contentRating,
                releases: d.releases.map((r) => ({
                    version: r.version,
                    date: r.date,
                    description: pick(r.description, keys),
                })),
            };
        },
    };
}
