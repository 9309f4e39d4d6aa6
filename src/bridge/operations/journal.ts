// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The journal of an operation: the detached runner (runner-main.ts) appends
 * every event as one JSON line to <dir>/<id>.jsonl; the bridge that started
 * it, `operations follow ID` and `operations current` read it. It outlives
 * the page and the bridge, so a reopened page can show what happened.
 *
 * <dir> is $COCKPIT_APT_OPERATIONS_DIR (sandboxes, the demo) or
 * /run/cockpit-apt/operations: on tmpfs, since an operation cannot outlive a
 * reboot. Files per operation: <id>.json (what was asked, when, by which
 * runner), <id>.jsonl (the events), <id>.out (the runner's own stderr, for a
 * crash). `running` names the operation in progress; it is created with
 * O_EXCL, so two bridges cannot both start one. It is a pid file, but one
 * checked against the process's start time (/proc/PID/stat), so a reused pid
 * never passes for the runner. The directory must be owned by the user (or
 * root) and not writable by others: its contents decide what runs and what
 * the page shows.
 */
import fs from "node:fs";
import path from "node:path";
import type { OperationChange, OperationEvent, OperationKind, OperationStreamEvent } from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import { crypto } from "../lazy-modules.js";

export const OPERATIONS_DIR_ENV = "COCKPIT_APT_OPERATIONS_DIR";
const DEFAULT_DIR = "/run/cockpit-apt/operations";
/** Journals kept (the running one included); older ones are removed when an operation starts. */
export const KEEP_JOURNALS = 8;
const ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;
const RUNNING = "running";

export type ResultEvent = Extract<OperationEvent, { type: "result" }>;
export type ProgressEvent = Extract<OperationEvent, { type: "progress" }>;

export interface OperationMeta {
    id: string;
    kind: OperationKind;
    names: string[];
    startedAt: string;
    finishedAt: string | null;
}

/** A process, identified beyond its pid: its start time in clock ticks since boot. */
export interface ProcessRef {
    pid: number;
    start: string;
}

export interface RunningMarker extends ProcessRef {
    id: string;
}

export function operationsDir(): string {
    return process.env[OPERATIONS_DIR_ENV] || DEFAULT_DIR;
}

export function isOperationId(id: string): boolean {
    return ID.test(id);
}

export function newOperationId(now = new Date()): string {
    const stamp = now
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z");
    return `${stamp}-${crypto().randomBytes(4).toString("hex")}`;
}

export function validateOperationId(id: string | undefined): string {
    if (id === undefined || !isOperationId(id))
        throw new BridgeError("INVALID_ARGUMENT", `Not an operation id: ${JSON.stringify(String(id).slice(0, 40))}`);
    return id;
}

export const journalFile = (dir: string, id: string) => path.join(dir, `${id}.jsonl`);
export const metaFile = (dir: string, id: string) => path.join(dir, `${id}.json`);
export const outputFile = (dir: string, id: string) => path.join(dir, `${id}.out`);

function euid(): number {
    return typeof process.geteuid === "function" ? process.geteuid() : 0;
}

/** Refuses a directory someone else could have planted or changed. */
function checkTrusted(dir: string, st: fs.Stats): void {
    if (!st.isDirectory()) throw new BridgeError("INTERNAL", `${dir} is not a directory`);
    if ((st.uid !== 0 && st.uid !== euid()) || (st.mode & 0o022) !== 0) {
        throw new BridgeError(
            "INTERNAL",
            `${dir} must be owned by root (or you) and writable by nobody else; not trusting it`,
            { dir, uid: st.uid, mode: (st.mode & 0o7777).toString(8) }
        );
    }
}

/** The directory to write in, made if missing (0755: a user with limited access may see what runs). */
export function ensureOperationsDir(dir = operationsDir()): string {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    checkTrusted(dir, fs.lstatSync(dir));
    return dir;
}

/** The directory to read, or null when there is none (no operation ever ran). */
export function readableOperationsDir(dir = operationsDir()): string | null {
    let st: fs.Stats;
    try {
        st = fs.lstatSync(dir);
    } catch {
        return null;
    }
    checkTrusted(dir, st);
    return dir;
}

