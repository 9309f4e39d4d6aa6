// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A search's first rows, asked for while the search field's debounce still
 * runs: the list follows 300 ms after the last key (it must not jump while
 * one types), but the bridge's answer takes about as long (a process start
 * and a scan of the index), so the request starts once typing pauses
 * (SEARCH_PREFETCH_MS) and the list takes its answer when the debounce ends.
 * One request at a time: a newer text aborts the older one (Cockpit closes
 * its channel, which ends the process), and an answer is only ever taken for
 * the exact list it was asked for (its key).
 */
import type { PackageListResponse } from "../../protocol/index.js";

interface Prefetch {
    key: string;
    promise: Promise<PackageListResponse>;
    controller: AbortController;
}

let pending: Prefetch | null = null;

/** Starts `fetch` for the list `key` unless it is already under way; aborts any other. */
export function prefetchList(key: string, fetch: (signal: AbortSignal) => Promise<PackageListResponse>): void {
    if (pending?.key === key) return;
    cancelPrefetch();
    const controller = new AbortController();
    const promise = fetch(controller.signal);
    // Nobody may take it: its failure is then nobody's error (the list, if shown, asks again).
    promise.catch(() => {});
    pending = { key, promise, controller };
}

/**
 * The answer prefetched for `key`, taken (a later list asks the bridge itself), or null. `signal`:
 * the list's own, which now aborts the request if the list changes before it is answered.
 */
export function takePrefetched(key: string, signal: AbortSignal): Promise<PackageListResponse> | null {
    if (pending === null || pending.key !== key) return null;
    const taken = pending;
    pending = null;
    signal.addEventListener("abort", () => taken.controller.abort(), { once: true });
    return taken.promise;
}

/** Aborts the request under way, if any (the text changed, the field went away). */
export function cancelPrefetch(): void {
    pending?.controller.abort();
    pending = null;
}
