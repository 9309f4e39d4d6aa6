// SPDX-License-Identifier: LGPL-2.1-or-later
/** `n` deterministic bytes that are not all alike (a linear congruential sequence from `seed`). */
export function pseudoRandomBytes(n: number, seed = 1): Buffer {
    const b = Buffer.alloc(n);
    let x = seed;
    for (let i = 0; i < n; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        b[i] = x >>> 24;
    }
    return b;
}
