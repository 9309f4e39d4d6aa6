// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One change (install, remove, purge, upgrade, update, autoremove, repair) as
 * OperationEvents: progress from the status pipe, every output line as a log
 * event, kept conffiles, errors, what changed, and exactly one final `result`.
 *
 * checkOperation runs in the bridge before anything starts: root (else
 * PERMISSION_DENIED), the lock (a holder is named: LOCKED), an interrupted
 * dpkg (DPKG_INTERRUPTED, except for repair and update), and every name known
 * exactly (names.ts). executeOperation runs in the detached runner
 * (runner-main.ts), writing the events to the journal. A failure is never
 * retried: the system is left as dpkg left it and the result says why.
 *
 * SIGTERM/SIGINT to the runner (`operations cancel ID`) stop apt-get while it
 * is still downloading; once dpkg has started, stopping it would leave
 * packages half-installed, so the signal is reported and the run finishes.
 */
import path from "node:path";
import type { ErrorCode, OperationEvent, OperationKind, OperationStreamEvent } from "../../protocol/index.js";
import { AptConfig } from "../apt/config.js";
import { writeJsonLine } from "../cli/output.js";
import { exitStatusFor } from "../cli/errors.js";
import { operationEnv, runArgs, type AptGetKind } from "../apt/apt-get.js";
import { classifyFailure, failedRepositories, type Failure } from "./classify.js";
import { interruptedState, statusWithJournal } from "./dpkg-state.js";
import { findLockHolder } from "./locks.js";
import { checkNames } from "./names.js";
import { repair } from "./repair.js";
import { runWithStatusFd, type ProcessResult } from "./runner.js";
import { scriptOutput, statusChanges } from "./changes.js";
import { ConffileWatcher, parseDpkgStatusLine, parseStatusFdLine, type StatusFdContext } from "./status-fd.js";

type ResultEvent = Extract<OperationEvent, { type: "result" }>;

export interface OperationIo {
    emit(event: OperationStreamEvent): void;
    /** Current effective uid (injectable for tests). */
    euid(): number;
}

const defaultIo: OperationIo = {
    emit: (e) => writeJsonLine(e),
    euid: () => (typeof process.geteuid === "function" ? process.geteuid() : 0),
};

function failureResult(operation: OperationKind, f: Failure, exitCode: number | null): ResultEvent {
    return { type: "result", ok: false, operation, exitCode, code: f.code, message: f.message, details: f.details };
}

/** Emits error + result for a failure found before anything ran; returns the bridge's exit status. */
function refuse(
    io: OperationIo,
    operation: OperationKind,
    code: ErrorCode,
    message: string,
    details: Record<string, unknown>
): number {
    io.emit({ type: "error", code, message, details });
    io.emit({ type: "result", ok: false, operation, exitCode: null, code, message, details });
    return exitStatusFor(code);
}

/** The lock files a change takes, in the order APT takes them. */
function lockFiles(config: AptConfig, kind: OperationKind): string[] {
    const admin = path.dirname(config.findFile("Dir::State::status"));
    if (kind === "update") return [path.join(config.findDir("Dir::State::lists"), "lock")];
    return [
        path.join(admin, "lock-frontend"),
        path.join(admin, "lock"),
        path.join(config.findDir("Dir::Cache::archives"), "lock"),
    ];
}

export interface Step {
    program: string;
    args: string[];
    /** apt-get (APT::Status-Fd) or dpkg (--status-fd) status lines. */
    statusFormat: "apt" | "dpkg";
}

