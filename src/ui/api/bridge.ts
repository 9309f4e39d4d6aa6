// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cockpit.spawn(["cockpit-apt-bridge", ...]) as typed promises.
 *
 * - Reads run with superuser "try" (browsing works without administrative
 *   access), changes with "require".
 * - stdout is collected through .stream() ourselves: on a non-zero exit the
 *   bridge prints {"error":...} on stdout, and we need that text whatever
 *   Cockpit passes to the rejection callback.
 * - Transient failures (connection problems, unreadable output) of reads are
 *   retried with backoff; changes are never retried (that could make things worse).
 * - An AbortSignal closes the channel, which makes Cockpit terminate the process.
 * - Every one-document request has a time limit (a hung bridge must not leave
 *   a skeleton for ever); the channel is then closed and the page offers
 *   Try again. Operations are streams that may rightly run for long: no limit.
 */
import type { ErrorCode, ErrorResponse, OperationEvent, OperationStreamEvent } from "../../protocol/index.js";
import { ERROR_CODES } from "../../protocol/index.js";
import { cockpit, type CockpitProcess, type CockpitSpawnError } from "../cockpit.js";
import { BridgeError } from "./errors.js";
import { JsonLinesParser } from "./json-lines.js";
import { isBatchFailure, takePreloaded } from "./preload.js";
import { StandbyPool } from "./standby.js";

export const BRIDGE = "cockpit-apt-bridge";

const standby = new StandbyPool(() => cockpit().spawn([BRIDGE, "standby"], { superuser: "try", err: "message" }));

/**
 * A spare bridge process for the next read (standby.ts): the page calls this when the user is
 * about to ask for something (typing, pointing); cheap when a spare is there already.
 */
export function prepareStandby(): void {
    standby.prepare();
}

/** Lets the spare bridge process go (the page is hidden or gone; in tests, each test is a page load). */
export function releaseStandby(): void {
    standby.release();
}

export interface CallOptions {
    superuser?: "try" | "require";
    /** Text for the bridge's standard input (a store definition for `stores save` / `stores preview -`). */
    input?: string;
    /** A non-zero exit whose stdout is a JSON answer (not {"error":...}) is that answer: `stores save` of an invalid definition. */
    answerOnFailure?: boolean;
    signal?: AbortSignal;
    /** Attempts in total for transient failures (default 3 for reads). */
    attempts?: number;
    /** First backoff delay in ms; doubles each time (tests set it to 0). */
    backoffMs?: number;
    /** Time limit of one attempt in ms (default requestTimeouts.readMs). */
    timeoutMs?: number;
}

export const retryDefaults = { attempts: 3, backoffMs: 300 };

/**
 * Generous: a cold index build on a Raspberry Pi with 157,000 packages takes
 * 12-15 s, and `apt-get -s` of a large upgrade several seconds more.
 */
export const requestTimeouts = { readMs: 60_000 };

function isErrorCode(v: unknown): v is ErrorCode {
    return typeof v === "string" && (ERROR_CODES as readonly string[]).includes(v);
}

/** The bridge's {"error":...} document in `stdout`, if there is one. */
export function parseErrorOutput(stdout: string): BridgeError | null {
    const text = stdout.trim();
    if (!text.startsWith("{")) return null;
    // Operations print JSON Lines; the error is then the last line.
    const candidates = [text, ...text.split("\n").reverse()];
    for (const c of candidates) {
        try {
            const doc = JSON.parse(c) as Partial<ErrorResponse>;
            const err = doc?.error;
            if (err && typeof err === "object" && isErrorCode(err.code)) {
                return new BridgeError(err.code, String(err.message ?? ""), err.details ?? {});
            }
        } catch {
            /* not this one */
        }
    }
    return null;
}

