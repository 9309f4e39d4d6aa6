// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Package insight through the built bridge against a sandbox root with real
 * .debs installed by real apt-get/dpkg: `packages dependencies` (alternatives,
 * virtual packages with and without versioned Provides, missing targets,
 * constraints), `packages rdepends` (a dependency chain, "a | b" groups,
 * through Provides), `packages files` (dpkg's .list, Multi-Arch: same
 * name:arch.list), `packages changelog` (changelog.Debian.gz / changelog.gz
 * under the sandbox root, the size cap) and the removal preview listing the
 * installed packages that go with a library.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    ChangelogResponse,
    DependenciesResponse,
    ErrorResponse,
    FilesResponse,
    OperationPreviewResponse,
    ResolvedDependencyAlternative,
    ReverseDependenciesResponse,
    ReverseDependency,
} from "../../src/protocol/index.js";
import type { DebSpec } from "../support/debs.js";
import { createSandbox, hostDpkgFingerprint, type Sandbox } from "../support/sandbox.js";

const CHANGELOG = [
    "libchain-c (1.0) unstable; urgency=medium",
    "",
    "  * Ünïcode entry: first release.",
    "",
    " -- Jane Doe <jane@example.org>  Mon, 01 Jan 2024 00:00:00 +0000",
    "",
].join("\n");

// A changelog of about 1.5 MB of text: more than the bridge returns (1 MiB).
const BIG_CHANGELOG =
    Array.from(
        { length: 30_000 },
        (_, i) => `big-changelog (${30_000 - i}) unstable; urgency=low entry number ${i}`
    ).join("\n") + "\n";

const gz = (text: string) => zlib.gzipSync(Buffer.from(text, "utf8"));

const packages: DebSpec[] = [
    // A dependency chain: chain-a -> libchain-b -> libchain-c.
    {
        name: "libchain-c",
        version: "1.0",
        files: [
            { path: "/usr/lib/libchain-c.so.1", content: "elf\n" },
            { path: "/usr/share/doc/libchain-c/changelog.Debian.gz", content: gz(CHANGELOG) },
        ],
    },
    {
        name: "libchain-b",
        version: "1.0",
        depends: "libchain-c (>= 1.0)",
        files: [{ path: "/usr/lib/libchain-b.so.1", content: "elf\n" }],
    },
    {
        name: "chain-a",
        version: "1.0",
        depends: "libchain-b",
        files: [{ path: "/usr/bin/chain-a", content: "#!/bin/sh\n", mode: 0o755 }],
    },
    // Virtual package mail-transport-agent: one plain provider, one with a versioned Provides.
    { name: "mta-one", version: "1.0", provides: "mail-transport-agent" },
    { name: "mta-two", version: "1.0", provides: "mail-transport-agent (= 2.0)" },
    {
        name: "mailer",
        version: "1.0",
        depends: "default-mta | mail-transport-agent",
        recommends: "chain-a",
        suggests: "nothing-here",
        conflicts: "oldmailer (<< 1.0)",
        breaks: "mailer-plugin (<< 2.0)",
        enhances: "chain-a",
    },
    { name: "mailer-plugin", version: "1.5", depends: "mailer (>= 1.0)" },
    { name: "versioned-user", version: "1.0", depends: "mail-transport-agent (>= 2.0)" },
    // An alternative group.
    { name: "libalt-one", version: "1.0" },
    { name: "libalt-two", version: "1.0" },
    { name: "alt-user", version: "1.0", depends: "libalt-one | libalt-two" },
    // Multi-Arch: same: dpkg keeps its list as libmulti:amd64.list.
    {
        name: "libmulti",
        version: "1.0",
        architecture: "amd64",
        multiArch: "same",
        files: [{ path: "/usr/lib/x86_64-linux-gnu/libmulti.so.1", content: "elf\n" }],
    },
    // A native package: changelog.gz, not changelog.Debian.gz.
    {
        name: "native-tool",
        version: "3",
        files: [
            {
                path: "/usr/share/doc/native-tool/changelog.gz",
                content: gz("native-tool (3) unstable; urgency=low\n\n  * Native.\n"),
            },
        ],
    },
    {
        name: "big-changelog",
        version: "1.0",
        files: [{ path: "/usr/share/doc/big-changelog/changelog.Debian.gz", content: gz(BIG_CHANGELOG) }],
    },
];

