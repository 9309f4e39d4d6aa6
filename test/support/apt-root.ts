// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A minimal APT root for read-side tests: repositories as flat file:
 * directories of Packages/Release files written directly (no .deb needed to
 * test what APT *knows*), a dpkg status file, preferences, and an apt.conf
 * that keeps APT entirely inside the root (APT_CONFIG is read first, then the
 * root's own apt.conf.d, never the host's). `apt-get update` then fills the
 * root's lists exactly as on a real system. Nothing outside the root changes.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type Stanza = Record<string, string>;

export interface FlatRepo {
    name: string;
    origin?: string;
    label?: string;
    suite: string;
    codename?: string;
    /** The Release file's Version (what "Pin: release v=" matches). */
    version?: string;
    notAutomatic?: boolean;
    butAutomaticUpgrades?: boolean;
    packages: Stanza[];
}

export interface AptRootSpec {
    repos: FlatRepo[];
    status?: Stanza[];
    preferences?: string;
    extendedStates?: Stanza[];
    architectures?: string[];
    aptConf?: string[];
}

export interface AptRoot {
    root: string;
    env: NodeJS.ProcessEnv;
    cleanup(): void;
}

export function stanzas(list: readonly Stanza[]): string {
    return list
        .map(
            (s) =>
                Object.entries(s)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join("\n") + "\n"
        )
        .join("\n");
}

export function createAptRoot(spec: AptRootSpec): AptRoot {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-root-"));
    const dirs = [
        "etc/apt/apt.conf.d",
        "etc/apt/preferences.d",
        "etc/apt/sources.list.d",
        "var/lib/apt/lists/partial",
        "var/lib/dpkg",
        "var/cache/apt/archives/partial",
        "var/log/apt",
        "repos",
        "cache",
    ];
    for (const d of dirs) fs.mkdirSync(path.join(root, d), { recursive: true });
    const archs = spec.architectures ?? ["amd64"];
    const conf = [
        `Dir "${root}/";`,
        `Dir::State "${root}/var/lib/apt/";`,
        `Dir::State::status "${root}/var/lib/dpkg/status";`,
        `Dir::Cache "${root}/var/cache/apt/";`,
        `Dir::Etc "${root}/etc/apt/";`,
        `Dir::Log "${root}/var/log/apt/";`,
        `APT::Architecture "${archs[0]}";`,
        `APT::Architectures { ${archs.map((a) => `"${a}";`).join(" ")} };`,
        `Acquire::Languages "none";`,
        `APT::Sandbox::User "root";`,
        ...(spec.aptConf ?? []),
    ];
    const aptConfig = path.join(root, "etc/apt/apt.conf");
    fs.writeFileSync(aptConfig, conf.join("\n") + "\n");
    const sources: string[] = [];
    for (const repo of spec.repos) {
        const dir = path.join(root, "repos", repo.name);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "Packages"), stanzas(repo.packages));
        const release: Stanza = { Suite: repo.suite };
        if (repo.origin !== undefined) release.Origin = repo.origin;
        if (repo.label !== undefined) release.Label = repo.label;
        if (repo.codename !== undefined) release.Codename = repo.codename;
        if (repo.version !== undefined) release.Version = repo.version;
        if (repo.notAutomatic) release.NotAutomatic = "yes";
        if (repo.butAutomaticUpgrades) release.ButAutomaticUpgrades = "yes";
        release.Architectures = archs.join(" ");
        fs.writeFileSync(path.join(dir, "Release"), stanzas([release]));
        sources.push(`deb [trusted=yes] file:${dir} ./`);
    }
    // sources.list is also read from a separate file here so that APT_CONFIG's file stays the only config
    fs.writeFileSync(path.join(root, "etc/apt/sources.list"), sources.join("\n") + "\n");
    fs.writeFileSync(path.join(root, "var/lib/dpkg/status"), stanzas(spec.status ?? []));
    if (spec.extendedStates)
        fs.writeFileSync(path.join(root, "var/lib/apt/extended_states"), stanzas(spec.extendedStates));
    if (spec.preferences) fs.writeFileSync(path.join(root, "etc/apt/preferences.d/test.pref"), spec.preferences);
    const env = { APT_CONFIG: aptConfig, COCKPIT_APT_CACHE_DIR: path.join(root, "cache"), LC_ALL: "C.UTF-8" };
    execFileSync("apt-get", ["update", "-q"], { env: { ...process.env, ...env }, stdio: "pipe" });
    return { root, env, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