/** A rejection of cockpit.spawn plus the stdout we collected -> BridgeError. */
export function spawnFailure(ex: CockpitSpawnError | undefined, stdout: string): BridgeError {
    const fromBridge = parseErrorOutput(stdout);
    if (fromBridge) return fromBridge;
    const problem = ex?.problem ?? null;
    const message = ex?.message ?? String(ex ?? "");
    switch (problem) {
        case "access-denied":
        case "authentication-failed":
            return new BridgeError("PERMISSION_DENIED", message, { problem });
        case "not-found":
            return new BridgeError("BRIDGE_MISSING", message, { problem });
        case "terminated":
        case "cancelled":
            return new BridgeError("CANCELLED", message, { problem });
        case "disconnected":
        case "timeout":
        case "no-session":
            return new BridgeError("DISCONNECTED", message, { problem }, true);
        case null:
        case undefined:
            break;
        default:
            return new BridgeError("INTERNAL", message || problem, { problem });
    }
    // A process that exited without our JSON: killed by a signal (OOM, ...) is worth
    // another try; exit 127 means the command is not in PATH.
    if (ex?.exit_status === 127) return new BridgeError("BRIDGE_MISSING", message, { exitStatus: 127 });
    // Killed (OOM killer, an administrator) or crashed without its JSON: it stopped, it did not answer badly.
    if (ex?.exit_signal) return new BridgeError("BRIDGE_STOPPED", message, { signal: ex.exit_signal }, true);
    // A non-zero exit with nothing on stdout stopped before answering; with other text it answered badly.
    if (typeof ex?.exit_status === "number" && ex.exit_status !== 0 && stdout.trim() === "")
        return new BridgeError("BRIDGE_STOPPED", message, { exitStatus: ex.exit_status });
    return new BridgeError("BAD_OUTPUT", message || stdout.slice(0, 200), { exitStatus: ex?.exit_status ?? null });
}

function abortError(): BridgeError {
    return new BridgeError("CANCELLED", "aborted", { aborted: true });
}

/** One spawn of the bridge; resolves with all of stdout. `timeoutMs` null: no time limit (operations). */
function spawnOnce(
    args: string[],
    superuser: "try" | "require",
    signal: AbortSignal | undefined,
    onChunk?: (s: string) => void,
    timeoutMs: number | null = null,
    io: Pick<CallOptions, "input" | "answerOnFailure"> = {}
): Promise<string> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(abortError());
            return;
        }
        let stdout = "";
        let proc: CockpitProcess;
        // A read may go to the spare process started before it was known; it is sent below.
        const spare = superuser === "try" && io.input === undefined ? standby.take(args) : null;
        try {
            proc = spare ?? cockpit().spawn([BRIDGE, ...args], { superuser, err: "message" });
        } catch (e) {
            reject(new BridgeError("INTERNAL", e instanceof Error ? e.message : String(e)));
            return;
        }
        let timedOut = false;
        const timer =
            timeoutMs === null
                ? null
                : setTimeout(() => {
                      timedOut = true;
                      signal?.removeEventListener("abort", onAbort);
                      // Closing the channel makes Cockpit terminate the hung process.
                      proc.close("terminated");
                      reject(
                          new BridgeError(
                              "TIMEOUT",
                              `no answer from ${BRIDGE} ${args.slice(0, 2).join(" ")} within ${timeoutMs} ms`,
                              { timeoutMs }
                          )
                      );
                  }, timeoutMs);
        const onAbort = () => {
            if (timer) clearTimeout(timer);
            proc.close("terminated");
            reject(abortError());
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        proc.stream((data: string) => {
            stdout += data;
            onChunk?.(data);
        });
        if (spare) proc.input(JSON.stringify(args));
        else if (io.input !== undefined) proc.input(io.input);
        proc.then(
            () => {
                if (timer) clearTimeout(timer);
                signal?.removeEventListener("abort", onAbort);
                resolve(stdout);
            },
            (ex: CockpitSpawnError) => {
                if (timer) clearTimeout(timer);
                signal?.removeEventListener("abort", onAbort);
                if (timedOut) return;
                if (signal?.aborted) reject(abortError());
                else if (
                    io.answerOnFailure &&
                    typeof ex?.exit_status === "number" &&
                    parseErrorOutput(stdout) === null &&
                    stdout.trim().startsWith("{")
                )
                    resolve(stdout);
                else reject(spawnFailure(ex, stdout));
            }
        );
    });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (ms <= 0) {
            resolve();
            return;
        }
        const t = setTimeout(resolve, ms);
        signal?.addEventListener(
            "abort",
            () => {
                clearTimeout(t);
                reject(abortError());
            },
            { once: true }
        );
    });
}

