// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A local APT repository in a directory, laid out like a real archive:
 *
 *   <dir>/pool/<component>/<name>_<version>_<arch>.deb
 *   <dir>/dists/<suite>/<component>/binary-<arch>/Packages(.gz)
 *   <dir>/dists/<suite>/Release   (Origin, Label, Suite, Codename, Components,
 *                                  Architectures, NotAutomatic, ButAutomaticUpgrades,
 *                                  SHA256 of every index)
 *
 * With `dep11`, a component also carries an AppStream catalog as Debian's
 * archive does: dists/<suite>/<component>/dep11/Components-<arch>.yml.gz and
 * icons-64x64.tar.gz (made with tar), listed in the Release file so that a
 * sandbox with the DEP-11 index targets enabled (sandbox.ts) downloads them.
 *
 * The Packages files come from dpkg-scanpackages (dpkg-dev, installed by
 * scripts/install-deps.sh), which keeps every control field including `Tag`.
 * Packages of architecture "all" are listed in every binary-<arch> index, as
 * real archives do. `add()` puts more debs into the pool (a newer version for
 * an upgrade test, say) and regenerates the indexes; the sandbox then needs an
 * `apt-get update` to see them, exactly like a real host.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildDeb, type DebSpec } from "./debs.js";

export interface RepoSpec {
    /** Directory name of the repository (under the sandbox's repos/ directory). */
    name: string;
    origin?: string;
    label?: string;
    suite?: string;
    codename?: string;
    /** Default ["main"]. */
    components?: string[];
    /** Default ["amd64"]. */
    architectures?: string[];
    /** The Release file's Changelogs field (where `apt-get changelog` fetches from, "@CHANGEPATH@" template). */
    changelogs?: string;
    notAutomatic?: boolean;
    butAutomaticUpgrades?: boolean;
    /** Packages of the first component. Use `componentPackages` for others. */
    packages: DebSpec[];
    componentPackages?: Record<string, DebSpec[]>;
    /** AppStream catalogs by component: the DEP-11 YAML text and its 64x64 icons (file name -> PNG bytes). */
    dep11?: Record<string, Dep11Spec>;
}

export interface Dep11Spec {
    yaml: string;
    icons?: Record<string, Uint8Array>;
}

export class Repository {
    readonly dir: string;
    readonly spec: RepoSpec;
    readonly suite: string;
    readonly components: string[];
    readonly architectures: string[];

