// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT's policy (apt-pkg/policy.cc of APT 2.6): the priority of every package
 * file, the pin of every version, and the candidate version of a package.
 *
 * File priorities: 500; dpkg's status file 100; NotAutomatic 1, with
 * ButAutomaticUpgrades 100; then the "Package: *" pins in order (APT::Default-
 * Release first, at 990), the first pin matching a file fixes its priority.
 * A version's priority: its package pin if one matches it, else the highest
 * priority of the files it is in, where the status file counts -1 for a
 * version that is not the installed one. The candidate: walking the versions
 * from the highest, the first with the highest priority above 0, never a
 * downgrade below the installed version unless the priority is >= 1000.
 * A package pin without ":arch" applies to the native architecture only,
 * except through a pattern that matches "NAME:any" (see pinsFor).
 */
import { NEVER_PIN, ReleaseMatcher, type PinRecord, type PinnableFile, versionPinMatches } from "./preferences.js";
import { expressionMatches, isNamePattern } from "./pattern.js";
import { compareVersions } from "./version.js";

export interface PolicyFile extends PinnableFile {
    isStatus: boolean;
    notAutomatic: boolean;
    butAutomaticUpgrades: boolean;
}

export interface PolicyVersion {
    version: string;
    /** Indexes into the file list, including the status file's. */
    files: number[];
    /** Source package name (for "src:" pins). */
    source: string;
}

export interface PolicyPackage {
    name: string;
    /** The package's architecture as APT stores it: "all" is the native one. */
    arch: string;
    /** Sorted from the highest version down, as APT's VersionList. */
    versions: PolicyVersion[];
    current: PolicyVersion | null;
}

interface PackagePin {
    order: number;
    arch: string | null;
    type: PinRecord["type"];
    data: string;
    priority: number;
    release: ReleaseMatcher | null;
}

export class Policy {
    readonly filePriorities: number[];
    private readonly exactPins = new Map<string, PackagePin[]>();
    private readonly patternPins: Array<PackagePin & { pattern: string; source: boolean }> = [];

    constructor(
        private readonly files: readonly PolicyFile[],
        pins: readonly PinRecord[],
        private readonly nativeArch: string,
        defaultRelease = "",
        /** Names that have a Multi-Arch: allowed version (APT's cache has a group "NAME:any" for each). */
        private readonly anyGroups: ReadonlySet<string> = new Set()
    ) {
        const defaults: Array<{ matcher: ReleaseMatcher; priority: number }> = [];
        if (defaultRelease) defaults.push({ matcher: new ReleaseMatcher("release", defaultRelease), priority: 990 });
        let order = 0;
        for (const pin of pins) {
            if (pin.packages.length === 0) {
                if (pin.type !== "version")
                    defaults.push({ matcher: new ReleaseMatcher(pin.type, pin.data), priority: pin.priority });
                continue;
            }
            for (const spec of pin.packages) {
                let name = spec;
                const source = name.startsWith("src:");
                if (source) name = name.slice(4);
                const colon = name.lastIndexOf(":");
                const arch = colon >= 0 ? name.slice(colon + 1) : null;
                if (colon >= 0) name = name.slice(0, colon);
                const entry: PackagePin = {
                    order: order++,
                    arch,
                    type: pin.type,
                    data: pin.data,
                    priority: pin.priority,
                    release: pin.type === "version" ? null : new ReleaseMatcher(pin.type, pin.data),
                };
                if (isNamePattern(name)) {
                    this.patternPins.push({ ...entry, pattern: name, source });
                } else {
                    const key = source ? `src:${name}` : name;
                    const list = this.exactPins.get(key);
                    if (list) list.push(entry);
                    else this.exactPins.set(key, [entry]);
                }
            }
        }

        this.filePriorities = files.map((f) =>
            f.isStatus ? 100 : f.butAutomaticUpgrades ? 100 : f.notAutomatic ? 1 : 500
        );
        const fixed = files.map(() => false);
        for (const d of defaults) {
            files.forEach((f, i) => {
                if (
                    (!fixed[i] || d.priority === NEVER_PIN) &&
                    this.filePriorities[i] !== NEVER_PIN &&
                    d.matcher.matches(f)
                ) {
                    this.filePriorities[i] = d.priority;
                    fixed[i] = true;
                }
            });
        }
    }

    private archMatches(pin: PackagePin, pkg: PolicyPackage): boolean {
        const want = pin.arch ?? this.nativeArch;
        return want === "any" || want === pkg.arch || expressionMatches(want, pkg.arch);
    }

    /** The package pins that may apply to a version of `pkg`, in the order APT created them. */
    private pinsFor(pkg: PolicyPackage, version: PolicyVersion): PackagePin[] {
        const out: PackagePin[] = [];
        const add = (list: PackagePin[] | undefined) => {
            if (list) for (const p of list) if (this.archMatches(p, pkg)) out.push(p);
        };
        add(this.exactPins.get(pkg.name));
        add(this.exactPins.get(`src:${version.source}`));
        for (const p of this.patternPins) {
            const target = p.source ? version.source : pkg.name;
            if (p.pattern !== target && expressionMatches(p.pattern, target) && this.archMatches(p, pkg)) out.push(p);
            else if (p.arch === null && this.anyGroups.has(target) && expressionMatches(p.pattern, `${target}:any`)) {
                // APT's CreatePin walks the cache's groups for a pattern, and "NAME:any" (the group of a
                // Multi-Arch: allowed package's ":any" provides) is one: its pin becomes "NAME:any", which
                // applies to every architecture. So "python3*" pins python3:arm64 (M-A allowed), not
                // python3-lxml:arm64 (M-A same).
                out.push(p);
            }
        }
        if (out.length > 1) out.sort((a, b) => a.order - b.order);
        return out;
    }

    private pinMatchesVersion(pin: PackagePin, version: PolicyVersion): boolean {
        if (pin.type === "version") return versionPinMatches(pin.data, version.version);
        const matcher = pin.release as ReleaseMatcher;
        return version.files.some((f) => matcher.matches(this.files[f] as PolicyFile));
    }

    /** The pin priority of this version from a package-specific pin, or null. */
    versionPin(pkg: PolicyPackage, version: PolicyVersion): number | null {
        for (const pin of this.pinsFor(pkg, version)) {
            if (this.pinMatchesVersion(pin, version)) return pin.priority;
        }
        return null;
    }

    /** pkgPolicy::GetPriority(Ver, ConsiderFiles = true) */
    versionPriority(pkg: PolicyPackage, version: PolicyVersion): number {
        const pin = this.versionPin(pkg, version);
        if (pin !== null && version.files.some((f) => this.filePriorities[f] !== NEVER_PIN)) return pin;
        let priority: number | null = null;
        for (const f of version.files) {
            const p =
                (this.files[f] as PolicyFile).isStatus && pkg.current !== version
                    ? -1
                    : (this.filePriorities[f] as number);
            if (priority === null || p > priority) priority = p;
        }
        return priority ?? 0;
    }

    /** pkgPolicy::GetCandidateVer */
    candidate(pkg: PolicyPackage): PolicyVersion | null {
        let cand: PolicyVersion | null = null;
        let candPriority = -1;
        const cur = pkg.current;
        for (const ver of pkg.versions) {
            const priority = this.versionPriority(pkg, ver);
            if (priority === 0 || priority <= candPriority) continue;
            if (cur && priority < 1000 && compareVersions(ver.version, cur.version) < 0) continue;
            candPriority = priority;
            cand = ver;
        }
        return cand;
    }
}
