// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `packages changelog NAME --candidate`: the changelog of the version an
 * upgrade would install, from `apt-get changelog NAME=VERSION`, which fetches
 * it from the archive's changelog server (the Release file's Changelogs
 * field, or Debian's / Ubuntu's). That needs the network: a host offline, a
 * server down or a run longer than CANDIDATE_CHANGELOG_TIMEOUT_MS answers
 * reason "unreachable" (the installed changelog stays available through
 * `packages changelog NAME`). Only the entries newer than the installed
 * version are returned: "what's new".
 */
import type { CandidateChangelogResponse } from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import { compareVersions } from "../apt/version.js";
import { childProcess } from "../lazy-modules.js";
import { operationEnv } from "../apt/apt-get.js";
import { findDetailPackage } from "./details.js";
import { CHANGELOG_MAX_BYTES } from "./installed-files.js";

export const CANDIDATE_CHANGELOG_TIMEOUT_MS = 20_000;

/** APT's wording when it could not talk to the server at all (methods/connect.cc, http.cc). */
const UNREACHABLE =
    /Could not resolve|Temporary failure resolving|Could not connect|Connection (?:failed|timed out|refused)|Network is unreachable|No route to host|Unable to connect|timed out|Failed to connect/i;

/** "pkg (1.2-3) unstable; urgency=medium": a changelog entry's first line. */
const HEADER = /^\S+ \(([^()\s]+)\)\s+[^;]*;/;

/** The entries above the installed version's own (all of them when it is not found). */
export function entriesNewerThan(text: string, installed: string | null): string {
    if (installed === null) return text;
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const m = HEADER.exec(lines[i] as string);
        if (m && compareVersions(m[1] as string, installed) <= 0)
            return i === 0 ? "" : lines.slice(0, i).join("\n").replace(/\s+$/, "") + "\n";
    }
    return text;
}

interface Fetched {
    stdout: string;
    stderr: string;
    exitCode: number | null;
    timedOut: boolean;
}

function runAptChangelog(spec: string, timeoutMs: number): Promise<Fetched> {
    return new Promise((resolve, reject) => {
        const args = [
            "changelog",
            "-qq",
            "-o",
            "Acquire::Retries=0",
            "-o",
            `Acquire::http::Timeout=${Math.ceil(timeoutMs / 1000)}`,
            "-o",
            `Acquire::https::Timeout=${Math.ceil(timeoutMs / 1000)}`,
            "--",
            spec,
        ];
        const child = childProcess().spawn("apt-get", args, {
            env: { ...operationEnv(), PAGER: "cat" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let size = 0;
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGTERM");
        }, timeoutMs);
        child.stdout.on("data", (c: Buffer) => {
            // Keep a little more than we return; the rest is thrown away, not buffered.
            if (size <= CHANGELOG_MAX_BYTES * 2) out.push(c);
            size += c.length;
        });
        child.stderr.on("data", (c: Buffer) => err.push(c));
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
                exitCode: code,
                timedOut,
            });
        });
    });
}

export async function candidateChangelog(
    db: Database,
    name: string,
    timeoutMs = CANDIDATE_CHANGELOG_TIMEOUT_MS
): Promise<CandidateChangelogResponse> {
    const pkg = findDetailPackage(db, name);
    const version = pkg.candidate >= 0 ? (pkg.versions[pkg.candidate]?.version ?? null) : null;
    const installedVersion = pkg.current >= 0 ? (pkg.versions[pkg.current]?.version ?? null) : null;
    const base = { package: pkg.name, version, installedVersion };
    if (version === null)
        return { ...base, available: false, text: null, reason: "no-candidate", message: null, truncated: false };
    // The name is validated and the version comes from the index: after "--" neither can be an option.
    const r = await runAptChangelog(`${pkg.name}=${version}`, timeoutMs);
    if (r.timedOut) {
        return {
            ...base,
            available: false,
            text: null,
            reason: "unreachable",
            message: `No answer from the changelog server within ${Math.round(timeoutMs / 1000)} s`,
            truncated: false,
        };
    }
    const errors = r.stderr
        .split("\n")
        .filter((l) => /^[EW]: /.test(l))
        .map((l) => l.slice(3).trim());
    if (r.exitCode !== 0 || r.stdout.trim() === "") {
        const message =
            errors.join("\n") || r.stderr.trim() || `apt-get changelog exited with status ${r.exitCode ?? "unknown"}`;
        return {
            ...base,
            available: false,
            text: null,
            reason: UNREACHABLE.test(message) ? "unreachable" : "unavailable",
            message,
            truncated: false,
        };
    }
    let text = entriesNewerThan(r.stdout, installedVersion);
    let truncated = false;
    if (Buffer.byteLength(text) > CHANGELOG_MAX_BYTES) {
        const cut = Buffer.from(text).subarray(0, CHANGELOG_MAX_BYTES);
        const nl = cut.lastIndexOf(10);
        text = cut.subarray(0, nl > 0 ? nl + 1 : cut.length).toString("utf8");
        truncated = true;
    }
    return { ...base, available: true, text, reason: null, message: null, truncated };
}
