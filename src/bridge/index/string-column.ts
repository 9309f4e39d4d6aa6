// SPDX-License-Identifier: LGPL-2.1-or-later
/* A strings column of a column file (column-file.ts), read in place. */
import { typedView, type ByteSource } from "./byte-source.js";

interface Window {
    first: number;
    offsets: Uint32Array;
    buf: Buffer;
    /** buf decoded when first needed, when it is ASCII (character offsets are byte offsets), else null. */
    text?: string | null;
}

/** forEachPiece's pieces: at most this many bytes, read into one buffer. */
const PIECE_BYTES = 256 * 1024;
let pieceBuffer = Buffer.allocUnsafe(PIECE_BYTES);

/**
 * A strings column read on demand: its offsets when first used, then only the
 * byte ranges of the entries asked for (`prefetch` a run of rows in one read).
 */
export class StringColumn {
    private offsetsCache: Uint32Array | null = null;
    // A Map, not new Array(count): V8 turns a 60,000-slot holey array into a slow dictionary.
    private readonly cache = new Map<number, string>();
    /** Runs of rows read in one go (their offsets and bytes), sorted by first row. */
    private windows: Window[] = [];

    constructor(
        private readonly source: ByteSource,
        private readonly at: number,
        readonly count: number
    ) {}

    /** Offsets of rows first..last+1 (all of them only when the whole column is needed). */
    private offsetRange(first: number, last: number): Uint32Array {
        if (this.offsetsCache) return this.offsetsCache.subarray(first, last + 2);
        const n = last - first + 2;
        return typedView(Uint32Array, 4, this.source.read(this.at + first * 4, n * 4), n);
    }

    private get dataStart(): number {
        return this.at + (this.count + 1) * 4;
    }

    /**
     * Reads the given rows (ascending) with few reads: rows close together share
     * one read of offsets and one of bytes; far-apart clusters are read apart, so
     * 750 installed packages scattered over 60,000 rows do not read the whole column.
     */
    prefetch(rows: readonly number[]): void {
        const GAP = 64;
        this.windows = [];
        for (let k = 0; k < rows.length;) {
            const first = rows[k] as number;
            let last = first;
            k++;
            while (k < rows.length && (rows[k] as number) - last <= GAP) last = rows[k++] as number;
            const offsets = this.offsetRange(first, last);
            const start = offsets[0] as number;
            const end = offsets[offsets.length - 1] as number;
            this.windows.push({ first, offsets, buf: this.source.read(this.dataStart + start, end - start) });
        }
    }

