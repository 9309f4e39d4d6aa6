// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * needrestart in batch mode (`needrestart -b -r l`): list only, so it never
 * restarts anything itself. Its output follows the apt-dater protocol
 * (/usr/share/doc/needrestart/README.batch.md):
 *
 *   NEEDRESTART-VER: 3.6
 *   NEEDRESTART-KCUR: 6.1.0-27-amd64
 *   NEEDRESTART-KEXP: 6.1.0-28-amd64
 *   NEEDRESTART-KSTA: 3           0 unknown, 1 current, 2 ABI compatible upgrade, 3 version upgrade
 *   NEEDRESTART-UCSTA: 2          microcode: 0 unknown, 1 current, 2 pending
 *   NEEDRESTART-SVC: ssh.service
 *   NEEDRESTART-CONT: LXC web1
 *   NEEDRESTART-SESS: root @ session #28017
 */
import { execProgram, findProgram } from "./exec.js";

export interface NeedrestartReport {
    version: string | null;
    kernelCurrent: string | null;
    kernelExpected: string | null;
    kernelStatus: number | null;
    microcodeStatus: number | null;
    services: string[];
    containers: string[];
    sessions: string[];
}

export function parseNeedrestartBatch(text: string): NeedrestartReport {
    const report: NeedrestartReport = {
        version: null,
        kernelCurrent: null,
        kernelExpected: null,
        kernelStatus: null,
        microcodeStatus: null,
        services: [],
        containers: [],
        sessions: [],
    };
    for (const line of text.split("\n")) {
        const m = /^NEEDRESTART-([A-Z]+):\s?(.*)$/.exec(line.trimEnd());
        if (!m) continue;
        const value = (m[2] as string).trim();
        switch (m[1]) {
            case "VER":
                report.version = value || null;
                break;
            case "KCUR":
                report.kernelCurrent = value || null;
                break;
            case "KEXP":
                report.kernelExpected = value || null;
                break;
            case "KSTA":
                report.kernelStatus = /^\d+$/.test(value) ? Number(value) : null;
                break;
            case "UCSTA":
                report.microcodeStatus = /^\d+$/.test(value) ? Number(value) : null;
                break;
            case "SVC":
                if (value && !report.services.includes(value)) report.services.push(value);
                break;
            case "CONT":
                if (value) report.containers.push(value);
                break;
            case "SESS":
                if (value) report.sessions.push(value);
                break;
        }
    }
    return report;
}

export function needrestartPath(): string | null {
    return findProgram("needrestart");
}

/** Runs needrestart list-only; null when it is missing or printed nothing of its protocol. */
export function runNeedrestart(program: string): NeedrestartReport | null {
    // -b batch, -r l list only (batch mode never restarts either; both, to be sure).
    const r = execProgram(program, ["-b", "-r", "l"], { timeoutMs: 120_000, env: { NEEDRESTART_MODE: "l" } });
    if (r.missing) return null;
    const report = parseNeedrestartBatch(r.stdout);
    return report.version === null ? null : report;
}
