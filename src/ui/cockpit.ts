// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Typed access to the global `cockpit` object that ../base1/cockpit.js
 * defines. We never bundle cockpit.js (Cockpit serves the one matching the
 * running bridge), so this module declares only the parts of its API that the
 * page uses, and tests replace `window.cockpit` with a fake.
 */

/** Rejection value of cockpit.spawn (a ProcessError or a channel problem). */
export interface CockpitSpawnError {
    message?: string;
    /** Channel problem such as "access-denied", "not-found", "terminated", "disconnected". */
    problem?: string | null;
    exit_status?: number | null;
    exit_signal?: string | null;
}

export interface CockpitSpawnOptions {
    superuser?: "try" | "require";
    err?: "message" | "out" | "ignore";
    environ?: string[];
}

/** cockpit.spawn's promise: thenable plus stream/close. */
export interface CockpitProcess extends PromiseLike<string> {
    stream(callback: (data: string) => void): CockpitProcess;
    catch(callback: (error: CockpitSpawnError, data?: string) => void): PromiseLike<unknown>;
    /** Closes the channel; Cockpit then terminates the process (SIGTERM). */
    close(problem?: string): void;
    /** Sends `data` to the process's stdin; without `stream` true, stdin is closed after it. */
    input(data: string, stream?: boolean): CockpitProcess;
}

export interface CockpitLocation {
    path: string[];
    options: Record<string, string | string[]>;
    href: string;
    go(path: string | string[], options?: Record<string, string>): void;
    replace(path: string | string[], options?: Record<string, string>): void;
}

export interface CockpitDBusProxy {
    valid: boolean;
    [property: string]: unknown;
    addEventListener(event: "changed", callback: () => void): void;
    removeEventListener(event: "changed", callback: () => void): void;
    wait(callback?: () => void): PromiseLike<void>;
}

export interface CockpitDBusClient {
    proxy(iface: string, path: string): CockpitDBusProxy;
    close(problem?: string): void;
}

export interface CockpitFileHandle {
    watch(
        callback: (content: string | null, tag: string | null) => void,
        options?: { read?: boolean }
    ): { remove(): void };
    close(): void;
}

/** A raw Cockpit channel (used for "fswatch1": file change notifications). */
export interface CockpitChannel {
    addEventListener(event: "message", callback: (event: unknown, data: string) => void): void;
    addEventListener(event: "close", callback: (event: unknown, options: { problem?: string }) => void): void;
    close(problem?: string): void;
}

export interface Cockpit {
    channel(options: { payload: string; path?: string; superuser?: "try" | "require" }): CockpitChannel;
    spawn(args: string[], options?: CockpitSpawnOptions): CockpitProcess;
    gettext(text: string): string;
    ngettext(single: string, plural: string, n: number): string;
    format(template: string, ...args: unknown[]): string;
    location: CockpitLocation;
    addEventListener(event: "locationchanged", callback: () => void): void;
    removeEventListener(event: "locationchanged", callback: () => void): void;
    dbus(name: string | null, options?: { bus?: string }): CockpitDBusClient;
    file(path: string, options?: Record<string, unknown>): CockpitFileHandle;
    translate?(): void;
    /** The language the user chose in Cockpit ("de", "pt-BR"), as Cockpit's own pages format numbers with it. */
    language?: string;
    /** Cockpit's transport: control messages to the shell ("notify" with page_status, as Cockpit's own pages send). */
    transport?: {
        control(command: string, options: Record<string, unknown>): void;
        /** The host this page manages ("localhost", or "user@host" in a multi-host session). */ host?: string;
    };
}

declare global {
    interface Window {
        cockpit?: Cockpit;
    }
}

/** The global cockpit object; looked up on every call so tests can swap it. */
export function cockpit(): Cockpit {
    const c = window.cockpit;
    if (!c) throw new Error("cockpit.js is not loaded");
    return c;
}

declare const marked: unique symbol;
/** A string marked for translation with N_(): extracted by xgettext, translated where it is shown with _(). */
export type Translatable = string & { readonly [marked]: true };

/** Marks a literal for extraction (static tables) without translating it yet. */
export function N_(text: string): Translatable {
    return text as Translatable;
}

/**
 * Translate a user-visible string (cockpit.gettext); identity when cockpit.js is missing.
 * It takes a string literal or a Translatable (from N_()), never any other string: what
 * xgettext did not extract can never be translated. `string extends T` is true only for
 * the wide string type, which is then refused.
 */
export function _<T extends string>(text: string extends T ? Translatable : T): string {
    return window.cockpit?.gettext ? window.cockpit.gettext(text) : text;
}

/** "$0 of $1": Cockpit's own cockpit.format; the same substitution where cockpit.js is missing. */
export function fmt(template: string, ...args: Array<string | number>): string {
    if (window.cockpit?.format) return window.cockpit.format(template, ...args);
    return template.replace(/\$(\d+)/g, (m, i: string) => {
        const v = args[Number(i)];
        return v === undefined ? m : String(v);
    });
}

export function ngettext(single: string, plural: string, n: number): string {
    return window.cockpit?.ngettext ? window.cockpit.ngettext(single, plural, n) : n === 1 ? single : plural;
}
