// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An operation that outlives the page and the bridge. The bridge checks it
 * (operation.ts checkOperation), claims the one "running" slot, and starts a
 * runner (`operations runner ID`) in its own session and process group
 * (spawn detached = setsid), its stdio on a file, never on a pipe to the
 * bridge: a SIGKILL of the bridge, or Cockpit closing the channel, does not
 * reach apt-get and dpkg. The runner writes every event to the journal
 * (journal.ts); the bridge follows it and prints the events on stdout as
 * before, and exits at the result. SIGTERM/SIGHUP or a closed stdout make the
 * follower leave; the operation goes on, and `operations current` / `follow`
 * find it again. Stopping it is `operations cancel ID` (only while APT is
 * still downloading).
 */
import fs from "node:fs";
import type {
    OperationCancelResponse,
    OperationCurrentResponse,
    OperationKind,
    OperationRecord,
    OperationStartedEvent,
} from "../../protocol/index.js";
import { BridgeError, exitStatusFor } from "../cli/errors.js";
import { writeJsonLine, writeText } from "../cli/output.js";
import { childProcess } from "../lazy-modules.js";
import {
    claimRunning,
    ensureOperationsDir,
    followJournal,
    isAlive,
    journalFile,
    listOperations,
    liveRunning,
    logLines,
    outputFile,
    newOperationId,
    processRef,
    pruneJournals,
    readableOperationsDir,
    readJournal,
    readMeta,
    readRunning,
    releaseRunning,
    updateRunning,
    writeMeta,
    type OperationMeta,
    type ResultEvent,
} from "./journal.js";
import { checkOperation, executeOperation, type OperationIo } from "./operation.js";

const LOG_TAIL = 50;

function euid(): number {
    return typeof process.geteuid === "function" ? process.geteuid() : 0;
}

function describe(meta: OperationMeta | null, pid: number): string {
    if (!meta) return `another operation (process ${pid})`;
    return `${meta.kind}${meta.names.length > 0 ? ` ${meta.names.join(" ")}` : ""} (process ${pid})`;
}

/** Prints what the follower reads; a closed stdout (EPIPE) is ignored by writeJsonLine. */
const stdoutIo: OperationIo = { emit: (e) => writeJsonLine(e), euid };

function startedEvent(meta: OperationMeta, pid: number | null): OperationStartedEvent {
    return { type: "started", id: meta.id, operation: meta.kind, names: meta.names, pid, startedAt: meta.startedAt };
}

/** `operations install|remove|...`: check, start the runner, follow it to its result. */
export async function startOperation(kind: OperationKind, names: readonly string[]): Promise<number> {
    const io = stdoutIo;
    if (io.euid() !== 0) return (await checkOperation(kind, names, io)) ?? 1;
    const dir = ensureOperationsDir();
    const id = newOperationId();
    const self = processRef(process.pid);
    if (!self) throw new BridgeError("INTERNAL", "Cannot read this process's own /proc entry");
    const holder = claimRunning(dir, id, self);
    if (holder) {
        const meta = readMeta(dir, holder.id);
        const message = `Another operation is running: ${describe(meta, holder.pid)}`;
        const details = {
            pid: holder.pid,
            id: holder.id,
            operation: meta?.kind ?? null,
            names: meta?.names ?? [],
            command: "cockpit-apt-bridge",
        };
        io.emit({ type: "error", code: "LOCKED", message, details });
        io.emit({ type: "result", ok: false, operation: kind, exitCode: null, code: "LOCKED", message, details });
        return exitStatusFor("LOCKED");
    }
    let started = false;
    try {
        const refused = await checkOperation(kind, names, io);
        if (refused !== null) return refused;
        pruneJournals(dir);
        const meta: OperationMeta = {
            id,
            kind,
            names: [...names],
            startedAt: new Date().toISOString(),
            finishedAt: null,
        };
        writeMeta(dir, meta);
        fs.writeFileSync(journalFile(dir, id), "", { mode: 0o644 });
        const out = fs.openSync(outputFile(dir, id), "a", 0o644);
        let child;
        try {
            child = childProcess().spawn(process.execPath, [process.argv[1] as string, "operations", "runner", id], {
                detached: true,
                stdio: ["ignore", out, out],
                env: process.env,
                cwd: "/",
            });
        } finally {
            fs.closeSync(out);
        }
        const pid = child.pid;
        if (pid === undefined) throw new BridgeError("INTERNAL", "Could not start the operation's runner");
        child.unref();
        started = true;
        // The runner claims the slot itself too; doing it here closes the gap before it has started.
        const ref = processRef(pid);
        if (ref) updateRunning(dir, id, ref);
        return await follow(dir, id, true);
    } finally {
        if (!started) releaseRunning(dir, id);
    }
}

/** Prints a journal from its start until its result (or until the runner is found dead). */
async function follow(dir: string, id: string, leaveOnSignal: boolean): Promise<number> {
    const meta = readMeta(dir, id);
    if (!meta) throw new BridgeError("INVALID_ARGUMENT", `No operation ${id}`, { id });
    const marker = readRunning(dir);
    stdoutIo.emit(startedEvent(meta, marker?.id === id ? marker.pid : null));
    const leave = () => process.exit(0);
    const signals: NodeJS.Signals[] = ["SIGTERM", "SIGHUP", "SIGINT"];
    // Cockpit closing the channel (a closed tab, a dropped link) must not stop the operation: the follower just leaves.
    if (leaveOnSignal) for (const s of signals) process.on(s, leave);
    let dpkgStarted = false;
    try {
        const result = await followJournal(journalFile(dir, id), {
            line(text, event) {
                if (event.type === "progress" && event.phase !== "download" && event.phase !== "update")
                    dpkgStarted = true;
                if (event.type === "started") return;
                writeText(text);
            },
            alive: () => isRunnerAlive(dir, id),
        });
        if (result) return result.ok ? 0 : exitStatusFor(result.code ?? "OPERATION_FAILED");
        const interrupted = interruptedResult(meta, dpkgStarted);
        stdoutIo.emit({
            type: "error",
            code: interrupted.code!,
            message: interrupted.message!,
            details: interrupted.details,
        });
        stdoutIo.emit(interrupted);
        return exitStatusFor(interrupted.code!);
    } finally {
        for (const s of signals) process.off(s, leave);
    }
}