/** `promise`, or an abort error as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return promise;
    if (signal.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(abortError());
        signal.addEventListener("abort", onAbort, { once: true });
        promise.then(
            (v) => {
                signal.removeEventListener("abort", onAbort);
                resolve(v);
            },
            (e: unknown) => {
                signal.removeEventListener("abort", onAbort);
                reject(e instanceof Error ? e : new Error(String(e)));
            }
        );
    });
}

/** Run a bridge command that prints one JSON document. */
export async function callBridge<T>(args: string[], options: CallOptions = {}): Promise<T> {
    const superuser = options.superuser ?? "try";
    // A read the page's opening batch answered (preload.ts): its answer, unless the batch failed as a whole.
    const preloaded = superuser === "try" && options.input === undefined ? takePreloaded(args) : null;
    if (preloaded) {
        try {
            return (await untilAborted(preloaded, options.signal)) as T;
        } catch (e) {
            if (!isBatchFailure(e)) throw e;
        }
    }
    // Changes are never retried.
    const attempts = superuser === "require" ? 1 : (options.attempts ?? retryDefaults.attempts);
    let delay = options.backoffMs ?? retryDefaults.backoffMs;
    for (let attempt = 1; ; attempt++) {
        try {
            const stdout = await spawnOnce(
                args,
                superuser,
                options.signal,
                undefined,
                options.timeoutMs ?? requestTimeouts.readMs,
                options
            );
            try {
                return JSON.parse(stdout) as T;
            } catch {
                throw new BridgeError("BAD_OUTPUT", `not JSON: ${stdout.slice(0, 200)}`, {}, true);
            }
        } catch (e) {
            const err = e instanceof BridgeError ? e : new BridgeError("INTERNAL", String(e));
            if (!err.transient || attempt >= attempts || options.signal?.aborted) throw err;
            await sleep(delay, options.signal);
            delay *= 2;
        }
    }
}

export interface RunningOperation {
    /** Settles when the process ends: with the final "result" event, or a synthesized one. */
    done: Promise<Extract<OperationEvent, { type: "result" }>>;
    /**
     * Closes the channel (Cockpit sends SIGTERM): the bridge stops following, the operation itself
     * runs on (it is detached). Stopping it is `operations cancel ID` (api/index.ts cancelOperation).
     */
    detach(): void;
}

type ResultEvent = Extract<OperationEvent, { type: "result" }>;

/**
 * Start a streaming operation (JSON Lines of OperationEvent). Events are
 * delivered as they arrive; `done` never rejects: failures become a result
 * event with ok: false and a code, so the progress dialog has one path.
 */
export function streamOperation(
    args: string[],
    operation: ResultEvent["operation"],
    onEvent: (e: OperationStreamEvent) => void,
    superuser: "try" | "require" = "require"
): RunningOperation {
    const parser = new JsonLinesParser<OperationStreamEvent>();
    const controller = new AbortController();
    let result: ResultEvent | null = null;
    const deliver = (events: OperationStreamEvent[]) => {
        for (const ev of events) {
            if (!ev || typeof ev !== "object" || typeof (ev as { type?: unknown }).type !== "string") continue;
            if (ev.type === "result") result = ev;
            onEvent(ev);
        }
    };
    const done = spawnOnce(args, superuser, controller.signal, (chunk) => deliver(parser.push(chunk)))
        .then((): ResultEvent => {
            deliver(parser.flush());
            return result ?? { type: "result", ok: true, operation, exitCode: 0 };
        })
        .catch((e: unknown): ResultEvent => {
            deliver(parser.flush());
            if (result) return result;
            const err = e instanceof BridgeError ? e : new BridgeError("INTERNAL", String(e));
            const synthesized: ResultEvent = {
                type: "result",
                ok: false,
                operation,
                exitCode: null,
                code: isErrorCode(err.code) ? err.code : "INTERNAL",
                message: err.technical,
                details: { ...err.details, uiCode: err.code },
            };
            onEvent(synthesized);
            return synthesized;
        });
    return { done, detach: () => controller.abort() };
}
