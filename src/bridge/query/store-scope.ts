/*
 * What a store selects, for the commands that take --store: its predicate,
 * its custom sections, its sections with counts.
 * Until the stores loader is wired in, no store exists and every id is unknown.
 */
import type { PackageSummary, SectionInfo } from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import type { Database } from "../apt/database.js";

export interface StoreScope {
    matches(p: PackageSummary): boolean;
    /** The predicate of the store's custom section `id`, or undefined when it names a Debian section. */
    customSection(id: string): ((p: PackageSummary) => boolean) | undefined;
    /** Custom sections first, then the Debian sections occurring in the store, with counts. */
    sections(): SectionInfo[];
}

export function storeScope(id: string, _db: Database): StoreScope {
    throw new BridgeError("STORE_NOT_FOUND", `No store ${JSON.stringify(id)}`, { id, known: [] });
}
