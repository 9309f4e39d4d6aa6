// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Several stores at once (issue 17). The view, the URL (`#/store/marine,devtools`)
 * and localStorage keep the selected stores as one key: their ids joined by
 * ",", in the order of the store list (a store id never holds a ","). null
 * is "System" (no store). The key is what every list's request depends on;
 * the API sends one `--store` per id.
 */
import type { Store } from "../../protocol/index.js";

const ID = "[a-z0-9][a-z0-9-]{0,63}";
export const STORE_SET = new RegExp(`^${ID}(,${ID}){0,99}$`);

export function storeSetIds(key: string | null): string[] {
    return key ? key.split(",") : [];
}

/** The key of `ids`, ordered as `stores` lists them (ids not in it last, as given), duplicates dropped; null for none. */
export function storeSetKey(ids: readonly string[], stores: readonly Store[] = []): string | null {
    const unique = [...new Set(ids)];
    const rank = (id: string) => {
        const k = stores.findIndex((s) => s.id === id);
        return k < 0 ? stores.length : k;
    };
    unique.sort((a, b) => rank(a) - rank(b));
    return unique.length ? unique.join(",") : null;
}

/** `key` with store `id` added or taken out. */
export function toggleInSet(key: string | null, id: string, stores: readonly Store[]): string | null {
    const ids = storeSetIds(key);
    return storeSetKey(ids.includes(id) ? ids.filter((i) => i !== id) : [...ids, id], stores);
}

/** The ids of `key` that are among `known`; the key unchanged when they all are. */
export function knownSubset(key: string | null, known: readonly string[]): string | null {
    const ids = storeSetIds(key);
    const kept = ids.filter((i) => known.includes(i));
    return kept.length === ids.length ? key : kept.length ? kept.join(",") : null;
}