    private windowFor(i: number): Window | null {
        let lo = 0;
        let hi = this.windows.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const w = this.windows[mid] as Window;
            if (i < w.first) hi = mid - 1;
            else if (i >= w.first + w.offsets.length - 1) lo = mid + 1;
            else return w;
        }
        return null;
    }

    /** Entry i's byte range within its window, when it was prefetched. */
    private located(i: number): { w: Window; from: number; to: number } | null {
        const w = this.windows.length ? this.windowFor(i) : null;
        if (!w) return null;
        const base = w.offsets[0] as number;
        return {
            w,
            from: (w.offsets[i - w.first] as number) - base,
            to: (w.offsets[i - w.first + 1] as number) - base - 1,
        };
    }

    /**
     * Checks the bytes of the runs' entries (each [first, last]) before anything is
     * written: a damaged cache file must not leave half a document on stdout.
     */
    verifyRuns(runs: ReadonlyArray<readonly [number, number]>): void {
        if (!this.source.verify || runs.length === 0) return;
        let min = Infinity;
        let max = -1;
        for (const [first, last] of runs) {
            min = Math.min(min, first);
            max = Math.max(max, last);
        }
        const offsets = this.offsetRange(min, max);
        for (const [first, last] of runs) {
            const start = offsets[first - min] as number;
            this.source.verify(this.dataStart + start, (offsets[last - min + 1] as number) - start);
        }
    }

    /**
     * Reads entries first..last in pieces of at most PIECE_BYTES (a longer entry is read alone),
     * one read each into one reused buffer, and calls fn per piece: entry i of it is
     * bytes[offsets[i - from] - base, offsets[i - from + 1] - base - 1) (without its newline).
     * A loop over a page of rows then runs in the caller, with no call per row, and no piece
     * is a new Buffer for the collector (fn must not keep `bytes`).
     */
    forEachPiece(
        first: number,
        last: number,
        fn: (from: number, to: number, bytes: Buffer, offsets: Uint32Array, base: number) => void
    ): void {
        if (last < first) return;
        const offsets = this.offsetRange(first, last); // offsets[i - first]: entry i's start
        for (let i = first; i <= last;) {
            const base = offsets[i - first] as number;
            let j = i;
            while (j < last && (offsets[j + 1 - first + 1] as number) - base <= PIECE_BYTES) j++;
            const length = (offsets[j - first + 1] as number) - base;
            if (length > pieceBuffer.length) pieceBuffer = Buffer.allocUnsafe(length);
            this.source.readInto(pieceBuffer, 0, this.dataStart + base, length);
            fn(i, j, pieceBuffer, offsets.subarray(i - first, j - first + 2), base);
            i = j + 1;
        }
    }

    /**
     * A reader of entries' bytes in about the column's order, for a caller
     * that takes nearly every entry once but in its own order: the relation
     * index (relation-cache.ts) reads each package's stanzas in name order,
     * and the list files (and dpkg's status) are mostly sorted by name, so
     * consecutive requests fall in a few places that move forward. One read of
     * `windowBytes` per place serves the entries after it; a pread per stanza
     * (~100,000 of them, ~14 µs each on a VM) cost 1.4 s. The `ways` window
     * buffers are refilled, least recently used first (new ones for each read
     * cost more in garbage collection than they saved): a returned Buffer stays
     * valid while fewer than `ways` other windows are read, so for at least
     * `ways - 1` further calls. Reads all the offsets at once.
     */
    windowedReader(windowBytes = 128 * 1024, ways = 4): (i: number) => Buffer {
        const offsets = this.offsetRange(0, this.count - 1);
        const dataEnd = this.dataStart + (offsets[this.count] as number);
        // [position in the source, the buffer, bytes in it], most recent first
        const windows: Array<{ pos: number; buffer: Buffer; bytes: number }> = [];
        return (i: number): Buffer => {
            const pos = this.dataStart + (offsets[i] as number);
            const length = (offsets[i + 1] as number) - (offsets[i] as number) - 1;
            for (let w = 0; w < windows.length; w++) {
                const win = windows[w] as (typeof windows)[number];
                if (pos >= win.pos && pos + length <= win.pos + win.bytes) {
                    if (w > 0) windows.unshift(...windows.splice(w, 1));
                    return win.buffer.subarray(pos - win.pos, pos - win.pos + length);
                }
            }
            // A window from this entry as far as the column and the window size go.
            const take = Math.max(length, Math.min(windowBytes, dataEnd - pos));
            let win = windows.length < ways ? undefined : windows.pop();
            if (!win || win.buffer.length < take)
                win = { pos: 0, buffer: Buffer.allocUnsafe(Math.max(take, windowBytes)), bytes: 0 };
            this.source.readInto(win.buffer, 0, pos, take);
            win.pos = pos;
            win.bytes = take;
            windows.unshift(win);
            return win.buffer.subarray(0, length);
        };
    }

    /** Every entry's offset (count + 1, relative to dataStart) and where the entries' bytes start in the source: for copying runs of entries. */
    /** Where the offsets (count + 1 uint32) and the entries' bytes start in the source, nothing read. */
    place(): { source: ByteSource; offsetsStart: number; dataStart: number } {
        return { source: this.source, offsetsStart: this.at, dataStart: this.dataStart };
    }

    layout(): { offsets: Uint32Array; dataStart: number } {
        return { offsets: this.offsetRange(0, this.count - 1), dataStart: this.dataStart };
    }

    get(i: number): string {
        let s = this.cache.get(i);
        if (s === undefined) {
            const at = this.located(i);
            if (at) {
                // a prefetched row: read once for a page, not worth caching
                const w = at.w;
                if (w.text === undefined) {
                    // Decoded at once; when every byte became one character (ASCII), entries are slices of it.
                    const text = w.buf.toString("utf8");
                    w.text = text.length === w.buf.length ? text : null;
                }
                return w.text !== null ? w.text.slice(at.from, at.to) : w.buf.toString("utf8", at.from, at.to);
            }
            const o = this.offsetRange(i, i);
            const start = o[0] as number;
            s = this.source.read(this.dataStart + start, (o[1] as number) - start - 1).toString("utf8");
            this.cache.set(i, s);
        }
        return s;
    }

    /**
     * Finds byte strings in the entries, without decoding them: the column is
     * read in pieces of whole entries (about 256 KiB) into one reused buffer
     * and searched there by Buffer.indexOf, so that scanning 60,000 entries
     * touches little memory. `found(needle, row, piece, entryStart, at)` is
     * called for the first occurrence of each needle in each entry (`piece`
     * holds the whole entry from `entryStart`; the match is at `at`). Needles
     * must not contain "\n".
     */
    forEachMatch(
        needles: readonly Buffer[],
        found: (needle: number, row: number, piece: Buffer, entryStart: number, at: number) => void
    ): void {
        const PIECE = 256 * 1024;
        const offsets = this.offsetRange(0, this.count - 1);
        const end = offsets[this.count] as number;
        let piece = Buffer.allocUnsafe(PIECE);
        for (let row = 0; row < this.count;) {
            const base = offsets[row] as number;
            // the last entry that ends within the piece (at least one: an entry longer than a piece gets its own)
            let last = row;
            let lo = row;
            let hi = this.count - 1;
            while (lo <= hi) {
                const mid = (lo + hi) >>> 1;
                if ((offsets[mid + 1] as number) - base <= PIECE) {
                    last = mid;
                    lo = mid + 1;
                } else hi = mid - 1;
            }
            const length = (offsets[last + 1] as number) - base;
            if (length > piece.length) piece = Buffer.allocUnsafe(length);
            this.source.readInto(piece, 0, this.dataStart + base, length);
            const view = piece.subarray(0, length);
            needles.forEach((needle, k) => {
                let r = row;
                for (let at = view.indexOf(needle); at >= 0;) {
                    // the entry holding `at`: entries are short, so walk forward
                    while ((offsets[r + 1] as number) - base <= at) r++;
                    found(k, r, view, (offsets[r] as number) - base, at);
                    at = r + 1 > last ? -1 : view.indexOf(needle, (offsets[r + 1] as number) - base); // one match per entry
                }
            });
            row = last + 1;
            if (base + length >= end) break;
        }
    }

    /** The whole column as one text, entries each followed by "\n" (one read, one decode, for scanning). */
    text(): string {
        return this.bytes().toString("utf8");
    }

    /** Every entry's bytes, each followed by its newline (entry i: layout's offsets[i] to offsets[i + 1] - 1). */
    bytes(): Buffer {
        const end = this.offsetRange(this.count, this.count - 1)[0] as number; // offsets[count]: the end of the bytes
        return this.source.read(this.dataStart, end);
    }
}
