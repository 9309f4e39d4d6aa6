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
    private hashes: Int32Array = new Int32Array(1024);
    private n = 0;
    /** Open addressing: entry + 1, or EMPTY_SLOT; a power of two at most half full. */
    private table: Int32Array = new Int32Array(2048);
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
        const mask = this.table.length - 1;
        const length = end - start;
        for (let slot = h & mask; ; slot = (slot + 1) & mask) {
            const e = (this.table[slot] as number) - 1;
            if (e < 0) break;
            if (this.hashes[e] !== h) continue;
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
        if (this.n === this.starts.length) {
            this.starts = grown(this.starts);
            this.hashes = grown(this.hashes);
        }
        const e = this.n++;
        this.starts[e] = this.used;
        this.hashes[e] = h;
        this.arena.set(data.subarray(start, end), this.used);
        this.used += length;
        if (this.n * 2 > this.table.length) this.rehash();
        else this.place(e);
        return e;
    }

    private place(e: number): void {
        const mask = this.table.length - 1;
        let slot = (this.hashes[e] as number) & mask;
        while (this.table[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
        this.table[slot] = e + 1;
    }

    private rehash(): void {
        this.table = new Int32Array(this.table.length * 2);
        for (let e = 0; e < this.n; e++) this.place(e);
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
        this.hashes = new Int32Array(0);
        this.table = new Int32Array(0);
        this.n = 0;
        this.used = 0;
        this.strings.length = 0;
    }
}

function grown(a: Int32Array): Int32Array {
    const bigger = new Int32Array(a.length * 2);
    bigger.set(a);
    return bigger;
}
