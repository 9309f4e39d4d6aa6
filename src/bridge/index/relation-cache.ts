// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reverse relation index (relation-index.ts), made on the first request
 * that needs it (`packages rdepends`, `packages dependencies`) after an index
 * build, not by the build itself: it was ~40% of every build (the relation
 * fields of 70,000 stanzas parsed into 600,000 edges), and the build runs
 * again after every install, removal and apt-get update, when the page waits
 * for its lists, which never need it. A details page asks for it later, and
 * only then pays once (~2 s on the Debian index, on a small VM).
 *
 * Kept as "<name>.relations" beside the index files, "<stamp line>\n<column
 * file>" like them (index-cache.ts), stamped with the buildId of the detail
 * file it was made from: current exactly as long as that detail file is.
 * Made under a lock of its own, so the two requests a details page sends at
 * once make it once.
 */
import os from "node:os";
import path from "node:path";
import { openOrBuild } from "./build-lock.js";
import type { ByteSource } from "./byte-source.js";
import { ChunkSource } from "./chunk-source.js";
import { ColumnFile } from "./column-file.js";
import { ColumnWriter } from "./column-writer.js";
import { Spool } from "./spool.js";
import { openCacheFile, writeCacheFile, type CacheStamp, type OpenCacheFile } from "./index-cache.js";
import {
    RELATION_ENTRIES_COLUMN,
    RELATION_SOURCES_COLUMN,
    RELATION_TARGETS_COLUMN,
    RelationIndex,
} from "./relation-index.js";
import { RelationIndexBuilder } from "./relation-index-builder.js";
import { patchRelations } from "./relation-patch.js";
import { baseFor } from "./layered-file.js";
import { whileSavingMemory } from "./save-memory.js";
import type { ListStanzas } from "./list-stanzas.js";
import { STATUS_STANZAS_COLUMN } from "./index-data.js";
import { openScratchFile } from "../scratch.js";
import { trace } from "../trace.js";

export interface RelationCacheKey {
    /** The relations file (null: no cache directory, made in memory). */
    file: string | null;
    /** Root's relations file, read when current (the index itself was root's: cache-directory.ts). */
    shared?: string;
    format: number;
    bridge: string;
    /** The buildId of the detail file the index is made from. */
    buildId: string;
}

/** The two relation columns made from a detail file's names and relation sources, and the stanzas they name. */
export function buildRelationColumns(detail: ColumnFile, listStanzas: ListStanzas, spool: Spool): ChunkSource {
    const names = detail.strings("names");
    const sources = detail.int32(RELATION_SOURCES_COLUMN);
    const listStanza = listStanzas.windowedReader();
    const statusStanza = detail.strings(STATUS_STANZAS_COLUMN).windowedReader();
    // package-rows.ts stanzaCode: a list stanza's index, or -2 - a status stanza's
    const stanza = (code: number) => (code >= 0 ? listStanza(code) : statusStanza(-2 - code));
    const builder = new RelationIndexBuilder(spool);
    for (let k = 0; k < names.count; k++) {
        const installed = sources[2 * k] as number;
        const candidate = sources[2 * k + 1] as number;
        if (installed === -1 && candidate === -1) continue;
        // Two Buffers at once: the reader keeps each valid for 3 further calls.
        builder.add(k, installed !== -1, [
            installed !== -1 ? stanza(installed) : undefined,
            candidate !== -1 ? stanza(candidate) : undefined,
        ]);
    }
    return builder.addColumnsTo(new ColumnWriter(), spool).toChunks({});
}

function currentFile(file: string | null | undefined, key: RelationCacheKey): OpenCacheFile | null {
    const opened = file ? openCacheFile(file) : null;
    if (!opened) return null;
    const s = opened.stamp;
    if (s.format === key.format && s.bridge === key.bridge && s.buildId === key.buildId) return opened;
    opened.file.close();
    return null;
}

/** The index in `source`; its edges name their sources by row of `detail` (whose buildId it is stamped with). */
function indexOf(source: ByteSource, detail: ColumnFile): RelationIndex {
    const file = new ColumnFile(source);
    return new RelationIndex(
        file.strings(RELATION_TARGETS_COLUMN),
        file.strings(RELATION_ENTRIES_COLUMN),
        detail.strings("names")
    );
}

/**
 * The reverse relation index of `detail`: from its file when current, else
 * made now (or by the bridge already making it: then waited for) and kept.
 */
export function openRelationIndex(
    detail: ColumnFile,
    listStanzas: () => ListStanzas,
    key: RelationCacheKey
): RelationIndex {
    const shared = currentFile(key.shared, key);
    if (shared) return indexOf(shared.file, detail);
    return openOrBuild(
        key.file === null ? null : `${key.file}.build-lock`,
        () => currentFile(key.file, key),
        (c) => indexOf(c.file, detail),
        () => {
            const spool = new Spool(
                openScratchFile(key.file === null ? [os.tmpdir()] : [path.dirname(key.file), os.tmpdir()])
            );
            const built = whileSavingMemory(() => buildRelationColumns(detail, listStanzas(), spool));
            trace("relation index made");
            const stamp: CacheStamp = { format: key.format, bridge: key.bridge, buildId: key.buildId, inputs: [] };
            // Not written (read-only, full disk): this request uses it from memory, the next makes it again.
            if (key.file !== null) writeCacheFile(key.file, stamp, built.parts);
            return indexOf(built, detail);
        }
    );
}

/**
 * After a patch that kept every detail row (status-patch.ts rowsMadeAgain): the relation index of
 * the detail file `before` (built `beforeId`), when there is one, patched for the new detail file
 * `now` (relation-patch.ts) and written, stamped `key.buildId`, as a layer over its base. False when
 * there was none to patch (the first request that needs one makes it).
 */
export function patchRelationCache(
    key: RelationCacheKey,
    beforeId: string,
    before: ColumnFile,
    now: ColumnFile,
    rows: readonly number[],
    lists: ListStanzas
): boolean {
    if (key.file === null) return false;
    const old = currentFile(key.file, { ...key, buildId: beforeId });
    if (!old) return false;
    try {
        const patched = patchRelations(old.file, before, now, rows, lists);
        const stamp: CacheStamp = { format: key.format, bridge: key.bridge, buildId: key.buildId, inputs: [] };
        const base = baseFor(old.file, old.stamp.buildId, key.file);
        const written = writeCacheFile(key.file, stamp, patched.parts, base ?? undefined);
        trace("relation index patched");
        return written;
    } finally {
        old.file.close();
    }
}
