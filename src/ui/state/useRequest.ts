// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Runs an async bridge read whenever its key changes. Every run gets a number;
 * a response is applied only if it belongs to the newest run, so a slow first
 * response never overwrites a newer one (and the older process is closed).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { toBridgeError, type BridgeError } from "../api/errors.js";

export interface RequestState<T> {
    status: "idle" | "loading" | "ready" | "error";
    data: T | null;
    error: BridgeError | null;
    /** The key `data` was loaded for: while a new key loads, the old data stays and this says it is old. */
    dataKey: string | null;
}

export interface Request<T> extends RequestState<T> {
    reload(): void;
}

/**
 * `fetcher` null means "nothing to load" (status idle). `key` identifies the
 * request: a change starts a new one.
 */
export function useRequest<T>(key: string, fetcher: ((signal: AbortSignal) => Promise<T>) | null): Request<T> {
    const [state, setState] = useState<RequestState<T>>({
        status: fetcher ? "loading" : "idle",
        data: null,
        error: null,
        dataKey: null,
    });
    const counter = useRef(0);
    const [reloads, setReloads] = useState(0);
    // The newest fetcher, read by the effect below: a caller's inline function is new at every
    // render, and only `key` (or null, "nothing to load") says that the request changed.
    const fetcherRef = useRef(fetcher);
    useLayoutEffect(() => {
        fetcherRef.current = fetcher;
    });
    const enabled = fetcher !== null;

    useEffect(() => {
        const f = fetcherRef.current;
        const id = ++counter.current;
        if (!enabled || !f) {
            setState({ status: "idle", data: null, error: null, dataKey: null });
            return;
        }
        const controller = new AbortController();
        setState((s) => ({ status: "loading", data: s.data, error: null, dataKey: s.dataKey }));
        f(controller.signal).then(
            (data) => {
                if (id === counter.current) setState({ status: "ready", data, error: null, dataKey: key });
            },
            (e: unknown) => {
                if (id === counter.current)
                    setState({ status: "error", data: null, error: toBridgeError(e), dataKey: null });
            }
        );
        return () => controller.abort();
    }, [key, reloads, enabled]);

    const reload = useCallback(() => setReloads((n) => n + 1), []);
    return { ...state, reload };
}
