// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The store matcher: OR within a category, AND between the categories present,
 * compiled over a table's dictionaries (compileTableMatcher), checked against
 * the rule written out plainly on each package's fields (matchesFields, here).
 */
import { describe, expect, it } from "vitest";
import type { PackageOrigin, StoreFilters } from "../../src/protocol/index.js";
import {
    compileFilters,
    compileTableMatcher,
    countMatches,
    type CompiledFilters,
    type MatchableTable,
} from "../../src/bridge/stores/matcher.js";

interface MatchFields {
    name: string;
    section: string;
    origin: PackageOrigin | null;
    tags: readonly string[];
}

/** The rule itself: AND of the categories present, each one's predicate; with none present nothing matches. */
function matchesFields(c: CompiledFilters, p: MatchFields): boolean {
    if (!c.origin && !c.section && !c.tags && !c.name) return false;
    return (
        (!c.origin || c.origin(p.origin)) &&
        (!c.section || c.section(p.section)) &&
        (!c.tags || c.tags(p.tags)) &&
        (!c.name || c.name(p.name))
    );
}

function origin(o: string, label = o): PackageOrigin {
    return { origin: o, label, suite: "stable", codename: "x", component: "main", site: "" };
}
const DEBIAN = origin("Debian");
const APPS = origin("Container Apps");
const LABEL_ONLY = origin("", "Hat Labs");

const PACKAGES: MatchFields[] = [
    {
        name: "signalk",
        section: "net",
        origin: APPS,
        tags: ["field::marine", "role::container-app", "use::navigating"],
    },
    { name: "avnav", section: "contrib/net", origin: APPS, tags: ["field::marine", "use::navigating"] },
    { name: "grafana-boat", section: "misc", origin: APPS, tags: ["field::marine", "use::monitor"] },
    { name: "gitea", section: "devel", origin: APPS, tags: ["role::container-app", "devel::web"] },
    { name: "opencpn", section: "non-free/misc", origin: DEBIAN, tags: ["field::marine", "use::navigating"] },
    { name: "bash", section: "shells", origin: DEBIAN, tags: ["implemented-in::c", "role::program"] },
    { name: "labelled", section: "net", origin: LABEL_ONLY, tags: [] },
    { name: "orphan", section: "net", origin: null, tags: [] },
    { name: "colon-value", section: "devel", origin: DEBIAN, tags: ["x::a:b"] },
];

function filters(f: Partial<StoreFilters>): StoreFilters {
    return { includeOrigins: [], includeSections: [], includeTags: [], includePackages: [], ...f };
}

function fieldMatch(f: Partial<StoreFilters>): string[] {
    const c = compileFilters(filters(f));
    return PACKAGES.filter((p) => matchesFields(c, p)).map((p) => p.name);
}

/** The same packages as a package table: dictionaries of origins, sections and tag sets, indexes per row. */
function table(): MatchableTable {
    const origins = [...new Set(PACKAGES.map((p) => p.origin).filter((o): o is PackageOrigin => o !== null))];
    const sectionTable = [...new Set(PACKAGES.map((p) => p.section))];
    const tagSets = [...new Set(PACKAGES.filter((p) => p.tags.length).map((p) => p.tags.join(",")))];
    return {
        count: PACKAGES.length,
        origins,
        originIdx: Int32Array.from(PACKAGES.map((p) => (p.origin ? origins.indexOf(p.origin) : -1))),
        sectionTable,
        sectionIdx: Int32Array.from(PACKAGES.map((p) => sectionTable.indexOf(p.section))),
        tagSetCount: tagSets.length,
        allTagSets: () => tagSets.map((s) => s.split(",")),
        tagIdx: Int32Array.from(PACKAGES.map((p) => (p.tags.length ? tagSets.indexOf(p.tags.join(",")) : -1))),
        name: (i) => (PACKAGES[i] as MatchFields).name,
        find: (n) => PACKAGES.findIndex((p) => p.name === n),
    };
}