function isRunnerAlive(dir: string, id: string): boolean {
    const m = readRunning(dir);
    return m !== null && m.id === id && isAlive(m);
}

function interruptedMessage(dpkgStarted: boolean): string {
    return dpkgStarted
        ? "The operation was stopped before it finished (its process was killed while dpkg was changing packages). Repair the package system."
        : "The operation was stopped before it finished (its process was killed before dpkg started). Nothing was changed; run it again, or Repair if the package system reports a problem.";
}

function interruptedResult(meta: OperationMeta, dpkgStarted: boolean): ResultEvent {
    return {
        type: "result",
        ok: false,
        operation: meta.kind,
        exitCode: null,
        code: dpkgStarted ? "DPKG_INTERRUPTED" : "OPERATION_FAILED",
        message: interruptedMessage(dpkgStarted),
        details: { id: meta.id, interrupted: true },
    };
}

/** `operations follow ID`. */
export async function followOperation(id: string): Promise<number> {
    const dir = readableOperationsDir();
    if (!dir || !readMeta(dir, id)) throw new BridgeError("INVALID_ARGUMENT", `No operation ${id}`, { id });
    return follow(dir, id, true);
}

function record(dir: string, id: string): OperationRecord | null {
    const meta = readMeta(dir, id);
    if (!meta) return null;
    const j = readJournal(dir, id);
    const marker = readRunning(dir);
    const running = marker !== null && marker.id === id && isAlive(marker);
    const state = j.result ? "finished" : running ? "running" : "interrupted";
    const tail = logLines(j.events).slice(-LOG_TAIL);
    let finishedAt = meta.finishedAt;
    if (state !== "running" && finishedAt === null) {
        try {
            finishedAt = fs.statSync(journalFile(dir, id)).mtime.toISOString();
        } catch {
            finishedAt = null;
        }
    }
    return {
        id,
        kind: meta.kind,
        names: meta.names,
        pid: marker?.id === id ? marker.pid : null,
        startedAt: meta.startedAt,
        finishedAt: state === "running" ? null : finishedAt,
        state,
        progress: j.progress,
        result: j.result,
        changes: j.changes,
        message: state === "interrupted" ? interruptedMessage(j.dpkgStarted) : null,
        logTail: tail,
    };
}

/** `operations current`: the running operation, else the most recent one. */
export function currentOperation(): OperationCurrentResponse {
    const dir = readableOperationsDir();
    if (!dir) return { operation: null };
    const live = liveRunning(dir);
    const id = live?.id ?? listOperations(dir).at(-1);
    return { operation: id ? record(dir, id) : null };
}

/** `operations cancel ID`: stops the runner while APT downloads; refuses once dpkg has started. */
export function cancelOperation(id: string): OperationCancelResponse {
    if (euid() !== 0) throw new BridgeError("PERMISSION_DENIED", "Cancelling needs administrative access (root)");
    const dir = readableOperationsDir();
    const marker = dir ? liveRunning(dir) : null;
    if (!dir || !marker || marker.id !== id) {
        return {
            id,
            requested: false,
            message: "This operation is not running (it has finished or was never started)",
        };
    }
    if (readJournal(dir, id).dpkgStarted) {
        return {
            id,
            requested: false,
            message:
                "dpkg is already changing packages: stopping it now would leave them half-installed, so the operation will finish",
        };
    }
    // The runner stops apt-get and writes the CANCELLED result; it refuses too if dpkg started meanwhile.
    process.kill(marker.pid, "SIGTERM");
    return { id, requested: true, message: "Stopping the download" };
}

/** `operations runner ID`: the detached runner (started by startOperation, not by people). */
export async function runRunner(id: string): Promise<number> {
    if (euid() !== 0) throw new BridgeError("PERMISSION_DENIED", "The runner needs root");
    const dir = ensureOperationsDir();
    const meta = readMeta(dir, id);
    if (!meta) throw new BridgeError("INVALID_ARGUMENT", `No operation ${id}`, { id });
    const self = processRef(process.pid);
    const marker = readRunning(dir);
    // Only the operation the bridge claimed may run (a stale or foreign id is refused).
    if (!self || !marker || marker.id !== id)
        throw new BridgeError("LOCKED", `Operation ${id} does not hold the running slot`, { id });
    updateRunning(dir, id, self);
    const fd = fs.openSync(journalFile(dir, id), "a", 0o644);
    const io: OperationIo = {
        // One write per line (O_APPEND): a follower sees whole lines, or a last partial one it holds back.
        emit: (e) => fs.writeSync(fd, JSON.stringify(e) + "\n"),
        euid,
    };
    try {
        return await executeOperation(meta.kind, meta.names, io);
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        io.emit({ type: "result", ok: false, operation: meta.kind, exitCode: null, code: "INTERNAL", message });
        return 1;
    } finally {
        writeMeta(dir, { ...meta, finishedAt: new Date().toISOString() });
        fs.closeSync(fd);
        releaseRunning(dir, id);
    }
}
