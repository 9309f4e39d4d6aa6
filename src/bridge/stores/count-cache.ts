// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Package counts of stores, kept between requests for one build of the index:
 * counting 50 stores over 60,000 packages costs more than the rest of
 * `stores list`, and the answer only changes when the index or a store's
 * filters do. Keyed by the index build id and the filters themselves, so an
 * apt-get update, a dpkg run or an edited definition counts again. Failing to
 * write it is silent: it only costs time.
 */
import path from "node:path";
import type { StoreFilters } from "../../protocol/index.js";
import { cacheDirectory } from "../index/index-cache.js";
import { cacheFileName, readJsonVerified, writeJsonAtomic } from "./definition-cache.js";

interface Body {
    indexId: string;
    counts: Record<string, number>;
}

export class CountCache {
    private readonly file: string;
    private readonly counts: Record<string, number> = {};
    private changed = false;

    constructor(
        storesDir: string,
        private readonly indexId: string,
        dir = cacheDirectory()
    ) {
        this.file = path.join(dir, cacheFileName("store-counts", storesDir));
        try {
            const body = readJsonVerified(this.file) as Body | null;
            if (body && body.indexId === indexId && body.counts && typeof body.counts === "object")
                this.counts = body.counts;
        } catch {
            /* none yet, or unreadable: count */
        }
    }

    count(filters: StoreFilters, compute: () => number): number {
        const key = JSON.stringify([
            filters.includeOrigins,
            filters.includeSections,
            filters.includeTags,
            filters.includePackages,
        ]);
        const hit = Object.hasOwn(this.counts, key) ? this.counts[key] : undefined;
        if (typeof hit === "number") return hit;
        const n = compute();
        this.counts[key] = n;
        this.changed = true;
        return n;
    }

    save(): void {
        if (!this.changed) return;
        writeJsonAtomic(this.file, { indexId: this.indexId, counts: this.counts } satisfies Body);
    }
}