function match(f: Partial<StoreFilters>): string[] {
    const byFields = fieldMatch(f);
    const t = table();
    const m = compileTableMatcher(compileFilters(filters(f)), t);
    const byTable = PACKAGES.filter((_, i) => m(i)).map((p) => p.name);
    expect(byTable).toEqual(byFields);
    // Counting (by groups of rows, or by name lookups) agrees with matching.
    expect(countMatches(compileFilters(filters(f)), t)).toBe(byFields.length);
    return byFields;
}

describe("each category alone", () => {
    it("origins: the candidate's Origin, the Label when there is no Origin, nothing without an origin", () => {
        expect(match({ includeOrigins: ["Container Apps"] })).toEqual(["signalk", "avnav", "grafana-boat", "gitea"]);
        expect(match({ includeOrigins: ["Hat Labs"] })).toEqual(["labelled"]);
        expect(match({ includeOrigins: ["container apps"] })).toEqual([]);
    });

    it("sections: with or without the component prefix", () => {
        expect(match({ includeSections: ["net"] })).toEqual(["signalk", "avnav", "labelled", "orphan"]);
        expect(match({ includeSections: ["contrib/net"] })).toEqual(["avnav"]);
        expect(match({ includeSections: ["misc"] })).toEqual(["grafana-boat", "opencpn"]);
        expect(match({ includeSections: ["ne"] })).toEqual([]);
    });

    it("sections: a package without a section counts as misc, as in --section and sections list", () => {
        const none: MatchFields = { name: "nosection", section: "", origin: APPS, tags: [] };
        expect(matchesFields(compileFilters(filters({ includeSections: ["misc"] })), none)).toBe(true);
        expect(matchesFields(compileFilters(filters({ includeSections: ["net"] })), none)).toBe(false);
    });

    it("tags: exact facet::value, a whole facet with facet::*, values containing ':'", () => {
        expect(match({ includeTags: ["use::navigating"] })).toEqual(["signalk", "avnav", "opencpn"]);
        expect(match({ includeTags: ["devel::*"] })).toEqual(["gitea"]);
        expect(match({ includeTags: ["use::*"] })).toEqual(["signalk", "avnav", "grafana-boat", "opencpn"]);
        expect(match({ includeTags: ["x::a:b"] })).toEqual(["colon-value"]);
        expect(match({ includeTags: ["x::a"] })).toEqual([]);
        expect(match({ includeTags: ["use::navigatin"] })).toEqual([]);
    });

    it("packages: exact names only", () => {
        expect(match({ includePackages: ["bash", "gitea"] })).toEqual(["gitea", "bash"]);
        expect(match({ includePackages: ["bas"] })).toEqual([]);
    });
});

describe("combinations", () => {
    it("OR within a category", () => {
        expect(match({ includeTags: ["use::monitor", "devel::web"] })).toEqual(["grafana-boat", "gitea"]);
        expect(match({ includeOrigins: ["Hat Labs", "Container Apps"] })).toEqual([
            "signalk",
            "avnav",
            "grafana-boat",
            "gitea",
            "labelled",
        ]);
    });

    it("AND between categories", () => {
        expect(match({ includeOrigins: ["Container Apps"], includeTags: ["field::marine"] })).toEqual([
            "signalk",
            "avnav",
            "grafana-boat",
        ]);
        expect(
            match({ includeOrigins: ["Container Apps"], includeTags: ["field::marine"], includeSections: ["net"] })
        ).toEqual(["signalk", "avnav"]);
        expect(match({ includeOrigins: ["Debian"], includeTags: ["field::marine"] })).toEqual(["opencpn"]);
        expect(match({ includeTags: ["field::marine"], includePackages: ["bash"] })).toEqual([]);
    });

    it("OR and AND together", () => {
        expect(match({ includeSections: ["net", "devel"], includeTags: ["role::container-app", "x::*"] })).toEqual([
            "signalk",
            "gitea",
            "colon-value",
        ]);
    });

    it("a store without any filter matches nothing", () => {
        expect(match({})).toEqual([]);
    });
});
