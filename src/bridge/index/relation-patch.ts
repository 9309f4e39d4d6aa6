// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reverse relation index (relation-index.ts) patched with the index
 * (status-patch.ts), so that the first dependencies or reverse dependencies
 * asked after an install do not make it again (seconds on a Raspberry Pi's
 * index, see docs/performance.md). An edge names its source by the source's
 * row in the detail file; when the patch kept every row where it was (no
 * package came or went, only their versions and states changed), only the
 * edges of the packages made again can differ: the targets their old or new
 * stanzas name lose those packages' old edges and get their new ones, in row
 * order as a build makes them, and every other target's entry is kept as it
 * is, a range of the old file (column-patch.ts), named by a layer
 * (layered-file.ts). When rows moved, null: the index is made again on first
 * use, as after a full build.
 */
import { ColumnFile } from "./column-file.js";
import { ColumnPatch, oldStrings } from "./column-patch.js";
import { ColumnWriter } from "./column-writer.js";
import type { ChunkSource } from "./chunk-source.js";
import { STATUS_STANZAS_COLUMN } from "./index-data.js";
import type { CacheBody } from "./layered-file.js";
import type { ListStanzas } from "./list-stanzas.js";
import { RelationIndexBuilder } from "./relation-index-builder.js";
import { RELATION_ENTRIES_COLUMN, RELATION_SOURCES_COLUMN, RELATION_TARGETS_COLUMN } from "./relation-index.js";
import { SortedNames } from "./sorted-names.js";

/** An edge as stored, parsed: [source row, code, ...]. */
type Edge = [number, string, ...unknown[]];

/** The edges of `rows` in a detail file (its relation sources and status stanzas; list stanzas from `lists`), by target. */
function edgesOf(detail: ColumnFile, rows: readonly number[], lists: ListStanzas): Map<string, [Edge[], Edge[]]> {
    const status = detail.strings(STATUS_STANZAS_COLUMN);
    const stanza = (code: number) => (code >= 0 ? lists.text(code) : status.get(-2 - code));
    const builder = new RelationIndexBuilder();
    for (const row of rows) {
        const [installed, candidate] = detail.int32(RELATION_SOURCES_COLUMN, 2 * row, 2) as unknown as [number, number];
        if (installed === -1 && candidate === -1) continue;
        builder.add(row, installed !== -1, [
            installed !== -1 ? stanza(installed) : undefined,
            candidate !== -1 ? stanza(candidate) : undefined,
        ]);
    }
    const { targets, entries } = builder.columns();
    return new Map(targets.map((t, i) => [t, parseEntry(entries[i] as string)]));
}

/** An entry's Provides edges and its other edges. */
function parseEntry(entry: string): [Edge[], Edge[]] {
    const tab = entry.indexOf("\t");
    return [JSON.parse(entry.slice(0, tab)) as Edge[], JSON.parse(entry.slice(tab + 1)) as Edge[]];
}

/** `kept` (edges of other rows) and `added` (of the changed rows), by source row; each row's own edges keep their order. */
function mergeBySource(kept: Edge[], added: Edge[]): Edge[] {
    const out: Edge[] = [];
    let i = 0;
    for (const e of added) {
        while (i < kept.length && (kept[i] as Edge)[0] < e[0]) out.push(kept[i++] as Edge);
        out.push(e);
    }
    while (i < kept.length) out.push(kept[i++] as Edge);
    return out;
}

/**
 * The relation index of the patched detail file `now`, from `old` (the relation index of the
 * detail file `before`): the two files have the same rows, `changed` those made again.
 */
export function patchRelations(
    old: CacheBody,
    before: ColumnFile,
    now: ColumnFile,
    changed: readonly number[],
    lists: ListStanzas
): ChunkSource {
    const rows = [...changed].sort((a, b) => a - b);
    const gone = new Set(rows);
    const was = edgesOf(before, rows, lists);
    const is = edgesOf(now, rows, lists);
    const affected = [...new Set([...was.keys(), ...is.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

    const file = new ColumnFile(old);
    const targetsColumn = file.strings(RELATION_TARGETS_COLUMN);
    const entriesColumn = file.strings(RELATION_ENTRIES_COLUMN);
    const targets = new SortedNames(targetsColumn, affected.length > 256);
    const oldTargets = oldStrings(targetsColumn, old);
    const oldEntries = oldStrings(entriesColumn, old);
    const outTargets = new ColumnPatch(targets.count + affected.length);
    const outEntries = new ColumnPatch(targets.count + affected.length);
    let next = 0; // old targets before `next` are written
    for (const target of affected) {
        const at = targets.lowerBound(target, next);
        outTargets.copy(oldTargets, next, at);
        outEntries.copy(oldEntries, next, at);
        next = at;
        let provides: Edge[] = [];
        let others: Edge[] = [];
        if (at < targets.count && targets.get(at) === target) {
            // the old entry, without the changed rows' edges
            [provides, others] = parseEntry(entriesColumn.get(at));
            provides = provides.filter((e) => !gone.has(e[0]));
            others = others.filter((e) => !gone.has(e[0]));
            next = at + 1;
        }
        const [newProvides, newOthers] = is.get(target) ?? [[], []];
        provides = mergeBySource(provides, newProvides);
        others = mergeBySource(others, newOthers);
        if (provides.length === 0 && others.length === 0) continue; // nobody names it any more
        outTargets.add(target);
        outEntries.add(`${JSON.stringify(provides)}\t${JSON.stringify(others)}`);
    }
    outTargets.copy(oldTargets, next, targets.count);
    outEntries.copy(oldEntries, next, targets.count);
    return new ColumnWriter()
        .built(RELATION_TARGETS_COLUMN, outTargets)
        .built(RELATION_ENTRIES_COLUMN, outEntries)
        .toChunks({});
}
