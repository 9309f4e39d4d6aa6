// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deb822 stanzas streamed from a file in chunks, parsed on the bytes: the
 * index build reads 50 MB of Packages text without ever holding it whole
 * (neither as a Buffer nor as a string), and decodes only the fields it asks
 * for. The values are fresh strings (never slices of a big text, which V8
 * would keep alive whole for one 13-character version string).
 *
 * Same rules as deb822.ts forEachStanza: a stanza is a run of non-blank lines
 * (a blank line may hold spaces, tabs or "\r"), a line starting with a space
 * or tab continues the previous field (joined with "\n", without its first
 * character), field names are case-insensitive, values are trimmed, a line
 * without a ":" (or starting with one) is not a field, and the last
 * occurrence of a field wins. Values are Latin-1 strings, one character per
 * byte (see list-files.ts latin1ToUtf8); whitespace is ASCII whitespace only,
 * so a UTF-8 character ending in byte 0xA0 is never trimmed in half.
 */
import type { Stanza } from "./deb822.js";

/** Reads up to `length` bytes at `position` into `buf` at `offset`; 0 at the end. */
export type ReadAt = (buf: Buffer, offset: number, length: number, position: number) => number;

/** The fields to decode, by lower-case name. */
export class FieldSet {
    /** Candidates by name length: [lower-case bytes, name]. */
    private readonly byLength: Array<Array<[Uint8Array, string]> | undefined> = [];

    constructor(names: readonly string[]) {
        for (const name of names) {
            const lower = name.toLowerCase();
            const list = (this.byLength[lower.length] ??= []);
            list.push([Buffer.from(lower, "latin1"), lower]);
        }
    }

    /** The field name of data[start, end) if it is wanted (compared case-insensitively), else null. */
    match(data: Buffer, start: number, end: number): string | null {
        const list = this.byLength[end - start];
        if (!list) return null;
        outer: for (const [bytes, name] of list) {
            for (let k = 0; k < bytes.length; k++) {
                let c = data[start + k] as number;
                if (c >= 65 && c <= 90) c += 32;
                if (c !== bytes[k]) continue outer;
            }
            return name;
        }
        return null;
    }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10 || c === 11 || c === 12;

function isBlank(data: Buffer, start: number, end: number): boolean {
    for (let k = start; k < end; k++) if (!isSpace(data[k] as number)) return false;
    return true;
}

function trimmed(data: Buffer, start: number, end: number): string {
    while (start < end && isSpace(data[start] as number)) start++;
    while (end > start && isSpace(data[end - 1] as number)) end--;
    return data.toString("latin1", start, end);
}

/**
 * Called for every stanza with its wanted fields and where its bytes are:
 * data[start, end), trailing whitespace excluded. `data` is reused for the
 * next chunk: copy what you keep. `dataPos`: where data[0] is in the stream
 * (the stanza is at dataPos + start; list-stanzas.ts keeps that, not a copy).
 */
export type StanzaCallback = (stanza: Stanza, data: Buffer, start: number, end: number, dataPos: number) => void;

/**
 * Parses the complete stanzas of data[0, length); returns where the first
 * incomplete one starts (length when all were complete, or at the end).
 */
function parseChunk(data: Buffer, eof: boolean, fields: FieldSet, fn: StanzaCallback, dataPos = 0): number {
    const len = data.length;
    let pos = 0;
    while (pos < len) {
        // Blank lines between stanzas.
        {
            const nl = data.indexOf(10, pos);
            if (nl < 0 && !eof) return pos;
            const lineEnd = nl < 0 ? len : nl;
            if (isBlank(data, pos, lineEnd)) {
                pos = lineEnd + 1;
                continue;
            }
        }
        const start = pos;
        const stanza: Stanza = new Map();
        let key: string | null = null;
        let value = "";
        let terminated = eof;
        while (pos < len) {
            const nl = data.indexOf(10, pos);
            if (nl < 0 && !eof) return start;
            const next = nl < 0 ? len : nl + 1;
            let le = nl < 0 ? len : nl;
            if (le > pos && data[le - 1] === 13) le--;
            if (isBlank(data, pos, le)) {
                terminated = true;
                break;
            }
            const ls = pos;
            pos = next;
            const first = data[ls] as number;
            if (first === 32 || first === 9) {
                if (key !== null) value += "\n" + data.toString("latin1", ls + 1, le);
                continue;
            }
            if (key !== null) stanza.set(key, value);
            const colon = data.indexOf(58, ls);
            if (colon <= ls || colon >= le) {
                key = null; // not a field
                continue;
            }
            key = fields.match(data, ls, colon);
            if (key !== null) value = trimmed(data, colon + 1, le);
        }
        if (!terminated) return start;
        if (key !== null) stanza.set(key, value);
        let end = Math.min(pos, len);
        while (end > start && isSpace(data[end - 1] as number)) end--;
        fn(stanza, data, start, end, dataPos);
    }
    return len;
}

const CHUNK = 4 << 20;

/** Every stanza of the byte stream `read` gives, in order (see StanzaCallback). */
export function forEachStanzaIn(read: ReadAt, fields: FieldSet, fn: StanzaCallback): void {
    let buf = Buffer.allocUnsafe(CHUNK);
    let have = 0;
    let filePos = 0;
    let eof = false;
    for (;;) {
        while (!eof && have < buf.length) {
            const n = read(buf, have, buf.length - have, filePos);
            if (n === 0) eof = true;
            have += n;
            filePos += n;
        }
        const used = parseChunk(buf.subarray(0, have), eof, fields, fn, filePos - have);
        if (eof) return;
        if (used === 0) {
            // One stanza larger than the buffer: make room.
            const bigger = Buffer.allocUnsafe(buf.length * 2);
            buf.copy(bigger, 0, 0, have);
            buf = bigger;
            continue;
        }
        buf.copy(buf, 0, used, have);
        have -= used;
    }
}

/** The wanted fields of one stanza's bytes (a stanza the index kept), by the same rules. */
export function stanzaFields(data: Buffer, fields: FieldSet): Stanza {
    let out: Stanza = new Map();
    parseChunk(data, true, fields, (s) => {
        out = s;
    });
    return out;
}
