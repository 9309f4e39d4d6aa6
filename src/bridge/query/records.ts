// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stanzas a version stands in, as the index kept them (see index-data.ts).
 */
import type { DetailLookup } from "../index/database.js";
import type { RecordRef } from "../index/index-data.js";
import { forEachStanza, type Stanza } from "../apt/deb822.js";

export function readRecord(detail: DetailLookup, ref: RecordRef): Stanza | null {
    let stanza: Stanza | null = null;
    forEachStanza(detail.stanza(ref[1]), (s) => {
        stanza ??= s;
    });
    return stanza;
}
