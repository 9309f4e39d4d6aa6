// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Why "Upgrade all" would leave an upgradable package alone, as APT decides
 * it: the page's "Upgrade all" runs `apt-get upgrade --with-new-pkgs`
 * (apt-get.ts), so that command, simulated, is asked. Its resolver
 * (phasing, held packages, upgrades that need a removal) is never rewritten here.
 *
 *   The following packages have been kept back:             held, phased (APT 2.6), or needing a removal
 *     a b c
 *   The following upgrades have been deferred due to phasing:   phased (APT >= 2.7 says so itself)
 *     d
 *
 * APT 2.6 (Debian 12) lists phased updates among the kept back. Those that
 * the same simulation upgrades with APT::Get::Always-Include-Phased-Updates
 * are the phased ones; the second run is made only when the lists carry
 * Phased-Update-Percentage at all (Ubuntu), so never on Debian. A held
 * package (dpkg selection "hold") is "held" whatever else applies: Unhold is
 * the first thing to do. Everything else kept back is "removal": only a full
 * upgrade (`apt-get dist-upgrade`) may make it, removing what it must.
 */
import type { KeptBackReason } from "../../protocol/index.js";
import { childProcess } from "../lazy-modules.js";
import { listAfter, simulateArgs } from "./apt-get.js";

/** Kept-back packages by listed name ("name", "name:arch" for a foreign architecture): phased or removal (held comes from dpkg's status). */
export type KeptBack = Map<string, Exclude<KeptBackReason, "held">>;

/** The simulation of "Upgrade all": the very command line of its preview. */
export const UPGRADE_SIMULATION_ARGS: readonly string[] = simulateArgs("upgrade", []);
const WITH_PHASED = ["-o", "APT::Get::Always-Include-Phased-Updates=true"];

export interface UpgradeSimulation {
    /** Packages it would install or upgrade ("Inst" lines). */
    upgraded: Set<string>;
    keptBack: string[];
    /** APT >= 2.7: "deferred due to phasing". */
    deferred: string[];
}

export function parseUpgradeSimulation(stdout: string): UpgradeSimulation {
    const lines = stdout.split("\n");
    const upgraded = new Set<string>();
    for (const line of lines) {
        const m = /^Inst (\S+) /.exec(line);
        if (m) upgraded.add(m[1] as string);
    }
    return {
        upgraded,
        keptBack: listAfter(lines, /^The following packages? (?:have|has) been kept back:/),
        deferred: listAfter(lines, /^The following upgrades? (?:have|has) been deferred due to phasing:/),
    };
}

/**
 * Runs the simulation. Null when APT could not answer (broken dependencies
 * make `upgrade` refuse): then no package is said to be kept back, which the
 * page shows as ordinary updates, and the preview of Upgrade all shows APT's problem.
 */
function simulate(extra: readonly string[]): UpgradeSimulation | null {
    const r = childProcess().spawnSync("apt-get", [...extra, ...UPGRADE_SIMULATION_ARGS], {
        encoding: "utf8",
        env: { ...process.env, LC_ALL: "C", LANG: "C", LANGUAGE: "" },
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error || r.status !== 0) return null;
    return parseUpgradeSimulation(r.stdout);
}

/**
 * The kept-back packages and why. `listsHavePhasing`: some list carries
 * Phased-Update-Percentage (else the second simulation cannot find any).
 */
export function findKeptBack(listsHavePhasing: boolean): KeptBack {
    const out: KeptBack = new Map();
    const first = simulate([]);
    if (!first) return out;
    for (const name of first.deferred) out.set(name, "phased");
    const kept = first.keptBack.filter((n) => !out.has(n));
    if (kept.length === 0) return out;
    const withPhased = listsHavePhasing ? simulate(WITH_PHASED) : null;
    for (const name of kept) out.set(name, withPhased?.upgraded.has(name) ? "phased" : "removal");
    return out;
}
