// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deb822 stanzas streamed from a file in chunks, parsed on the bytes: the
 * index build reads 300 MB of Packages text without ever holding it whole
 * (neither as a Buffer nor as a string), and makes no object or string per
 * stanza: each stanza is seen through one reused StanzaView, which says where
 * the wanted fields' values are in the chunk's bytes; a value becomes a string
 * only when asked for (fresh strings, never slices of a big text, which V8
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

/** The fields to decode, by lower-case name; each has a slot number, its place in `names`. */
export class FieldSet {
    /** The wanted names, lower case, by slot (duplicates given to the constructor count once). */
    readonly names: readonly string[];
    /** Candidates by name length: [lower-case bytes, slot]. */
    private readonly byLength: Array<Array<[Uint8Array, number]> | undefined> = [];

    constructor(names: readonly string[]) {
        const unique: string[] = [];
        for (const name of names) {
            const lower = name.toLowerCase();
            if (unique.includes(lower)) continue;
            const list = (this.byLength[lower.length] ??= []);
            list.push([Buffer.from(lower, "latin1"), unique.length]);
            unique.push(lower);
        }
        this.names = unique;
    }

    /** The slot of a field name (any case), -1 when it is not wanted. */
    slot(name: string): number {
        return this.names.indexOf(name.toLowerCase());
    }

    /** The slot of the field name data[start, end) (compared case-insensitively), -1 when it is not wanted. */
    match(data: Buffer, start: number, end: number): number {
        const list = this.byLength[end - start];
        if (list === undefined) return -1;
        outer: for (let j = 0; j < list.length; j++) {
            const [bytes, slot] = list[j] as [Uint8Array, number];
            for (let k = 0; k < bytes.length; k++) {
                let c = data[start + k] as number;
                if (c >= 65 && c <= 90) c += 32;
                if (c !== bytes[k]) continue outer;
            }
            return slot;
        }
        return -1;
    }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10 || c === 11 || c === 12;

/** Where data[start, end)'s first non-whitespace byte is, end when none. */
function skipSpace(data: Buffer, start: number, end: number): number {
    while (start < end && isSpace(data[start] as number)) start++;
    return start;
}

/**
 * The wanted fields of the stanza being read, as places in its chunk's bytes
 * (`data`): valid only during the callback that is given it, since the chunk
 * and the view are reused for the next stanza.
 */
export class StanzaView {
    /** The chunk the stanza is in. */
    data: Buffer = Buffer.alloc(0);
    /** Per slot: where the value starts (leading whitespace skipped), -1 when the field is absent. */
    private readonly starts: Int32Array;
    /** Per slot: where the value's first line ends (trailing whitespace excluded). */
    private readonly firstEnds: Int32Array;
    /** Per slot: -1 without continuation lines, else where the field's last line ends (after its "\n"). */
    private readonly contEnds: Int32Array;
    /** The slots present, in the order their fields first appeared (a Map's order, for toMap). */
    private readonly seen: Int32Array;
    private seenCount = 0;

    constructor(readonly fields: FieldSet) {
        const n = fields.names.length;
        this.starts = new Int32Array(n).fill(-1);
        this.firstEnds = new Int32Array(n);
        this.contEnds = new Int32Array(n);
        this.seen = new Int32Array(n);
    }

    /** Forgets the fields of the stanza before. */
    reset(data: Buffer): void {
        this.data = data;
        for (let i = 0; i < this.seenCount; i++) this.starts[this.seen[i] as number] = -1;
        this.seenCount = 0;
    }

    /** A field line: its value's first line is data[start, firstEnd). */
    setField(slot: number, start: number, firstEnd: number): void {
        if ((this.starts[slot] as number) < 0) this.seen[this.seenCount++] = slot;
        this.starts[slot] = start;
        this.firstEnds[slot] = firstEnd;
        this.contEnds[slot] = -1;
    }

    /** A continuation line of the field in `slot`, ending (its "\n" included) at `next`. */
    extendField(slot: number, next: number): void {
        this.contEnds[slot] = next;
    }

    has(slot: number): boolean {
        return (this.starts[slot] as number) >= 0;
    }

    /** Whether the field's value has continuation lines. */
    isMultiLine(slot: number): boolean {
        return (this.contEnds[slot] as number) >= 0;
    }

    /** Where the value (its first line) starts in `data`, -1 when the field is absent. */
    start(slot: number): number {
        return this.starts[slot] as number;
    }

    /** Where the value's first line ends in `data` (trailing whitespace excluded). */
    firstEnd(slot: number): number {
        return this.firstEnds[slot] as number;
    }

    /** Where the field's bytes end in `data`: its first line's end, or its last continuation line's (after "\n"). */
    end(slot: number): number {
        const c = this.contEnds[slot] as number;
        return c >= 0 ? c : (this.firstEnds[slot] as number);
    }

    /** The value (continuation lines joined with "\n", each without its first character), or undefined. */
    get(slot: number): string | undefined {
        const start = this.starts[slot] as number;
        if (start < 0) return undefined;
        const data = this.data;
        const firstEnd = this.firstEnds[slot] as number;
        let value = data.toString("latin1", start, firstEnd);
        const contEnd = this.contEnds[slot] as number;
        if (contEnd < 0) return value;
        // Every line after the first, up to contEnd, is a continuation line of this field.
        let pos = data.indexOf(10, firstEnd) + 1;
        while (pos < contEnd) {
            const nl = data.indexOf(10, pos);
            const next = nl < 0 || nl >= contEnd ? contEnd : nl + 1;
            let le = nl < 0 || nl >= contEnd ? contEnd : nl;
            if (le > pos && data[le - 1] === 13) le--;
            value += "\n" + data.toString("latin1", pos + 1, le);
            pos = next;
        }
        return value;
    }

    /** Whether the value is `lower` (lower-case ASCII) in any case, as value.toLowerCase() === lower. */
    equalsLowerCase(slot: number, lower: string): boolean {
        const start = this.starts[slot] as number;
        if (start < 0 || (this.contEnds[slot] as number) >= 0) return false;
        if ((this.firstEnds[slot] as number) - start !== lower.length) return false;
        for (let k = 0; k < lower.length; k++) {
            let c = this.data[start + k] as number;
            if (c >= 65 && c <= 90) c += 32;
            if (c !== lower.charCodeAt(k)) return false;
        }
        return true;
    }

    /** The fields present, as a Map from lower-case name to value (in the order they first appeared). */
    toMap(): Stanza {
        const out: Stanza = new Map();
        for (let i = 0; i < this.seenCount; i++) {
            const slot = this.seen[i] as number;
            out.set(this.fields.names[slot] as string, this.get(slot) as string);
        }
        return out;
    }
}

/**
 * Called for every stanza with its wanted fields and where its bytes are:
 * data[start, end), trailing whitespace excluded. `data` and `stanza` are
 * reused for the next stanza: copy what you keep. `dataPos`: where data[0] is
 * in the stream (the stanza is at dataPos + start; list-stanzas.ts keeps that,
 * not a copy).
 */
export type StanzaCallback = (stanza: StanzaView, data: Buffer, start: number, end: number, dataPos: number) => void;

/**
 * Parses the complete stanzas of data[0, length); returns where the first
 * incomplete one starts (length when all were complete, or at the end).
 */
function parseChunk(data: Buffer, eof: boolean, view: StanzaView, fn: StanzaCallback, dataPos = 0): number {
    const fields = view.fields;
    const len = data.length;
    let pos = 0;
    while (pos < len) {
        // Blank lines between stanzas.
        {
            const nl = data.indexOf(10, pos);
            if (nl < 0 && !eof) return pos;
            const lineEnd = nl < 0 ? len : nl;
            if (skipSpace(data, pos, lineEnd) === lineEnd) {
                pos = lineEnd + 1;
                continue;
            }
        }
        const start = pos;
        view.reset(data);
        /** The slot of the field the last field line started, -1 when unwanted or not a field. */
        let slot = -1;
        let terminated = eof;
        while (pos < len) {
            const nl = data.indexOf(10, pos);
            if (nl < 0 && !eof) return start;
            const next = nl < 0 ? len : nl + 1;
            let le = nl < 0 ? len : nl;
            if (le > pos && data[le - 1] === 13) le--;
            const first = data[pos] as number;
            if (first === 32 || first === 9) {
                // A continuation line, unless it is blank (then the stanza ends).
                if (skipSpace(data, pos, le) === le) {
                    terminated = true;
                    break;
                }
                if (slot >= 0) view.extendField(slot, next);
                pos = next;
                continue;
            }
            if (le === pos || (isSpace(first) && skipSpace(data, pos, le) === le)) {
                terminated = true;
                break;
            }
            const ls = pos;
            pos = next;
            // The name is short: a loop finds its colon sooner than a call into indexOf.
            let colon = ls;
            while (colon < le && data[colon] !== 58) colon++;
            if (colon === ls || colon >= le) {
                slot = -1; // not a field
                continue;
            }
            slot = fields.match(data, ls, colon);
            if (slot >= 0) {
                const vs = skipSpace(data, colon + 1, le);
                let ve = le;
                while (ve > vs && isSpace(data[ve - 1] as number)) ve--;
                view.setField(slot, vs, ve);
            }
        }
        if (!terminated) return start;
        let end = Math.min(pos, len);
        while (end > start && isSpace(data[end - 1] as number)) end--;
        fn(view, data, start, end, dataPos);
    }
    return len;
}

const CHUNK = 1 << 20;
/**
 * The chunk buffer of the last read, for the next: a build reads ~45 files, and each
 * new buffer's pages cost their first touch (~14 us each on a small virtual machine).
 */
let spareChunk: Buffer | null = null;

/** Every stanza of the byte stream `read` gives, in order (see StanzaCallback). */
export function forEachStanzaIn(read: ReadAt, fields: FieldSet, fn: StanzaCallback): void {
    const view = new StanzaView(fields);
    let buf = spareChunk ?? Buffer.allocUnsafe(CHUNK);
    spareChunk = null; // taken: a callback reading another file meanwhile gets its own
    let have = 0;
    let filePos = 0;
    let eof = false;
    try {
        for (;;) {
            while (!eof && have < buf.length) {
                const n = read(buf, have, buf.length - have, filePos);
                if (n === 0) eof = true;
                have += n;
                filePos += n;
            }
            const used = parseChunk(buf.subarray(0, have), eof, view, fn, filePos - have);
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
    } finally {
        if (buf.length === CHUNK) spareChunk = buf;
    }
}

/** A view per field set for stanzaFields, which the reverse relation index calls for 150,000 stanzas. */
const stanzaFieldsViews = new WeakMap<FieldSet, StanzaView>();

/** The stanzas of one buffer (stanzas the index kept), as forEachStanzaIn gives them (dataPos 0). */
export function forEachStanzaOf(data: Buffer, fields: FieldSet, fn: StanzaCallback): void {
    parseChunk(data, true, new StanzaView(fields), fn);
}

/** The wanted fields of one stanza's bytes (a stanza the index kept), by the same rules. */
export function stanzaFields(data: Buffer, fields: FieldSet): Stanza {
    let view = stanzaFieldsViews.get(fields);
    if (view === undefined) stanzaFieldsViews.set(fields, (view = new StanzaView(fields)));
    let out: Stanza = new Map();
    parseChunk(data, true, view, (s) => {
        out = s.toMap();
    });
    return out;
}
