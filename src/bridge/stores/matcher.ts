// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which packages a store selects. OR within a filter category, AND between
 * the categories that are present:
 *   origins   the candidate's repository Origin, or its Label when it has no Origin
 *   sections  the section with or without its component ("net" matches "contrib/net")
 *   tags      exact facet::value, or a whole facet written facet::*
 *   packages  exact names
 *
 * Compiled once per store into sets, so matching a package is a few set
 * lookups, never a regular expression built per package. compileTableMatcher
 * goes one step further for the package table: it decides once per distinct
 * origin, section and tag set (a few hundred each), so a row costs array reads.
 */
import type { PackageOrigin, StoreFilters } from "../../protocol/index.js";
import { sectionName } from "../apt/sections.js";

/** Predicates for each filter category; undefined when the category is absent (matches everything). */
export interface CompiledFilters {
    origin?: (o: PackageOrigin | null) => boolean;
    section?: (section: string) => boolean;
    tags?: (tags: readonly string[]) => boolean;
    name?: (name: string) => boolean;
    /** The names behind `name`, so a count can look them up instead of scanning. */
    names?: readonly string[];
}

export function compileSelectors(sel: {
    origins?: readonly string[];
    sections?: readonly string[];
    tags?: readonly string[];
    packages?: readonly string[];
}): CompiledFilters {
    const out: CompiledFilters = {};
    if (sel.origins?.length) {
        const origins = new Set(sel.origins);
        out.origin = (o) => o !== null && (o.origin ? origins.has(o.origin) : origins.has(o.label));
    }
    if (sel.sections?.length) {
        // "contrib/net" in a definition matches only that; "net" matches net in every component.
        const exact = new Set(sel.sections.filter((s) => s.includes("/")));
        const bare = new Set(sel.sections.filter((s) => !s.includes("/")));
        // A package without a section is listed under misc, as by --section and sections list.
        out.section = (s) => exact.has(s || "misc") || bare.has(sectionName(s) || "misc");
    }
    if (sel.tags?.length) {
        const exact = new Set(sel.tags.filter((t) => !t.endsWith("::*")));
        const facets = new Set(sel.tags.filter((t) => t.endsWith("::*")).map((t) => t.slice(0, -1)));
        out.tags = (tags) => {
            for (const t of tags) {
                if (exact.has(t)) return true;
                if (facets.size) {
                    const sep = t.indexOf("::");
                    if (sep > 0 && facets.has(t.slice(0, sep + 2))) return true;
                }
            }
            return false;
        };
    }
    if (sel.packages?.length) {
        const names = new Set(sel.packages);
        out.name = (n) => names.has(n);
        out.names = [...names];
    }
    return out;
}

export function compileFilters(filters: StoreFilters): CompiledFilters {
    return compileSelectors({
        origins: filters.includeOrigins,
        sections: filters.includeSections,
        tags: filters.includeTags,
        packages: filters.includePackages,
    });
}

/** What a compiled table matcher needs of the package table: the dictionaries and the per-row indexes into them. */
export interface MatchableTable {
    count: number;
    origins: readonly PackageOrigin[];
    originIdx: Int32Array;
    sectionTable: readonly string[];
    sectionIdx: Int32Array;
    tagSetCount: number;
    /** Every tag set at once (index = tag set number). */
    allTagSets(): readonly (readonly string[])[];
    tagIdx: Int32Array;
    name(i: number): string;
    /** Row of an exact name, or -1. */
    find(name: string): number;
}

export interface TagDictionary {
    /** Every distinct tag. */
    names: string[];
    /** For each tag (by number), the tag sets that hold it. */
    postings: Int32Array[];
}

const dictionaries = new WeakMap<MatchableTable, TagDictionary>();

/** The table's tags, each with the tag sets holding it; built once per table and shared by every store matched against it. */
export function tagDictionary(t: MatchableTable): TagDictionary {
    let dict = dictionaries.get(t);
    if (!dict) {
        const ids = new Map<string, number>();
        const names: string[] = [];
        const lists: number[][] = [];
        t.allTagSets().forEach((tags, k) => {
            for (const tag of tags) {
                let id = ids.get(tag);
                if (id === undefined) {
                    id = names.length;
                    ids.set(tag, id);
                    names.push(tag);
                    lists.push([]);
                }
                (lists[id] as number[]).push(k);
            }
        });
        dict = { names, postings: lists.map((l) => Int32Array.from(l)) };
        dictionaries.set(t, dict);
    }
    return dict;
}

