/*
 * Builds (the index, the reverse relation index) run with V8 told to favour
 * memory over speed, so that a request stays under its memory budget.
 */
import v8 from "node:v8";
import { noteV8FlagsChanged } from "../code-cache-files.js";

/**
 * Runs the index build with V8 told to favour memory over speed: by default
 * it lets the heap grow to several times what is alive before collecting, and
 * the build makes ~100 MB of short-lived objects (peak 220 MB of memory on the
 * full Debian index, 140 MB so; the build takes a few percent longer). V8
 * reads this flag at each decision, so it can be set for the build alone.
 * The launcher writes no code cache after such a request: V8 would refuse it.
 */
export function whileSavingMemory<T>(fn: () => T): T {
    noteV8FlagsChanged(); // even set back, the flags leave their mark on code cache data
    v8.setFlagsFromString("--optimize-for-size");
    try {
        return fn();
    } finally {
        v8.setFlagsFromString("--no-optimize-for-size");
    }
}