/** Start time of a live process (field 22 of /proc/PID/stat), or null when it is gone (or a zombie). */
export function processStart(pid: number): string | null {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // The command name (field 2) may hold spaces and ")": fields are counted after the last ")".
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (fields[0] === "Z" || fields[0] === "X") return null;
        return fields[19] ?? null;
    } catch {
        return null;
    }
}

export function isAlive(p: ProcessRef): boolean {
    return processStart(p.pid) === p.start;
}

export function processRef(pid: number): ProcessRef | null {
    const start = processStart(pid);
    return start === null ? null : { pid, start };
}

/** Writes a small file whole or not at all (readers never see half of it). */
function writeAtomic(file: string, text: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { mode: 0o644 });
    fs.renameSync(tmp, file);
}

export function readRunning(dir: string): RunningMarker | null {
    try {
        const m = JSON.parse(fs.readFileSync(path.join(dir, RUNNING), "utf8")) as RunningMarker;
        return isOperationId(m.id) && Number.isInteger(m.pid) && typeof m.start === "string" ? m : null;
    } catch {
        return null;
    }
}

/** The marker of a running operation whose process is alive, or null. */
export function liveRunning(dir: string): RunningMarker | null {
    const m = readRunning(dir);
    return m && isAlive(m) ? m : null;
}

/**
 * Claims the right to run `id` for process `owner`: null on success, else the marker of the live
 * operation that holds it. A marker whose process is gone (or whose pid was reused) is removed.
 */
export function claimRunning(dir: string, id: string, owner: ProcessRef): RunningMarker | null {
    const file = path.join(dir, RUNNING);
    for (let attempt = 0; attempt < 3; attempt++) {
        try {
            fs.writeFileSync(file, JSON.stringify({ id, ...owner }), { flag: "wx", mode: 0o644 });
            return null;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        const held = readRunning(dir);
        if (held && isAlive(held)) return held;
        // Stale (its process died) or unreadable: move it aside and try again. Renaming first means
        // two bridges racing here cannot both remove it and then both create a new one.
        const aside = `${file}.stale-${process.pid}`;
        try {
            fs.renameSync(file, aside);
            fs.rmSync(aside, { force: true });
        } catch {
            /* someone else moved it: try again */
        }
    }
    const held = readRunning(dir);
    if (held) return held;
    throw new BridgeError("INTERNAL", `Could not claim ${file}`);
}

/** Hands the marker of `id` to another process (the runner), keeping it claimed. */
export function updateRunning(dir: string, id: string, owner: ProcessRef): void {
    const current = readRunning(dir);
    if (current && current.id !== id) return;
    writeAtomic(path.join(dir, RUNNING), JSON.stringify({ id, ...owner }));
}

/** Removes the marker if it still names `id`. */
export function releaseRunning(dir: string, id: string): void {
    if (readRunning(dir)?.id === id) fs.rmSync(path.join(dir, RUNNING), { force: true });
}

export function writeMeta(dir: string, meta: OperationMeta): void {
    writeAtomic(metaFile(dir, meta.id), JSON.stringify(meta) + "\n");
}

export function readMeta(dir: string, id: string): OperationMeta | null {
    try {
        const m = JSON.parse(fs.readFileSync(metaFile(dir, id), "utf8")) as OperationMeta;
        return m.id === id ? m : null;
    } catch {
        return null;
    }
}

/** Operation ids in the directory, oldest first (ids begin with their UTC start time). */
export function listOperations(dir: string): string[] {
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        return [];
    }
    return names
        .filter((n) => n.endsWith(".json"))
        .map((n) => n.slice(0, -".json".length))
        .filter(isOperationId)
        .sort();
}

/** Removes all but the newest `keep` journals, never the running one. */
export function pruneJournals(dir: string, keep = KEEP_JOURNALS): void {
    const running = readRunning(dir)?.id;
    const ids = listOperations(dir);
    for (const id of ids.slice(0, Math.max(0, ids.length - keep))) {
        if (id === running) continue;
        for (const f of [journalFile(dir, id), metaFile(dir, id), outputFile(dir, id)]) fs.rmSync(f, { force: true });
    }
}

