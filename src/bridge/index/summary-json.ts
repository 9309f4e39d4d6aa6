// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The JSON each hot row keeps for package lists (PackageTable.writeSummaries):
 * JSON.stringify of the row's PackageSummary up to its origin, that is its
 * name, architecture, summary, section, versions and "upgradable". The rest
 * (origin, repository, tags, and the flags' and phasing's fields after them)
 * is the same for thousands of rows (an origin alone is ~180 bytes of JSON, a
 * tag set up to a few hundred) and the row names it by number (its origin, tags,
 * flags and phased columns): kept in every row it was 32 of the 79 MB of list
 * JSON on the Pi-like index. A list writes each row as its stored
 * part, one text per origin and tag set, and one per flags and phasing, the
 * last made by packageSummary and JSON.stringify like the rest: the output is
 * byte for byte JSON.stringify(summary).
 */
import type { PackageOrigin } from "../../protocol/index.js";
import { FLAG_UPGRADABLE } from "./index-data.js";
import type { RowFields } from "./package-table.js";

/**
 * Where a summary's JSON is cut: before its origin, and its rest again before
 * "essential" (packageSummary's key order: origin, repository, tags, then the
 * fields of the flags and phasing). A JSON string never holds an unescaped
 * quote, so the first occurrence of a key is the key.
 */
const ORIGIN_KEY = ',"origin":';
const ESSENTIAL_KEY = ',"essential":';

function cutAt(json: string, key: string): number {
    const at = json.indexOf(key);
    if (at < 0) throw new Error(`a package summary's JSON has no ${key.slice(1, -1)} key`);
    return at;
}

/** The stored part of a row's JSON: JSON.stringify(summary) before its origin. */
export function storedSummaryJson(json: string): string {
    return json.slice(0, cutAt(json, ORIGIN_KEY));
}

/**
 * storedSummaryJson(JSON.stringify(packageSummary(r))), written directly: the build makes one
 * per package, and making the whole summary object and its JSON only to cut away the half
 * after "upgradable" cost ~0.3 s of a cold build on the Pi-like index (~0.15 s on the host's);
 * this ~40% of it. Its key order and values are packageSummary's (a unit test compares the two).
 */
export function storedSummaryPrefix(r: Pick<RowFields, StoredField>): string {
    const q = JSON.stringify;
    return `{"name":${q(r.name)},"architecture":${q(r.architecture)},"summary":${q(r.summary)},"section":${q(r.section)},"installedVersion":${r.installed ? q(r.installed) : "null"},"candidateVersion":${r.candidate ? q(r.candidate) : "null"},"upgradable":${(r.flags & FLAG_UPGRADABLE) !== 0}`;
}

/** The fields of a row that its stored JSON holds (up to "upgradable", which its flags say). */
type StoredField = "name" | "architecture" | "summary" | "section" | "installed" | "candidate" | "flags";

/** Debtags that JSON writes as they are (nearly all): "a,b" is then ["a","b"] without splitting. */
const PLAIN_TAGS = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

/** The JSON of a tag set as the tags column joins it ("a,b,c"; "" for none), as JSON.stringify(tags) writes it. */
export function tagSetJson(joined: string): string {
    if (joined === "") return "[]";
    if (PLAIN_TAGS.test(joined)) return `["${joined.replace(/,/g, '","')}"]`;
    return JSON.stringify(joined.split(","));
}

/** The origin and repository of a row's JSON (one text per origin, for summaryMiddle). */
export function summaryOrigin(origin: PackageOrigin | null, repository: string | null): string {
    return `${ORIGIN_KEY}${JSON.stringify(origin)},"repository":${JSON.stringify(repository)}`;
}

/** What follows the stored part first: summaryOrigin's text and the tags (joined by ","). */
export function summaryMiddle(originJson: string, tags: string): string {
    return `${originJson},"tags":${tagSetJson(tags)}`;
}

/** The end of a summary's JSON after its tags (the same for every row of its flags and phasing). */
export function summaryEnd(json: string): string {
    return json.slice(cutAt(json, ESSENTIAL_KEY));
}