/** Runs one program, streaming its events; resolves with its output and the errors dpkg reported per package. */
function runStep(
    io: OperationIo,
    step: Step,
    kind: OperationKind,
    state: { dpkgStarted: boolean; child: import("node:child_process").ChildProcess | null }
) {
    const ctx: StatusFdContext = {
        downloadPhase: kind === "update" ? "update" : "download",
        lastPhase: kind === "remove" || kind === "purge" || kind === "autoremove" ? "remove" : "install",
    };
    const conffiles = new ConffileWatcher();
    const packageErrors: Array<{ package: string; message: string }> = [];
    const { child, done } = runWithStatusFd(step.program, step.args, operationEnv(), {
        stdout(line) {
            if (line.trim() === "") return;
            io.emit({ type: "log", stream: "stdout", line });
            const kept = conffiles.push(line);
            if (kept) io.emit({ type: "conffile", file: kept, package: null, action: "kept" });
        },
        stderr(line) {
            if (line.trim() === "") return;
            io.emit({ type: "log", stream: "stderr", line });
        },
        status(line) {
            const event = step.statusFormat === "apt" ? parseStatusFdLine(line, ctx) : parseDpkgStatusLine(line);
            if (!event) return;
            if (
                step.statusFormat === "dpkg" ||
                (event.type === "progress" && event.phase !== "download" && event.phase !== "update")
            )
                state.dpkgStarted = true;
            if (event.type === "error")
                packageErrors.push({ package: String(event.details?.package ?? ""), message: event.message });
            io.emit(event);
        },
    });
    state.child = child;
    return done.then((r) => ({ ...r, packageErrors }));
}

/**
 * Repositories `apt-get update` could not fetch. APT keeps their previous lists (a list is only
 * replaced once its new version verified), so the failure says so.
 */
function updateFailure(run: ProcessResult): Failure | null {
    const failed = failedRepositories(run.stdout, run.stderr);
    if (failed.length === 0) return null;
    const message = `${failed.length} ${failed.length === 1 ? "repository" : "repositories"} could not be updated; their previous package lists are kept`;
    return { code: "OPERATION_FAILED", message, details: { failedRepositories: failed, listsKept: true } };
}

/**
 * Everything that must hold before a change starts. Returns null when it may start, else the exit
 * status after emitting the refusal (error + result).
 */
export async function checkOperation(
    kind: OperationKind,
    names: readonly string[],
    io: OperationIo = defaultIo
): Promise<number | null> {
    if (io.euid() !== 0) {
        return refuse(io, kind, "PERMISSION_DENIED", "Changing software needs administrative access (root)", {
            euid: io.euid(),
        });
    }
    const config = AptConfig.load();
    const statusFile = config.findFile("Dir::State::status");
    for (const file of lockFiles(config, kind)) {
        const holder = findLockHolder(file);
        if (holder) {
            const who = holder.command ? `${holder.command}, process ${holder.pid}` : `process ${holder.pid}`;
            return refuse(io, kind, "LOCKED", `The package system is locked by ${who} (${file})`, {
                pid: holder.pid,
                command: holder.command,
                commandLine: holder.commandLine,
                lockFile: file,
            });
        }
    }
    if (kind !== "repair" && kind !== "update") {
        const interrupted = interruptedState(statusFile);
        // A package whose maintainer script keeps failing can only be got rid of by removing it:
        // removing exactly the unfinished packages is allowed (dpkg's journal still blocks, as in APT).
        if (interrupted && (kind === "remove" || kind === "purge") && !interrupted.journal) {
            const removing = new Set(names.map((n) => n.split(":")[0]));
            interrupted.packages = interrupted.packages.filter((p) => !removing.has(p.name));
        }
        if (interrupted && (interrupted.journal || interrupted.packages.length > 0)) {
            const list = interrupted.packages.map((p) => `${p.name} (${p.state})`).join(", ");
            return refuse(
                io,
                kind,
                "DPKG_INTERRUPTED",
                `An earlier package operation did not finish${list ? `: ${list}` : ""}. Repair the package system first.`,
                {
                    journal: interrupted.journal,
                    packages: interrupted.packages,
                }
            );
        }
    }
    if (kind === "install" || kind === "remove" || kind === "purge" || (kind === "upgrade" && names.length > 0)) {
        const problem = await checkNames(kind, names, statusFile);
        if (problem) return refuse(io, kind, problem.code, problem.message, problem.details);
    }
    return null;
}

