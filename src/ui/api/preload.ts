// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's first requests in one bridge process (`batch`, protocol
 * BatchResponse). Opening the page asks for the stores, the repositories, the
 * tab counts, the Browse grid and the operation under way at once: five Node
 * starts side by side on a 2-core machine took ~0.5 s before the first of them
 * answered, one start doing the five ~0.2 s. The batch's answers stand for the
 * requests they were asked as: callBridge (bridge.ts) takes one instead of
 * spawning when the same argument vector is asked while the batch runs or
 * within VALID_MS of its answer; later it asks the bridge itself, as it does
 * when the batch failed as a whole (a bridge without `batch`, a lost
 * connection). A request's own error (an unknown store) is its answer.
 * The batch starts from the page's small first script (src/ui/opening.ts),
 * before the page's bundle is loaded, and the bundle takes it over.
 */
import type { BatchResponse, ErrorResponse } from "../../protocol/index.js";
import { BridgeError } from "./errors.js";

/** How long after the batch answered its answers stand for their requests (the page's first). */
const VALID_MS = 2000;

interface Entry {
    promise: Promise<unknown>;
    /** performance.now() after which the entry is not taken; Infinity until the batch answered. */
    until: number;
}

const entries = new Map<string, Entry>();

const keyOf = (args: readonly unknown[]) => JSON.stringify(args);

/** The batch failed as a whole: the request is asked alone (not the request's own error). */
class BatchFailed extends Error {}

let started = false;
/** Settles when the opening's batch has (resolved at once when there is none). */
let settled: Promise<void> = Promise.resolve();

/**
 * The batch under way, kept on the window: the page's first script (src/ui/opening.ts) and its
 * bundle are two bundles, each with its own copy of this module, and the second takes the
 * batch the first started for the same requests rather than starting another.
 */
interface WindowBatch {
    key: string;
    batch: Promise<BatchResponse>;
}
declare global {
    interface Window {
        __cockpitAptOpening?: WindowBatch;
    }
}

/**
 * Asks `requests` through `runBatch` (one `batch` process) and keeps a promise for each; once per
 * page load (the page's opening: React may run its initializers twice). A batch of the same
 * requests that the page's first script started is taken instead.
 */
export function preloadRequests(requests: string[][], runBatch: () => Promise<BatchResponse>): void {
    if (started) return;
    started = true;
    const key = keyOf(requests);
    const early = window.__cockpitAptOpening;
    const batch = early?.key === key ? early.batch : runBatch();
    window.__cockpitAptOpening = { key, batch };
    const settle = () => {
        for (const r of requests) {
            const e = entries.get(keyOf(r));
            if (e) e.until = performance.now() + VALID_MS;
        }
    };
    settled = batch.then(settle, settle);
    requests.forEach((args, i) => {
        const promise = batch.then(
            (response) => {
                const result = response.results?.[i];
                if (!result) throw new BatchFailed("batch: no answer");
                if ("ok" in result) return result.ok;
                const { code, message, details } = (result as ErrorResponse).error;
                throw new BridgeError(code, message, details ?? {});
            },
            (e: unknown) => {
                throw new BatchFailed(e instanceof Error ? e.message : String(e));
            }
        );
        promise.catch(() => {}); // nobody may take it
        entries.set(keyOf(args), { promise, until: Infinity });
    });
}

/**
 * The batch's answer for `args` when it stands for it (see above), or null. It rejects with the
 * request's own error, or with an error isBatchFailure recognizes: then ask the bridge alone.
 */
export function takePreloaded(args: readonly string[]): Promise<unknown> | null {
    if (entries.size === 0) return null;
    const key = keyOf(args);
    const e = entries.get(key);
    if (!e) return null;
    if (performance.now() > e.until) {
        entries.delete(key);
        return null;
    }
    return e.promise;
}

/**
 * Settles once the opening's batch answered or failed (at once when the page did not open with
 * one): what waits for it (a spare process: use-standby.ts) does not compete with it for the CPU.
 */
export function openingSettled(): Promise<void> {
    return settled;
}

export function isBatchFailure(e: unknown): boolean {
    return e instanceof BatchFailed;
}

/** Forgets every preloaded answer, and that the page opened (tests: each test is a page load). */
export function clearPreloaded(): void {
    delete window.__cockpitAptOpening;
    entries.clear();
    started = false;
    settled = Promise.resolve();
}
