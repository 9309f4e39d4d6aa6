// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The JSON each hot row keeps for package lists (PackageTable.writeSummaries):
 * JSON.stringify of the row's PackageSummary without its origin, repository and
 * tags. Those three are the same for thousands of rows (an origin is ~180 bytes
 * of JSON, a tag set up to a few hundred), and the row already names them by
 * number (the origin and tags columns): kept in every row they were half the
 * hot file (40 of 79 MB of JSON on the Pi-like index). A list puts them back
 * where JSON.stringify would have written them, between "upgradable" and
 * "essential" (packageSummary's key order), from one text per origin and tag
 * set: the output is byte for byte JSON.stringify(summary).
 */
import type { PackageOrigin, PackageSummary } from "../../protocol/index.js";

/**
 * Where the three go back: before the key after them. Nothing after it in a
 * row is text from a package (booleans, a kept-back code, a number), and a
 * JSON string never holds an unescaped quote, so the last occurrence is the key.
 */
export const SUMMARY_CUT = Buffer.from(',"essential":', "latin1");

/** The stored JSON of a row: its summary without origin, repository and tags. */
export function storedSummaryJson(summary: PackageSummary): string {
    const { origin: _origin, repository: _repository, tags: _tags, ...rest } = summary;
    return JSON.stringify(rest);
}

/** What goes back in at SUMMARY_CUT: `,"origin":…,"repository":…,"tags":[…]`. */
export function summaryMiddle(
    origin: PackageOrigin | null,
    repository: string | null,
    tags: readonly string[]
): string {
    return `,"origin":${JSON.stringify(origin)},"repository":${JSON.stringify(repository)},"tags":${JSON.stringify(tags)}`;
}

/** The cut's position in a stored row's bytes [start, end). */
export function summaryCut(bytes: Buffer, start: number, end: number): number {
    const at = bytes.lastIndexOf(SUMMARY_CUT, end - SUMMARY_CUT.length);
    if (at < start) throw new Error('index cache: a row\'s stored JSON has no "essential" key');
    return at;
}
