// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT preferences (apt_preferences(5)): Dir::Etc::preferences, then every
 * file of Dir::Etc::preferencesparts that APT accepts, in name order — the
 * same files and order as pkgInitPolicy (ReadPinFile, then ReadPinDir).
 */
import fs from "node:fs";
import path from "node:path";
import { BridgeError } from "../cli/errors.js";
import type { AptConfig } from "./config.js";
import { forEachStanza } from "./deb822.js";
import { expressionMatches } from "./pattern.js";

export const NEVER_PIN = -32768;

export type PinType = "version" | "release" | "origin";

export interface PinRecord {
    /** Package name patterns (split on whitespace); empty for "Package: *" (a default pin). */
    packages: string[];
    type: PinType;
    data: string;
    priority: number;
    file: string;
}

/** The files APT reads preferences from, in APT's order (also the cache's inputs). */
export function preferenceFiles(config: AptConfig): { files: string[]; dirs: string[] } {
    const files: string[] = [];
    const main = config.findFile("Dir::Etc::preferences");
    if (main && fs.existsSync(main) && fs.statSync(main).isFile()) files.push(main);
    const dir = config.findDir("Dir::Etc::preferencesparts", "/dev/null");
    const dirs: string[] = [];
    if (dir !== "/dev/null" && fs.existsSync(dir) && fs.statSync(dir).isDirectory()) {
        dirs.push(dir);
        const names = fs.readdirSync(dir).sort();
        for (const name of names) {
            if (name.startsWith(".")) continue;
            const ext = path.extname(name);
            if (ext !== "" && ext !== ".pref") continue;
            if (!/^[A-Za-z0-9_:.-]+$/.test(name)) continue;
            if (ext === "" && name.includes(".")) continue;
            const full = path.join(dir, name);
            try {
                if (!fs.statSync(full).isFile()) continue;
            } catch {
                continue;
            }
            files.push(full);
        }
    }
    return { files, dirs };
}

export function parsePreferences(text: string, file: string): PinRecord[] {
    const pins: PinRecord[] = [];
    forEachStanza(
        text,
        (s) => {
            if (s.size === 0) return;
            const pkg = s.get("package");
            if (!pkg)
                throw new BridgeError(
                    "APT_UNAVAILABLE",
                    `Invalid record in the preferences file ${file}, no Package header`,
                    { file }
                );
            const pin = s.get("pin");
            if (pin === undefined) return;
            const m = /^(\S+)\s*(.*)$/s.exec(pin.replace(/\n/g, " "));
            const word = (m?.[1] ?? "").toLowerCase();
            const data = (m?.[2] ?? "").trim();
            const packages = pkg === "*" ? [] : pkg.split(/\s+/).filter(Boolean);
            let type: PinType;
            if (word === "version" && packages.length > 0) type = "version";
            else if (word === "release") type = "release";
            else if (word === "origin") type = "origin";
            else return; // APT: "Did not understand pin type", a warning
            const rawPriority = (s.get("pin-priority") ?? "").trim();
            let priority: number;
            if (rawPriority === "never") {
                if (packages.length) {
                    throw new BridgeError(
                        "APT_UNAVAILABLE",
                        `${file}: The special 'Pin-Priority: never' can only be used for 'Package: *' records`,
                        { file }
                    );
                }
                priority = NEVER_PIN;
            } else {
                priority = /^[+-]?\d+$/.test(rawPriority) ? Number(rawPriority) : 0;
                if (priority === NEVER_PIN) priority = NEVER_PIN + 1;
                if (priority < -32768 || priority > 32767) {
                    throw new BridgeError(
                        "APT_UNAVAILABLE",
                        `${file}: Value ${rawPriority} is outside the range of valid pin priorities`,
                        { file }
                    );
                }
                if (priority === 0)
                    throw new BridgeError("APT_UNAVAILABLE", `No priority (or zero) specified for pin in ${file}`, {
                        file,
                    });
            }
            pins.push({ packages, type, data, priority, file });
        },
        { comments: true }
    );
    return pins;
}

/** The pins APT reads, and the files and directories they came from. */
export interface Preferences {
    pins: PinRecord[];
    files: string[];
    dirs: string[];
}

export function loadPreferences(config: AptConfig): Preferences {
    const { files, dirs } = preferenceFiles(config);
    const pins: PinRecord[] = [];
    for (const f of files) pins.push(...parsePreferences(fs.readFileSync(f, "utf8"), f));
    return { pins, files, dirs };
}

/** The release data a pin is matched against (pkgCache::PkgFile and its release file). */
export interface PinnableFile {
    /** false for dpkg's status file, which has no release file */
    hasRelease: boolean;
    origin: string;
    label: string;
    /** "Suite" in Release files; APT calls it Archive. "now" for the status file. */
    archive: string;
    codename: string;
    version: string;
    component: string;
    architecture: string;
    site: string;
}

