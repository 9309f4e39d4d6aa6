// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Shared by the differential tests: every package the bridge lists against
 * what python-apt (libapt itself) says, field by field.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { PackageListResponse, PackageSummary } from "../../src/protocol/index.js";
import { runBridge } from "../support/bridge.js";

export interface OracleRow {
    name: string;
    candidateVersion: string | null;
    installedVersion: string | null;
    upgradable: boolean;
    section: string;
    summary: string;
    origins: Array<NonNullable<PackageSummary["origin"]>>;
    tags: string[];
    security: boolean;
    held: boolean;
}

/** python3-apt is Debian's; install it when missing (CI machines start without it). */
export function ensurePythonApt(): void {
    try {
        execFileSync("/usr/bin/python3", ["-c", "import apt_pkg"], { stdio: "ignore" });
    } catch {
        execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "python3-apt"], {
            stdio: "inherit",
            env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        });
    }
}

export function oracle(env: NodeJS.ProcessEnv = {}): Map<string, OracleRow> {
    const out = execFileSync("/usr/bin/python3", [path.join(import.meta.dirname, "oracle.py")], {
        env: { ...process.env, ...env },
        encoding: "utf8",
        maxBuffer: 512 * 1024 * 1024,
    });
    const rows = new Map<string, OracleRow>();
    for (const line of out.split("\n"))
        if (line) rows.set((JSON.parse(line) as OracleRow).name, JSON.parse(line) as OracleRow);
    return rows;
}

/** Every package, through the bridge's own paging (1000 a page). */
export async function bridgePackages(env: NodeJS.ProcessEnv = {}): Promise<Map<string, PackageSummary>> {
    const all = new Map<string, PackageSummary>();
    for (let offset = 0; ; offset += 1000) {
        const r = await runBridge<PackageListResponse>(["packages", "filter", "--offset", String(offset)], env);
        if (r.status !== 0) throw new Error(`bridge failed: ${r.stdout}`);
        for (const p of r.json.packages) all.set(p.name, p);
        if (offset + 1000 >= r.json.total) break;
    }
    return all;
}

/** Human-readable disagreements, empty when the bridge agrees with APT on every package. */
export function disagreements(bridge: Map<string, PackageSummary>, apt: Map<string, OracleRow>): string[] {
    const out: string[] = [];
    for (const name of apt.keys()) if (!bridge.has(name)) out.push(`${name}: listed by APT, missing from the bridge`);
    for (const [name, p] of bridge) {
        const o = apt.get(name);
        if (!o) {
            out.push(`${name}: listed by the bridge, unknown to APT`);
            continue;
        }
        const check = (field: string, mine: unknown, theirs: unknown) => {
            if (JSON.stringify(mine) !== JSON.stringify(theirs))
                out.push(`${name}: ${field} bridge=${JSON.stringify(mine)} apt=${JSON.stringify(theirs)}`);
        };
        check("candidateVersion", p.candidateVersion, o.candidateVersion);
        check("installedVersion", p.installedVersion, o.installedVersion);
        check("upgradable", p.upgradable, o.upgradable);
        check("section", p.section, o.section);
        check("summary", p.summary, o.summary);
        check("tags", p.tags, o.tags);
        check("security", p.security, o.security);
        check("held", p.held, o.held);
        // The bridge names the candidate's best index; APT lists every index the candidate is in.
        if (p.origin === null) check("origin", null, o.origins.length ? "one of " + JSON.stringify(o.origins) : null);
        else if (!o.origins.some((x) => JSON.stringify(x) === JSON.stringify(p.origin)))
            check("origin", p.origin, o.origins);
    }
    return out;
}
