/*
 * Reads the stanzas a version stands in, by the offsets the index recorded.
 * Each list file is read (decompressed) at most once per process.
 */
import type { RecordRef } from "../apt/index-data.js";
import { forEachStanza, type Stanza } from "../apt/deb822.js";
import { readListFile } from "../apt/list-files.js";

export class RecordReader {
    private readonly texts = new Map<string, string>();

    private text(path: string): string {
        let t = this.texts.get(path);
        if (t === undefined) {
            t = readListFile(path);
            this.texts.set(path, t);
        }
        return t;
    }

    read(paths: readonly string[], ref: RecordRef): Stanza | null {
        const [fileIdx, start, end] = ref;
        const path = paths[fileIdx];
        if (path === undefined) return null;
        let stanza: Stanza | null = null;
        forEachStanza(this.text(path).slice(start, end), (s) => {
            stanza ??= s;
        });
        return stanza;
    }
}