/**
 * Runs a change that checkOperation allowed, emitting its events; returns the exit status.
 * `repair` has its own steps (repair.ts) and its own verdict: dpkg --audit afterwards.
 */
export async function executeOperation(
    kind: OperationKind,
    names: readonly string[],
    io: OperationIo = defaultIo
): Promise<number> {
    const config = AptConfig.load();
    const statusFile = config.findFile("Dir::State::status");
    const before = safeStatus(statusFile);
    const emitChanges = () =>
        io.emit({ type: "changes", changes: statusChanges(before, safeStatus(statusFile), kind) });
    if (kind === "repair") return executeRepair(io, config, statusFile, emitChanges);
    const steps = removalOfReinstreq(config, kind, names, before) ?? [
        { program: "apt-get", args: runArgs(kind as AptGetKind, names), statusFormat: "apt" as const },
    ];

    const state: { dpkgStarted: boolean; child: import("node:child_process").ChildProcess | null; cancelled: boolean } =
        { dpkgStarted: false, child: null, cancelled: false };
    const onSignal = (signal: NodeJS.Signals) => {
        if (state.dpkgStarted) {
            io.emit({
                type: "log",
                stream: "stderr",
                line: `cockpit-apt-bridge: ${signal} ignored: dpkg is changing packages and stopping it now would leave them half-installed`,
            });
            return;
        }
        if (!state.cancelled)
            io.emit({ type: "log", stream: "stderr", line: `cockpit-apt-bridge: ${signal}: stopping apt-get` });
        state.cancelled = true;
        state.child?.kill("SIGTERM");
    };
    // SIGHUP cannot come from a terminal (the runner has its own session); it is ignored like the others once dpkg runs.
    const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGHUP"];
    for (const s of signals) process.on(s, onSignal);
    try {
        let last: (ProcessResult & { packageErrors: Array<{ package: string; message: string }> }) | null = null;
        for (const step of steps) {
            if (state.cancelled) break;
            last = await runStep(io, step, kind, state);
            if (state.cancelled) break;
            if (last.exitCode !== 0) {
                const failure = classifyFailure({ ...last, exitCode: last.exitCode });
                if (kind === "update" && failure.code !== "LOCKED") {
                    // APT exits 100 when an index could not be fetched (E: Failed to fetch ...).
                    const update = updateFailure(last);
                    if (update) Object.assign(failure, update);
                }
                if (
                    step.statusFormat === "dpkg" &&
                    failure.code === "OPERATION_FAILED" &&
                    last.packageErrors.length === 0
                ) {
                    failure.message = last.stderr.trim().split("\n").slice(-3).join("\n") || failure.message;
                }
                // dpkg's per-package errors were already streamed as error events; do not repeat them.
                if (last.packageErrors.length === 0)
                    io.emit({ type: "error", code: failure.code, message: failure.message, details: failure.details });
                addScriptOutput(failure, last);
                emitChanges();
                io.emit(failureResult(kind, failure, last.exitCode));
                return exitStatusFor(failure.code);
            }
        }
        if (state.cancelled) {
            const details = { signal: last?.signal ?? null };
            io.emit({
                type: "result",
                ok: false,
                operation: kind,
                exitCode: last?.exitCode ?? null,
                code: "CANCELLED",
                message: "Cancelled before any package was changed",
                details,
            });
            return exitStatusFor("CANCELLED");
        }
        const update = kind === "update" && last ? updateFailure(last) : null;
        if (update && last) {
            // Exit status 0 with W: Failed to fetch: some repositories failed, the rest were updated.
            io.emit({ type: "error", ...update });
            emitChanges();
            io.emit(failureResult(kind, update, last.exitCode));
            return exitStatusFor(update.code);
        }
        emitChanges();
        io.emit({ type: "result", ok: true, operation: kind, exitCode: last?.exitCode ?? 0 });
        return 0;
    } finally {
        for (const s of signals) process.off(s, onSignal);
    }
}