    constructor(parentDir: string, spec: RepoSpec) {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(spec.name))
            throw new Error(`repository name must be a plain directory name: ${spec.name}`);
        this.spec = spec;
        this.dir = path.join(parentDir, spec.name);
        this.suite = spec.suite ?? "stable";
        this.components = spec.components ?? ["main"];
        this.architectures = spec.architectures ?? ["amd64"];
        fs.mkdirSync(this.dir, { recursive: true });
        const first = this.components[0] as string;
        this.add(spec.packages, first, false);
        for (const [component, debs] of Object.entries(spec.componentPackages ?? {})) this.add(debs, component, false);
        this.regenerate();
    }

    /** The sources.list line for this repository. */
    get sourcesLine(): string {
        // A repository with an AppStream catalog turns the (default off) DEP-11 targets on for itself.
        const targets = this.spec.dep11 ? " target+=DEP-11,DEP-11-icons" : "";
        return `deb [trusted=yes${targets}] file:${this.dir} ${this.suite} ${this.components.join(" ")}`;
    }

    /** Builds debs into the pool of a component and (by default) regenerates the indexes. */
    add(debs: readonly DebSpec[], component: string = this.components[0] as string, regenerate = true): string[] {
        if (!this.components.includes(component))
            throw new Error(`repository ${this.spec.name} has no component ${component}`);
        const pool = path.join(this.dir, "pool", component);
        const files = debs.map((d) => buildDeb(d, pool));
        if (regenerate) this.regenerate();
        return files;
    }

    /** Removes a .deb from the pool (for "the archive dropped this version" tests). */
    removeFile(fileName: string, component: string = this.components[0] as string): void {
        fs.rmSync(path.join(this.dir, "pool", component, fileName));
        this.regenerate();
    }

    /** The DEP-11 files of one component and architecture, plain and gzipped (APT looks them up by the plain name); their paths relative to the suite. */
    private writeDep11(component: string, arch: string, spec: Dep11Spec): string[] {
        const suiteDir = path.join(this.dir, "dists", this.suite);
        const dir = path.join(suiteDir, component, "dep11");
        fs.mkdirSync(dir, { recursive: true });
        const yml = path.join(component, "dep11", `Components-${arch}.yml`);
        fs.writeFileSync(path.join(suiteDir, yml), spec.yaml);
        fs.writeFileSync(path.join(suiteDir, yml + ".gz"), zlib.gzipSync(spec.yaml));
        const out = [yml, yml + ".gz"];
        const icons = Object.entries(spec.icons ?? {});
        if (icons.length > 0) {
            const stage = fs.mkdtempSync(path.join(dir, ".icons-"));
            for (const [name, bytes] of icons) fs.writeFileSync(path.join(stage, path.basename(name)), bytes);
            const tar = path.join(component, "dep11", "icons-64x64.tar");
            execFileSync("tar", [
                "-C",
                stage,
                "--owner=0",
                "--group=0",
                "-cf",
                path.join(suiteDir, tar),
                "--",
                ...icons.map(([n]) => path.basename(n)),
            ]);
            fs.writeFileSync(
                path.join(suiteDir, tar + ".gz"),
                zlib.gzipSync(fs.readFileSync(path.join(suiteDir, tar)))
            );
            fs.rmSync(stage, { recursive: true, force: true });
            out.push(tar, tar + ".gz");
        }
        return out;
    }

    /** Writes every Packages index and the Release file from what is in the pool. */
    regenerate(): void {
        const indexes: string[] = [];
        for (const component of this.components) {
            const pool = path.join("pool", component);
            fs.mkdirSync(path.join(this.dir, pool), { recursive: true });
            for (const arch of this.architectures) {
                const rel = path.join(component, `binary-${arch}`, "Packages");
                const out = path.join(this.dir, "dists", this.suite, rel);
                fs.mkdirSync(path.dirname(out), { recursive: true });
                // Run from the repository root so Filename: fields are relative to it, as APT expects.
                // --multiversion keeps every version in the pool (old and new side by side).
                const text = execFileSync("dpkg-scanpackages", ["--multiversion", "--arch", arch, pool, "/dev/null"], {
                    cwd: this.dir,
                    encoding: "utf8",
                    stdio: ["ignore", "pipe", "pipe"],
                });
                fs.writeFileSync(out, text);
                // APT symlinks an uncompressed file: index into its lists (so a change would show
                // before `apt-get update`); a compressed one it unpacks into a copy, as from a real
                // mirror, and it prefers .gz over the plain file. Like Debian's Release files, both
                // are listed (APT looks a target up by its uncompressed name).
                fs.writeFileSync(out + ".gz", zlib.gzipSync(text, { level: 9 }));
                indexes.push(rel, rel + ".gz");
                const dep11 = this.spec.dep11?.[component];
                if (dep11) indexes.push(...this.writeDep11(component, arch, dep11));
            }
        }
        const s = this.spec;
        const release: Array<[string, string | undefined]> = [
            ["Origin", s.origin],
            ["Label", s.label],
            ["Suite", this.suite],
            ["Codename", s.codename ?? this.suite],
            ["Date", new Date().toUTCString()],
            ["NotAutomatic", s.notAutomatic ? "yes" : undefined],
            ["ButAutomaticUpgrades", s.butAutomaticUpgrades ? "yes" : undefined],
            ["Changelogs", s.changelogs],
            ["Architectures", this.architectures.join(" ")],
            ["Components", this.components.join(" ")],
        ];
        const lines = release.filter((f): f is [string, string] => f[1] !== undefined).map(([k, v]) => `${k}: ${v}`);
        // Even with [trusted=yes] APT only accepts indexes the Release file lists with a hash.
        lines.push("SHA256:");
        for (const rel of indexes) {
            const data = fs.readFileSync(path.join(this.dir, "dists", this.suite, rel));
            lines.push(
                ` ${crypto.createHash("sha256").update(data).digest("hex")} ${String(data.length).padStart(16)} ${rel}`
            );
        }
        fs.writeFileSync(path.join(this.dir, "dists", this.suite, "Release"), lines.join("\n") + "\n");
    }
}
