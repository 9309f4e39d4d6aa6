// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * A sandbox APT root in which real apt-get and dpkg install real .deb files,
 * modelled on APT's own test suite (apt/test/integration/framework): a root
 * directory, its own configuration file passed as APT_CONFIG, and a dpkg
 * wrapper (Dir::Bin::dpkg) that runs dpkg with --root/--instdir/--admindir
 * inside the root. Nothing here can reach the host's dpkg database or /etc/apt.
 *
 * API (for tests and the demo):
 *
 *   const sb = await createSandbox({
 *       repos: [{ name: "main", origin: "Test", label: "Test", suite: "stable", codename: "test",
 *                 packages: [{ name: "hello", version: "1.0", depends: "libhello" }, ...] }],  // RepoSpec[], see repository.ts / debs.ts
 *       preferences: "Package: *\nPin: origin ...\nPin-Priority: 100\n",   // text of etc/apt/preferences.d/test.pref
 *       statusStanzas: ["Package: x\nStatus: install ok half-installed\n..."],  // raw dpkg status stanzas
 *       aptConf: ['Acquire::Languages "none";'],                             // extra lines for the config file
 *       update: true,                                                         // default: run apt-get update once
 *   });
 *   sb.root             the root directory (a fresh mkdtemp under the OS temp dir, or spec.root emptied)
 *   sb.aptConfigPath    <root>/aptconfig.conf (APT_CONFIG)
 *   sb.env              { APT_CONFIG, COCKPIT_APT_CACHE_DIR: <root>/cache, COCKPIT_APT_OPERATIONS_DIR: <root>/run/operations, LC_ALL: "C" }
 *   sb.statusFile       <root>/var/lib/dpkg/status;  sb.dpkgWrapper: <root>/usr/bin/dpkg
 *   sb.repos            Map name -> Repository (pool + dists; .add(debs) regenerates)
 *   await sb.bridge(args)            node dist/cockpit-apt-bridge.js args with sb.env:
 *                                    { status, stdout, stderr, json (whole stdout parsed, or undefined), lines (each JSON line parsed) }
 *   sb.bridgeStream(args, onLine, options?)  the same, streaming: onLine(parsed) per JSON line as it arrives;
 *                                    returns { child, done: Promise<BridgeRun> } (send child.kill("SIGTERM") to cancel)
 *   await sb.aptGet(args)            apt-get in the sandbox: { status, stdout, stderr } (never throws)
 *   await sb.aptCache(args), sb.dpkg(args), sb.dpkgQuery(args)   the same for apt-cache, the dpkg wrapper, dpkg-query --admindir
 *   await sb.update()                apt-get update in the sandbox; throws if it fails
 *   await sb.addPackages(repoName, debs)   builds debs into that repository and regenerates its indexes (no update)
 *   sb.installedVersion(name)        version from the sandbox's dpkg status if installed ("install ok installed"), else null
 *   sb.packageStatus(name)           the Status: field from the sandbox's dpkg status, or null
 *   sb.cleanup()                     removes the root
 *
 * Safety: every Dir:: path APT uses points into the root, Dir::Etc::parts and
 * Dir::Etc::main too (so the host's apt.conf.d hooks are never read), and the
 * dpkg wrapper refuses to run unless its admindir is the sandbox's. Maintainer
 * scripts run chrootless (--force-script-chrootless) with DPKG_ROOT=<root>;
 * test packages (debs.ts) refuse to run without DPKG_ROOT.
 * hostDpkgFingerprint() hashes the host's dpkg status and APT state so a test
 * can assert they are byte-identical before and after.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DebSpec } from "./debs.js";
import { Repository, type RepoSpec } from "./repository.js";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
export const BRIDGE_JS = path.join(PROJECT_ROOT, "dist/cockpit-apt-bridge.js");

export interface SandboxSpec {
    repos: RepoSpec[];
    preferences?: string;
    statusStanzas?: string[];
    aptConf?: string[];
    /** Native architecture first; default ["amd64"]. */
    architectures?: string[];
    /** Run apt-get update once after creating (default true). */
    update?: boolean;
    /**
     * The root directory to use instead of a fresh mkdtemp (the demo's build/demo/root).
     * It is emptied first; it must not be "/" or an existing non-sandbox directory with content.
     */
    root?: string;
}

export interface RunResult {
    status: number;
    stdout: string;
    stderr: string;
    /** Set when the process was killed by a signal. */
    signal?: NodeJS.Signals | null;
}

export interface BridgeRun extends RunResult {
    /** stdout parsed as one JSON document, or undefined when it is not one. */
    json: unknown;
    /** Each non-empty stdout line parsed as JSON (JSON Lines), unparseable lines skipped. */
    lines: unknown[];
}