const hostBefore = hostDpkgFingerprint();
let sb: Sandbox;

beforeAll(async () => {
    sb = await createSandbox({
        repos: [{ name: "main", origin: "Test", label: "Test", suite: "stable", codename: "test", packages }],
    });
    const r = await sb.aptGet([
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
        "chain-a",
        "mta-one",
        "mailer",
        "libalt-two",
        "alt-user",
        "libmulti",
        "native-tool",
        "big-changelog",
    ]);
    if (r.status !== 0) throw new Error(`apt-get install in the sandbox failed: ${r.stdout}\n${r.stderr}`);
});
afterAll(() => sb?.cleanup());

async function ok<T>(...args: string[]): Promise<T> {
    const r = await sb.bridge(args);
    expect(r.status, `${args.join(" ")}: ${r.stdout} ${r.stderr}`).toBe(0);
    return r.json as T;
}

async function fails(code: string, ...args: string[]): Promise<ErrorResponse> {
    const r = await sb.bridge(args);
    expect(r.status, r.stdout).not.toBe(0);
    const body = r.json as ErrorResponse;
    expect(body.error.code).toBe(code);
    return body;
}

const brief = (a: ResolvedDependencyAlternative) => ({
    name: a.name,
    state: a.state,
    providers: a.providers,
    installedProviders: a.installedProviders,
    satisfied: a.satisfied,
});
const byName = (list: ReverseDependency[], name: string) => list.filter((r) => r.name === name);

describe("packages dependencies", () => {
    it("keeps alternative groups and marks each target installed, available, virtual or missing", async () => {
        const d = await ok<DependenciesResponse>("packages", "dependencies", "mailer");
        expect(d.package).toBe("mailer");
        expect(d.version).toBe("1.0");
        expect(d.relations.depends.map((g) => g.map(brief))).toEqual([
            [
                { name: "default-mta", state: "missing", providers: [], installedProviders: [], satisfied: false },
                {
                    name: "mail-transport-agent",
                    state: "virtual",
                    providers: ["mta-one", "mta-two"],
                    installedProviders: ["mta-one"],
                    satisfied: true,
                },
            ],
        ]);
        expect(d.relations.recommends.map((g) => g.map(brief))).toEqual([
            [{ name: "chain-a", state: "installed", providers: [], installedProviders: [], satisfied: true }],
        ]);
        expect(d.relations.suggests.map((g) => g.map((a) => [a.name, a.state]))).toEqual([
            [["nothing-here", "missing"]],
        ]);
        expect(d.relations.enhances.map((g) => g.map((a) => [a.name, a.state]))).toEqual([[["chain-a", "installed"]]]);
        // Version constraints are kept; Breaks on a package that is not installed is not in effect.
        expect(d.relations.conflicts).toEqual([
            [
                expect.objectContaining({
                    name: "oldmailer",
                    relation: "<<",
                    version: "1.0",
                    state: "missing",
                    satisfied: false,
                }),
            ],
        ]);
        expect(d.relations.breaks).toEqual([
            [
                expect.objectContaining({
                    name: "mailer-plugin",
                    relation: "<<",
                    version: "2.0",
                    state: "available",
                    installedVersion: null,
                    candidateVersion: "1.5",
                    satisfied: false,
                }),
            ],
        ]);
        expect(d.relations.preDepends).toEqual([]);
        expect(d.relations.provides).toEqual([]);
    });

    it("gives installed and candidate versions and checks constraints against the installed one", async () => {
        const d = await ok<DependenciesResponse>("packages", "dependencies", "libchain-b");
        expect(d.relations.depends).toEqual([
            [
                expect.objectContaining({
                    name: "libchain-c",
                    relation: ">=",
                    version: "1.0",
                    state: "installed",
                    installedVersion: "1.0",
                    candidateVersion: "1.0",
                    satisfied: true,
                }),
            ],
        ]);
    });

    it("counts only a matching versioned Provides for a versioned relation on a virtual package", async () => {
        const d = await ok<DependenciesResponse>("packages", "dependencies", "versioned-user");
        expect(d.relations.depends.map((g) => g.map(brief))).toEqual([
            [
                {
                    name: "mail-transport-agent",
                    state: "virtual",
                    providers: ["mta-two"],
                    installedProviders: [],
                    satisfied: false,
                },
            ],
        ]);
    });

    it("lists what a package provides", async () => {
        const d = await ok<DependenciesResponse>("packages", "dependencies", "mta-two");
        expect(d.relations.provides).toEqual([
            [
                expect.objectContaining({
                    name: "mail-transport-agent",
                    relation: "=",
                    version: "2.0",
                    state: "virtual",
                }),
            ],
        ]);
    });
});

