// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stanzas a version stands in, as the index kept them (see index-data.ts).
 */
import type { DetailLookup } from "../index/database.js";
import type { RecordRef } from "../index/index-data.js";
import { forEachStanza, type Stanza } from "../apt/deb822.js";

function firstStanza(text: string): Stanza | null {
    let stanza: Stanza | null = null;
    forEachStanza(text, (s) => {
        stanza ??= s;
    });
    return stanza;
}

/** A version's stanza (one of DetailVersion.records: a list's or dpkg's status). */
export function readRecord(detail: DetailLookup, ref: RecordRef): Stanza | null {
    return firstStanza(detail.record(ref));
}

/** A description's Translation-* stanza (DetailVersion.translation). */
export function readTranslation(detail: DetailLookup, ref: RecordRef): Stanza | null {
    return firstStanza(detail.stanza(ref[1]));
}
