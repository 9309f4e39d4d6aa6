// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Updates that tell the truth (issue 13), with real apt-get and dpkg in a
 * sandbox: a held package, phased updates (APT's own phasing, with a fixed
 * APT::Machine-ID), an upgrade that needs a removal (its new version
 * Conflicts with an installed package), a security archive (label
 * Debian-Security, suite stable-security). The bridge's classification of
 * every upgradable package is compared with what `apt-get -s upgrade
 * --with-new-pkgs` (the page's "Upgrade all") itself does.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    ErrorResponse,
    HoldResponse,
    OperationEvent,
    OperationPreviewResponse,
    PackageCountsResponse,
    PackageDetailsResponse,
    PackageListResponse,
    PackageSummary,
} from "../../src/protocol/index.js";
import { PROJECT_ROOT, createSandbox, hostDpkgFingerprint, type Sandbox } from "../support/sandbox.js";

const hostBefore = hostDpkgFingerprint();

beforeAll(() => {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, "build.mjs")], { stdio: "pipe" });
});

const OLD = [
    "plain",
    "heldpkg",
    "phased0",
    "phased30",
    "phased60",
    "phased90",
    "needsrm",
    "victim",
    "secpkg",
    "secheld",
];
const phased = (name: string, percent: number) => ({
    name,
    version: "2.0",
    extraFields: { "Phased-Update-Percentage": String(percent) },
});

/** What apt-get itself says about "Upgrade all": upgraded ("Inst") and kept back. */
function aptUpgrade(stdout: string): { upgraded: Set<string>; keptBack: Set<string> } {
    const lines = stdout.split("\n");
    const upgraded = new Set(lines.flatMap((l) => /^Inst (\S+) /.exec(l)?.[1] ?? []));
    const keptBack = new Set<string>();
    const start = lines.findIndex((l) => l.startsWith("The following packages have been kept back:"));
    for (let i = start + 1; start >= 0 && i < lines.length && /^\s+\S/.test(lines[i] as string); i++)
        for (const n of (lines[i] as string).trim().split(/\s+/)) keptBack.add(n);
    return { upgraded, keptBack };
}

