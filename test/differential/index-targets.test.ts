// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index targets the bridge gets cheaply (apt/index-targets.ts: apt-get
 * with no lists to parse, the release data read from the InRelease/Release
 * files) against what the full `apt-get indextargets` prints from APT's
 * cache, field by field, in order, every kind of target; the NotAutomatic /
 * ButAutomaticUpgrades flags against the priorities `apt-cache policy` gives
 * each Packages file when no preferences apply (1 and 100, else 500). On
 * sandbox roots of every shape (flat repositories with and without a Release
 * file, dists/ repositories with several components and architectures,
 * NotAutomatic, ButAutomaticUpgrades, DEP-11 targets, a clear-signed and
 * dash-escaped InRelease, lists kept compressed) and, read only, on this
 * machine's index. (The Pi-like index of `npm run bench -- --index pi` was
 * compared by hand when this was written: a test that runs only where that
 * download happens to exist would be skipped everywhere else.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AptConfig } from "../../src/bridge/apt/config.js";
import { forEachStanza } from "../../src/bridge/apt/deb822.js";
import { loadAllIndexTargets, type IndexTarget } from "../../src/bridge/apt/index-targets.js";
import type { PackageDetailsResponse } from "../../src/protocol/index.js";
import { createAptRoot, type AptRoot } from "../support/apt-root.js";
import { runBridge } from "../support/bridge.js";
import { png } from "../support/png.js";
import { createSandbox, type Sandbox } from "../support/sandbox.js";

/** Runs `fn` with APT_CONFIG set to `aptConfig` (undefined: the host's own configuration). */
function withAptConfig<T>(aptConfig: string | undefined, fn: () => T): T {
    const saved = process.env.APT_CONFIG;
    if (aptConfig === undefined) delete process.env.APT_CONFIG;
    else process.env.APT_CONFIG = aptConfig;
    try {
        return fn();
    } finally {
        if (saved === undefined) delete process.env.APT_CONFIG;
        else process.env.APT_CONFIG = saved;
    }
}

function aptEnv(aptConfig: string | undefined): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C.UTF-8", LANGUAGE: "" };
    if (aptConfig === undefined) delete env.APT_CONFIG;
    else env.APT_CONFIG = aptConfig;
    return env;
}

interface Expected {
    target: Omit<IndexTarget, "releaseFile" | "notAutomatic" | "butAutomaticUpgrades">;
    description: string;
}

