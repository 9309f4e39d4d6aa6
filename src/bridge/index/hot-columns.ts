// SPDX-License-Identifier: LGPL-2.1-or-later
/* The hot file's columns (index-data.ts), filled row by row by the build (index-builder.ts). */
import type { ChunkSource } from "./chunk-source.js";
import { ColumnWriter } from "./column-writer.js";
import type { HotMeta } from "./index-data.js";
import type { HotRow } from "./package-rows.js";
import type { Spool } from "./spool.js";
import { StringsBuilder } from "./strings-builder.js";

/**
 * The hot file's columns, filled row by row (no object per row kept until the end).
 * Spooled (10 MB on the Debian index), in blocks of 256 KiB: the builders' blocks stay small.
 */
export class HotColumns {
    readonly names: StringsBuilder;
    readonly archs: StringsBuilder;
    readonly summaries: StringsBuilder;
    readonly installed: StringsBuilder;
    readonly candidates: StringsBuilder;
    readonly search: StringsBuilder;
    // Each row's summary as JSON up to its origin (summary-json.ts), for package lists: ~47 MB on the Pi-like index, in the scratch file.
    readonly summaryJson: StringsBuilder;
    readonly sections: number[] = [];
    readonly tags: number[] = [];
    readonly origin: number[] = [];
    readonly flags: number[] = [];
    readonly phased: number[] = [];

    constructor(spool: Spool) {
        const column = () => new StringsBuilder(spool, 256 * 1024);
        this.names = column();
        this.archs = column();
        this.summaries = column();
        this.installed = column();
        this.candidates = column();
        this.search = column();
        this.summaryJson = new StringsBuilder(spool);
    }

    add(r: HotRow): void {
        this.names.addString(r.name);
        this.archs.addString(r.arch);
        this.summaries.addString(r.summary);
        this.installed.addString(r.installed);
        this.candidates.addString(r.candidate);
        this.search.addString(r.search);
        this.summaryJson.addString(r.json);
        this.sections.push(r.section);
        this.tags.push(r.tagSet);
        this.origin.push(r.origin);
        this.flags.push(r.flags);
        this.phased.push(r.phased);
    }

    toChunks(meta: HotMeta, tagSets: readonly string[]): ChunkSource {
        return new ColumnWriter()
            .built("names", this.names)
            .built("archs", this.archs)
            .built("summaries", this.summaries)
            .built("installed", this.installed)
            .built("candidates", this.candidates)
            .int32("sections", this.sections)
            .int32("tags", this.tags)
            .int32("origin", this.origin)
            .uint8("flags", this.flags)
            .uint8("phased", this.phased)
            .strings("tagSets", tagSets)
            .built("summaryJson", this.summaryJson)
            .built("searchText", this.search)
            .toChunks(meta);
    }
}
