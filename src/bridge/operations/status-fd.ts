// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT::Status-Fd: the machine-readable progress APT writes while it works
 * (apt-pkg/deb/dpkgpm.cc, apt-private/acqprogress.cc):
 *
 *   dlstatus:<item>:<percent>:<message>          download (or `apt-get update`)
 *   pmstatus:<package>:<percent>:<message>       dpkg at work ("Unpacking foo (amd64)")
 *   pmerror:<package>:<percent>:<message>        dpkg failed for a package
 *   pmconffile:<conffile>:<percent>:'<old>' '<new>' <useredited> <distedited>
 *   media-change:<medium>:<drive>:<message>
 *
 * A package may carry ":arch", so the fields are found from the percent (the
 * first purely numeric field after the package), not by splitting on ":".
 */
import type { OperationEvent, ProgressPhase } from "../../protocol/index.js";

export interface StatusFdContext {
    /** "update" for apt-get update (its downloads are index files). */
    downloadPhase: ProgressPhase;
    /** The phase of the last dpkg message: "Running dpkg" and triggers keep it. */
    lastPhase: ProgressPhase;
}

const LINE = /^(dlstatus|pmstatus|pmerror|pmconffile):(.*?):(\d+(?:\.\d+)?):(.*)$/;

/** The phase a dpkg progress message (APT's own wording) belongs to. */
export function phaseOfMessage(message: string, fallback: ProgressPhase): ProgressPhase {
    if (/^(Preparing to configure|Configuring|Installed|Running post-installation trigger)\b/.test(message))
        return "configure";
    if (/^(Preparing for removal|Removing|Removed|Completely remov|Preparing to completely remove)/.test(message))
        return "remove";
    if (/^(Preparing|Unpacking|Installing)\b/.test(message)) return "install";
    return fallback;
}

function clampPercent(value: string): number {
    const n = Number(value);
    if (!Number.isFinite(n)) return 0;
    return Math.max(0, Math.min(100, Math.round(n * 10) / 10));
}

/** One Status-Fd line -> an event, or null for lines that carry nothing for the user. */
export function parseStatusFdLine(line: string, ctx: StatusFdContext): OperationEvent | null {
    const m = LINE.exec(line.trimEnd());
    if (!m) return null;
    const [, kind, subject = "", percentText = "0", message = ""] = m;
    const percent = clampPercent(percentText);
    switch (kind) {
        case "dlstatus":
            return { type: "progress", phase: ctx.downloadPhase, package: null, percent, message };
        case "pmstatus": {
            // "dpkg-exec" is APT's marker for "dpkg is being started", not a package.
            const pkg = subject === "dpkg-exec" ? null : subject;
            const phase = phaseOfMessage(message, ctx.lastPhase);
            ctx.lastPhase = phase;
            return { type: "progress", phase, package: pkg, percent, message };
        }
        case "pmerror":
            return { type: "error", code: "OPERATION_FAILED", message, details: { package: subject } };
        case "pmconffile": {
            // We run with --force-confdef --force-confold: a prompt APT relays is answered "keep".
            return { type: "conffile", file: subject, package: null, action: "kept" };
        }
        default:
            return null;
    }
}

/**
 * dpkg's own wording when it keeps a modified conffile (with --force-confold it
 * does not ask, it says so on stdout):
 *   Configuration file '/etc/foo.conf'
 *    ==> Modified (by you or by a script) since installation.
 *    ==> Package distributor has shipped an updated version.
 *    ==> Keeping old config file as default.
 * Feed every stdout line; returns the file when a "keeping" line closes a block.
 */
export class ConffileWatcher {
    private current: string | null = null;

    push(line: string): string | null {
        const start = /^Configuration file '(.+)'$/.exec(line.trim());
        if (start) {
            this.current = start[1] as string;
            return null;
        }
        if (this.current !== null && /==> Keeping old config file as default\./.test(line)) {
            const file = this.current;
            this.current = null;
            return file;
        }
        if (!/^\s*==>/.test(line)) this.current = null;
        return null;
    }
}

/** `dpkg --status-fd` lines during `dpkg --configure -a`: "status: <pkg>: <state>" and errors. */
export function parseDpkgStatusLine(line: string): OperationEvent | null {
    const error = /^status: (.+?) ?: error : (.*)$/.exec(line);
    if (error)
        return { type: "error", code: "OPERATION_FAILED", message: error[2] as string, details: { package: error[1] } };
    const status =
        /^status: ([^ :]+(?::[^ :]+)?): (half-configured|unpacked|installed|triggers-awaited|triggers-pending)$/.exec(
            line
        );
    if (status) {
        const state = status[2] as string;
        return {
            type: "progress",
            phase: "configure",
            package: status[1] as string,
            percent: state === "installed" ? 100 : 50,
            message: `${state === "installed" ? "Configured" : "Configuring"} ${status[1]}`,
        };
    }
    return null;
}