/** pkgVersionMatch for Release and Origin pins, against one package file. */
export class ReleaseMatcher {
    private matchAll = false;
    private relVer = "";
    private relVerPrefix = false;
    private relOrigin = "";
    private relArchive = "";
    private relCodename = "";
    private relRelease = "";
    private relLabel = "";
    private relComponent = "";
    private relArch = "";
    private orSite = "";

    constructor(
        readonly type: "release" | "origin",
        data: string
    ) {
        if (type === "origin") {
            this.orSite = data.length >= 2 && data.startsWith('"') && data.endsWith('"') ? data.slice(1, -1) : data;
            return;
        }
        if (data === "*") {
            this.matchAll = true;
            return;
        }
        if (!data.includes("=")) {
            if (/^\d/.test(data)) this.relVer = data;
            else this.relRelease = data;
        } else {
            for (const raw of data.split(",")) {
                const frag = raw.trim();
                if (frag.length < 3 || frag[1] !== "=") continue;
                const v = frag.slice(2);
                switch ((frag[0] as string).toLowerCase()) {
                    case "v":
                        this.relVer = v;
                        break;
                    case "o":
                        this.relOrigin = v;
                        break;
                    case "a":
                        this.relArchive = v;
                        break;
                    case "n":
                        this.relCodename = v;
                        break;
                    case "l":
                        this.relLabel = v;
                        break;
                    case "c":
                        this.relComponent = v;
                        break;
                    case "b":
                        this.relArch = v;
                        break;
                }
            }
        }
        if (this.relVer.endsWith("*")) {
            this.relVerPrefix = true;
            this.relVer = this.relVer.slice(0, -1);
        }
    }

    private static matchVer(a: string, b: string, prefix: boolean): boolean {
        if ((a.length !== b.length && !prefix) || a.length < b.length) return false;
        return a.slice(0, b.length).toLowerCase() === b.toLowerCase();
    }

    /** pkgVersionMatch::FileMatch(RlsFileIterator) */
    private releaseMatch(f: PinnableFile): boolean {
        if (this.type === "release") {
            if (this.matchAll) return true;
            if (
                !this.relVer &&
                !this.relOrigin &&
                !this.relArchive &&
                !this.relLabel &&
                !this.relRelease &&
                !this.relCodename &&
                !this.relComponent &&
                !this.relArch
            )
                return false;
            if (
                this.relVer &&
                !ReleaseMatcher.matchVer(f.version, this.relVer, this.relVerPrefix) &&
                !expressionMatches(this.relVer, f.version)
            )
                return false;
            if (this.relOrigin && !expressionMatches(this.relOrigin, f.origin)) return false;
            if (this.relArchive && !expressionMatches(this.relArchive, f.archive)) return false;
            if (this.relCodename && !expressionMatches(this.relCodename, f.codename)) return false;
            if (
                this.relRelease &&
                !expressionMatches(this.relRelease, f.archive) &&
                !expressionMatches(this.relRelease, f.codename)
            )
                return false;
            if (this.relLabel && !expressionMatches(this.relLabel, f.label)) return false;
            return true;
        }
        return expressionMatches(this.orSite, f.site);
    }

    /** pkgVersionMatch::FileMatch(PkgFileIterator) */
    matches(f: PinnableFile): boolean {
        if (f.hasRelease) {
            if (!this.releaseMatch(f)) return false;
        } else if (this.type === "release") {
            // dpkg's status file: its Component holds the archive name "now"
            if (this.relArchive && !expressionMatches(this.relArchive, f.component)) return false;
            if (this.relRelease && !expressionMatches(this.relRelease, f.component)) return false;
            if (this.relOrigin || this.relLabel || this.relVer || this.relCodename) return false;
        } else {
            return false;
        }
        if (this.type === "release") {
            if (this.matchAll) return true;
            if (this.relComponent && !expressionMatches(this.relComponent, f.component)) return false;
            if (this.relArch && !expressionMatches(this.relArch, f.architecture)) return false;
        }
        return true;
    }
}

/** pkgVersionMatch for a Version pin: "1.2*" is a prefix, else exact (case-insensitive) or a pattern. */
export function versionPinMatches(data: string, version: string): boolean {
    let ver = data;
    let prefix = false;
    if (ver.endsWith("*")) {
        prefix = true;
        ver = ver.slice(0, -1);
    }
    if (
        !((version.length !== ver.length && !prefix) || version.length < ver.length) &&
        version.slice(0, ver.length).toLowerCase() === ver.toLowerCase()
    ) {
        return true;
    }
    return expressionMatches(data, version);
}