describe("updates: security, held, kept back", () => {
    let sb: Sandbox;
    const updates = async (): Promise<Map<string, PackageSummary>> => {
        const r = await sb.bridge(["packages", "filter", "--tab", "updates"]);
        expect(r.status, r.stderr).toBe(0);
        return new Map((r.json as PackageListResponse).packages.map((p) => [p.name, p]));
    };

    beforeAll(async () => {
        sb = await createSandbox({
            repos: [
                {
                    name: "main",
                    origin: "Debian",
                    label: "Debian",
                    suite: "stable",
                    codename: "bookworm",
                    packages: OLD.map((name) => ({ name, version: "1.0" })),
                },
                {
                    name: "security",
                    origin: "Debian",
                    label: "Debian-Security",
                    suite: "stable-security",
                    codename: "bookworm-security",
                    packages: [],
                },
            ],
            // APT's phasing draws from the machine id: fixed, so the outcome is the same on every machine.
            aptConf: ['APT::Machine-ID "0123456789abcdef0123456789abcdef";'],
        });
        const install = await sb.aptGet(["install", "-y", ...OLD]);
        expect(install.status, install.stderr).toBe(0);
        await sb.addPackages("main", [
            { name: "plain", version: "2.0" },
            { name: "heldpkg", version: "2.0" },
            phased("phased0", 0),
            phased("phased30", 30),
            phased("phased60", 60),
            phased("phased90", 90),
            { name: "needsrm", version: "2.0", conflicts: "victim" },
        ]);
        await sb.addPackages("security", [
            { name: "secpkg", version: "1.1" },
            { name: "secheld", version: "1.1" },
        ]);
        await sb.update();
    });
    afterAll(() => sb?.cleanup());

    it("hold: apt-mark hold through the bridge, a JSON result; held shows on the summary", async () => {
        const before = await updates();
        expect(before.get("heldpkg")).toMatchObject({ held: false, keptBack: null });
        const r = await sb.bridge(["operations", "hold", "--", "heldpkg", "secheld"]);
        expect(r.status, r.stderr).toBe(0);
        expect(r.json as HoldResponse).toEqual({
            action: "hold",
            packages: [
                { name: "heldpkg", held: true, changed: true },
                { name: "secheld", held: true, changed: true },
            ],
        });
        expect(sb.packageStatus("heldpkg")).toBe("hold ok installed");
        const again = await sb.bridge(["operations", "hold", "--", "heldpkg"]);
        expect((again.json as HoldResponse).packages).toEqual([{ name: "heldpkg", held: true, changed: false }]);
        const after = await updates();
        expect(after.get("heldpkg")).toMatchObject({ held: true, keptBack: "held" });
        // apt-mark's own list agrees
        const showhold = execFileSync("apt-mark", ["showhold"], {
            env: { ...process.env, ...sb.env },
            encoding: "utf8",
        });
        expect(showhold.trim().split("\n").sort()).toEqual(["heldpkg", "secheld"]);
    });

    it("classifies every upgradable package exactly as apt-get -s upgrade --with-new-pkgs treats it", async () => {
        const rows = await updates();
        const plain = await sb.aptGet(["-s", "upgrade", "--with-new-pkgs"]);
        expect(plain.status, plain.stderr).toBe(0);
        const apt = aptUpgrade(plain.stdout);
        // With every phased update included: what phasing alone held back comes through.
        const all = aptUpgrade(
            (
                await sb.aptGet([
                    "-s",
                    "-o",
                    "APT::Get::Always-Include-Phased-Updates=true",
                    "upgrade",
                    "--with-new-pkgs",
                ])
            ).stdout
        );
        const full = aptUpgrade((await sb.aptGet(["-s", "dist-upgrade"])).stdout);
        const held = new Set(
            execFileSync("apt-mark", ["showhold"], { env: { ...process.env, ...sb.env }, encoding: "utf8" })
                .split("\n")
                .filter(Boolean)
        );

        // Every package APT upgrades or keeps back is an upgradable row, and nothing else is.
        expect([...rows.keys()].sort()).toEqual([...apt.upgraded, ...apt.keptBack].sort());
        for (const [name, p] of rows) {
            expect(p.upgradable, name).toBe(true);
            if (apt.upgraded.has(name)) {
                expect(p.keptBack, name).toBeNull();
                continue;
            }
            expect(apt.keptBack.has(name), name).toBe(true);
            if (held.has(name)) expect(p.keptBack, name).toBe("held");
            else if (all.upgraded.has(name)) expect(p.keptBack, name).toBe("phased");
            else {
                expect(p.keptBack, name).toBe("removal");
                // a full upgrade does upgrade it
                expect(full.upgraded.has(name), name).toBe(true);
            }
        }
        // The cases this sandbox was made for, so that the loop above cannot pass on an empty list.
        expect(rows.get("plain")).toMatchObject({
            keptBack: null,
            security: false,
            held: false,
            phasedPercentage: null,
        });
        expect(rows.get("heldpkg")).toMatchObject({ keptBack: "held", held: true });
        expect(rows.get("needsrm")).toMatchObject({ keptBack: "removal" });
        expect(rows.get("phased0")).toMatchObject({ keptBack: "phased", phasedPercentage: 0 });
        expect(rows.get("phased90")).toMatchObject({ phasedPercentage: 90 });
        expect(rows.get("secpkg")).toMatchObject({ keptBack: null, security: true });
        expect(rows.get("secheld")).toMatchObject({ keptBack: "held", security: true, held: true });
        // With this machine id, APT defers some phased updates and not others: both kinds are covered.
        const phasedRows = ["phased0", "phased30", "phased60", "phased90"].map((n) => rows.get(n) as PackageSummary);
        expect(phasedRows.some((p) => p.keptBack === "phased")).toBe(true);
        expect(phasedRows.some((p) => p.keptBack === null)).toBe(true);
        // "removal": the new version conflicts with victim, which a full upgrade removes
        expect(full.upgraded.has("needsrm")).toBe(true);
    });

    it("security and held agree with APT on every package, not only the upgradable ones", async () => {
        const r = await sb.bridge(["packages", "filter", "--limit", "1000"]);
        const rows = (r.json as PackageListResponse).packages;
        expect(
            rows
                .filter((p) => p.security)
                .map((p) => p.name)
                .sort()
        ).toEqual(["secheld", "secpkg"]);
        expect(
            rows
                .filter((p) => p.held)
                .map((p) => p.name)
                .sort()
        ).toEqual(["heldpkg", "secheld"]);
        // details carry the same summary fields
        const d = await sb.bridge(["packages", "details", "--", "secheld"]);
        expect((d.json as { package: PackageSummary }).package).toMatchObject({
            security: true,
            held: true,
            keptBack: "held",
        });
    });

    it("a warm request does not simulate again: the kept-back answer is kept beside the index", async () => {
        const cacheDir = sb.env.COCKPIT_APT_CACHE_DIR as string;
        const file = fs.readdirSync(cacheDir).find((f) => f.endsWith(".keptback"));
        expect(file).toBeDefined();
        const stamp = fs.statSync(path.join(cacheDir, file as string)).mtimeMs;
        // the index rebuilt for another reason (its files gone): the kept-back answer is reused
        for (const f of fs.readdirSync(cacheDir)) if (/\.(hot|detail)$/.test(f)) fs.rmSync(path.join(cacheDir, f));
        expect((await updates()).get("needsrm")?.keptBack).toBe("removal");
        expect(fs.statSync(path.join(cacheDir, file as string)).mtimeMs).toBe(stamp);
    });

    it("a build does not simulate Upgrade all: only the Updates tab and an update's details ask APT why it is kept back", async () => {
        const cacheDir = sb.env.COCKPIT_APT_CACHE_DIR as string;
        const keptBackFiles = () => fs.readdirSync(cacheDir).filter((f) => f.endsWith(".keptback"));
        for (const f of fs.readdirSync(cacheDir))
            if (/\.(hot|detail|keptback)$/.test(f)) fs.rmSync(path.join(cacheDir, f));
        // builds with 10 updates, of which several kept back, and details of a package without an update: no simulation
        for (const args of [
            ["packages", "filter"],
            ["packages", "filter", "--tab", "installed"],
            ["packages", "details", "victim"],
        ]) {
            const r = await sb.bridge(args);
            expect(r.status, r.stderr).toBe(0);
            expect(keptBackFiles(), args.join(" ")).toEqual([]);
        }
        // an update that is not held, in a browse list: null, not a guess (the Updates tab says why)
        const browse = await sb.bridge(["packages", "filter"]);
        expect((browse.json as PackageListResponse).packages.find((p) => p.name === "needsrm")?.keptBack).toBeNull();
        const details = await sb.bridge(["packages", "details", "needsrm"]);
        expect((details.json as { package: PackageSummary }).package.keptBack).toBe("removal");
        expect(keptBackFiles()).toHaveLength(1);
        expect((await updates()).get("needsrm")?.keptBack).toBe("removal");
    });

    /** No kept-back cache, and apt-get as the bridge finds it on PATH, noting each simulation it is asked for. */
    function countingSimulations(): { env: Record<string, string>; simulations(): string[] } {
        const cacheDir = sb.env.COCKPIT_APT_CACHE_DIR as string;
        for (const f of fs.readdirSync(cacheDir)) if (f.endsWith(".keptback")) fs.rmSync(path.join(cacheDir, f));
        const shim = fs.mkdtempSync(path.join(sb.root, "shim-"));
        const log = path.join(shim, "simulations");
        fs.writeFileSync(
            path.join(shim, "apt-get"),
            `#!/bin/sh\ncase " $* " in *" -s "*) echo "$*" >> '${log}';; esac\nexec /usr/bin/apt-get "$@"\n`,
            { mode: 0o755 }
        );
        return {
            env: { PATH: `${shim}:${process.env.PATH ?? ""}` },
            simulations: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []),
        };
    }

    it("--no-kept-back: the Updates tab at once with what is known (held), keptBackPending until APT answered once", async () => {
        const { env, simulations } = countingSimulations();
        const filter = async (...args: string[]) => {
            const r = await sb.bridge(["packages", "filter", "--tab", "updates", ...args], { env });
            expect(r.status, r.stderr).toBe(0);
            return r.json as PackageListResponse;
        };
        const quick = await filter("--no-kept-back");
        expect(simulations()).toEqual([]);
        expect(quick.keptBackPending).toBe(true);
        // the same rows; of the reasons only "held", which the index knows
        expect(quick.packages.find((p) => p.name === "needsrm")?.keptBack).toBeNull();
        const full = await filter();
        expect(full.keptBackPending).toBeUndefined();
        expect(full.packages.map((p) => p.name)).toEqual(quick.packages.map((p) => p.name));
        expect(full.packages.find((p) => p.name === "needsrm")?.keptBack).toBe("removal");
        for (const p of full.packages.filter((p) => p.keptBack === "held"))
            expect(quick.packages.find((q) => q.name === p.name)?.keptBack).toBe("held");
        const asked = simulations().length;
        expect(asked).toBeGreaterThan(0);
        // APT's answer is kept for the current files: now --no-kept-back has it all, without asking again
        expect(await filter("--no-kept-back")).toEqual(full);
        expect(simulations()).toHaveLength(asked);
        // other tabs never say it
        const installed = await sb.bridge(["packages", "filter", "--tab", "installed", "--no-kept-back"], { env });
        expect((installed.json as PackageListResponse).keptBackPending).toBeUndefined();
    });

    it("packages details --no-kept-back: an update's details at once, its reason once APT answered", async () => {
        const { env, simulations } = countingSimulations();
        const details = async (...args: string[]) => {
            const r = await sb.bridge(["packages", "details", ...args], { env });
            expect(r.status, r.stderr).toBe(0);
            return r.json as PackageDetailsResponse;
        };
        const quick = await details("--no-kept-back", "--", "needsrm");
        expect(simulations()).toEqual([]);
        expect(quick.keptBackPending).toBe(true);
        expect(quick.package.keptBack).toBeNull();
        const full = await details("--", "needsrm");
        expect(full.keptBackPending).toBeUndefined();
        expect(full.package.keptBack).toBe("removal");
        const asked = simulations().length;
        expect(await details("--no-kept-back", "--", "needsrm")).toEqual(full);
        expect(simulations()).toHaveLength(asked);
        // Not an update: nothing to ask APT about.
        for (const f of fs.readdirSync(sb.env.COCKPIT_APT_CACHE_DIR as string))
            if (f.endsWith(".keptback")) fs.rmSync(path.join(sb.env.COCKPIT_APT_CACHE_DIR as string, f));
        const installed = (await sb.bridge(["packages", "filter", "--tab", "installed"], { env }))
            .json as PackageListResponse;
        const plain = installed.packages.find((p) => !p.upgradable);
        expect(plain).toBeDefined();
        expect((await details("--no-kept-back", "--", plain!.name)).keptBackPending).toBeUndefined();
    });

    it("two Updates tabs asking at once (or the refresh after apt-get update and a page): one simulation", async () => {
        const { env, simulations } = countingSimulations();
        const runs = await Promise.all(
            [0, 1, 2].map(() => sb.bridge(["packages", "filter", "--tab", "updates"], { env }))
        );
        for (const r of runs) {
            expect(r.status, r.stderr).toBe(0);
            const rows = (r.json as PackageListResponse).packages;
            expect(rows.find((p) => p.name === "needsrm")?.keptBack).toBe("removal");
        }
        // the lists here carry Phased-Update-Percentage: one simulation asks APT twice (with and without phasing)
        const lines = simulations();
        expect(lines.filter((l) => !l.includes("Always-Include-Phased-Updates"))).toHaveLength(1);
        expect(lines.length).toBeLessThanOrEqual(2);
    });

    it("packages counts: the tabs' and the page status's numbers, without simulating Upgrade all", async () => {
        const cacheDir = sb.env.COCKPIT_APT_CACHE_DIR as string;
        const keptBackFiles = () => fs.readdirSync(cacheDir).filter((f) => f.endsWith(".keptback"));
        for (const f of fs.readdirSync(cacheDir))
            if (/\.(hot|detail|keptback)$/.test(f)) fs.rmSync(path.join(cacheDir, f));
        const r = await sb.bridge(["packages", "counts"]);
        expect(r.status, r.stderr).toBe(0);
        expect(keptBackFiles()).toEqual([]);
        const counts = r.json as PackageCountsResponse;
        // The same numbers as the lists (whose Updates tab does simulate), kept-back updates included.
        const list = async (args: string[]) => {
            const l = await sb.bridge(["packages", "filter", ...args]);
            expect(l.status, l.stderr).toBe(0);
            return l.json as PackageListResponse;
        };
        const upd = await list(["--tab=updates"]);
        const installed = await list(["--tab=installed"]);
        expect(counts).toEqual({
            installed: installed.total,
            upgradable: upd.total,
            security: upd.packages.filter((p) => p.security).length,
        });
        expect(counts.upgradable).toBeGreaterThan(counts.security);
        expect(counts.security).toBeGreaterThan(0);
        // Within a repository: the security archive's alone.
        const repo = upd.packages.find((p) => p.name === "secpkg")?.repository as string;
        const scoped = await sb.bridge(["packages", "counts", `--repo=${repo}`]);
        const scopedUpd = await list(["--tab=updates", `--repo=${repo}`]);
        expect(scoped.json).toEqual({
            installed: (await list(["--tab=installed", `--repo=${repo}`])).total,
            upgradable: scopedUpd.total,
            security: scopedUpd.packages.filter((p) => p.security).length,
        });
        expect((scoped.json as PackageCountsResponse).upgradable).toBeLessThan(counts.upgradable);
        // Bad input: a clear error, never an option of another program.
        for (const [args, code] of [
            [["--repo=a\nb"], "INVALID_ARGUMENT"],
            [["--repo=-o"], "REPOSITORY_NOT_FOUND"],
            [["--store=no-such-store"], "STORE_NOT_FOUND"],
            [["--tab=updates"], "USAGE"],
            [["extra"], "USAGE"],
        ] as const) {
            const bad = await sb.bridge(["packages", "counts", ...args]);
            expect((bad.json as ErrorResponse).error.code, args.join(" ")).toBe(code);
        }
    });

    it("hold and unhold refuse bad names, unknown packages, other users and a held lock", async () => {
        for (const bad of ["-o", "a;b", "Foo", "$(id)"]) {
            const r = await sb.bridge(["operations", "hold", "--", bad]);
            expect((r.json as ErrorResponse).error.code, bad).toBe("INVALID_ARGUMENT");
        }
        let r = await sb.bridge(["operations", "hold", "--", "no-such-package"]);
        expect((r.json as ErrorResponse).error.code).toBe("PACKAGE_NOT_FOUND");
        // a pattern apt-mark would expand is refused, never passed on
        r = await sb.bridge(["operations", "unhold", "--", "phased.0"]);
        expect((r.json as ErrorResponse).error.code).toBe("PACKAGE_NOT_FOUND");
        r = await sb.bridge(["operations", "unhold"]);
        expect((r.json as ErrorResponse).error.code).toBe("USAGE");
        r = await sb.bridge(["operations", "unhold", "--", "heldpkg"], { user: "nobody" });
        expect(r.status).toBe(4);
        expect((r.json as ErrorResponse).error.code).toBe("PERMISSION_DENIED");
        const holder: ChildProcess = spawn(
            "/usr/bin/python3",
            [
                "-c",
                "import fcntl,sys,time\nf=open(sys.argv[1],'w')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(60)",
                path.join(sb.root, "var/lib/dpkg/lock"),
            ],
            { stdio: ["ignore", "pipe", "inherit"] }
        );
        try {
            await new Promise<void>((resolve, reject) => {
                holder.stdout!.once("data", () => resolve());
                holder.once("exit", () => reject(new Error("lock holder exited")));
            });
            r = await sb.bridge(["operations", "unhold", "--", "heldpkg"]);
            expect(r.status).toBe(5);
            expect(r.json as ErrorResponse).toMatchObject({ error: { code: "LOCKED", details: { pid: holder.pid } } });
        } finally {
            holder.kill("SIGKILL");
        }
        expect(sb.packageStatus("heldpkg")).toBe("hold ok installed");
    });

    it("unhold: the package is upgradable by Upgrade all again", async () => {
        const r = await sb.bridge(["operations", "unhold", "--", "heldpkg"]);
        expect(r.json as HoldResponse).toEqual({
            action: "unhold",
            packages: [{ name: "heldpkg", held: false, changed: true }],
        });
        expect(sb.packageStatus("heldpkg")).toBe("install ok installed");
        expect((await updates()).get("heldpkg")).toMatchObject({ held: false, keptBack: null });
    });

    it("full upgrade: its preview names every removal, and it runs apt-get dist-upgrade", async () => {
        const p = await sb.bridge(["operations", "preview", "full-upgrade"]);
        expect(p.status, p.stderr).toBe(0);
        const preview = (p.json as OperationPreviewResponse).preview;
        expect(preview.operation).toBe("full-upgrade");
        expect(preview.remove.map((x) => x.name)).toEqual(["victim"]);
        expect(preview.upgrade.map((x) => x.name)).toContain("needsrm");
        // the held package stays
        expect(preview.upgrade.map((x) => x.name)).not.toContain("secheld");
        const bad = await sb.bridge(["operations", "preview", "full-upgrade", "--", "plain"]);
        expect((bad.json as ErrorResponse).error.code).toBe("USAGE");

        const run = await sb.bridge(["operations", "full-upgrade"]);
        const result = (run.lines as OperationEvent[]).at(-1);
        expect(result, run.stdout + run.stderr).toMatchObject({ type: "result", ok: true, operation: "full-upgrade" });
        expect(sb.installedVersion("needsrm")).toBe("2.0");
        expect(sb.packageStatus("victim")).not.toBe("install ok installed");
        expect(sb.packageStatus("secheld")).toBe("hold ok installed");
        expect((await sb.dpkgQuery(["-W", "-f=${Version}", "secheld"])).stdout).toBe("1.0");
        // what is left: the held one, and the phased ones APT still defers
        const left = await updates();
        expect(left.get("secheld")).toMatchObject({ keptBack: "held" });
        expect([...left.values()].every((x) => x.keptBack === "held" || x.keptBack === "phased")).toBe(true);
    });

    it("never touched the host's dpkg database", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
