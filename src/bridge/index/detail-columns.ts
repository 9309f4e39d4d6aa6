// SPDX-License-Identifier: LGPL-2.1-or-later
/* The detail file's columns (index-data.ts): filled in name order by the build (index-builder.ts), patched by status-patch.ts. */
import type { ChunkSource } from "./chunk-source.js";
import { NumberPatch } from "./number-patch.js";
import { ColumnWriter } from "./column-writer.js";
import { STATUS_OWNERS_COLUMN, STATUS_STANZAS_COLUMN, type DetailMeta } from "./index-data.js";
import { RELATION_SOURCES_COLUMN } from "./relation-index.js";
import type { Spool } from "./spool.js";
import { StringsBuilder } from "./strings-builder.js";

/** The detail file's per-package columns, filled in name order, and the dpkg status stanzas. */
export class DetailColumns {
    readonly names: StringsBuilder;
    readonly records: StringsBuilder;
    // Per detail record, the stanzas whose relations count for the reverse relation index (installed,
    // then candidate if another version; package-rows.ts stanzaCode), which relation-cache.ts builds when first asked.
    readonly relationSources: number[] = [];

    constructor(spool: Spool) {
        this.names = new StringsBuilder(spool, 256 * 1024);
        this.records = new StringsBuilder(spool);
    }

    /** Adds a record already made as JSON (a patch copies unchanged ones). */
    addJson(name: string, json: string, relation: readonly [number, number]): void {
        this.names.addString(name);
        this.records.addString(json);
        this.relationSources.push(relation[0], relation[1]);
    }

    toChunks(meta: DetailMeta, statusStanzas: StringsBuilder, statusOwners: readonly number[]): ChunkSource {
        return detailChunks(this, meta, statusStanzas, statusOwners);
    }
}

type BuiltStrings = Pick<StringsBuilder, "finish">;

/** The detail file (index-data.ts names its columns). */
export function detailChunks(
    rows: { names: BuiltStrings; records: BuiltStrings; relationSources: ArrayLike<number> | NumberPatch },
    meta: DetailMeta,
    statusStanzas: BuiltStrings,
    statusOwners: readonly number[]
): ChunkSource {
    const writer = new ColumnWriter()
        .built("names", rows.names)
        .built("records", rows.records)
        .built(STATUS_STANZAS_COLUMN, statusStanzas)
        .int32(STATUS_OWNERS_COLUMN, statusOwners);
    const relations = rows.relationSources;
    return (
        relations instanceof NumberPatch
            ? writer.numbers(RELATION_SOURCES_COLUMN, "int32", relations)
            : writer.int32(RELATION_SOURCES_COLUMN, relations)
    ).toChunks(meta);
}
