// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reads `apt-get -s` output (C locale) into an OperationPreview. The lines
 * that matter are APT's simulation records (apt-pkg/algorithms.cc,
 * pkgSimulate):
 *
 *   Inst name [old] (new release [arch])      install or upgrade ("[old]" only on upgrade)
 *   Remv name [old]                           removal
 *   Purg name [old]                           removal with --purge
 *   Conf name (new release [arch])            configuration (already counted by Inst)
 *
 * and the summary sentences (older and newer APTs print the sizes with -s, apt 2.6 does not):
 * "The following packages have been kept back:",
 * "...no longer required:", "Need to get 1,234 kB/2 MB of archives.",
 * "After this operation, 5 MB of additional disk space will be used." /
 * "... disk space will be freed.", and the unmet-dependency report.
 */
import type { OperationKind, OperationPreview, PreviewPackage } from "../../protocol/index.js";
import { compareVersions } from "../apt/version.js";
import { listAfter } from "../apt/apt-get.js";

/** APT's SizeToStr: powers of 1000 with a unit ("754 B", "12.3 kB", "1,234 MB"). */
export function parseAptSize(text: string): number | null {
    const m = /^([\d.,]+)\s*([kMGTPE]?)B$/.exec(text.trim());
    if (!m) return null;
    const n = Number((m[1] as string).replace(/,/g, ""));
    if (!Number.isFinite(n)) return null;
    const power = " kMGTPE".indexOf(m[2] || " ");
    return Math.round(n * 1000 ** power);
}

const INST = /^Inst (\S+) (?:\[([^\]]+)\] )?\((\S+) (.*?) ?\[([^\]]+)\]\)/;
const REMV = /^(Remv|Purg) (\S+)(?: \[([^\]]+)\])?/;

export function emptyPreview(operation: OperationKind): OperationPreview {
    return {
        operation,
        install: [],
        upgrade: [],
        downgrade: [],
        remove: [],
        purge: [],
        heldBack: [],
        autoremovable: [],
        downloadSize: null,
        diskSpaceChange: null,
        problems: [],
    };
}

export function parseSimulation(operation: OperationKind, stdout: string, stderr = ""): OperationPreview {
    const preview = emptyPreview(operation);
    const lines = stdout.split("\n");
    for (const line of lines) {
        const inst = INST.exec(line);
        if (inst) {
            const [, name = "", oldVersion, newVersion = "", , arch = ""] = inst;
            const pkg: PreviewPackage = { name, architecture: arch, oldVersion: oldVersion ?? null, newVersion };
            if (oldVersion === undefined) preview.install.push(pkg);
            else if (compareVersions(newVersion, oldVersion) < 0) preview.downgrade.push(pkg);
            else preview.upgrade.push(pkg); // a reinstall of the same version counts as an upgrade
            continue;
        }
        const remv = REMV.exec(line);
        if (remv) {
            const [, kind, name = "", oldVersion] = remv;
            const colon = name.indexOf(":");
            const pkg: PreviewPackage = {
                name,
                architecture: colon >= 0 ? name.slice(colon + 1) : "",
                oldVersion: oldVersion ?? null,
                newVersion: null,
            };
            (kind === "Purg" ? preview.purge : preview.remove).push(pkg);
            continue;
        }
        const get = /^Need to get ([\d.,]+ [kMGTPE]?B)(?:\/([\d.,]+ [kMGTPE]?B))? of (?:source )?archives\./.exec(line);
        if (get) {
            preview.downloadSize = parseAptSize(get[1] as string);
            continue;
        }
        const after =
            /^After this operation, ([\d.,]+ [kMGTPE]?B) (of additional )?disk space will be (used|freed)\./.exec(line);
        if (after) {
            const size = parseAptSize(after[1] as string);
            preview.diskSpaceChange = size === null ? null : after[3] === "freed" ? -size : size;
        }
    }
    preview.heldBack = listAfter(lines, /^The following packages? (have|has) been kept back:/);
    preview.autoremovable = listAfter(
        lines,
        /^The following packages? (were|was) automatically installed and (are|is) no longer required:/
    );
    preview.problems = problemsOf(stdout, stderr);
    // No "Need to get" line says nothing: apt 2.6 (Debian 12) prints none with -s even when
    // it would download. The size stays unknown here; preview.ts measures it (download-size.ts).
    return preview;
}

/** The unmet-dependency report and every E: line, as APT words them. */
export function problemsOf(stdout: string, stderr: string): string[] {
    const problems: string[] = [];
    const lines = stdout.split("\n");
    const start = lines.findIndex((l) => /^The following packages have unmet dependencies:/.test(l));
    if (start >= 0) {
        let current = "";
        for (let i = start + 1; i < lines.length; i++) {
            const line = lines[i] as string;
            if (!/^\s/.test(line) || line.trim() === "") break;
            // " pkg : Depends: x but it is not installable"; continuation lines are indented further
            if (/^ \S/.test(line)) {
                if (current) problems.push(current);
                current = line.trim();
            } else {
                const trimmed = line.trim();
                const head = current.split(" : ")[0];
                if (head) problems.push(`${head} : ${trimmed}`);
            }
        }
        if (current) problems.push(current);
    }
    for (const line of stderr.split("\n")) {
        const e = /^E: (.*)$/.exec(line);
        if (e) problems.push(e[1] as string);
    }
    return [...new Set(problems)];
}