describe("packages rdepends", () => {
    it("follows the dependency chain backwards, with installed state and constraints", async () => {
        const c = await ok<ReverseDependenciesResponse>("packages", "rdepends", "libchain-c");
        expect(c.reverseDependencies).toEqual([
            {
                name: "libchain-b",
                relation: "depends",
                installed: true,
                via: null,
                constraint: ">= 1.0",
                alternatives: [],
            },
        ]);
        const b = await ok<ReverseDependenciesResponse>("packages", "rdepends", "libchain-b");
        expect(b.reverseDependencies.map((r) => [r.name, r.relation, r.installed])).toEqual([
            ["chain-a", "depends", true],
        ]);
    });

    it("lists every relation kind, installed and available packages alike", async () => {
        const a = await ok<ReverseDependenciesResponse>("packages", "rdepends", "chain-a");
        expect(a.reverseDependencies.map((r) => [r.name, r.relation, r.installed])).toEqual([
            ["mailer", "recommends", true],
            ["mailer", "enhances", true],
        ]);
        const m = await ok<ReverseDependenciesResponse>("packages", "rdepends", "mailer");
        expect(m.reverseDependencies).toEqual([
            {
                name: "mailer-plugin",
                relation: "depends",
                installed: false,
                via: null,
                constraint: ">= 1.0",
                alternatives: [],
            },
        ]);
        const p = await ok<ReverseDependenciesResponse>("packages", "rdepends", "mailer-plugin");
        expect(p.reverseDependencies).toEqual([
            { name: "mailer", relation: "breaks", installed: true, via: null, constraint: "<< 2.0", alternatives: [] },
        ]);
    });

    it("names the other alternatives of an 'a | b' group", async () => {
        const r = await ok<ReverseDependenciesResponse>("packages", "rdepends", "libalt-two");
        expect(r.reverseDependencies).toEqual([
            {
                name: "alt-user",
                relation: "depends",
                installed: true,
                via: null,
                constraint: null,
                alternatives: ["libalt-one"],
            },
        ]);
    });

    it("finds dependents through a virtual package the package provides (via), respecting versioned Provides", async () => {
        const one = await ok<ReverseDependenciesResponse>("packages", "rdepends", "mta-one");
        // versioned-user needs mail-transport-agent (>= 2.0): mta-one's plain Provides does not satisfy it.
        expect(one.reverseDependencies).toEqual([
            {
                name: "mailer",
                relation: "depends",
                installed: true,
                via: "mail-transport-agent",
                constraint: null,
                alternatives: ["default-mta"],
            },
        ]);
        const two = await ok<ReverseDependenciesResponse>("packages", "rdepends", "mta-two");
        expect(byName(two.reverseDependencies, "versioned-user")).toEqual([
            {
                name: "versioned-user",
                relation: "depends",
                installed: false,
                via: "mail-transport-agent",
                constraint: ">= 2.0",
                alternatives: [],
            },
        ]);
        expect(byName(two.reverseDependencies, "mailer")).toHaveLength(1);
        // A package with no dependents: an empty list, not an error.
        expect(
            (await ok<ReverseDependenciesResponse>("packages", "rdepends", "big-changelog")).reverseDependencies
        ).toEqual([]);
    });

    it("follows the index cache when what is installed changes", async () => {
        const before = await ok<DependenciesResponse>("packages", "dependencies", "alt-user");
        expect(before.relations.depends[0]?.map((a) => [a.name, a.state])).toEqual([
            ["libalt-one", "available"],
            ["libalt-two", "installed"],
        ]);
        const r = await sb.aptGet(["install", "-y", "-q", "libalt-one"]);
        expect(r.status, r.stderr).toBe(0);
        const after = await ok<DependenciesResponse>("packages", "dependencies", "alt-user");
        expect(after.relations.depends[0]?.map((a) => [a.name, a.state])).toEqual([
            ["libalt-one", "installed"],
            ["libalt-two", "installed"],
        ]);
        const rd = await ok<ReverseDependenciesResponse>("packages", "rdepends", "libalt-one");
        expect(rd.reverseDependencies.map((d) => [d.name, d.installed, d.alternatives])).toEqual([
            ["alt-user", true, ["libalt-two"]],
        ]);
    });

    it("makes the reverse relation index once per index build, when first asked, and patches it after dpkg ran", async () => {
        const cache = sb.env.COCKPIT_APT_CACHE_DIR as string;
        const relationsFile = () => {
            const name = fs.readdirSync(cache).find((n) => n.endsWith(".relations"));
            return name ? fs.statSync(path.join(cache, name)).ino : null;
        };
        // versioned-user needs mail-transport-agent (>= 2.0), which only mta-two provides
        const versionedUser = async () =>
            byName(
                (await ok<ReverseDependenciesResponse>("packages", "rdepends", "mta-two")).reverseDependencies,
                "versioned-user"
            );
        expect(await versionedUser()).toEqual([
            {
                name: "versioned-user",
                relation: "depends",
                installed: false,
                via: "mail-transport-agent",
                constraint: ">= 2.0",
                alternatives: [],
            },
        ]);
        const first = relationsFile();
        expect(first).not.toBeNull();
        await versionedUser();
        expect(relationsFile()).toBe(first); // the same index, not made again
        // dpkg ran: the index is patched, and the relation index with it, since no package came or
        // went (relation-patch.ts)...
        const r = await sb.aptGet(["install", "-y", "-q", "--no-install-recommends", "versioned-user"]);
        expect(r.status, r.stderr).toBe(0);
        const list = await sb.bridge(["packages", "filter", "--tab", "installed"], { env: { COCKPIT_APT_TRACE: "1" } });
        expect(list.stderr).toContain("relation index patched");
        const patched = relationsFile();
        expect(patched).not.toBe(first);
        // ...so the first question that needs it does not make it again: versioned-user is installed now
        const asked = await sb.bridge(["packages", "rdepends", "mta-two"], { env: { COCKPIT_APT_TRACE: "1" } });
        expect(asked.stderr).not.toContain("relation index made");
        expect((await versionedUser()).map((d) => d.installed)).toEqual([true]);
        expect(relationsFile()).toBe(patched);
        // as it was, for the tests after this one
        const back = await sb.aptGet(["purge", "-y", "-q", "versioned-user", "mta-two"]);
        expect(back.status, back.stderr).toBe(0);
        expect((await versionedUser()).map((d) => d.installed)).toEqual([false]);
    });
});

