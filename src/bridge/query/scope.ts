// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The first steps of the cascade for every store-scoped command: the named
 * stores (`--store`, repeatable: their union) and the repository (`--repo`).
 * The stores' code (YAML parser, JSON Schema validator: most of the bridge)
 * is loaded only when a store is named.
 */
import type { Database } from "../index/database.js";
import { scopeRows } from "./filter.js";
import type { StoreScope } from "./store-scope.js";

/** Rows in scope; null: every row (no list of 60,000 numbers made to count them all). */
export type ScopeRows = readonly number[] | null;

/** The one entry to stores for queries: the scope of the named stores, or null when none is named. */
export async function loadStoreScope(db: Database, storeIds: readonly string[]): Promise<StoreScope | null> {
    if (storeIds.length === 0) return null;
    return (await import("./store-scope.js")).storeScope(storeIds, db);
}

/** The rows of a `--store`... / `--repo` scope, and the stores' scope when stores are named. */
export async function scopedRows(
    db: Database,
    storeIds: readonly string[],
    repo: string | undefined
): Promise<{ scope: StoreScope; rows: number[] } | { scope: null; rows: ScopeRows }> {
    const scope = await loadStoreScope(db, storeIds);
    if (scope) return { scope, rows: scopeRows(db, scope.matches, repo) };
    return { scope: null, rows: repo === undefined ? null : scopeRows(db, undefined, repo) };
}
