// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The list stanzas file (index-data.ts StanzasMeta): every Packages and
 * Translation stanza the index keeps for details, the reverse relation index
 * and the rebuild after dpkg. A list APT keeps uncompressed (the usual case:
 * /var/lib/apt/lists/*_Packages) is on disk already, so only where each of its
 * stanzas is goes into the file (list number, byte offset, length: 12 bytes
 * rather than ~800), and the bytes are read from the list itself when asked.
 * Lists kept compressed (Acquire::GzipIndexes) are read through a scratch file
 * by the build (list-files.ts), so their stanzas are copied, as is any stanza
 * that does not start with "Package: " (what a read checks, below).
 *
 * The file's stamp has the lists among its inputs, so a changed list makes it
 * stale; but a list may be replaced while a request runs (apt-get update
 * renames new lists in), so each read proves its bytes too: the list's
 * identity (device, inode, size, mtime: recorded in the meta when the build
 * read it) is compared when the list is opened, once per request (the open
 * descriptor then keeps those very bytes), and the bytes read must start with
 * "Package: " and end where a stanza ends. Else CacheDamagedError: the bridge
 * runs the request again (main.ts), which finds the index stale and builds it.
 *
 * Columns: int32 "where" (3 per stanza: list number or -1 for a copy; byte
 * offset in the list, or the copy's entry; length), strings "copies".
 */
import fs from "node:fs";
import type { ByteSource } from "./byte-source.js";
import { ColumnFile } from "./column-file.js";
import type { ListIdentity, StanzasMeta } from "./index-data.js";
import type { StringColumn } from "./string-column.js";
import { CacheDamagedError } from "../verified-file.js";

export const WHERE_COLUMN = "where";
export const COPIES_COLUMN = "copies";

/** Every offset stanza starts with this (Packages and Translation stanzas alike); others are copied. */
const FIRST_FIELD = Buffer.from("Package: ", "latin1");
const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10 || c === 11 || c === 12;

export function startsWithFirstField(data: Buffer, start: number, end: number): boolean {
    if (end - start < FIRST_FIELD.length) return false;
    for (let k = 0; k < FIRST_FIELD.length; k++) if (data[start + k] !== FIRST_FIELD[k]) return false;
    return true;
}

/** Reads `length` bytes at `pos` of `fd` into buf[0...]; returns how many there were (fewer only at the end). */
function preadFully(fd: number, buf: Buffer, length: number, pos: number): number {
    let done = 0;
    while (done < length) {
        const n = fs.readSync(fd, buf, done, length - done, pos + done);
        if (n === 0) break;
        done += n;
    }
    return done;
}

/**
 * The list stanzas of a stanzas file (or of one just built), read by number:
 * from the lists themselves (each opened once, on first use, and checked) or
 * from the copies. close() closes the lists it opened.
 */
export class ListStanzas {
    readonly meta: StanzasMeta;
    readonly count: number;
    private readonly file: ColumnFile;
    private copiesColumn: StringColumn | null = null;
    private readonly fds: Array<number | undefined> = [];
    private whereAll: Int32Array | null = null;

    constructor(source: ByteSource) {
        this.file = new ColumnFile(source);
        this.meta = this.file.meta as StanzasMeta;
        this.count = this.file.count(WHERE_COLUMN) / 3;
    }

    private get copies(): StringColumn {
        this.copiesColumn ??= this.file.strings(COPIES_COLUMN);
        return this.copiesColumn;
    }

    /** [list, pos, length] of stanza i. */
    private where(i: number): Int32Array {
        if (!(i >= 0 && i < this.count)) throw new Error(`index cache: no list stanza ${i}`);
        return this.whereAll ? this.whereAll.subarray(3 * i, 3 * i + 3) : this.file.int32(WHERE_COLUMN, 3 * i, 3);
    }

    private damaged(list: ListIdentity, what: string): never {
        throw new CacheDamagedError(list.path, `the list changed since the package index was built: ${what}`);
    }

    /** The list's descriptor, opened and checked on first use. */
    private fdOf(k: number): number {
        const open = this.fds[k];
        if (open !== undefined) return open;
        const list = this.meta.lists[k];
        if (!list) throw new Error(`index cache: no list ${k} in the list stanzas file`);
        let fd: number;
        try {
            fd = fs.openSync(list.path, "r");
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "ENOENT") this.damaged(list, "it was removed");
            throw e;
        }
        const st = fs.fstatSync(fd);
        if (st.dev !== list.dev || st.ino !== list.ino || st.size !== list.size || st.mtimeMs !== list.mtimeMs) {
            fs.closeSync(fd);
            this.damaged(list, "it was replaced or rewritten");
        }
        this.fds[k] = fd;
        return fd;
    }

    /**
     * Checks that buf[at, at + length) is a whole stanza: it starts as every
     * offset stanza did, and what follows is whitespace or the list's end.
     */
    private check(k: number, buf: Buffer, at: number, length: number, filePos: number): void {
        const list = this.meta.lists[k] as ListIdentity;
        const endsList = filePos + length === list.size;
        if (
            !startsWithFirstField(buf, at, at + length) ||
            (!endsList && (at + length >= buf.length || !isSpace(buf[at + length] as number)))
        )
            this.damaged(list, `the stanza at byte ${filePos} is not there`);
    }

    /** Stanza i's bytes (a Buffer of its own). */
    bytes(i: number): Buffer {
        const [k, pos, length] = this.where(i) as unknown as [number, number, number];
        if (k < 0) return Buffer.from(this.copies.get(pos), "utf8");
        const fd = this.fdOf(k);
        const list = this.meta.lists[k] as ListIdentity;
        const want = Math.min(length + 1, list.size - pos);
        const buf = Buffer.allocUnsafe(Math.max(want, length));
        const got = preadFully(fd, buf, want, pos);
        if (got < length) this.damaged(list, "it is shorter");
        this.check(k, buf, 0, length, pos);
        return buf.subarray(0, length);
    }

    /** Stanza i's text. */
    text(i: number): string {
        const [k, pos] = this.where(i) as unknown as [number, number];
        return k < 0 ? this.copies.get(pos) : this.bytes(i).toString("utf8");
    }

    /**
     * A reader for a caller that takes many stanzas in about their order (the
     * relation index: ~100,000 of them): like StringColumn.windowedReader, one
     * read of `windowBytes` per place serves the stanzas after it, and a
     * returned Buffer stays valid for at least `ways - 1` further calls. The
     * lists' windows and the copies' are apart (each has `ways`). `few`: a
     * caller that takes a few stanzas (a patch: those of the packages dpkg
     * changed) reads where each one is, not the whole table (5 MB on a
     * Raspberry Pi's index).
     */
    windowedReader(windowBytes = 128 * 1024, ways = 4, few = false): (i: number) => Buffer {
        if (!few) this.whereAll ??= this.file.int32(WHERE_COLUMN);
        let copyReader: ((i: number) => Buffer) | null = null;
        // [list, position in it, the buffer, bytes in it], most recent first
        const windows: Array<{ list: number; pos: number; buffer: Buffer; bytes: number }> = [];
        return (i: number): Buffer => {
            const [k, pos, length] = this.where(i) as unknown as [number, number, number];
            if (k < 0) {
                copyReader ??= this.copies.windowedReader(windowBytes, ways);
                return copyReader(pos);
            }
            const size = (this.meta.lists[k] as ListIdentity).size;
            // The stanza and the byte after it (checked), unless it ends the list.
            const need = Math.min(length + 1, size - pos);
            for (let w = 0; w < windows.length; w++) {
                const win = windows[w] as (typeof windows)[number];
                if (win.list === k && pos >= win.pos && pos + need <= win.pos + win.bytes) {
                    if (w > 0) windows.unshift(...windows.splice(w, 1));
                    const at = pos - win.pos;
                    this.check(k, win.buffer, at, length, pos);
                    return win.buffer.subarray(at, at + length);
                }
            }
            const fd = this.fdOf(k);
            const take = Math.max(need, Math.min(windowBytes, size - pos));
            let win = windows.length < ways ? undefined : windows.pop();
            if (!win || win.buffer.length < take)
                win = { list: k, pos: 0, buffer: Buffer.allocUnsafe(Math.max(take, windowBytes)), bytes: 0 };
            win.list = k;
            win.pos = pos;
            win.bytes = preadFully(fd, win.buffer, take, pos);
            windows.unshift(win);
            if (win.bytes < need) this.damaged(this.meta.lists[k] as ListIdentity, "it is shorter");
            this.check(k, win.buffer, 0, length, pos);
            return win.buffer.subarray(0, length);
        };
    }

    close(): void {
        for (const fd of this.fds) if (fd !== undefined) fs.closeSync(fd);
        this.fds.length = 0;
    }
}
