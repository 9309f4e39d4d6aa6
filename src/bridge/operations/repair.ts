// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `operations repair`: brings dpkg back to a clean state without a terminal.
 *
 *   1. dpkg's journal not empty: `dpkg --configure -a` first (APT refuses to
 *      run until it is replayed);
 *   2. packages dpkg must reinstall (flag reinstreq, or half-installed):
 *      `apt-get install --reinstall` of exactly those that have a version to
 *      install (in the repositories or the archive cache);
 *   3. `dpkg --configure -a`: what is unpacked, half-configured, waiting for
 *      triggers;
 *   4. `apt-get -f install`: dependencies still broken;
 *   5. `dpkg --audit`: the verdict. ok only when it is clean; otherwise which
 *      packages are still broken, their state and dpkg's words.
 *
 * One step failing does not stop the next: each fixes what it can, and the
 * audit says what is left.
 */
import type { OperationFailureDetails } from "../../protocol/index.js";
import type { AptConfig } from "../apt/config.js";
import { operationEnv, reinstallArgs, repairArgs } from "../apt/apt-get.js";
import type { Failure } from "./classify.js";
import { interruptedState, statusWithJournal } from "./dpkg-state.js";
import type { Step } from "./operation.js";
import { runCollect, type ProcessResult } from "./runner.js";

export interface RepairOutcome {
    ok: boolean;
    message: string;
    details: Record<string, unknown>;
}

function dpkgBinary(config: AptConfig): string {
    return config.find("Dir::Bin::dpkg") || "dpkg";
}

function configureStep(config: AptConfig): Step {
    // dpkg as APT would run it: the configured binary and DPkg::Options.
    const options = config.findList("DPkg::Options");
    return {
        program: dpkgBinary(config),
        args: [...options, "--force-confdef", "--force-confold", "--status-fd", "3", "--configure", "-a"],
        statusFormat: "dpkg",
    };
}

/** Packages dpkg can only finish by unpacking them again. */
export function needReinstall(
    statusFile: string
): Array<{ name: string; architecture: string; state: string; flag: string }> {
    return statusWithJournal(statusFile)
        .filter((e) => e.flag === "reinstreq" || e.state === "half-installed")
        .map((e) => ({ name: e.name, architecture: e.architecture, state: e.state, flag: e.flag }));
}

/** The name apt-get needs: qualified only for a foreign architecture. */
function aptName(p: { name: string; architecture: string }, native: string): string {
    return p.architecture === "all" || p.architecture === native || p.architecture === ""
        ? p.name
        : `${p.name}:${p.architecture}`;
}

/** Whether APT has something to reinstall this package from (apt-get -s install --reinstall). */
async function canReinstall(name: string): Promise<{ ok: boolean; why: string }> {
    const r = await runCollect("apt-get", reinstallArgs([name], true), operationEnv());
    const text = `${r.stdout}\n${r.stderr}`;
    const refused =
        /Reinstallation of .* is not possible/.exec(text)?.[0] ??
        (r.exitCode !== 0 ? (/^E: (.*)$/m.exec(r.stderr)?.[1] ?? "apt-get cannot install it") : null);
    return refused ? { ok: false, why: refused } : { ok: true, why: "" };
}

/** `dpkg --audit` parsed: each package it lists with the paragraph that explains why. */
export function parseAudit(text: string): Array<{ name: string; reason: string }> {
    const out: Array<{ name: string; reason: string }> = [];
    let paragraph: string[] = [];
    let inList = false;
    for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        const entry = /^ (\S+)\s/.exec(line + " ");
        if (entry) {
            inList = true;
            out.push({ name: entry[1] as string, reason: paragraph.join(" ").replace(/\s+/g, " ").trim() });
            continue;
        }
        if (inList) {
            paragraph = [];
            inList = false;
        }
        paragraph.push(line.trim());
    }
    return out;
}

export async function runAudit(config: AptConfig): Promise<ProcessResult> {
    return runCollect(dpkgBinary(config), ["--audit"], operationEnv());
}

/**
 * Runs the repair steps through `run` (which streams their events) and returns the verdict.
 * `log` reports what was decided (no candidate to reinstall from) in the log.
 */
export async function repair(
    config: AptConfig,
    statusFile: string,
    run: (step: Step) => Promise<ProcessResult>,
    failures: (run: ProcessResult) => Failure | null,
    log: (line: string) => void
): Promise<RepairOutcome> {
    const stepFailures: string[] = [];
    const step = async (s: Step) => {
        const r = await run(s);
        const f = r.exitCode !== 0 ? failures(r) : null;
        if (f) stepFailures.push(f.message);
    };
    if (interruptedState(statusFile)?.journal) await step(configureStep(config));
    const native = config.find("APT::Architecture");
    const reinstall: string[] = [];
    const noCandidate: string[] = [];
    for (const p of needReinstall(statusFile)) {
        const name = aptName(p, native);
        const check = await canReinstall(name);
        if (check.ok) reinstall.push(name);
        else {
            noCandidate.push(p.name);
            log(`cockpit-apt-bridge: ${p.name} cannot be reinstalled: ${check.why}`);
        }
    }
    if (reinstall.length > 0) await step({ program: "apt-get", args: reinstallArgs(reinstall), statusFormat: "apt" });
    await step(configureStep(config));
    await step({ program: "apt-get", args: repairArgs(), statusFormat: "apt" });

    const audit = await runAudit(config);
    const listed = parseAudit(audit.stdout);
    const states = new Map(statusWithJournal(statusFile).map((e) => [e.name, e]));
    const interrupted = interruptedState(statusFile);
    if (listed.length === 0 && audit.stdout.trim() === "" && !interrupted)
        return { ok: true, message: "", details: {} };

    // dpkg --audit may list one package under several headings: once each, with every reason.
    const byName = new Map<string, string[]>();
    for (const l of listed) byName.set(l.name, [...(byName.get(l.name) ?? []), l.reason]);
    const stillBroken = [...byName].map(([name, reasons]) => {
        const e = states.get(name.split(":")[0] as string);
        return {
            name,
            state: e ? `${e.want} ${e.flag} ${e.state}` : "unknown",
            reason: [...new Set(reasons)].join(" "),
        };
    });
    for (const p of interrupted?.packages ?? []) {
        if (!stillBroken.some((b) => b.name.split(":")[0] === p.name))
            stillBroken.push({ name: p.name, state: p.state, reason: "dpkg left it unfinished" });
    }
    const details: OperationFailureDetails & Record<string, unknown> = {
        stillBroken,
        noCandidate,
        audit: audit.stdout.trim(),
        stepErrors: stepFailures,
    };
    const names = stillBroken.map((b) => `${b.name} (${b.state.split(" ").pop()})`).join(", ");
    let message =
        stillBroken.length > 0
            ? `Still broken after repair: ${names}`
            : `dpkg --audit still reports problems: ${audit.stdout.trim().split("\n")[0] ?? ""}`;
    if (noCandidate.length > 0)
        message += `. No version to reinstall ${noCandidate.join(", ")} from (neither in the repositories nor in the archive cache): remove ${noCandidate.length === 1 ? "it" : "them"} instead`;
    if (stepFailures.length > 0) message += `. ${stepFailures.at(-1)}`;
    return { ok: false, message, details };
}
