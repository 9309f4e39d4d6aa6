// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Builds (the index, the reverse relation index) run with V8 told to favour
 * memory over speed, so that a request stays under its memory budget.
 */
import v8 from "node:v8";

/**
 * Runs the index build with V8 told to favour memory over speed: by default
 * it lets the heap grow to several times what is alive before collecting, and
 * the build makes ~100 MB of short-lived objects (peak 220 MB of memory on the
 * full Debian index, 140 MB so; the build takes a few percent longer). V8
 * reads this flag at each decision, so it can be set for the build alone.
 */
export function whileSavingMemory<T>(fn: () => T): T {
    v8.setFlagsFromString("--optimize-for-size");
    try {
        return fn();
    } finally {
        v8.setFlagsFromString("--no-optimize-for-size");
    }
}