export interface SpawnOptions {
    /** Extra environment for this call. */
    env?: NodeJS.ProcessEnv;
    /** Run as this user (via `runuser -u USER --`), for the not-root cases. */
    user?: string;
}

export interface Sandbox {
    root: string;
    aptConfigPath: string;
    env: Record<string, string>;
    statusFile: string;
    dpkgWrapper: string;
    repos: Map<string, Repository>;
    bridge(args: readonly string[], options?: SpawnOptions): Promise<BridgeRun>;
    bridgeStream(
        args: readonly string[],
        onLine: (value: unknown) => void,
        options?: SpawnOptions
    ): { child: ChildProcess; done: Promise<BridgeRun> };
    aptGet(args: readonly string[]): Promise<RunResult>;
    aptCache(args: readonly string[]): Promise<RunResult>;
    dpkg(args: readonly string[]): Promise<RunResult>;
    dpkgQuery(args: readonly string[]): Promise<RunResult>;
    update(): Promise<void>;
    addPackages(repoName: string, debs: readonly DebSpec[]): Promise<string[]>;
    installedVersion(name: string): string | null;
    packageStatus(name: string): string | null;
    cleanup(): void;
}

/**
 * APT's DEP-11 targets as /etc/apt/apt.conf.d/50appstream declares them, off
 * by default: a repository with a catalog turns them on for itself in its
 * sources line (repository.ts), so other sources (the demo's copies of the
 * host's) never download Debian's catalogs.
 */
export const DEP11_TARGETS = `Acquire::IndexTargets {
    deb::DEP-11 {
        DefaultEnabled "false";
        MetaKey "$(COMPONENT)/dep11/Components-$(NATIVE_ARCHITECTURE).yml";
        ShortDescription "Components-$(NATIVE_ARCHITECTURE)";
        Description "$(RELEASE)/$(COMPONENT) $(NATIVE_ARCHITECTURE) DEP-11 Metadata";
        KeepCompressed "true";
        KeepCompressedAs "gz";
    };
    deb::DEP-11-icons {
        DefaultEnabled "false";
        MetaKey "$(COMPONENT)/dep11/icons-64x64.tar";
        ShortDescription "icons-64x64";
        Description "$(RELEASE)/$(COMPONENT) DEP-11 64x64 Icons";
        KeepCompressed "true";
        KeepCompressedAs "gz";
    };
};
`;

/** Runs a program (argument array, never a shell) and collects its output; never throws on failure. */
export function runProgram(
    program: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    onStdout?: (chunk: string) => void
): { child: ChildProcess; done: Promise<RunResult> } {
    const child = spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (c: string) => {
        stdout += c;
        onStdout?.(c);
    });
    child.stderr?.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const done = new Promise<RunResult>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code, signal) => resolve({ status: code ?? -1, stdout, stderr, signal }));
    });
    return { child, done };
}

function parseLines(stdout: string): unknown[] {
    const out: unknown[] = [];
    for (const line of stdout.split("\n")) {
        if (line.trim() === "") continue;
        try {
            out.push(JSON.parse(line));
        } catch {
            // not JSON: the test sees it in stdout
        }
    }
    return out;
}

function parseWhole(stdout: string): unknown {
    try {
        return JSON.parse(stdout);
    } catch {
        return undefined;
    }
}

/** The dpkg wrapper: APT's test-suite wrapper without fakeroot (the tests run as root) plus a guard. */
function dpkgWrapperScript(root: string): string {
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    return [
        "#!/bin/sh",
        "# dpkg confined to a cockpit-apt test sandbox (see test/support/sandbox.ts).",
        "set -e",
        `ROOT=${q(root)}`,
        '[ -f "$ROOT/.cockpit-apt-sandbox" ] || { echo "dpkg wrapper: $ROOT is not a sandbox root" >&2; exit 2; }',
        'export DPKG_ROOT="$ROOT"',
        'exec /usr/bin/dpkg --root="$ROOT" --instdir="$ROOT" --admindir="$ROOT/var/lib/dpkg" --log="$ROOT/var/log/dpkg.log" \\',
        '    --force-not-root --force-bad-path --force-script-chrootless --force-unsafe-io "$@"',
        "",
    ].join("\n");
}

/** Empties (or creates) a given root directory; refuses anything that is not clearly a sandbox of ours. */
function prepareRoot(dir: string): string {
    const root = path.resolve(dir);
    if (root === "/" || root.split(path.sep).filter(Boolean).length < 2)
        throw new Error(`refusing ${root} as a sandbox root`);
    if (fs.existsSync(root)) {
        const entries = fs.readdirSync(root);
        if (entries.length > 0 && !entries.includes(".cockpit-apt-sandbox"))
            throw new Error(`${root} has content and is not a sandbox root: not emptying it`);
        fs.rmSync(root, { recursive: true, force: true });
    }
    fs.mkdirSync(root, { recursive: true });
    return root;
}

