// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The checksum of cache file blocks (verified-file.ts): MurmurHash3's 32-bit
 * mixing over little 32-bit words, in two interleaved lanes, seeded with the
 * block's number. Not CRC-32: zlib.crc32 only came in Node 20.15/22.2 (Debian
 * 12 has Node 18) and loading node:zlib costs milliseconds on every request,
 * while a table-driven CRC in JavaScript runs at a fifth of this speed.
 *
 * What it guarantees: each step is a bijection of the lane's state for a
 * given word, and of the word for a given state, so any change confined to
 * one word (every flipped byte or bit) always changes the result; other
 * changes (zeroed or swapped ranges, several flips) go unnoticed with a
 * chance of about 2^-32; a block moved elsewhere has another seed; a shorter
 * block hashes its length in. Not a defence against someone who may write the
 * file: trusted-file.ts is that.
 */

/** The checksum of `data` (any length, any alignment). */
export function checksum(data: Uint8Array, seed: number): number {
    const words = data.length >>> 2;
    let view: Int32Array;
    if ((data.byteOffset & 3) === 0) view = new Int32Array(data.buffer, data.byteOffset, words);
    else {
        const copy = new Uint8Array(words * 4); // Node pools small Buffers at any offset
        copy.set(data.subarray(0, words * 4));
        view = new Int32Array(copy.buffer, 0, words);
    }
    let h1 = seed ^ 0x9e3779b9;
    let h2 = Math.imul(seed, 0x85ebca6b) ^ 0x27d4eb2f;
    let i = 0;
    for (; i + 2 <= words; i += 2) {
        let k = Math.imul(view[i] as number, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        h1 ^= Math.imul(k, 0x1b873593);
        h1 = (h1 << 13) | (h1 >>> 19);
        h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
        let m = Math.imul(view[i + 1] as number, 0xcc9e2d51);
        m = (m << 15) | (m >>> 17);
        h2 ^= Math.imul(m, 0x1b873593);
        h2 = (h2 << 13) | (h2 >>> 19);
        h2 = (Math.imul(h2, 5) + 0xe6546b64) | 0;
    }
    if (i < words) {
        let k = Math.imul(view[i] as number, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        h1 ^= Math.imul(k, 0x1b873593);
        h1 = (h1 << 13) | (h1 >>> 19);
        h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    }
    for (let j = words * 4; j < data.length; j++) {
        h2 ^= Math.imul((data[j] as number) + 1, 0xcc9e2d51);
        h2 = (h2 << 13) | (h2 >>> 19);
        h2 = (Math.imul(h2, 5) + 0xe6546b64) | 0;
    }
    // final mix: the two lanes and the length, every input bit reaching every output bit
    let h = h1 ^ Math.imul(h2, 0x85ebca6b) ^ data.length;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
