/*
 * The flow of a change to the system: preview (what else changes, download
 * size) -> confirm -> progress fed by the live JSON Lines stream -> result.
 * A lock held by another process or an interrupted dpkg are their own steps
 * with their own remedies (retry / repair). Every finished operation refreshes
 * the lists and the stores (a store package may have come or gone).
 */
import React, { createContext, useCallback, useContext, useRef, useState } from "react";
import type { OperationEvent, OperationKind, OperationPreview, ProgressPhase } from "../../protocol/index.js";
import { previewOperation, runOperation, type PreviewKind, type RunningOperation } from "../api/index.js";
import { toBridgeError, type BridgeError } from "../api/errors.js";
import { useAppState } from "./AppState.js";

export type ResultEvent = Extract<OperationEvent, { type: "result" }>;

export interface ProgressState {
    percent: number;
    phase: ProgressPhase | null;
    package: string | null;
    message: string;
    log: string[];
    cancelling: boolean;
}

export type Flow =
    | { step: "idle" }
    | { step: "preview-loading"; kind: OperationKind; names: string[] }
    | { step: "preview"; kind: OperationKind; names: string[]; preview: OperationPreview }
    | { step: "preview-error"; kind: OperationKind; names: string[]; error: BridgeError }
    | ({ step: "running"; kind: OperationKind; names: string[] } & ProgressState)
    | { step: "result"; kind: OperationKind; names: string[]; result: ResultEvent; log: string[] };

const PREVIEWABLE: readonly OperationKind[] = ["install", "remove", "purge", "upgrade", "full-upgrade"];
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
    return !p.cancelling && (p.phase === "download" || p.phase === "update");
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

    const execute = useCallback(
        (kind: OperationKind, names: string[]) => {
            const id = ++counter.current;
            setFlow({ step: "running", kind, names, percent: 0, phase: null, package: null, message: "", log: [], cancelling: false });
            const onEvent = (ev: OperationEvent) => {
                if (id !== counter.current) return;
                setFlow((f) => {
                    if (f.step !== "running") return f;
                    switch (ev.type) {
                        case "progress":
                            return { ...f, percent: Math.max(0, Math.min(100, ev.percent)), phase: ev.phase, package: ev.package, message: ev.message };
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
            const op = runOperation(kind, names, onEvent);
            running.current = op;
            void op.done.then((result) => {
                if (id !== counter.current) return;
                running.current = null;
                setFlow((f) => ({ step: "result", kind, names, result, log: f.step === "running" ? f.log : [] }));
                refresh();
            });
        },
        [refresh],
    );

    const start = useCallback(
        (kind: OperationKind, names: string[]) => {
            if (!PREVIEWABLE.includes(kind)) {
                execute(kind, names);
                return;
            }
            const id = ++counter.current;
            setFlow({ step: "preview-loading", kind, names });
            previewAbort.current?.abort();
            const controller = new AbortController();
            previewAbort.current = controller;
            previewOperation(kind as PreviewKind, names, { signal: controller.signal }).then(
                (preview) => {
                    if (id === counter.current) setFlow({ step: "preview", kind, names, preview });
                },
                (e: unknown) => {
                    if (id === counter.current) setFlow({ step: "preview-error", kind, names, error: toBridgeError(e) });
                },
            );
        },
        [execute],
    );

    const confirm = useCallback(() => {
        const f = flowRef.current;
        if (f.step === "preview") execute(f.kind, f.names);
    }, [execute]);

    const cancel = useCallback(() => {
        if (running.current) {
            setFlow((f) => (f.step === "running" ? { ...f, cancelling: true } : f));
            running.current.cancel();
        }
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