function safeStatus(file: string) {
    try {
        return statusWithJournal(file);
    } catch {
        return [];
    }
}

/** The lines a maintainer script printed before dpkg reported it failing (the reason the user needs). */
function addScriptOutput(failure: Failure, run: ProcessResult): void {
    const lines = scriptOutput(run.stderr);
    if (lines.length === 0) return;
    failure.details = { ...failure.details, scriptOutput: lines };
    // "Sub-process /usr/bin/dpkg returned an error code (1)" alone says nothing: the script's words first.
    if (failure.code === "OPERATION_FAILED" && /returned an error code/.test(failure.message))
        failure.message = `${lines.slice(-3).join("\n")}\n${failure.message}`;
}

/** Repair (repair.ts): its verdict is dpkg --audit afterwards, not the steps' exit statuses. */
async function executeRepair(
    io: OperationIo,
    config: AptConfig,
    statusFile: string,
    emitChanges: () => void
): Promise<number> {
    const state: { dpkgStarted: boolean; child: import("node:child_process").ChildProcess | null } = {
        dpkgStarted: false,
        child: null,
    };
    const ignore = (signal: NodeJS.Signals) =>
        io.emit({
            type: "log",
            stream: "stderr",
            line: `cockpit-apt-bridge: ${signal} ignored: repair is changing packages`,
        });
    const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGHUP"];
    for (const s of signals) process.on(s, ignore);
    try {
        const verdict = await repair(
            config,
            statusFile,
            (step) => runStep(io, step, "repair", state),
            (run) => {
                const failure = classifyFailure({ ...run, packageErrors: [], exitCode: run.exitCode });
                addScriptOutput(failure, run);
                return failure;
            },
            (line) => io.emit({ type: "log", stream: "stderr", line })
        );
        emitChanges();
        if (verdict.ok) {
            io.emit({ type: "result", ok: true, operation: "repair", exitCode: 0 });
            return 0;
        }
        io.emit({ type: "error", code: "OPERATION_FAILED", message: verdict.message, details: verdict.details });
        io.emit({
            type: "result",
            ok: false,
            operation: "repair",
            exitCode: null,
            code: "OPERATION_FAILED",
            message: verdict.message,
            details: verdict.details,
        });
        return exitStatusFor("OPERATION_FAILED");
    } finally {
        for (const s of signals) process.off(s, ignore);
    }
}

/**
 * Removing a package dpkg must reinstall (reinstreq) that has no archive to reinstall from: APT
 * refuses ("needs to be reinstalled, but I can't find an archive for it"), and so does dpkg unless
 * told --force-remove-reinstreq. Removing it is the user's explicit way out, so dpkg removes exactly
 * those, then apt-get removes the rest of the names.
 */
function removalOfReinstreq(
    config: AptConfig,
    kind: OperationKind,
    names: readonly string[],
    status: ReturnType<typeof safeStatus>
): Step[] | null {
    if (kind !== "remove" && kind !== "purge") return null;
    const reinstreq = new Set(status.filter((e) => e.flag === "reinstreq").map((e) => e.name));
    const broken = names.filter((n) => reinstreq.has(n.split(":")[0] as string));
    if (broken.length === 0) return null;
    const rest = names.filter((n) => !broken.includes(n));
    const dpkg = config.find("Dir::Bin::dpkg") || "dpkg";
    const steps: Step[] = [
        {
            program: dpkg,
            args: [
                ...config.findList("DPkg::Options"),
                "--force-remove-reinstreq",
                "--status-fd",
                "3",
                kind === "purge" ? "--purge" : "--remove",
                "--",
                ...broken,
            ],
            statusFormat: "dpkg",
        },
    ];
    if (rest.length > 0) steps.push({ program: "apt-get", args: runArgs(kind, rest), statusFormat: "apt" });
    return steps;
}
