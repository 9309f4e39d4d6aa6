/*
 * What a store selects, for the commands that take --store: its row
 * predicate over the package table, the predicates of its custom sections,
 * and its sections with counts.
 */
import type { SectionInfo } from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import type { Database } from "../index/database.js";
import type { PackageTable } from "../index/package-table.js";
import type { StoreDefinition } from "../stores/definition.js";
import { leftBehindDefinitions } from "../stores/left-behind.js";
import { loadStores } from "../stores/loader.js";
import { debianSections } from "./scope.js";
import { compileFilters, compileSelectors, compileTableMatcher, type CompiledFilters, type MatchableTable } from "../stores/matcher.js";

export type RowPredicate = (row: number) => boolean;

export interface StoreScope {
    store: StoreDefinition;
    matches: RowPredicate;
    /** The predicate of the store's custom section `id`, or undefined when `id` is not one (a Debian section then). */
    customSection(id: string): RowPredicate | undefined;
    /** Custom sections first (in the definition's order), then the Debian sections occurring among `rows`, with counts. */
    sections(rows: readonly number[]): SectionInfo[];
}

const matchables = new WeakMap<PackageTable, MatchableTable>();

/** The package table as the matcher sees it (one object per table, so the matcher's per-table caches are shared). */
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
    const parts = compileSelectors(none ? { tags: [`category::${section.id}`] } : { tags: section.tags, sections: section.sections, packages: section.packages });
    const t = matchableTable(table);
    const each = (Object.keys(parts) as (keyof CompiledFilters)[]).map((k) => compileTableMatcher({ [k]: parts[k] }, t));
    return (i) => each.some((m) => m(i));
}

export function unknownStore(id: string, known: readonly string[]): BridgeError {
    return new BridgeError("STORE_NOT_FOUND", `No store ${JSON.stringify(id)}${known.length ? ` (known: ${known.join(", ")})` : " (no stores are installed)"}`, {
        id,
        known: [...known],
    });
}

/** The loaded store `id`, or STORE_NOT_FOUND with the known ids. A definition a removed package left behind is no store. */
export function findStore(id: string, db: Database): StoreDefinition {
    const loaded = loadStores(undefined, { leftBehind: (dir) => leftBehindDefinitions(db, dir) });
    const store = loaded.stores.find((s) => s.id === id);
    if (!store) throw unknownStore(id, loaded.stores.map((s) => s.id));
    return store;
}

export function storeScope(id: string, db: Database): StoreScope {
    const store = findStore(id, db);
    const table = db.table;
    const custom = new Map(store.customSections.map((s) => [s.id, s]));
    const customMatchers = new Map<string, RowPredicate>();
    const customSection = (sid: string): RowPredicate | undefined => {
        const def = custom.get(sid);
        if (!def) return undefined;
        let m = customMatchers.get(sid);
        if (!m) {
            m = customSectionMatcher(def, table);
            customMatchers.set(sid, m);
        }
        return m;
    };
    return {
        store,
        matches: storeMatcher(store, table),
        customSection,
        sections(rows) {
            const customs: SectionInfo[] =
                store.browseBy === "sections"
                    ? store.customSections.map((s) => {
                          const m = customSection(s.id) as RowPredicate;
                          let n = 0;
                          for (const i of rows) if (m(i)) n++;
                          return { name: s.id, label: s.label, description: s.description || null, icon: s.icon, custom: true, packageCount: n };
                      })
                    : [];
            // A custom section shadows the Debian section of the same name.
            const taken = new Set(customs.map((c) => c.name));
            return [...customs, ...debianSections(table, rows).filter((s) => !taken.has(s.name))];
        },
    };
}
