// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A fake of the global `cockpit` object (the only thing the UI tests mock):
 * spawn answers from scripted handlers keyed on the bridge arguments, with
 * real asynchrony (chunks delivered through .stream(), non-zero exits as
 * Cockpit's ProcessError with the stdout collected), plus location, the
 * Superuser D-Bus proxy and file watches.
 */
import type { Cockpit, CockpitProcess, CockpitSpawnError, CockpitSpawnOptions } from "../../src/ui/cockpit.js";

export interface Reply {
    /** stdout, delivered in one chunk unless `chunks` is given. */
    stdout?: string;
    chunks?: string[];
    /** Non-zero: rejects like Cockpit's ProcessError. */
    exit?: number;
    /** A channel problem ("access-denied", "disconnected", ...): rejects with it. */
    problem?: string;
    /** Milliseconds before the reply (real timers). */
    delay?: number;
}

export type Handler = (
    args: string[],
    options: CockpitSpawnOptions | undefined
) => Reply | Promise<Reply> | ManualProcess;

export interface SpawnCall {
    args: string[];
    options: CockpitSpawnOptions | undefined;
    closed: string | null | undefined;
    /** What the page sent to stdin (proc.input). */
    input?: string;
    /** A request of a `batch` (not a process of its own). */
    batched?: boolean;
    /** Sent to a spare process (`standby`) rather than spawned with these arguments. */
    viaStandby?: boolean;
}

/** A spare process the page started (`standby`); `request`: what it was sent, if it was used. */
export interface StandbyCall {
    options: CockpitSpawnOptions | undefined;
    closed: string | null | undefined;
    request: string[] | null;
}

/** A process the test drives by hand (for streams and ordering). */
export class ManualProcess {
    streamCb: ((s: string) => void) | null = null;
    private settle: { resolve(v: string): void; reject(e: CockpitSpawnError): void } | null = null;
    closedWith: string | null | undefined = undefined;
    pendingChunks: string[] = [];
    attach(resolve: (v: string) => void, reject: (e: CockpitSpawnError) => void) {
        this.settle = { resolve, reject };
    }
    emit(chunk: string) {
        if (this.streamCb) this.streamCb(chunk);
        else this.pendingChunks.push(chunk);
    }
    /** Ends like Cockpit's ProcessError with these fields (exit_signal for a killed process). */
    finishWith(error: CockpitSpawnError) {
        this.settle?.reject(error);
    }
    finish(exit = 0, problem?: string) {
        if (problem) this.settle?.reject({ problem, message: problem });
        else if (exit !== 0) this.settle?.reject({ problem: null, exit_status: exit, message: "" });
        else this.settle?.resolve("");
    }
}

export const json = (v: unknown): Reply => ({ stdout: JSON.stringify(v) + "\n" });
export const bridgeError = (code: string, message = code, details: Record<string, unknown> = {}): Reply => ({
    stdout: JSON.stringify({ error: { code, message, details } }) + "\n",
    exit: 1,
});

export class FakeCockpit {
    calls: SpawnCall[] = [];
    handlers: Array<{ match: (args: string[]) => boolean; handler: Handler }> = [];
    path: string[] = [];
    /** cockpit.location.options of the current location. */
    options: Record<string, string> = {};
    /** The paths left by go() (Back would return to the last one). */
    history: string[][] = [];
    /** Full entries for back()/forward(): what the browser's history holds. */
    private entries: Array<{ path: string[]; options: Record<string, string> }> = [];
    private forwardEntries: Array<{ path: string[]; options: Record<string, string> }> = [];
    superuser: string | undefined = "root";
    private locationListeners = new Set<() => void>();
    private proxyListeners = new Set<() => void>();
    /** Open "fswatch1" channels: `fire()` sends a change event like Cockpit's bridge. */
    fileWatchers: Array<{ path: string; fire: (file?: string) => void; closed: boolean }> = [];
    /** Control messages sent through cockpit.transport.control (e.g. "notify" with page_status). */
    controls: Array<{ command: string; options: Record<string, unknown> }> = [];

    /** Register a handler for calls whose args start with `prefix` (later registrations win). */
    on(prefix: string | string[], handler: Handler | Reply): this {
        const words = typeof prefix === "string" ? prefix.split(" ") : prefix;
        const h: Handler = typeof handler === "function" ? handler : () => handler;
        this.handlers.unshift({ match: (args) => words.every((w, i) => args[i] === w), handler: h });
        return this;
    }

    /** Register a handler for calls matching a predicate (later registrations win). */
    onMatch(match: (args: string[]) => boolean, handler: Handler | Reply): this {
        const h: Handler = typeof handler === "function" ? handler : () => handler;
        this.handlers.unshift({ match, handler: h });
        return this;
    }

    callsOf(prefix: string): SpawnCall[] {
        const words = prefix.split(" ");
        return this.calls.filter((c) => words.every((w, i) => c.args[i] === w));
    }

    setSuperuser(current: string | undefined) {
        this.superuser = current;
        for (const l of this.proxyListeners) l();
    }

    navigate(path: string[], options: Record<string, string> = {}) {
        this.path = [...path];
        this.options = { ...options };
        for (const l of this.locationListeners) l();
    }

    /** The browser's Back button: the previous history entry, with a "locationchanged". */
    back() {
        const prev = this.entries.pop();
        if (!prev) throw new Error("no history to go back to");
        this.forwardEntries.push({ path: this.path, options: this.options });
        this.history.pop();
        this.navigate(prev.path, prev.options);
    }

    forward() {
        const next = this.forwardEntries.pop();
        if (!next) throw new Error("no history to go forward to");
        this.entries.push({ path: this.path, options: this.options });
        this.history.push(this.path);
        this.navigate(next.path, next.options);
    }

    build(): Cockpit {
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        const fake = this;
        const location = {
            get path() {
                return fake.path;
            },
            get options() {
                return fake.options;
            },
            href: "",
            go(path: string | string[], options?: Record<string, string>) {
                const p = typeof path === "string" ? path.split("/").filter(Boolean) : path;
                fake.history.push(fake.path);
                fake.entries.push({ path: fake.path, options: fake.options });
                fake.forwardEntries = [];
                fake.navigate(p, options);
            },
            replace(path: string | string[], options?: Record<string, string>) {
                const p = typeof path === "string" ? path.split("/").filter(Boolean) : path;
                fake.navigate(p, options);
            },
        };
        return {
            spawn: (argv: string[], options?: CockpitSpawnOptions) => fake.spawn(argv, options),
            gettext: (s: string) => s,
            ngettext: (a: string, b: string, n: number) => (n === 1 ? a : b),
            // cockpit.js's own substitution (base1/cockpit.js cockpit.format): $0 / ${0}, a missing value is ""
            format: (t: string, ...args: unknown[]) =>
                t.replace(/\$\{([^}]+)\}|\$([a-zA-Z0-9_]+)/g, (_m: string, a?: string, b?: string) => {
                    const v = args[Number(a ?? b)];
                    return v === 0 ? "0" : String(v || "");
                }),
            transport: {
                control: (command: string, options: Record<string, unknown>) =>
                    fake.controls.push({ command, options }),
            },
            location,
            addEventListener: (_e: string, cb: () => void) => fake.locationListeners.add(cb),
            removeEventListener: (_e: string, cb: () => void) => fake.locationListeners.delete(cb),
            dbus: () => ({
                proxy: () => {
                    const proxy = {
                        valid: true,
                        get Current() {
                            return fake.superuser;
                        },
                        addEventListener: (_e: string, cb: () => void) => fake.proxyListeners.add(cb),
                        removeEventListener: (_e: string, cb: () => void) => fake.proxyListeners.delete(cb),
                        wait: (cb?: () => void) => {
                            cb?.();
                            return Promise.resolve();
                        },
                    };
                    return proxy as unknown as ReturnType<ReturnType<Cockpit["dbus"]>["proxy"]>;
                },
                close: () => undefined,
            }),
            channel: (options: { payload: string; path?: string }) => {
                if (options.payload !== "fswatch1") throw new Error(`unexpected channel ${options.payload}`);
                const listeners: Array<(ev: unknown, data: string) => void> = [];
                const w = {
                    path: options.path ?? "",
                    closed: false,
                    fire: (file = "x.yaml") => {
                        if (!w.closed)
                            for (const l of listeners)
                                l({}, JSON.stringify({ event: "created", path: `${w.path}/${file}` }));
                    },
                };
                fake.fileWatchers.push(w);
                return {
                    addEventListener: (ev: string, cb: (ev: unknown, data: string) => void) => {
                        if (ev === "message") listeners.push(cb);
                    },
                    close: () => {
                        w.closed = true;
                        fake.fileWatchers = fake.fileWatchers.filter((x) => x !== w);
                    },
                };
            },
            file: () => ({
                read: () => Promise.resolve(null),
                close: () => undefined,
            }),
        } as unknown as Cockpit;
    }

    /**
     * Whether `batch` (the page's opening requests in one process: src/ui/api/preload.ts) is
     * answered from the handlers of its requests; by default it fails as an older bridge's would
     * (an unknown command), and the page asks each request alone.
     */
    batching = false;

    /** `batch` from the handlers of its requests (read from stdin once the page sent it), each as its own call. */
    private async batch(call: SpawnCall): Promise<Reply> {
        await Promise.resolve(); // proc.input() comes after spawn()
        const requests = JSON.parse(call.input ?? "[]") as string[][];
        const results: unknown[] = [];
        for (const args of requests) {
            this.calls.push({ args, options: call.options, closed: undefined, batched: true });
            const entry = this.handlers.find((h) => h.match(args));
            const reply = entry ? entry.handler(args, call.options) : bridgeError("INTERNAL", "no fake handler");
            if (reply instanceof ManualProcess) return { problem: "disconnected" }; // driven by hand: asked alone
            const r = await reply;
            if (r.delay) await new Promise((resolve) => setTimeout(resolve, r.delay));
            if (r.problem) return { problem: r.problem };
            const doc = JSON.parse((r.chunks ?? [r.stdout ?? ""]).join("")) as unknown;
            results.push(r.exit ? doc : { ok: doc });
        }
        return json({ results });
    }

    /** The spare processes the page started (`cockpit-apt-bridge standby`: src/ui/api/standby.ts). */
    standbys: StandbyCall[] = [];

    /**
     * `standby`: a process that waits for its request on stdin, then answers it as a spawn of those
     * arguments would (that spawn is a call of its own, with `viaStandby`).
     */
    private standby(options: CockpitSpawnOptions | undefined): CockpitProcess {
        const record: StandbyCall = { options, closed: undefined, request: null };
        this.standbys.push(record);
        let inner: CockpitProcess | null = null;
        let streamCb: ((s: string) => void) | null = null;
        let settle: { resolve(v: string): void; reject(e: CockpitSpawnError): void } = {
            resolve: () => undefined,
            reject: () => undefined,
        };
        const promise = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
        return fakeProcess(promise, {
            stream: (cb) => (streamCb = cb),
            input: (data) => {
                if (record.request !== null || record.closed !== undefined) throw new Error("standby used twice");
                record.request = JSON.parse(data) as string[];
                inner = this.spawn(["cockpit-apt-bridge", ...record.request], options);
                (this.calls[this.calls.length - 1] as SpawnCall).viaStandby = true;
                inner.stream((s) => streamCb?.(s));
                inner.then(settle.resolve, settle.reject);
            },
            close: (problem) => {
                record.closed = problem ?? null;
                if (inner) inner.close(problem);
                else settle.reject({ problem: problem ?? "terminated", message: "closed" });
            },
        });
    }

    private spawn(argv: string[], options: CockpitSpawnOptions | undefined): CockpitProcess {
        if (argv[0] !== "cockpit-apt-bridge") throw new Error(`unexpected spawn ${argv.join(" ")}`);
        const args = argv.slice(1);
        if (args.length === 1 && args[0] === "standby") return this.standby(options);
        const call: SpawnCall = { args, options, closed: undefined };
        this.calls.push(call);
        const entry =
            args[0] === "batch" && !this.handlers.some((h) => h.match(args))
                ? {
                      handler: (): Reply | Promise<Reply> =>
                          this.batching ? this.batch(call) : bridgeError("USAGE", "Unknown command: batch"),
                  }
                : this.handlers.find((h) => h.match(args));
        let streamCb: ((s: string) => void) | null = null;
        let closed = false;
        let rejectFn: (e: CockpitSpawnError) => void = () => undefined;
        const procRef: { manual: ManualProcess | null } = { manual: null };
        const promise = new Promise<string>((resolve, reject) => {
            rejectFn = reject;
            if (!entry) {
                reject({ problem: null, exit_status: 1, message: `no fake handler for ${args.join(" ")}` });
                return;
            }
            const result = entry.handler(args, options);
            if (result instanceof ManualProcess) {
                result.attach(resolve, reject);
                queueMicrotask(() => {
                    result.streamCb = (s) => {
                        if (!closed) streamCb?.(s);
                    };
                    for (const c of result.pendingChunks.splice(0)) result.streamCb(c);
                });
                procRef.manual = result;
                return;
            }
            void Promise.resolve(result).then(async (reply) => {
                if (reply.delay) await new Promise((r) => setTimeout(r, reply.delay));
                if (closed) return;
                const chunks = reply.chunks ?? (reply.stdout !== undefined ? [reply.stdout] : []);
                let all = "";
                for (const c of chunks) {
                    all += c;
                    streamCb?.(c);
                }
                if (reply.problem) reject({ problem: reply.problem, message: reply.problem });
                else if (reply.exit) reject({ problem: null, exit_status: reply.exit, message: "" });
                else resolve(streamCb ? "" : all);
            });
        });
        return fakeProcess(promise, {
            stream: (cb) => (streamCb = cb),
            input: (data) => (call.input = (call.input ?? "") + data),
            close: (problem) => {
                closed = true;
                call.closed = problem ?? null;
                if (procRef.manual) procRef.manual.closedWith = problem ?? null;
                rejectFn({ problem: problem ?? "terminated", message: "closed" });
            },
        });
    }
}

/** A CockpitProcess over `promise` whose stream, input and close do what `parts` says. */
function fakeProcess(
    promise: Promise<string>,
    parts: { stream(cb: (s: string) => void): void; input(data: string): void; close(problem?: string): void }
): CockpitProcess {
    const proc: CockpitProcess = {
        then: promise.then.bind(promise) as CockpitProcess["then"],
        catch: (cb) => promise.catch(cb),
        stream(cb) {
            parts.stream(cb);
            return proc;
        },
        input(data: string) {
            parts.input(data);
            return proc;
        },
        close: (problem?: string) => parts.close(problem),
    };
    return proc;
}

/** Install a fresh fake as window.cockpit. */
export function installFakeCockpit(): FakeCockpit {
    const fake = new FakeCockpit();
    window.cockpit = fake.build();
    return fake;
}