/** Per row indexes into the table's dictionaries: the rows themselves, or groups of rows. */
interface RowIndexes {
    originIdx: Int32Array;
    sectionIdx: Int32Array;
    tagIdx: Int32Array;
}

/** Each filter category decided once per dictionary entry; rows then cost array reads (and a name lookup if names are filtered). */
function decide(
    c: CompiledFilters,
    t: MatchableTable,
    rows: RowIndexes,
    name: ((i: number) => string) | null
): (i: number) => boolean {
    if (!c.origin && !c.section && !c.tags && !c.name) return () => false;
    const originOk = c.origin ? t.origins.map((o) => (c.origin as (o: PackageOrigin | null) => boolean)(o)) : null;
    const originNone = c.origin ? c.origin(null) : true;
    const sectionOk = c.section ? t.sectionTable.map((s) => (c.section as (s: string) => boolean)(s)) : null;
    let tagOk: Uint8Array | null = null;
    let noTags = true;
    if (c.tags) {
        // Decide each distinct tag once (a Debian index has ~600), then mark the tag sets holding the matching ones.
        const dict = tagDictionary(t);
        const tags = c.tags;
        tagOk = new Uint8Array(t.tagSetCount);
        for (let id = 0; id < dict.names.length; id++) {
            if (!tags([dict.names[id] as string])) continue;
            const sets = dict.postings[id] as Int32Array;
            for (let j = 0; j < sets.length; j++) tagOk[sets[j] as number] = 1;
        }
        noTags = c.tags([]);
    }
    const byName = c.name && name ? c.name : null;
    const { originIdx, sectionIdx, tagIdx } = rows;
    return (i) => {
        if (originOk) {
            const o = originIdx[i] as number;
            if (!(o >= 0 ? originOk[o] : originNone)) return false;
        }
        if (sectionOk && !sectionOk[sectionIdx[i] as number]) return false;
        if (tagOk) {
            const k = tagIdx[i] as number;
            if (!(k >= 0 ? tagOk[k] === 1 : noTags)) return false;
        }
        return !byName || byName((name as (i: number) => string)(i));
    };
}

/** A row predicate over the package table. */
export function compileTableMatcher(c: CompiledFilters, t: MatchableTable): (i: number) => boolean {
    return decide(c, t, t, (i) => t.name(i));
}

interface RowGroups {
    origin: Int32Array;
    section: Int32Array;
    tags: Int32Array;
    count: Int32Array;
}
const groupCache = new WeakMap<MatchableTable, RowGroups>();

/** Rows grouped by (origin, section, tag set): ~10,000 groups for a 60,000-package Debian index. */
function rowGroups(t: MatchableTable): RowGroups {
    let g = groupCache.get(t);
    if (!g) {
        const index = new Map<number, number>();
        const o: number[] = [];
        const s: number[] = [];
        const k: number[] = [];
        const n: number[] = [];
        const sections = t.sectionTable.length + 1;
        const origins = t.origins.length + 1;
        for (let i = 0; i < t.count; i++) {
            const oi = t.originIdx[i] as number;
            const si = t.sectionIdx[i] as number;
            const ki = t.tagIdx[i] as number;
            const key = ((ki + 1) * origins + (oi + 1)) * sections + si;
            const at = index.get(key);
            if (at === undefined) {
                index.set(key, o.length);
                o.push(oi);
                s.push(si);
                k.push(ki);
                n.push(1);
            } else n[at] = (n[at] as number) + 1;
        }
        g = {
            origin: Int32Array.from(o),
            section: Int32Array.from(s),
            tags: Int32Array.from(k),
            count: Int32Array.from(n),
        };
        groupCache.set(t, g);
    }
    return g;
}

/**
 * How many rows a store selects, without visiting every row: a name filter
 * narrows to the named rows at once (it is ANDed with the rest), otherwise
 * the predicate is decided once per group of rows that share origin, section
 * and tag set.
 */
export function countMatches(c: CompiledFilters, t: MatchableTable): number {
    if (!c.origin && !c.section && !c.tags && !c.name) return 0;
    if (c.name) {
        // The names are ANDed with the rest: look each up, then test it.
        const m = compileTableMatcher(c, t);
        let n = 0;
        for (const wanted of c.names ?? []) {
            const i = t.find(wanted);
            if (i >= 0 && m(i)) n++;
        }
        return n;
    }
    const g = rowGroups(t);
    const m = decide(c, t, { originIdx: g.origin, sectionIdx: g.section, tagIdx: g.tags }, null);
    let n = 0;
    for (let j = 0; j < g.count.length; j++) if (m(j)) n += g.count[j] as number;
    return n;
}
