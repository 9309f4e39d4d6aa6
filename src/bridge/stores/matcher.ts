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

export interface MatchFields {
    name: string;
    section: string;
    origin: PackageOrigin | null;
    tags: readonly string[];
}

/** Predicates for each filter category; undefined when the category is absent (matches everything). */
export interface CompiledFilters {
    origin?: (o: PackageOrigin | null) => boolean;
    section?: (section: string) => boolean;
    tags?: (tags: readonly string[]) => boolean;
    name?: (name: string) => boolean;
}

export function compileSelectors(sel: { origins?: readonly string[]; sections?: readonly string[]; tags?: readonly string[]; packages?: readonly string[] }): CompiledFilters {
    const out: CompiledFilters = {};
    if (sel.origins?.length) {
        const origins = new Set(sel.origins);
        out.origin = (o) => o !== null && (o.origin ? origins.has(o.origin) : origins.has(o.label));
    }
    if (sel.sections?.length) {
        // "contrib/net" in a definition matches only that; "net" matches net in every component.
        const exact = new Set(sel.sections.filter((s) => s.includes("/")));
        const bare = new Set(sel.sections.filter((s) => !s.includes("/")));
        out.section = (s) => exact.has(s) || bare.has(sectionName(s));
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
    }
    return out;
}

export function compileFilters(filters: StoreFilters): CompiledFilters {
    return compileSelectors({ origins: filters.includeOrigins, sections: filters.includeSections, tags: filters.includeTags, packages: filters.includePackages });
}

/** AND of the categories present; with none present nothing matches (the loader refuses such a store anyway). */
export function matchesFields(c: CompiledFilters, p: MatchFields): boolean {
    if (!c.origin && !c.section && !c.tags && !c.name) return false;
    return (!c.origin || c.origin(p.origin)) && (!c.section || c.section(p.section)) && (!c.tags || c.tags(p.tags)) && (!c.name || c.name(p.name));
}

/** What a compiled table matcher needs of the package table: the dictionaries and the per-row indexes into them. */
export interface MatchableTable {
    count: number;
    origins: readonly PackageOrigin[];
    originIdx: Int32Array;
    sectionTable: readonly string[];
    sectionIdx: Int32Array;
    tagSetCount: number;
    tagSet(t: number): readonly string[];
    tagIdx: Int32Array;
    name(i: number): string;
}

export interface TagDictionary {
    /** Every distinct tag. */
    names: string[];
    /** For each tag set, the numbers of its tags in `names`. */
    sets: Int32Array[];
}

const dictionaries = new WeakMap<MatchableTable, TagDictionary>();

/** The table's tag sets as numbers, built once per table and shared by every store matched against it. */
export function tagDictionary(t: MatchableTable): TagDictionary {
    let dict = dictionaries.get(t);
    if (!dict) {
        const ids = new Map<string, number>();
        const names: string[] = [];
        const sets: Int32Array[] = new Array<Int32Array>(t.tagSetCount);
        for (let k = 0; k < t.tagSetCount; k++) {
            const tags = t.tagSet(k);
            const out = new Int32Array(tags.length);
            tags.forEach((tag, j) => {
                let id = ids.get(tag);
                if (id === undefined) {
                    id = names.length;
                    ids.set(tag, id);
                    names.push(tag);
                }
                out[j] = id;
            });
            sets[k] = out;
        }
        dict = { names, sets };
        dictionaries.set(t, dict);
    }
    return dict;
}

/** A row predicate: each category decided once per dictionary entry, then per row only array reads (and a name lookup if names are filtered). */
export function compileTableMatcher(c: CompiledFilters, t: MatchableTable): (i: number) => boolean {
    if (!c.origin && !c.section && !c.tags && !c.name) return () => false;
    const originOk = c.origin ? t.origins.map((o) => (c.origin as (o: PackageOrigin | null) => boolean)(o)) : null;
    const originNone = c.origin ? c.origin(null) : true;
    const sectionOk = c.section ? t.sectionTable.map((s) => (c.section as (s: string) => boolean)(s)) : null;
    let tagOk: Uint8Array | null = null;
    let noTags = true;
    if (c.tags) {
        // Decide each distinct tag once (a Debian index has ~600), then each tag set by its tag numbers.
        const dict = tagDictionary(t);
        const tags = c.tags;
        const okTag = Uint8Array.from(dict.names, (n) => (tags([n]) ? 1 : 0));
        tagOk = new Uint8Array(t.tagSetCount);
        for (let k = 0; k < t.tagSetCount; k++) {
            const ids = dict.sets[k] as Int32Array;
            for (let j = 0; j < ids.length; j++) {
                if (okTag[ids[j] as number]) {
                    tagOk[k] = 1;
                    break;
                }
            }
        }
        noTags = c.tags([]);
    }
    const name = c.name;
    return (i) => {
        if (originOk) {
            const o = t.originIdx[i] as number;
            if (!(o >= 0 ? originOk[o] : originNone)) return false;
        }
        if (sectionOk && !sectionOk[t.sectionIdx[i] as number]) return false;
        if (tagOk) {
            const k = t.tagIdx[i] as number;
            if (!(k >= 0 ? tagOk[k] === 1 : noTags)) return false;
        }
        return !name || name(t.name(i));
    };
}
