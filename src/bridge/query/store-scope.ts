// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the named stores select, for every command that takes `--store`
 * (repeatable): the union of their row predicates (a package once), which
 * of them selects a row, the predicates of their custom sections, and their
 * sections with counts. The one way stores enter a query: scope.ts loads
 * this module only when a store is named.
 */
import type { SectionInfo, StoreCategoryMetadata } from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import type { Database } from "../index/database.js";
import type { PackageTable } from "../index/package-table.js";
import { debianSections } from "./debian-sections.js";
import type { StoreDefinition } from "../stores/definition.js";
import { leftBehindDefinitions } from "../stores/left-behind.js";
import { loadStores } from "../stores/loader.js";
import { compileFilters, compileSelectors, compileTableMatcher, type CompiledFilters } from "../stores/matcher.js";
import { readState } from "../stores/state.js";
import { matchableTable } from "../stores/table.js";

export type RowPredicate = (row: number) => boolean;

export interface StoreScope {
    /** The named stores, in the order named. */
    stores: StoreDefinition[];
    /** The union of the stores' selections. */
    matches: RowPredicate;
    /** The ids of the named stores that select `row`. */
    storesOf(row: number): string[];
    /** The predicate of custom section `id` of any named store (their union), or undefined when none has one (a Debian section then). */
    customSection(id: string): RowPredicate | undefined;
    /** Custom sections first (in the definitions' order), then the Debian sections occurring among `rows`, with counts. */
    sections(rows: readonly number[]): SectionInfo[];
    /** The stores' category metadata (the first store naming a category wins). */
    categoryMetadata: StoreCategoryMetadata[];
}

/** The store's predicate over rows. */
export function storeMatcher(store: StoreDefinition, table: PackageTable): RowPredicate {
    return compileTableMatcher(compileFilters(store.filters), matchableTable(table));
}

/**
 * A custom section selects the packages that carry one of its tags, OR sit in
 * one of its sections, OR are named in it. One without any selector stands
 * for the category of the same id (category::<id>).
 */
function customSectionMatcher(section: StoreDefinition["customSections"][number], table: PackageTable): RowPredicate {
    const none = section.tags.length === 0 && section.sections.length === 0 && section.packages.length === 0;
    const parts = compileSelectors(
        none
            ? { tags: [`category::${section.id}`] }
            : { tags: section.tags, sections: section.sections, packages: section.packages }
    );
    const t = matchableTable(table);
    const each = (Object.keys(parts) as (keyof CompiledFilters)[]).map((k) =>
        compileTableMatcher({ [k]: parts[k] }, t)
    );
    return (i) => each.some((m) => m(i));
}

export function unknownStore(id: string, known: readonly string[]): BridgeError {
    return new BridgeError(
        "STORE_NOT_FOUND",
        `No store ${JSON.stringify(id)}${known.length ? ` (known: ${known.join(", ")})` : " (no stores are installed)"}`,
        {
            id,
            known: [...known],
        }
    );
}

/**
 * The loaded stores `ids`: STORE_NOT_FOUND with the known ids for one that is
 * not loaded (a definition a removed package left behind is no store), and
 * STORE_DISABLED for a disabled one: a page that asks for a disabled store
 * hears so, rather than getting every package or a silently smaller union.
 */
export function findStores(ids: readonly string[], db: Database): StoreDefinition[] {
    const loaded = loadStores(undefined, { leftBehind: (dir) => leftBehindDefinitions(db, dir) });
    const disabled = new Set(readState().state.disabled);
    return ids.map((id) => {
        const store = loaded.stores.find((s) => s.id === id);
        if (!store)
            throw unknownStore(
                id,
                loaded.stores.map((s) => s.id)
            );
        if (disabled.has(id))
            throw new BridgeError("STORE_DISABLED", `The store ${JSON.stringify(id)} is disabled`, { id });
        return store;
    });
}

export function storeScope(ids: readonly string[], db: Database): StoreScope {
    const stores = findStores(ids, db);
    const table = db.table;
    const matchers = stores.map((s) => storeMatcher(s, table));
    const customDefs = new Map<string, Array<StoreDefinition["customSections"][number]>>();
    for (const s of stores)
        for (const c of s.customSections) customDefs.set(c.id, [...(customDefs.get(c.id) ?? []), c]);
    // Listed as sections only by the stores that browse by sections (the others show categories).
    const listed = new Set(
        stores.filter((s) => s.browseBy === "sections").flatMap((s) => s.customSections.map((c) => c.id))
    );
    const customMatchers = new Map<string, RowPredicate>();
    const customSection = (sid: string): RowPredicate | undefined => {
        const defs = customDefs.get(sid);
        if (!defs) return undefined;
        let m = customMatchers.get(sid);
        if (!m) {
            const each = defs.map((d) => customSectionMatcher(d, table));
            m = each.length === 1 ? (each[0] as RowPredicate) : (i) => each.some((p) => p(i));
            customMatchers.set(sid, m);
        }
        return m;
    };
    const categoryMetadata: StoreCategoryMetadata[] = [];
    for (const s of stores)
        for (const c of s.categoryMetadata) if (!categoryMetadata.some((o) => o.id === c.id)) categoryMetadata.push(c);
    return {
        stores,
        matches: matchers.length === 1 ? (matchers[0] as RowPredicate) : (i) => matchers.some((m) => m(i)),
        storesOf: (i) => stores.filter((_s, k) => (matchers[k] as RowPredicate)(i)).map((s) => s.id),
        customSection,
        categoryMetadata,
        sections(rows) {
            const customs: SectionInfo[] = [...customDefs.entries()]
                .filter(([sid]) => listed.has(sid))
                .map(([sid, defs]) => {
                    const m = customSection(sid) as RowPredicate;
                    let n = 0;
                    for (const i of rows) if (m(i)) n++;
                    const d = defs[0] as StoreDefinition["customSections"][number];
                    return {
                        name: sid,
                        label: d.label,
                        description: d.description || null,
                        icon: d.icon,
                        custom: true,
                        packageCount: n,
                    };
                });
            // A custom section shadows the Debian section of the same name.
            const taken = new Set(customs.map((c) => c.name));
            return [...customs, ...debianSections(table, rows).filter((s) => !taken.has(s.name))];
        },
    };
}