/** What the full `apt-get indextargets` says (APT's cache built from every list): the bridge's fields. */
function fullAptTargets(aptConfig: string | undefined): Expected[] {
    const out = execFileSync("apt-get", ["indextargets"], {
        env: aptEnv(aptConfig),
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    const expected: Expected[] = [];
    forEachStanza(out, (s) => {
        const f = (k: string) => s.get(k) ?? "";
        const host = /^[a-z0-9+.-]+:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(f("repo-uri"))?.[1] ?? "";
        expected.push({
            target: {
                createdBy: f("created-by"),
                filename: f("filename"),
                origin: f("origin"),
                label: f("label"),
                suite: f("suite"),
                codename: f("codename"),
                version: f("version"),
                component: f("component"),
                architecture: f("architecture"),
                language: f("language"),
                site: host,
                baseUri: f("base-uri"),
            },
            description: f("description"),
        });
    });
    return expected;
}

/** Each Packages file's priority by its description, from `apt-cache policy` with no preferences and no default release. */
function defaultPriorities(aptConfig: string | undefined): Map<string, number> {
    const noPrefs = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-noprefs-"));
    try {
        const out = execFileSync(
            "apt-cache",
            [
                "policy",
                "-o",
                "Dir::Etc::preferences=/dev/null",
                "-o",
                `Dir::Etc::preferencesparts=${noPrefs}/`,
                "-o",
                "APT::Default-Release=",
            ],
            { env: aptEnv(aptConfig), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }
        );
        const byDescription = new Map<string, number>();
        for (const line of out.split("\n")) {
            const m = /^ *(-?\d+) (.+ Packages)$/.exec(line);
            if (m) byDescription.set(m[2] as string, Number(m[1]));
        }
        return byDescription;
    } finally {
        fs.rmSync(noPrefs, { recursive: true, force: true });
    }
}

/** The bridge's targets against APT's; returns them for further checks. */
function expectEqualToApt(aptConfig: string | undefined): IndexTarget[] {
    const listsDir = withAptConfig(aptConfig, () => AptConfig.load()).findDir("Dir::State::lists");
    const actual = withAptConfig(aptConfig, () => loadAllIndexTargets(listsDir));
    const expected = fullAptTargets(aptConfig);
    // The listing with APT's real lists (used when snapshots may be on) finds the same.
    expect(withAptConfig(aptConfig, () => loadAllIndexTargets(listsDir, true))).toEqual(actual);
    // Field by field, in APT's order, every kind of target.
    expect(actual.map(({ releaseFile: _r, notAutomatic: _n, butAutomaticUpgrades: _b, ...fields }) => fields)).toEqual(
        expected.map((e) => e.target)
    );
    const priorities = defaultPriorities(aptConfig);
    let checked = 0;
    actual.forEach((t, i) => {
        if (t.createdBy !== "Packages") return;
        const priority = priorities.get((expected[i] as Expected).description);
        expect(priority, `apt-cache policy names ${t.filename}`).toBeDefined();
        // pkgPolicy::pkgPolicy: ButAutomaticUpgrades 100 (alone too), else NotAutomatic 1, else 500.
        const expectedPriority = t.butAutomaticUpgrades ? 100 : t.notAutomatic ? 1 : 500;
        expect({ file: t.filename, priority: expectedPriority }).toEqual({ file: t.filename, priority });
        checked++;
        // The release file: the one APT reads (InRelease before Release), or none when the lists have neither.
        if (t.releaseFile !== null) expect(t.releaseFile).toMatch(/_(In)?Release$/);
    });
    expect(checked).toBe(actual.filter((t) => t.createdBy === "Packages").length);
    return actual;
}

const PKG = (name: string, arch = "amd64") => ({
    Package: name,
    Version: "1.0",
    Architecture: arch,
    Maintainer: "M <m@example.org>",
    Description: `${name} package`,
    Section: "misc",
});

describe("index targets without APT's cache agree with `apt-get indextargets`", () => {
    let flat: AptRoot | undefined;
    let dists: Sandbox | undefined;
    let gnupg: string | undefined;

    beforeAll(async () => {
        flat = createAptRoot({
            architectures: ["amd64", "arm64"],
            repos: [
                {
                    name: "plain",
                    origin: "Plain Org",
                    label: "Plain",
                    suite: "stable",
                    codename: "calm",
                    version: "12.4",
                    packages: [PKG("alpha"), PKG("alpha", "arm64")],
                },
                {
                    name: "experimental",
                    origin: "Exp",
                    suite: "experimental",
                    notAutomatic: true,
                    packages: [PKG("b")],
                },
                {
                    name: "backports",
                    origin: "Bp",
                    label: "Backports",
                    suite: "stable-backports",
                    notAutomatic: true,
                    butAutomaticUpgrades: true,
                    packages: [PKG("c")],
                },
                // ButAutomaticUpgrades without NotAutomatic: APT's policy still gives 100
                {
                    name: "odd",
                    suite: "odd",
                    butAutomaticUpgrades: true,
                    packages: [PKG("d"), { ...PKG("alpha"), Version: "2.0" }],
                },
                { name: "norelease", origin: "Gone", suite: "gone", packages: [PKG("e")] },
            ],
        });
        // A flat repository whose Release file is gone from the lists: APT knows no release data for it.
        const lists = path.join(flat.root, "var/lib/apt/lists");
        for (const n of fs.readdirSync(lists))
            if (n.includes("norelease") && n.endsWith("Release")) fs.rmSync(path.join(lists, n));

        dists = await createSandbox({
            architectures: ["amd64", "arm64", "armhf"],
            // Lists kept compressed, as Debian's container images do: the file name gains .lz4/.gz.
            aptConf: [
                'Acquire::GzipIndexes "true";',
                "#clear Acquire::Languages;",
                'Acquire::Languages { "en"; "de"; };',
            ],
            repos: [
                {
                    name: "multi",
                    origin: "Multi",
                    label: "Multi Label",
                    suite: "trixie",
                    codename: "trixie",
                    components: ["main", "contrib", "non-free"],
                    architectures: ["amd64", "arm64", "armhf"],
                    packages: [{ name: "multi-a", version: "1.0" }],
                    componentPackages: { contrib: [{ name: "multi-b", version: "1.0" }] },
                    dep11: {
                        main: {
                            yaml: "---\nFile: DEP-11\nOrigin: multi\n---\nType: desktop-application\nID: a\nPackage: multi-a\nName: {C: A}\n",
                            icons: { "multi-a_a.png": png(2, 2, [0, 0, 0]) },
                        },
                    },
                },
                {
                    name: "bpo",
                    origin: "Multi",
                    label: "Multi Backports",
                    suite: "trixie-backports",
                    notAutomatic: true,
                    butAutomaticUpgrades: true,
                    packages: [{ name: "bpo-a", version: "2.0" }],
                },
                {
                    name: "exp",
                    origin: "Multi",
                    suite: "experimental",
                    notAutomatic: true,
                    architectures: ["amd64"],
                    packages: [{ name: "exp-a", version: "3.0" }],
                },
            ],
        });
    }, 300_000);

    afterAll(() => {
        flat?.cleanup();
        dists?.cleanup();
        if (gnupg) fs.rmSync(gnupg, { recursive: true, force: true });
    });

    it("flat repositories: with a Release file, NotAutomatic, ButAutomaticUpgrades, and without one", () => {
        const env = (flat as AptRoot).env;
        const targets = expectEqualToApt(env.APT_CONFIG);
        const byRepo = (n: string) => targets.filter((t) => t.filename.includes(`_${n}_`));
        expect(byRepo("plain")[0]).toMatchObject({ origin: "Plain Org", version: "12.4", notAutomatic: false });
        expect(byRepo("experimental")[0]).toMatchObject({ notAutomatic: true, butAutomaticUpgrades: false });
        expect(byRepo("backports")[0]).toMatchObject({ notAutomatic: true, butAutomaticUpgrades: true });
        expect(byRepo("odd")[0]).toMatchObject({ notAutomatic: false, butAutomaticUpgrades: true });
        expect(byRepo("norelease")[0]).toMatchObject({ releaseFile: null, origin: "", suite: "" });
    });

    it("the bridge's candidate follows: a newer version at 100 (ButAutomaticUpgrades alone) loses to one at 500", async () => {
        const env = (flat as AptRoot).env;
        const policy = execFileSync("apt-cache", ["policy", "alpha"], {
            env: aptEnv(env.APT_CONFIG),
            encoding: "utf8",
        });
        const aptCandidate = /Candidate: (\S+)/.exec(policy)?.[1];
        expect(aptCandidate).toBe("1.0");
        const r = await runBridge<PackageDetailsResponse>(["packages", "details", "alpha"], env);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(r.json.package.candidateVersion).toBe(aptCandidate);
    });

    it("dists/ repositories: components, architectures, translations, DEP-11, compressed lists", () => {
        const sb = dists as Sandbox;
        // The repository has no Translation-* files; a target's file only has to exist to count.
        const lists = path.join(sb.root, "var/lib/apt/lists");
        const packages = fs.readdirSync(lists).find((n) => /_multi_dists_trixie_main_binary-amd64_Packages/.test(n));
        expect(packages).toBeDefined();
        const prefix = (packages as string).replace(/binary-amd64_Packages.*$/, "");
        fs.writeFileSync(path.join(lists, `${prefix}i18n_Translation-de`), "");
        fs.writeFileSync(path.join(lists, `${prefix}i18n_Translation-en.gz`), "");
        // Beside the compressed list, an uncompressed one: APT names the first of CompressionTypes that exists.
        expect(packages).toMatch(/\.lz4$/);
        fs.writeFileSync(path.join(lists, (packages as string).replace(/\.lz4$/, "")), "");
        const targets = expectEqualToApt(sb.aptConfigPath);
        const kinds = new Set(targets.map((t) => t.createdBy));
        expect([...kinds].sort()).toEqual(["DEP-11", "DEP-11-icons", "Packages", "Translations"].sort());
        expect(
            targets
                .filter((t) => t.createdBy === "Translations")
                .map((t) => t.language)
                .sort()
        ).toEqual(["de", "en"]);
        expect(new Set(targets.map((t) => t.architecture))).toEqual(new Set(["amd64", "arm64", "armhf", ""]));
        expect(targets.some((t) => t.filename.endsWith(".lz4") || t.filename.endsWith(".gz"))).toBe(true);
        expect(targets.find((t) => t.suite === "trixie-backports")).toMatchObject({ butAutomaticUpgrades: true });
    });

    it("a clear-signed InRelease (dash-escaped lines too) is read as APT reads it, and a broken one fails as apt-get does", () => {
        const sb = dists as Sandbox;
        const lists = path.join(sb.root, "var/lib/apt/lists");
        const release = fs.readdirSync(lists).find((n) => n.includes("_multi_") && n.endsWith("_trixie_Release"));
        expect(release).toBeDefined();
        const releasePath = path.join(lists, release as string);
        gnupg = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-gnupg-"));
        const gpg = (args: string[], input?: string) =>
            execFileSync("gpg", ["--batch", "--homedir", gnupg as string, "--pinentry-mode", "loopback", ...args], {
                input,
                encoding: "utf8",
                stdio: ["pipe", "pipe", "pipe"],
            });
        gpg(["--passphrase", "", "--quick-gen-key", "index-targets-test@example.org", "ed25519", "sign", "never"]);
        // A different Origin in the InRelease than in the Release: APT must read the InRelease.
        const text = fs
            .readFileSync(releasePath, "utf8")
            .replace(/^Origin: .*$/m, "Origin: Signed Multi")
            .replace(/^Label: .*$/m, "Label: Signed Label   ");
        const signed = gpg(["--clearsign", "--digest-algo", "SHA512"], text);
        // Implementations may dash-escape any line (RFC 4880 7.1); APT strips "- ".
        // Line ends and trailing blanks do not count in the armor (gpgv.cc LineBuffer).
        const escaped = signed
            .replace(/^Origin: /m, "- Origin: ")
            .replace(/^Suite: /m, "- Suite: ")
            .replace(/^-----BEGIN PGP SIGNATURE-----$/m, "-----BEGIN PGP SIGNATURE----- \t\r");
        const inRelease = releasePath.replace(/_Release$/, "_InRelease");
        fs.writeFileSync(inRelease, escaped);
        try {
            const targets = expectEqualToApt(sb.aptConfigPath);
            expect(targets.find((t) => t.suite === "trixie")).toMatchObject({
                origin: "Signed Multi",
                label: "Signed Label",
                releaseFile: inRelease,
            });
            // Lines after the signature: APT refuses the file and apt-get fails; so does the bridge.
            fs.appendFileSync(inRelease, "Origin: Unsigned\n");
            const apt = spawnSync("apt-get", ["indextargets"], { env: aptEnv(sb.aptConfigPath), encoding: "utf8" });
            expect(apt.status).not.toBe(0);
            expect(() =>
                withAptConfig(sb.aptConfigPath, () => loadAllIndexTargets(path.join(sb.root, "var/lib/apt/lists/")))
            ).toThrow(/unsigned lines/);
        } finally {
            fs.rmSync(inRelease, { force: true });
        }
    });

    it("this machine's index (read only)", () => {
        const targets = expectEqualToApt(undefined);
        expect(targets.length).toBeGreaterThan(0);
    });
});
