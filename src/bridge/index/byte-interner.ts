// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Byte strings stored once each and numbered, found by their bytes: the index
 * build reads 400,000 stanzas whose names, versions and summaries repeat
 * (three architectures, several suites), and keeps each distinct one as bytes
 * in one buffer, with a hash table of typed arrays to find it again: no JS
 * string or object per stanza, so the heap (and the garbage collector's work)
 * does not grow with the lists.
 */

const EMPTY_SLOT = 0;

/** 32-bit FNV-1a of data[start, end). */
function hashBytes(data: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (data[i] as number), 0x01000193);
    return h | 0;
}

export class ByteInterner {
    /** The entries' bytes, one after the other. */
    private arena: Buffer;
    private used = 0;
    /** Per entry: where its bytes start in the arena; entry i ends where i + 1 starts. */
    private starts: Int32Array = new Int32Array(1024);
    private n = 0;
    /**
     * Open addressing, a slot a pair [hash, entry + 1] (EMPTY_SLOT: free), so that a probe reads
     * one cache line; a power of two of slots, at most half full.
     */
    private table: Int32Array = new Int32Array(2 * 2048);
    /** Strings made of entries, when `cacheStrings` (small tables: sections, architectures). */
    private readonly strings: Array<string | undefined> = [];

    /** cacheStrings: keep each entry's string once made (for a few hundred entries read often). */
    constructor(
        initialBytes = 64 * 1024,
        private readonly cacheStrings = false
    ) {
        this.arena = Buffer.allocUnsafe(initialBytes);
    }

    get count(): number {
        return this.n;
    }

    /** The number of the entry data[start, end), added if new. */
    intern(data: Uint8Array, start: number, end: number): number {
        const h = hashBytes(data, start, end);
        const table = this.table;
        const mask = (table.length >> 1) - 1;
        const length = end - start;
        for (let slot = h & mask; ; slot = (slot + 1) & mask) {
            const e = (table[2 * slot + 1] as number) - 1;
            if (e < 0) break;
            if (table[2 * slot] !== h) continue;
            const at = this.starts[e] as number;
            if (this.entryEnd(e) - at !== length) continue;
            let k = 0;
            while (k < length && this.arena[at + k] === data[start + k]) k++;
            if (k === length) return e;
        }
        return this.add(data, start, end, h);
    }

    /** The number of the entry holding `value`'s Latin-1 bytes (one per character), added if new. */
    internLatin1(value: string): number {
        const bytes = Buffer.from(value, "latin1");
        return this.intern(bytes, 0, bytes.length);
    }

    private entryEnd(e: number): number {
        return e + 1 < this.n ? (this.starts[e + 1] as number) : this.used;
    }

    private add(data: Uint8Array, start: number, end: number, h: number): number {
        const length = end - start;
        if (this.used + length > this.arena.length) {
            const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + length));
            this.arena.copy(bigger, 0, 0, this.used);
            this.arena = bigger;
        }
        if (this.n === this.starts.length) this.starts = grown(this.starts);
        const e = this.n++;
        this.starts[e] = this.used;
        // A loop, not Buffer.copy: entries are short, and copy makes a view object per call.
        const arena = this.arena;
        for (let k = 0, at = this.used; k < length; k++) arena[at + k] = data[start + k] as number;
        this.used += length;
        if (this.n * 4 > this.table.length) this.rehash();
        place(this.table, h, e);
        return e;
    }

    private rehash(): void {
        const old = this.table;
        this.table = new Int32Array(old.length * 2);
        for (let i = 1; i < old.length; i += 2) {
            const e1 = old[i] as number;
            if (e1 !== EMPTY_SLOT) place(this.table, old[i - 1] as number, e1 - 1);
        }
    }

    /**
     * No more entries will be added: the hash table goes, and the arena and offsets shrink to
     * what they hold (their slack, up to half, is memory the rest of the build can use).
     */
    freeze(): void {
        this.table = new Int32Array(0);
        if (this.used < this.arena.length) this.arena = Buffer.from(this.arena.subarray(0, this.used));
        if (this.n < this.starts.length) this.starts = this.starts.slice(0, this.n);
    }

    /** Where entry e starts in `arenaBytes`. */
    start(e: number): number {
        return this.starts[e] as number;
    }

    /** Where entry e ends in `arenaBytes`. */
    end(e: number): number {
        return this.entryEnd(e);
    }

    /** The bytes every entry is in (valid until the next intern). */
    get arenaBytes(): Buffer {
        return this.arena;
    }

    /** Entry e's bytes (a view of the arena: valid until the next intern). */
    bytes(e: number): Buffer {
        return this.arena.subarray(this.starts[e] as number, this.entryEnd(e));
    }

    /** Entry e as a Latin-1 string (one character per byte, as deb822-stream.ts reads values). */
    latin1(e: number): string {
        if (!this.cacheStrings) return this.arena.toString("latin1", this.starts[e] as number, this.entryEnd(e));
        return (this.strings[e] ??= this.arena.toString("latin1", this.starts[e] as number, this.entryEnd(e)));
    }

    /** Entry e decoded as UTF-8. */
    utf8(e: number): string {
        return this.arena.toString("utf8", this.starts[e] as number, this.entryEnd(e));
    }

    /** Lets the memory go; the interner must not be used afterwards. */
    release(): void {
        this.arena = Buffer.alloc(0);
        this.starts = new Int32Array(0);
        this.table = new Int32Array(0);
        this.n = 0;
        this.used = 0;
        this.strings.length = 0;
    }
}

/** Puts entry e of hash h in the first free slot from its own. */
function place(table: Int32Array, h: number, e: number): void {
    const mask = (table.length >> 1) - 1;
    let slot = h & mask;
    while (table[2 * slot + 1] !== EMPTY_SLOT) slot = (slot + 1) & mask;
    table[2 * slot] = h;
    table[2 * slot + 1] = e + 1;
}

function grown(a: Int32Array): Int32Array {
    const bigger = new Int32Array(a.length * 2);
    bigger.set(a);
    return bigger;
}