describe("packages files", () => {
    it("lists what dpkg installed, as dpkg -L does (without '/.')", async () => {
        const f = await ok<FilesResponse>("packages", "files", "libchain-c");
        expect(f.files).toContain("/usr/lib/libchain-c.so.1");
        expect(f.files).toContain("/usr/share/doc/libchain-c/changelog.Debian.gz");
        expect(f.files).not.toContain("/.");
        const dpkgL = (await sb.dpkgQuery(["-L", "libchain-c"])).stdout
            .split("\n")
            .filter((l) => l !== "" && l !== "/.");
        expect(f.files).toEqual(dpkgL);
        expect(f.truncated).toBe(false);
        expect(f.listed).toBe(true);
    });

    it("says the files are unknown (not 'none') when dpkg has no list for the installed package", async () => {
        const list = path.join(sb.root, "var/lib/dpkg/info/libchain-c.list");
        const saved = path.join(sb.root, "libchain-c.list.saved");
        fs.renameSync(list, saved);
        try {
            const f = await ok<FilesResponse>("packages", "files", "libchain-c");
            expect(f).toEqual({ package: "libchain-c", files: [], truncated: false, listed: false });
        } finally {
            fs.renameSync(saved, list);
        }
    });

    it("reads name:arch.list for a Multi-Arch: same package", async () => {
        expect(fs.existsSync(path.join(sb.root, "var/lib/dpkg/info/libmulti:amd64.list"))).toBe(true);
        expect(fs.existsSync(path.join(sb.root, "var/lib/dpkg/info/libmulti.list"))).toBe(false);
        const f = await ok<FilesResponse>("packages", "files", "libmulti");
        expect(f.files).toContain("/usr/lib/x86_64-linux-gnu/libmulti.so.1");
        expect((await ok<FilesResponse>("packages", "files", "libmulti:amd64")).files).toEqual(f.files);
    });

    it("says PACKAGE_NOT_INSTALLED for an available package and PACKAGE_NOT_FOUND for an unknown one", async () => {
        const e = await fails("PACKAGE_NOT_INSTALLED", "packages", "files", "versioned-user");
        expect(e.error.details).toEqual({ name: "versioned-user" });
        await fails("PACKAGE_NOT_FOUND", "packages", "files", "no-such-package");
    });
});