/**
 * The complete lines of a journal's text: the events, and the bytes of a last line not yet
 * finished (the runner may be writing it). A line that is not JSON (a torn write after a crash) is skipped.
 */
export function parseJournal(text: string): { events: OperationStreamEvent[]; rest: string } {
    const { events, rest } = parseLines(text);
    return { events: events.map(([, e]) => e), rest };
}

export interface JournalSummary {
    events: OperationStreamEvent[];
    progress: ProgressEvent | null;
    result: ResultEvent | null;
    changes: OperationChange[];
    /** dpkg has started changing packages (a progress event past the download). */
    dpkgStarted: boolean;
}

export function summarize(events: readonly OperationStreamEvent[]): JournalSummary {
    let progress: ProgressEvent | null = null;
    let result: ResultEvent | null = null;
    let changes: OperationChange[] = [];
    let dpkgStarted = false;
    for (const e of events) {
        if (e.type === "progress") {
            progress = e;
            if (e.phase !== "download" && e.phase !== "update") dpkgStarted = true;
        } else if (e.type === "result") result = e;
        else if (e.type === "changes") changes = e.changes;
    }
    return { events: [...events], progress, result, changes, dpkgStarted };
}

export function readJournal(dir: string, id: string): JournalSummary {
    let text = "";
    try {
        text = fs.readFileSync(journalFile(dir, id), "utf8");
    } catch {
        /* not written yet */
    }
    return summarize(parseJournal(text).events);
}

/** Log lines of a journal, as the page's log shows them. */
export function logLines(events: readonly OperationStreamEvent[]): string[] {
    const out: string[] = [];
    for (const e of events) {
        if (e.type === "log") out.push(e.line);
        else if (e.type === "conffile") out.push(`conffile ${e.file}: ${e.action}`);
        else if (e.type === "error") out.push(`${e.code}: ${e.message}`);
    }
    return out;
}

export interface FollowOptions {
    /** Called with each complete line, as written (valid JSON). */
    line(text: string, event: OperationStreamEvent): void;
    /** Whether the runner is still alive (checked when the journal has nothing new). */
    alive(): boolean;
    /** Poll interval, ms. */
    intervalMs?: number;
}

/**
 * Follows a journal from its beginning until its result: resolves with the result, or with null
 * when the runner is gone without writing one (killed). A last line without its newline is held
 * back until it is finished.
 */
export async function followJournal(file: string, options: FollowOptions): Promise<ResultEvent | null> {
    const interval = options.intervalMs ?? 100;
    let offset = 0;
    let rest = "";
    const decoder = new TextDecoder("utf-8");
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
        let fd: number | null = null;
        let got = 0;
        try {
            fd = fs.openSync(file, "r");
            let n: number;
            while ((n = fs.readSync(fd, buf, 0, buf.length, offset)) > 0) {
                offset += n;
                got += n;
                const { events, rest: r } = parseLines(rest + decoder.decode(buf.subarray(0, n), { stream: true }));
                rest = r;
                for (const [text, event] of events) {
                    options.line(text, event);
                    if (event.type === "result") return event;
                }
            }
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        } finally {
            if (fd !== null) fs.closeSync(fd);
        }
        if (got === 0 && !options.alive()) {
            // One more look: the runner may have written its last lines just before it exited.
            const size = statSize(file);
            if (size <= offset) return null;
            continue;
        }
        await new Promise((r) => setTimeout(r, interval));
    }
}

function statSize(file: string): number {
    try {
        return fs.statSync(file).size;
    } catch {
        return 0;
    }
}

function parseLines(text: string): { events: Array<[string, OperationStreamEvent]>; rest: string } {
    const lines = text.split("\n");
    const rest = lines.pop() ?? "";
    const events: Array<[string, OperationStreamEvent]> = [];
    for (const line of lines) {
        if (line.trim() === "") continue;
        try {
            const v = JSON.parse(line) as OperationStreamEvent;
            if (v && typeof v === "object" && typeof v.type === "string") events.push([line, v]);
        } catch {
            /* torn line */
        }
    }
    return { events, rest };
}
