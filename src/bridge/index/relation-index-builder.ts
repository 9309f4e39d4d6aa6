// SPDX-License-Identifier: LGPL-2.1-or-later
/* Builds the reverse relation index (relation-index.ts describes it) from the stanzas of a detail file. */
import type { ColumnWriter } from "./column-writer.js";
import { Spool } from "./spool.js";
import { StringsBuilder } from "./strings-builder.js";
import { parseRelationField } from "../apt/relations.js";
import {
    bareName,
    CODE_OF_FIELD,
    jsonString,
    RELATION_ENTRIES_COLUMN,
    RELATION_TARGETS_COLUMN,
    relationFieldsOf,
} from "./relation-index.js";

/** Collects the relations of each detail record's stanzas and writes them as the index's two columns. */
export class RelationIndexBuilder {
    // Every edge as JSON text, kept off the JS heap (in byte blocks: 600,000 edge strings in
    // lists per target took ~100 MB of the index build's memory), in the scratch file when the
    // index builder gives one (~14 MB on the Debian index), with per edge its target
    // (id * 2, + 1 unless it is a Provides edge: those are stored first) in a typed array.
    private readonly targetIds = new Map<string, number>();
    private readonly targetNames: string[] = [];
    private readonly edgeText: StringsBuilder;
    private edgeKey = new Uint32Array(1 << 16);

    private readonly passBytes: number;

    /** passBytes: edge text collected per pass of eachEntry; blockSize: of the spooled blocks (tests make both small). */
    constructor(spool: Spool = new Spool(null), { passBytes = 2 << 20, blockSize = 256 * 1024 } = {}) {
        this.edgeText = new StringsBuilder(spool, blockSize);
        this.passBytes = passBytes;
    }

    /**
     * The relations of package `source` (its row in the detail file), from the stanzas of
     * the versions that count: installed first, then candidate. An edge that
     * both have (same target and kind) is kept once, as the first one says it.
     */
    add(source: number, installed: boolean, stanzas: ReadonlyArray<Buffer | string | undefined>): void {
        const seen = new Set<string>();
        for (const stanza of stanzas) {
            if (stanza === undefined) continue;
            for (const [field, value] of relationFieldsOf(stanza)) {
                const code = CODE_OF_FIELD.get(field) as string;
                // "[source,code": the start of every edge of this source (the edges are made ~1,200,000 times)
                const head = `[${source},"${installed ? code.toUpperCase() : code}"`;
                for (const group of parseRelationField(value)) {
                    for (const alt of group) {
                        const target = bareName(alt.name);
                        const key = `${target}\u0000${code}`;
                        if (seen.has(key)) continue;
                        seen.add(key);
                        // [source, code, op, version, alternatives]: trailing empty fields left out (decodeEdge)
                        let edge = head;
                        if (group.length > 1) {
                            edge += `,${jsonString(alt.relation ?? "")},${jsonString(alt.version ?? "")},[`;
                            let first = true;
                            for (const a of group) {
                                if (a === alt) continue;
                                edge += (first ? "" : ",") + jsonString(a.name);
                                first = false;
                            }
                            edge += "]]";
                        } else if (alt.relation) {
                            edge += `,${jsonString(alt.relation)},${jsonString(alt.version ?? "")}]`;
                        } else {
                            edge += "]";
                        }
                        let id = this.targetIds.get(target);
                        if (id === undefined) {
                            id = this.targetNames.length;
                            this.targetNames.push(target);
                            this.targetIds.set(target, id);
                        }
                        // Field text comes from a Latin-1 view of UTF-8 bytes; names and versions are ASCII.
                        const e = this.edgeText.addString(edge);
                        if (e >= this.edgeKey.length) {
                            const bigger = new Uint32Array(this.edgeKey.length * 2);
                            bigger.set(this.edgeKey);
                            this.edgeKey = bigger;
                        }
                        this.edgeKey[e] = id * 2 + (code === "v" ? 0 : 1);
                    }
                }
            }
        }
    }

    /** The two columns, targets sorted as the reader's binary search expects. */
    columns(): { targets: string[]; entries: string[] } {
        const entries: string[] = [];
        const targets = this.eachEntry((entry) => entries.push(entry));
        return { targets, entries };
    }

    /** The same two columns added to `writer`, each entry written as it is made (to `spool`): not 87,000 strings at once. */
    addColumnsTo(writer: ColumnWriter, spool: Spool): ColumnWriter {
        const entries = new StringsBuilder(spool);
        const targets = this.eachEntry((entry) => entries.addString(entry));
        return writer.strings(RELATION_TARGETS_COLUMN, targets).built(RELATION_ENTRIES_COLUMN, entries);
    }

    /**
     * Calls `fn` with the entry of every target, in target order; returns the
     * targets. The edges are read in a few sequential passes, each collecting
     * those of a range of targets (about 2 MB of them), so that all 600,000
     * are never strings at once.
     */
    private eachEntry(fn: (entry: string) => void): string[] {
        const targets = [...this.targetNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const rank = new Uint32Array(targets.length); // target id -> place in `targets`
        targets.forEach((t, r) => (rank[this.targetIds.get(t) as number] = r));
        const n = this.edgeText.count;
        const bytesOf = new Float64Array(targets.length);
        for (let e = 0; e < n; e++) {
            const r = rank[(this.edgeKey[e] as number) >>> 1] as number;
            bytesOf[r] = (bytesOf[r] as number) + this.edgeText.entryLength(e) + 1;
        }
        for (let lo = 0; lo < targets.length;) {
            let hi = lo;
            for (
                let bytes = 0;
                hi < targets.length && (hi === lo || bytes + (bytesOf[hi] as number) <= this.passBytes);
                hi++
            )
                bytes += bytesOf[hi] as number;
            // lists[(r - lo) * 2]: the Provides edges of target r, [... + 1]: its other edges, in the order they came
            const lists: string[][] = Array.from({ length: (hi - lo) * 2 }, () => []);
            this.edgeText.forEachEntry((e, bytes, start, end) => {
                const key = this.edgeKey[e] as number;
                const r = rank[key >>> 1] as number;
                if (r >= lo && r < hi)
                    (lists[(r - lo) * 2 + (key & 1)] as string[]).push(bytes.toString("utf8", start, end));
            });
            for (let r = lo; r < hi; r++)
                fn(
                    `[${(lists[(r - lo) * 2] as string[]).join(",")}]\t[${(lists[(r - lo) * 2 + 1] as string[]).join(",")}]`
                );
            lo = hi;
        }
        return targets;
    }
}