describe("packages changelog", () => {
    it("reads changelog.Debian.gz from the sandbox root, not the host", async () => {
        const c = await ok<ChangelogResponse>("packages", "changelog", "libchain-c");
        expect(c).toEqual({
            package: "libchain-c",
            available: true,
            text: CHANGELOG,
            reason: null,
            file: "/usr/share/doc/libchain-c/changelog.Debian.gz",
            truncated: false,
        });
        expect(fs.existsSync("/usr/share/doc/libchain-c")).toBe(false);
    });

    it("falls back to changelog.gz (native packages)", async () => {
        const c = await ok<ChangelogResponse>("packages", "changelog", "native-tool");
        expect(c.file).toBe("/usr/share/doc/native-tool/changelog.gz");
        expect(c.text).toContain("  * Native.");
    });

    it("is clearly unavailable when absent or not installed", async () => {
        expect(await ok<ChangelogResponse>("packages", "changelog", "libchain-b")).toEqual({
            package: "libchain-b",
            available: false,
            text: null,
            reason: "absent",
            file: null,
            truncated: false,
        });
        expect(await ok<ChangelogResponse>("packages", "changelog", "versioned-user")).toEqual({
            package: "versioned-user",
            available: false,
            text: null,
            reason: "not-installed",
            file: null,
            truncated: false,
        });
        await fails("PACKAGE_NOT_FOUND", "packages", "changelog", "no-such-package");
    });

    it("caps a long changelog at 1 MiB of whole lines, newest entries first", async () => {
        const c = await ok<ChangelogResponse>("packages", "changelog", "big-changelog");
        expect(c.truncated).toBe(true);
        const text = c.text as string;
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024 * 1024);
        expect(Buffer.byteLength(text)).toBeGreaterThan(1024 * 1024 - 200);
        expect(BIG_CHANGELOG.startsWith(text)).toBe(true);
        expect(text.endsWith("\n")).toBe(true);
    });
});

describe("removal preview", () => {
    it("shows the installed packages that would go with a library (its reverse dependencies, transitively)", async () => {
        const r = await ok<OperationPreviewResponse>("operations", "preview", "remove", "--", "libchain-c");
        const removed = r.preview.remove.map((p) => p.name).sort();
        expect(removed).toEqual(["chain-a", "libchain-b", "libchain-c"]);
        // The same set rdepends gives, followed transitively over installed Depends.
        const seen = new Set(["libchain-c"]);
        for (let todo = ["libchain-c"]; todo.length;) {
            const next: string[] = [];
            for (const name of todo) {
                const rd = await ok<ReverseDependenciesResponse>("packages", "rdepends", name);
                for (const d of rd.reverseDependencies) {
                    if (!d.installed || (d.relation !== "depends" && d.relation !== "preDepends") || seen.has(d.name))
                        continue;
                    next.push(d.name);
                    seen.add(d.name);
                }
            }
            todo = next;
        }
        expect([...seen].sort()).toEqual(removed);
    });
});

describe("arguments", () => {
    it("rejects bad names and missing names", async () => {
        for (const cmd of ["dependencies", "rdepends", "files", "changelog"]) {
            await fails("INVALID_ARGUMENT", "packages", cmd, "Bad_Name");
            await fails("USAGE", "packages", cmd);
            await fails("USAGE", "packages", cmd, "a1", "b2");
            await fails("PACKAGE_NOT_FOUND", "packages", cmd, "no-such-package");
        }
        // A name starting with "-" is an option, never a package.
        await fails("USAGE", "packages", "rdepends", "-rf");
    });

    it("left the host's dpkg database alone", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