export async function createSandbox(spec: SandboxSpec): Promise<Sandbox> {
    const root = spec.root ? prepareRoot(spec.root) : fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-sandbox-"));
    // Readable by others: the not-root tests run the bridge as "nobody" against this root.
    fs.chmodSync(root, 0o755);
    fs.writeFileSync(path.join(root, ".cockpit-apt-sandbox"), "");
    for (const d of [
        "etc/apt/apt.conf.d",
        "etc/apt/preferences.d",
        "etc/apt/sources.list.d",
        "etc/apt/trusted.gpg.d",
        "var/lib/apt/lists/partial",
        "var/lib/dpkg/info",
        "var/lib/dpkg/updates",
        "var/lib/dpkg/triggers",
        "var/lib/dpkg/alternatives",
        "var/cache/apt/archives/partial",
        "var/log/apt",
        "usr/bin",
        "repos",
        "cache",
    ]) {
        fs.mkdirSync(path.join(root, d), { recursive: true });
    }
    for (const f of [
        "var/lib/dpkg/available",
        "var/lib/dpkg/lock",
        "var/lib/dpkg/lock-frontend",
        "var/lib/dpkg/triggers/Lock",
    ])
        fs.writeFileSync(path.join(root, f), "");
    fs.writeFileSync(path.join(root, "var/lib/dpkg/info/format"), "1\n");
    const statusFile = path.join(root, "var/lib/dpkg/status");
    const stanzas = (spec.statusStanzas ?? []).map((s) => s.replace(/\n+$/, "") + "\n");
    fs.writeFileSync(statusFile, stanzas.join("\n"));
    const dpkgWrapper = path.join(root, "usr/bin/dpkg");
    fs.writeFileSync(dpkgWrapper, dpkgWrapperScript(root), { mode: 0o755 });

    const archs = spec.architectures ?? ["amd64"];
    const aptConfigPath = path.join(root, "aptconfig.conf");
    const conf = [
        `Dir "${root}/";`,
        `Dir::Etc "etc/apt/";`,
        `Dir::Etc::main "apt.conf";`,
        `Dir::Etc::parts "apt.conf.d/";`,
        `Dir::Etc::sourcelist "sources.list";`,
        `Dir::Etc::sourceparts "sources.list.d/";`,
        `Dir::Etc::preferences "preferences";`,
        `Dir::Etc::preferencesparts "preferences.d/";`,
        `Dir::Etc::trusted "trusted.gpg";`,
        `Dir::Etc::trustedparts "trusted.gpg.d/";`,
        `Dir::State "var/lib/apt/";`,
        `Dir::State::lists "lists/";`,
        `Dir::State::extended_states "extended_states";`,
        `Dir::State::status "${statusFile}";`,
        `Dir::Cache "var/cache/apt/";`,
        `Dir::Cache::archives "archives/";`,
        `Dir::Log "var/log/apt/";`,
        `Dir::Bin::dpkg "${dpkgWrapper}";`,
        `DPkg::Chroot-Directory "/";`,
        // The host's hooks (apt-listchanges, needrestart, ...) live in its apt.conf.d; make sure none leak in.
        `#clear DPkg::Pre-Invoke;`,
        `#clear DPkg::Post-Invoke;`,
        `#clear DPkg::Pre-Install-Pkgs;`,
        `#clear APT::Update::Pre-Invoke;`,
        `#clear APT::Update::Post-Invoke;`,
        `#clear APT::Update::Post-Invoke-Success;`,
        `APT::Architecture "${archs[0]}";`,
        `APT::Architectures { ${archs.map((a) => `"${a}";`).join(" ")} };`,
        `Acquire::Languages "none";`,
        // The sandbox is owned by root and may be mode 0700 on the way: no _apt privilege drop.
        `APT::Sandbox::User "root";`,
        `Binary::gpgv::APT::Sandbox::User "root";`,
        `APT::Solver::RunAsUser "root";`,
        `APT::Get::Show-User-Simulation-Note "false";`,
        `Dir::Bin::ischroot "/bin/false";`,
        ...(spec.aptConf ?? []),
    ];
    fs.writeFileSync(aptConfigPath, conf.join("\n") + "\n");
    // AppStream's index targets (the appstream package's 50appstream) when a repository has a catalog.
    if (spec.repos.some((r) => r.dep11))
        fs.writeFileSync(path.join(root, "etc/apt/apt.conf.d/50appstream"), DEP11_TARGETS);
    if (spec.preferences) fs.writeFileSync(path.join(root, "etc/apt/preferences.d/test.pref"), spec.preferences);

    const repos = new Map<string, Repository>();
    for (const r of spec.repos) repos.set(r.name, new Repository(path.join(root, "repos"), r));
    fs.writeFileSync(
        path.join(root, "etc/apt/sources.list"),
        [...repos.values()].map((r) => r.sourcesLine).join("\n") + "\n"
    );

    const env: Record<string, string> = {
        APT_CONFIG: aptConfigPath,
        COCKPIT_APT_CACHE_DIR: path.join(root, "cache"),
        // The journals of detached operations (and the one-at-a-time slot): one per sandbox, never the host's /run.
        COCKPIT_APT_OPERATIONS_DIR: path.join(root, "run/operations"),
        LC_ALL: "C",
    };
    const fullEnv = (extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...process.env, ...env, ...extra });
    const run = (program: string, args: readonly string[]) => runProgram(program, args, fullEnv()).done;

    const bridgeStream = (args: readonly string[], onLine: (value: unknown) => void, options: SpawnOptions = {}) => {
        let partial = "";
        const deliver = (chunk: string) => {
            const parts = (partial + chunk).split("\n");
            partial = parts.pop() ?? "";
            for (const line of parts) for (const v of parseLines(line)) onLine(v);
        };
        const argv = [BRIDGE_JS, ...args];
        const { child, done } = options.user
            ? runProgram(
                  "runuser",
                  ["-u", options.user, "--", process.execPath, ...argv],
                  fullEnv({ HOME: "/nonexistent", ...options.env }),
                  deliver
              )
            : runProgram(process.execPath, argv, fullEnv(options.env), deliver);
        const finished = done.then((r): BridgeRun => {
            for (const v of parseLines(partial)) onLine(v);
            return { ...r, json: parseWhole(r.stdout), lines: parseLines(r.stdout) };
        });
        return { child, done: finished };
    };

    const statusOf = (name: string): { status: string; version: string } | null => {
        const text = fs.readFileSync(statusFile, "utf8");
        for (const stanza of text.split(/\n\s*\n/)) {
            if (!new RegExp(`^Package: ${name.replace(/[.+]/g, "\\$&")}$`, "m").test(stanza)) continue;
            return {
                status: /^Status: (.*)$/m.exec(stanza)?.[1] ?? "",
                version: /^Version: (.*)$/m.exec(stanza)?.[1] ?? "",
            };
        }
        return null;
    };

    const sandbox: Sandbox = {
        root,
        aptConfigPath,
        env,
        statusFile,
        dpkgWrapper,
        repos,
        bridge: (args, options) => bridgeStream(args, () => undefined, options).done,
        bridgeStream,
        aptGet: (args) => run("apt-get", args),
        aptCache: (args) => run("apt-cache", args),
        dpkg: (args) => run(dpkgWrapper, args),
        dpkgQuery: (args) => run("dpkg-query", [`--admindir=${root}/var/lib/dpkg`, ...args]),
        async update() {
            const r = await run("apt-get", ["update", "-q"]);
            if (r.status !== 0 || /^(E|W):/m.test(r.stderr))
                throw new Error(`apt-get update in sandbox failed (${r.status}): ${r.stderr}`);
        },
        async addPackages(repoName, debs) {
            const repo = repos.get(repoName);
            if (!repo) throw new Error(`no repository ${repoName} in this sandbox`);
            return repo.add(debs);
        },
        installedVersion(name) {
            const s = statusOf(name);
            return s && s.status === "install ok installed" ? s.version : null;
        },
        packageStatus: (name) => statusOf(name)?.status ?? null,
        cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
    };
    if (spec.update !== false) await sandbox.update();
    return sandbox;
}

/**
 * Hashes of the host's dpkg and APT state files. A test takes one before and
 * one after and asserts they are equal: nothing the sandbox does may touch them.
 */
export function hostDpkgFingerprint(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of [
        "/var/lib/dpkg/status",
        "/var/lib/dpkg/available",
        "/var/lib/apt/extended_states",
        "/var/log/dpkg.log",
    ]) {
        try {
            out[f] = crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
        } catch {
            out[f] = "absent";
        }
    }
    try {
        out["/var/lib/dpkg/info"] = String(fs.readdirSync("/var/lib/dpkg/info").length);
    } catch {
        out["/var/lib/dpkg/info"] = "absent";
    }
    return out;
}

/**
 * Store definitions (file name -> YAML) in a stores directory of the sandbox, which the
 * sandbox's bridge runs then read (COCKPIT_APT_STORES_DIR); returns the directory.
 */
export function withStores(sb: Sandbox, files: Record<string, string>): string {
    const dir = path.join(sb.root, "stores");
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, yaml] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), yaml);
    sb.env.COCKPIT_APT_STORES_DIR = dir;
    return dir;
}
