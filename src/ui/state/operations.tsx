// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The flow of a change to the system: preview (what else changes, download
 * size) -> confirm -> progress fed by the live JSON Lines stream -> result.
 * A lock held by another process or an interrupted dpkg are their own steps
 * with their own remedies (retry / repair). Every finished operation refreshes
 * the lists and the stores (a store package may have come or gone).
 *
 * Operations run detached from the bridge (they outlive the page): on opening,
 * the page asks `operations current`; a running one is followed again with its
 * live progress, and a result the page has not shown yet (its id is kept in
 * localStorage) is shown. Cancel asks the runner (`operations cancel ID`);
 * closing the tab only stops following.
 */
import React, { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import {
    isPreviewKind,
    type OperationChange,
    type OperationEvent,
    type OperationKind,
    type OperationPreview,
    type OperationRecord,
    type OperationStreamEvent,
    type ProgressPhase,
} from "../../protocol/index.js";
import {
    cancelOperation,
    currentOperation,
    followOperation,
    previewOperation,
    runOperation,
    type RunningOperation,
} from "../api/index.js";
import { toBridgeError, type BridgeError } from "../api/errors.js";
import { useAppState } from "./AppState.js";
import { loadLastOperation, saveLastOperation } from "./persist.js";

export type ResultEvent = Extract<OperationEvent, { type: "result" }>;

export interface ProgressState {
    percent: number;
    phase: ProgressPhase | null;
    package: string | null;
    message: string;
    log: string[];
    cancelling: boolean;
    /** The operation's id (from its "started" event): what Cancel names. */
    id: string | null;
    /** Why a Cancel was refused (dpkg already at work). */
    cancelRefused: string | null;
}

export type Flow =
    | { step: "idle" }
    | { step: "preview-loading"; kind: OperationKind; names: string[] }
    | { step: "preview"; kind: OperationKind; names: string[]; preview: OperationPreview }
    | { step: "preview-error"; kind: OperationKind; names: string[]; error: BridgeError }
    | ({ step: "running"; kind: OperationKind; names: string[] } & ProgressState)
    | {
          step: "result";
          kind: OperationKind;
          names: string[];
          result: ResultEvent;
          log: string[];
          changes: OperationChange[];
      };

const MAX_LOG = 2000;

export interface Operations {
    flow: Flow;
    /** Start a change; install/remove/purge/upgrade show a preview first. */
    start(kind: OperationKind, names: string[]): void;
    confirm(): void;
    cancel(): void;
    close(): void;
    /** Run the operation again (after "locked"). */
    retry(): void;
    /** Run `operations repair` (after "dpkg interrupted"). */
    repair(): void;
}

const Context = createContext<Operations | null>(null);

export function useOperations(): Operations {
    const o = useContext(Context);
    if (!o) throw new Error("useOperations outside OperationsProvider");
    return o;
}

/** Cancel is allowed only while downloading: interrupting dpkg would leave a half-configured system. */
export function canCancel(p: ProgressState): boolean {
    return p.id !== null && !p.cancelling && (p.phase === "download" || p.phase === "update");
}

/** A record whose runner died without a result: the result the page shows for it (with Repair). */
function interruptedResult(op: OperationRecord): ResultEvent {
    return {
        type: "result",
        ok: false,
        operation: op.kind,
        exitCode: null,
        code: "DPKG_INTERRUPTED",
        message: op.message ?? "",
        details: { id: op.id, interrupted: true },
    };
}

export function OperationsProvider({ children }: { children: React.ReactNode }) {
    const { refresh } = useAppState();
    const [flow, setFlow] = useState<Flow>({ step: "idle" });
    // The current flow for the callbacks below (they must not run side effects in state updaters).
    const flowRef = useRef(flow);
    flowRef.current = flow;
    const running = useRef<RunningOperation | null>(null);
    const previewAbort = useRef<AbortController | null>(null);
    // Like the request counter of lists: a preview answering after the user moved on is dropped.
    const counter = useRef(0);

    /** Shows the progress of an operation stream (a new one, or a followed one) until its result. */
    const attach = useCallback(
        (
            kind: OperationKind,
            names: string[],
            open: (onEvent: (e: OperationStreamEvent) => void) => RunningOperation,
            initial?: Partial<ProgressState>
        ) => {
            const id = ++counter.current;
            let changes: OperationChange[] = [];
            let operationId: string | null = initial?.id ?? null;
            setFlow({
                step: "running",
                kind,
                names,
                percent: 0,
                phase: null,
                package: null,
                message: "",
                log: [],
                cancelling: false,
                id: null,
                cancelRefused: null,
                ...initial,
            });
            const onEvent = (ev: OperationStreamEvent) => {
                if (id !== counter.current) return;
                if (ev.type === "changes") changes = ev.changes;
                if (ev.type === "started") operationId = ev.id;
                setFlow((f) => {
                    if (f.step !== "running") return f;
                    switch (ev.type) {
                        case "started":
                            return { ...f, id: ev.id };
                        case "progress":
                            return {
                                ...f,
                                percent: Math.max(0, Math.min(100, ev.percent)),
                                phase: ev.phase,
                                package: ev.package,
                                message: ev.message,
                            };
                        case "log":
                            return { ...f, log: [...f.log, ev.line].slice(-MAX_LOG) };
                        case "conffile":
                            return { ...f, log: [...f.log, `conffile ${ev.file}: ${ev.action}`].slice(-MAX_LOG) };
                        case "error":
                            return { ...f, log: [...f.log, `${ev.code}: ${ev.message}`].slice(-MAX_LOG) };
                        default:
                            return f;
                    }
                });
            };
            const op = open(onEvent);
            running.current = op;
            void op.done.then((result) => {
                if (id !== counter.current) return;
                running.current = null;
                if (operationId) saveLastOperation(operationId);
                setFlow((f) => ({
                    step: "result",
                    kind,
                    names,
                    result,
                    log: f.step === "running" ? f.log : [],
                    changes,
                }));
                refresh();
            });
        },
        [refresh]
    );

    const execute = useCallback(
        (kind: OperationKind, names: string[]) => attach(kind, names, (onEvent) => runOperation(kind, names, onEvent)),
        [attach]
    );

    // On opening: an operation that runs (started in another tab, or before this one was closed) is
    // shown with its live progress; one that ended since the page last showed a result, with its result.
    useEffect(() => {
        let live = true;
        currentOperation().then(
            (op) => {
                if (!live || !op || flowRef.current.step !== "idle") return;
                if (op.state === "running") {
                    // What it is doing now at once; the followed journal then replays from its start to the same point and on.
                    const p = op.progress;
                    const now = p ? { percent: p.percent, phase: p.phase, package: p.package, message: p.message } : {};
                    attach(op.kind, op.names, (onEvent) => followOperation(op.id, op.kind, onEvent), {
                        id: op.id,
                        ...now,
                    });
                    return;
                }
                if (op.id === loadLastOperation()) return;
                saveLastOperation(op.id);
                const result = op.state === "interrupted" || !op.result ? interruptedResult(op) : op.result;
                setFlow({
                    step: "result",
                    kind: op.kind,
                    names: op.names,
                    result,
                    log: op.logTail,
                    changes: op.changes,
                });
            },
            () => undefined // no operations to show (older bridge, no access): the page works as before
        );
        return () => {
            live = false;
        };
    }, [attach]);

    // Leaving the page only stops following; the operation runs on.
    useEffect(() => () => running.current?.detach(), []);

    const start = useCallback(
        (kind: OperationKind, names: string[]) => {
            if (!isPreviewKind(kind)) {
                execute(kind, names);
                return;
            }
            const id = ++counter.current;
            setFlow({ step: "preview-loading", kind, names });
            previewAbort.current?.abort();
            const controller = new AbortController();
            previewAbort.current = controller;
            previewOperation(kind, names, { signal: controller.signal }).then(
                (preview) => {
                    if (id === counter.current) setFlow({ step: "preview", kind, names, preview });
                },
                (e: unknown) => {
                    if (id === counter.current)
                        setFlow({ step: "preview-error", kind, names, error: toBridgeError(e) });
                }
            );
        },
        [execute]
    );

    const confirm = useCallback(() => {
        const f = flowRef.current;
        if (f.step === "preview") execute(f.kind, f.names);
    }, [execute]);

    const cancel = useCallback(() => {
        const f = flowRef.current;
        if (f.step !== "running" || f.id === null) return;
        const id = f.id;
        setFlow((g) => (g.step === "running" ? { ...g, cancelling: true, cancelRefused: null } : g));
        // The runner writes the CANCELLED result, which arrives through the stream being followed.
        cancelOperation(id).then(
            (answer) => {
                if (!answer.requested)
                    setFlow((g) =>
                        g.step === "running" && g.id === id
                            ? { ...g, cancelling: false, cancelRefused: answer.message }
                            : g
                    );
            },
            (e: unknown) =>
                setFlow((g) =>
                    g.step === "running" && g.id === id
                        ? { ...g, cancelling: false, cancelRefused: toBridgeError(e).message }
                        : g
                )
        );
    }, []);

    const close = useCallback(() => {
        counter.current++;
        // Closing during "Checking what will change" stops that apt-get -s too.
        previewAbort.current?.abort();
        previewAbort.current = null;
        setFlow({ step: "idle" });
    }, []);

    const retry = useCallback(() => {
        const f = flowRef.current;
        if (f.step === "result" || f.step === "preview-error") start(f.kind, f.names);
    }, [start]);

    const repair = useCallback(() => execute("repair", []), [execute]);

    const value: Operations = { flow, start, confirm, cancel, close, retry, repair };
    return <Context.Provider value={value}>{children}</Context.Provider>;
}
