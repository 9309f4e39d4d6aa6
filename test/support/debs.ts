// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Real .deb files for tests, built with `dpkg-deb --build --root-owner-group`
 * from a small spec. The control file carries every field a real archive
 * package may carry (including debtags as `Tag:`), so the Packages index made
 * from these debs looks like a real repository's.
 *
 * Maintainer scripts run chrootless in the sandbox (dpkg
 * --force-script-chrootless): they must only touch "$DPKG_ROOT". Every script
 * body is prefixed with `set -e` and a guard that refuses to run without a
 * DPKG_ROOT, so a script can never write to the host by accident.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface DebFile {
    /** Absolute path inside the package ("/usr/share/foo/bar"). */
    path: string;
    /** Text, or bytes (a gzipped changelog). */
    content: string | Uint8Array;
    mode?: number;
}

export interface DebSpec {
    name: string;
    version: string;
    /** "all" (default) or a concrete architecture such as "amd64". */
    architecture?: string;
    section?: string;
    priority?: string;
    maintainer?: string;
    homepage?: string;
    depends?: string;
    preDepends?: string;
    recommends?: string;
    suggests?: string;
    enhances?: string;
    conflicts?: string;
    breaks?: string;
    provides?: string;
    replaces?: string;
    /** Debtags, written as one `Tag:` field ("role::container-app, field::marine"). */
    tags?: string[];
    summary?: string;
    longDescription?: string;
    multiArch?: string;
    essential?: boolean;
    files?: DebFile[];
    /** Files that are also listed in DEBIAN/conffiles (paths under /etc as policy asks). */
    conffiles?: Array<{ path: string; content: string }>;
    /** Shell script bodies (without #!); each runs with `set -e` and DPKG_ROOT set. */
    preinst?: string;
    postinst?: string;
    prerm?: string;
    postrm?: string;
    /** Installed-Size in KiB; dpkg-deb computes it when absent. */
    installedSize?: number;
    /** Further control fields written as given, e.g. { "Phased-Update-Percentage": "30" } (dpkg-scanpackages copies them into Packages). */
    extraFields?: Record<string, string>;
}

/** The architecture-qualified file name APT and dpkg-scanpackages expect. */
export function debFileName(spec: DebSpec): string {
    const version = spec.version.replace(/^\d+:/, ""); // the epoch is not part of pool file names
    return `${spec.name}_${version}_${spec.architecture ?? "all"}.deb`;
}

/** Text of DEBIAN/control for a spec. */
export function controlText(spec: DebSpec): string {
    const fields: Array<[string, string | undefined]> = [
        ["Package", spec.name],
        ["Version", spec.version],
        ["Architecture", spec.architecture ?? "all"],
        ["Essential", spec.essential ? "yes" : undefined],
        ["Multi-Arch", spec.multiArch],
        ["Maintainer", spec.maintainer ?? "cockpit-apt tests <tests@example.org>"],
        ["Installed-Size", spec.installedSize !== undefined ? String(spec.installedSize) : undefined],
        ["Pre-Depends", spec.preDepends],
        ["Depends", spec.depends],
        ["Recommends", spec.recommends],
        ["Suggests", spec.suggests],
        ["Enhances", spec.enhances],
        ["Conflicts", spec.conflicts],
        ["Breaks", spec.breaks],
        ["Replaces", spec.replaces],
        ["Provides", spec.provides],
        ["Section", spec.section ?? "misc"],
        ["Priority", spec.priority ?? "optional"],
        ["Homepage", spec.homepage],
        ["Tag", spec.tags && spec.tags.length > 0 ? spec.tags.join(", ") : undefined],
        ...Object.entries(spec.extraFields ?? {}),
    ];
    const lines = fields
        .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== "")
        .map(([k, v]) => `${k}: ${v}`);
    const summary = spec.summary ?? `${spec.name} test package`;
    const long = (spec.longDescription ?? `The ${spec.name} package, built by the cockpit-apt tests.`)
        .split("\n")
        .map((l) => (l.trim() === "" ? " ." : ` ${l}`));
    lines.push(`Description: ${summary}`, ...long);
    return lines.join("\n") + "\n";
}

const SCRIPT_PROLOGUE = [
    "#!/bin/sh",
    "set -e",
    "# Test packages run chrootless on the host: refuse to run outside a sandbox root.",
    'if [ -z "$DPKG_ROOT" ] || [ "$DPKG_ROOT" = "/" ]; then echo "test package script without DPKG_ROOT" >&2; exit 1; fi',
    "",
].join("\n");

/** Builds the .deb into outDir and returns its path. */
export function buildDeb(spec: DebSpec, outDir: string): string {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-deb-"));
    try {
        const debian = path.join(work, "DEBIAN");
        fs.mkdirSync(debian, { recursive: true });
        // mkdtemp makes 0700; dpkg-deb wants a 0755 control directory, and "./" becomes the root's mode.
        fs.chmodSync(work, 0o755);
        fs.chmodSync(debian, 0o755);
        const write = (rel: string, content: string | Uint8Array, mode = 0o644) => {
            if (!rel.startsWith("/") || rel.split("/").includes(".."))
                throw new Error(`deb file path must be absolute without '..': ${rel}`);
            const file = path.join(work, rel);
            fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
            fs.writeFileSync(file, content);
            fs.chmodSync(file, mode);
        };
        for (const f of spec.files ?? []) write(f.path, f.content, f.mode ?? 0o644);
        for (const f of spec.conffiles ?? []) write(f.path, f.content);
        if (spec.conffiles && spec.conffiles.length > 0) {
            fs.writeFileSync(path.join(debian, "conffiles"), spec.conffiles.map((f) => f.path).join("\n") + "\n");
        }
        for (const script of ["preinst", "postinst", "prerm", "postrm"] as const) {
            const body = spec[script];
            if (body === undefined) continue;
            fs.writeFileSync(path.join(debian, script), SCRIPT_PROLOGUE + body + "\n");
            fs.chmodSync(path.join(debian, script), 0o755);
        }
        fs.writeFileSync(path.join(debian, "control"), controlText(spec));
        fs.mkdirSync(outDir, { recursive: true });
        const out = path.join(outDir, debFileName(spec));
        // -Zgzip: fast and readable by every dpkg; --root-owner-group: files owned by root as in real packages.
        execFileSync("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", work, out], { stdio: "pipe" });
        return out;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}
