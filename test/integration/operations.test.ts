// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Operations through the built bridge, really installing into a sandbox root
 * (test/support/sandbox.ts) from debs these tests build: a dependency chain,
 * a conffile, a failing postinst, conflicting packages. Tests in a describe
 * block run in order on one sandbox, like an administrator's session.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    ErrorResponse,
    OperationCancelResponse,
    OperationCurrentResponse,
    OperationEvent,
    OperationPreviewResponse,
    OperationStartedEvent,
    OperationStreamEvent,
} from "../../src/protocol/index.js";
import { PROJECT_ROOT, createSandbox, hostDpkgFingerprint, type BridgeRun, type Sandbox } from "../support/sandbox.js";

type Result = Extract<OperationEvent, { type: "result" }>;

const hostBefore = hostDpkgFingerprint();

beforeAll(() => {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, "build.mjs")], { stdio: "pipe" });
});

function events(r: BridgeRun): OperationEvent[] {
    return r.lines as OperationEvent[];
}

function resultOf(r: BridgeRun): Result {
    const results = events(r).filter((e): e is Result => e.type === "result");
    expect(results, r.stdout + r.stderr).toHaveLength(1);
    // the result is the last line
    expect(events(r).at(-1)).toEqual(results[0]);
    return results[0] as Result;
}

const chain = [
    {
        name: "app",
        version: "1.0",
        depends: "liba (>= 1.0)",
        files: [{ path: "/usr/share/app/data", content: "x".repeat(20000) }],
    },
    { name: "liba", version: "1.0", depends: "libb" },
    { name: "libb", version: "1.0" },
];

describe("operations on a sandbox", () => {
    let sb: Sandbox;
    beforeAll(async () => {
        sb = await createSandbox({
            repos: [
                {
                    name: "main",
                    origin: "Test",
                    label: "Test",
                    suite: "stable",
                    packages: [
                        ...chain,
                        {
                            name: "conf",
                            version: "1.0",
                            conffiles: [{ path: "/etc/conf/conf.conf", content: "setting=1\n" }],
                        },
                        {
                            name: "bad",
                            version: "1.0",
                            postinst:
                                'echo run >> "$DPKG_ROOT/var/lib/bad-postinst-runs"\necho "bad postinst: cannot start the frobnicator" >&2\nexit 3',
                        },
                        { name: "other", version: "1.0", conflicts: "app" },
                        {
                            name: "half",
                            version: "1.0",
                            postinst: 'echo done > "$DPKG_ROOT/var/lib/half-configured-ok"',
                        },
                    ],
                },
            ],
        });
    });
    afterAll(() => sb?.cleanup());

    it("rejects invalid names before anything runs", async () => {
        for (const bad of ["-o", "foo bar", "a;b", "x".repeat(200), "Foo", "a/b", "$(id)"]) {
            const r = await sb.bridge(["operations", "install", "--", bad]);
            expect(r.status, bad).toBe(2);
            expect((r.json as ErrorResponse).error.code, bad).toBe("INVALID_ARGUMENT");
        }
        // without "--" an option-like argument is an unknown option, never passed on
        const r = await sb.bridge(["operations", "install", "-o", "APT::Get::Simulate=1"]);
        expect((r.json as ErrorResponse).error.code).toBe("USAGE");
        const p = await sb.bridge(["operations", "preview", "install", "--", "a;b"]);
        expect((p.json as ErrorResponse).error.code).toBe("INVALID_ARGUMENT");
        expect(fs.readFileSync(sb.statusFile, "utf8")).toBe("");
    });

    it("reports an unknown package, and never lets apt-get read a name as a pattern", async () => {
        let r = await sb.bridge(["operations", "install", "--", "no-such-package"]);
        expect(r.status).toBe(3);
        expect(resultOf(r)).toMatchObject({
            ok: false,
            code: "PACKAGE_NOT_FOUND",
            details: { name: "no-such-package" },
        });
        // "libb-" would mean "remove libb" to apt-get, "lib.a" a regular expression
        for (const pattern of ["libb-", "lib.a", "libb+"]) {
            r = await sb.bridge(["operations", "install", "--", pattern]);
            expect(resultOf(r).code, pattern).toBe("PACKAGE_NOT_FOUND");
        }
        const p = await sb.bridge(["operations", "preview", "install", "--", "no-such-package"]);
        expect((p.json as ErrorResponse).error.code).toBe("PACKAGE_NOT_FOUND");
    });

    it("previews an install with its dependency chain", async () => {
        const r = await sb.bridge(["operations", "preview", "install", "--", "app"]);
        expect(r.status, r.stderr).toBe(0);
        const preview = (r.json as OperationPreviewResponse).preview;
        expect(preview.install.map((p) => [p.name, p.newVersion, p.oldVersion])).toEqual([
            ["libb", "1.0", null],
            ["liba", "1.0", null],
            ["app", "1.0", null],
        ]);
        expect(preview.remove).toEqual([]);
        expect(preview.problems).toEqual([]);
        expect(sb.installedVersion("app")).toBeNull();
    });

    it("installs with dependencies, streaming progress as it happens", async () => {
        const seen: OperationEvent[] = [];
        const { done } = sb.bridgeStream(["operations", "install", "--", "app"], (e) => seen.push(e as OperationEvent));
        const r = await done;
        expect(r.status, r.stdout + r.stderr).toBe(0);
        expect(seen).toEqual(events(r));
        expect(resultOf(r)).toEqual({ type: "result", ok: true, operation: "install", exitCode: 0 });
        const progress = seen.filter((e): e is Extract<OperationEvent, { type: "progress" }> => e.type === "progress");
        const phases = [...new Set(progress.map((p) => p.phase))];
        expect(phases).toEqual(["download", "install", "configure"]);
        for (const name of ["app", "liba", "libb"]) {
            expect(
                progress.some((p) => p.phase === "install" && p.package === name && /^Unpacking /.test(p.message)),
                name
            ).toBe(true);
            expect(
                progress.some((p) => p.phase === "configure" && p.package === name && /^Installed /.test(p.message)),
                name
            ).toBe(true);
        }
        // percent never goes backwards within the dpkg phase
        const dpkg = progress.filter((p) => p.phase !== "download").map((p) => p.percent);
        expect(dpkg).toEqual([...dpkg].sort((a, b) => a - b));
        expect(seen.some((e) => e.type === "log" && /Setting up app \(1\.0\)/.test(e.line))).toBe(true);
        expect(sb.installedVersion("app")).toBe("1.0");
        expect(sb.installedVersion("liba")).toBe("1.0");
        expect(sb.installedVersion("libb")).toBe("1.0");
        expect(fs.existsSync(path.join(sb.root, "usr/share/app/data"))).toBe(true);
    });

    it("the read side sees the change at the next call", async () => {
        const r = await sb.bridge(["packages", "filter", "--tab", "installed"]);
        expect(r.status, r.stderr).toBe(0);
        expect((r.json as { packages: Array<{ name: string }> }).packages.map((p) => p.name)).toEqual([
            "app",
            "liba",
            "libb",
        ]);
    });

    it("previews conflicts: the conflicting package is removed, asking for both is a problem", async () => {
        let r = await sb.bridge(["operations", "preview", "install", "--", "other"]);
        let preview = (r.json as OperationPreviewResponse).preview;
        expect(preview.install.map((p) => p.name)).toEqual(["other"]);
        expect(preview.remove.map((p) => [p.name, p.oldVersion])).toEqual([["app", "1.0"]]);
        expect(preview.autoremovable).toEqual(["liba", "libb"]);
        r = await sb.bridge(["operations", "preview", "remove", "--", "libb"]);
        preview = (r.json as OperationPreviewResponse).preview;
        expect(preview.remove.map((p) => p.name).sort()).toEqual(["app", "liba", "libb"]);
        await sb.aptGet(["remove", "-y", "-q", "app"]);
        r = await sb.bridge(["operations", "preview", "install", "--", "app", "other"]);
        preview = (r.json as OperationPreviewResponse).preview;
        expect(preview.problems.some((p) => /other : Conflicts: app/.test(p))).toBe(true);
        const run = await sb.bridge(["operations", "install", "--", "app", "other"]);
        expect(resultOf(run)).toMatchObject({ ok: false, code: "OPERATION_FAILED" });
        expect(sb.installedVersion("app")).toBeNull();
        expect(sb.installedVersion("other")).toBeNull();
        await sb.aptGet(["install", "-y", "-q", "app"]);
        expect(sb.installedVersion("app")).toBe("1.0");
    });

    it("removes a package, then autoremove takes its dependencies", async () => {
        let r = await sb.bridge(["operations", "remove", "--", "app"]);
        expect(resultOf(r)).toMatchObject({ ok: true, operation: "remove" });
        expect(events(r).some((e) => e.type === "progress" && e.phase === "remove" && e.package === "app")).toBe(true);
        expect(sb.packageStatus("app")).toBeNull();
        expect(fs.existsSync(path.join(sb.root, "usr/share/app/data"))).toBe(false);
        expect(sb.installedVersion("liba")).toBe("1.0");
        r = await sb.bridge(["operations", "remove", "--", "app"]);
        expect(resultOf(r).code).toBe("PACKAGE_NOT_INSTALLED");
        r = await sb.bridge(["operations", "autoremove"]);
        expect(resultOf(r)).toMatchObject({ ok: true, operation: "autoremove" });
        expect(sb.installedVersion("liba")).toBeNull();
        expect(sb.installedVersion("libb")).toBeNull();
    });

    it("upgrades after the repository gains a newer version, keeping a modified conffile", async () => {
        let r = await sb.bridge(["operations", "install", "--", "conf"]);
        expect(resultOf(r).ok).toBe(true);
        const conffile = path.join(sb.root, "etc/conf/conf.conf");
        fs.writeFileSync(conffile, "setting=local\n");
        await sb.addPackages("main", [
            { name: "conf", version: "2.0", conffiles: [{ path: "/etc/conf/conf.conf", content: "setting=2\n" }] },
        ]);
        r = await sb.bridge(["operations", "update"]);
        expect(resultOf(r)).toMatchObject({ ok: true, operation: "update" });
        expect(events(r).some((e) => e.type === "progress" && e.phase === "update")).toBe(true);
        r = await sb.bridge(["operations", "preview", "upgrade"]);
        const preview = (r.json as OperationPreviewResponse).preview;
        expect(preview.upgrade).toEqual([{ name: "conf", architecture: "all", oldVersion: "1.0", newVersion: "2.0" }]);
        expect(preview.install).toEqual([]);
        r = await sb.bridge(["operations", "upgrade"]);
        expect(resultOf(r), r.stdout).toMatchObject({ ok: true, operation: "upgrade" });
        expect(events(r)).toContainEqual({
            type: "conffile",
            file: "/etc/conf/conf.conf",
            package: null,
            action: "kept",
        });
        expect(sb.installedVersion("conf")).toBe("2.0");
        expect(fs.readFileSync(conffile, "utf8")).toBe("setting=local\n");
        r = await sb.bridge(["operations", "upgrade", "--", "libb"]);
        expect(resultOf(r).code).toBe("PACKAGE_NOT_INSTALLED");
    });

    it("purges: the conffile goes too", async () => {
        const r = await sb.bridge(["operations", "purge", "--", "conf"]);
        expect(resultOf(r)).toMatchObject({ ok: true, operation: "purge" });
        expect(sb.packageStatus("conf")).toBeNull();
        expect(fs.existsSync(path.join(sb.root, "etc/conf/conf.conf"))).toBe(false);
    });

    it("update names repositories that fail and keeps their old lists", async () => {
        const extra = path.join(sb.root, "etc/apt/sources.list.d/unreachable.list");
        // port 9 (discard) on loopback: connection refused, no network needed
        fs.writeFileSync(extra, "deb [trusted=yes] http://127.0.0.1:9/debian stable main\n");
        const mainDists = path.join(sb.repos.get("main")!.dir, "dists");
        fs.renameSync(mainDists, mainDists + ".gone");
        try {
            const r = await sb.bridge(["operations", "update"]);
            const result = resultOf(r);
            expect(result).toMatchObject({ ok: false, code: "OPERATION_FAILED", details: { listsKept: true } });
            const failed = (result.details as { failedRepositories: Array<{ uri: string; message: string }> })
                .failedRepositories;
            expect(failed.some((f) => f.uri.includes("127.0.0.1:9"))).toBe(true);
            expect(failed.some((f) => f.uri.includes(sb.repos.get("main")!.dir))).toBe(true);
            // the old lists are still there: APT still knows the packages
            const policy = await sb.aptCache(["policy", "libb"]);
            expect(policy.stdout).toMatch(/Candidate: 1\.0/);
        } finally {
            fs.renameSync(mainDists + ".gone", mainDists);
            fs.rmSync(extra);
        }
    });

    it("a failing postinst is reported with the package and dpkg's message, once, then removal is possible", async () => {
        let r = await sb.bridge(["operations", "install", "--", "bad"]);
        const result = resultOf(r);
        expect(result).toMatchObject({ ok: false, code: "OPERATION_FAILED", details: { package: "bad" } });
        expect(result.message).toMatch(/post-installation script subprocess returned error exit status 3/);
        expect(
            events(r).some((e) => e.type === "log" && e.line.includes("bad postinst: cannot start the frobnicator"))
        ).toBe(true);
        expect(fs.readFileSync(path.join(sb.root, "var/lib/bad-postinst-runs"), "utf8")).toBe("run\n");
        expect(sb.packageStatus("bad")).toBe("install ok half-configured");
        // anything else now must not run on top of it
        r = await sb.bridge(["operations", "install", "--", "libb"]);
        expect(resultOf(r)).toMatchObject({
            ok: false,
            code: "DPKG_INTERRUPTED",
            details: { packages: [{ name: "bad", state: "half-configured" }] },
        });
        expect(r.status).toBe(5);
        expect(sb.installedVersion("libb")).toBeNull();
        // removing the broken package itself is the way out
        r = await sb.bridge(["operations", "remove", "--", "bad"]);
        expect(resultOf(r), r.stdout).toMatchObject({ ok: true });
        expect(sb.packageStatus("bad")).toBeNull();
    });

    it("an interrupted dpkg (unpacked only) blocks changes until repair configures it", async () => {
        const deb = fs
            .readdirSync(path.join(sb.repos.get("main")!.dir, "pool/main"))
            .find((f) => f.startsWith("half_"))!;
        const unpack = await sb.dpkg(["--unpack", path.join(sb.repos.get("main")!.dir, "pool/main", deb)]);
        expect(unpack.status, unpack.stderr).toBe(0);
        expect(sb.packageStatus("half")).toBe("install ok unpacked");
        let r = await sb.bridge(["operations", "install", "--", "libb"]);
        expect(resultOf(r)).toMatchObject({ ok: false, code: "DPKG_INTERRUPTED" });
        expect(resultOf(r).message).toMatch(/half \(unpacked\)/);
        r = await sb.bridge(["operations", "repair"]);
        expect(resultOf(r), r.stdout + r.stderr).toMatchObject({ ok: true, operation: "repair" });
        expect(
            events(r).some((e) => e.type === "progress" && e.phase === "configure" && e.package?.startsWith("half"))
        ).toBe(true);
        expect(sb.installedVersion("half")).toBe("1.0");
        expect(fs.readFileSync(path.join(sb.root, "var/lib/half-configured-ok"), "utf8")).toBe("done\n");
        r = await sb.bridge(["operations", "install", "--", "libb"]);
        expect(resultOf(r).ok).toBe(true);
    });

    it("a lock held by another process is LOCKED, naming the process; nothing changes", async () => {
        const holder: ChildProcess = spawn(
            "/usr/bin/python3",
            [
                "-c",
                "import fcntl,sys,time\nf=open(sys.argv[1],'w')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(60)",
                path.join(sb.root, "var/lib/dpkg/lock-frontend"),
            ],
            { stdio: ["ignore", "pipe", "inherit"] }
        );
        try {
            await new Promise<void>((resolve, reject) => {
                holder.stdout!.once("data", () => resolve());
                holder.once("exit", () => reject(new Error("lock holder exited")));
            });
            const r = await sb.bridge(["operations", "install", "--", "liba"]);
            expect(r.status).toBe(5);
            const result = resultOf(r);
            expect(result).toMatchObject({
                ok: false,
                code: "LOCKED",
                details: { pid: holder.pid, command: "python3" },
            });
            expect(result.message).toContain(`process ${holder.pid}`);
            expect(sb.installedVersion("liba")).toBeNull();
            // apt-get's own message names the holder the same way (the fallback path of the classifier)
            const apt = await sb.aptGet(["install", "-y", "liba"]);
            expect(apt.stderr).toMatch(new RegExp(`It is held by process ${holder.pid} \\(python3\\)`));
        } finally {
            holder.kill("SIGKILL");
        }
    });

    it("refuses without root: PERMISSION_DENIED", async () => {
        const r = await sb.bridge(["operations", "install", "--", "liba"], { user: "nobody" });
        expect(r.status, r.stderr).toBe(4);
        expect(resultOf(r)).toMatchObject({ ok: false, code: "PERMISSION_DENIED" });
        // a preview needs no root
        const p = await sb.bridge(["operations", "preview", "install", "--", "liba"], { user: "nobody" });
        expect(p.status, p.stderr).toBe(0);
        expect((p.json as OperationPreviewResponse).preview.install.map((x) => x.name)).toEqual(["liba"]);
    });
});

describe("cancelling: `operations cancel ID`, and a SIGTERM to the bridge that leaves the operation running", () => {
    let sb: Sandbox;
    let server: http.Server;
    let debRequested: () => void;
    const debRequest = new Promise<void>((resolve) => (debRequested = resolve));
    const held: http.ServerResponse[] = [];

    beforeAll(async () => {
        sb = await createSandbox({
            repos: [
                {
                    name: "slow",
                    packages: [
                        // random bytes: the .deb stays far larger than the 1,000 bytes the mirror below ever sends
                        {
                            name: "big",
                            version: "1.0",
                            files: [{ path: "/usr/share/big/blob", content: crypto.randomBytes(100000) }],
                        },
                        // slow to unpack: a signal arrives while dpkg is at work
                        { name: "slowinst", version: "1.0", preinst: "sleep 3" },
                    ],
                },
            ],
            update: false,
        });
        const dir = sb.repos.get("slow")!.dir;
        // A mirror that serves indexes at once and never finishes sending a .deb.
        server = http.createServer((req, res) => {
            const file = path.join(dir, decodeURIComponent((req.url ?? "/").split("?")[0]!));
            if (!file.startsWith(dir + "/") || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
                res.writeHead(404).end();
                return;
            }
            if (path.basename(file).startsWith("big_")) {
                res.writeHead(200, { "Content-Length": String(fs.statSync(file).size) });
                res.write(fs.readFileSync(file).subarray(0, 1000));
                held.push(res);
                debRequested();
                return;
            }
            res.writeHead(200).end(fs.readFileSync(file));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as AddressInfo).port;
        fs.writeFileSync(
            path.join(sb.root, "etc/apt/sources.list"),
            `deb [trusted=yes] http://127.0.0.1:${port}/ stable main\n`
        );
        await sb.update();
    });
    afterAll(async () => {
        for (const res of held) res.destroy();
        await new Promise<void>((resolve) => server?.close(() => resolve()));
        sb?.cleanup();
    });

    it("SIGTERM to the bridge (a closed tab) leaves the download running; `operations cancel ID` stops it: CANCELLED, nothing locked or installed", async () => {
        const seen: OperationStreamEvent[] = [];
        const { child, done } = sb.bridgeStream(["operations", "install", "--", "big"], (e) =>
            seen.push(e as OperationStreamEvent)
        );
        await debRequest;
        // the download has started (the bridge streamed download progress) and cannot finish
        child.kill("SIGTERM");
        const r = await done;
        expect(r.status).toBe(0);
        const started = seen.find((e): e is OperationStartedEvent => e.type === "started")!;
        expect(started).toMatchObject({ operation: "install", names: ["big"] });
        expect(seen.some((e) => e.type === "result")).toBe(false);
        let current = (await sb.bridge(["operations", "current"])).json as OperationCurrentResponse;
        expect(current.operation).toMatchObject({ id: started.id, state: "running", progress: { phase: "download" } });
        const cancel = await sb.bridge(["operations", "cancel", started.id]);
        expect(cancel.json).toMatchObject({ id: started.id, requested: true });
        const followed = await sb.bridge(["operations", "follow", started.id]);
        expect(followed.status).toBe(1);
        expect(resultOf(followed)).toMatchObject({ ok: false, operation: "install", code: "CANCELLED" });
        expect(events(followed).some((e) => e.type === "progress" && e.phase === "download")).toBe(true);
        expect(events(followed).some((e) => e.type === "progress" && e.phase !== "download")).toBe(false);
        current = (await sb.bridge(["operations", "current"])).json as OperationCurrentResponse;
        expect(current.operation).toMatchObject({ id: started.id, state: "finished", result: { code: "CANCELLED" } });
        expect(sb.packageStatus("big")).toBeNull();
        // apt-get is gone and its locks with it
        const check = await sb.aptGet(["check"]);
        expect(check.status, check.stderr).toBe(0);
    });

    it("once dpkg is changing packages, cancel is refused with a reason, a SIGTERM to the bridge only detaches it, and the change finishes", async () => {
        let id = "";
        let cancel: OperationCancelResponse | null = null;
        let asked = false;
        const { child, done } = sb.bridgeStream(["operations", "install", "--", "slowinst"], (e) => {
            const ev = e as OperationStreamEvent;
            if (ev.type === "started") id = ev.id;
            if (!asked && ev.type === "progress" && ev.phase === "install" && ev.package === "slowinst") {
                asked = true;
                void sb.bridge(["operations", "cancel", id]).then((c) => {
                    cancel = c.json as OperationCancelResponse;
                    child.kill("SIGTERM");
                });
            }
        });
        const r = await done;
        expect(asked).toBe(true);
        expect(cancel).toMatchObject({ id, requested: false });
        expect(cancel!.message).toMatch(/dpkg is already changing packages/);
        expect(r.status).toBe(0);
        const followed = await sb.bridge(["operations", "follow", id]);
        expect(resultOf(followed), followed.stdout).toMatchObject({ ok: true, operation: "install" });
        expect(sb.installedVersion("slowinst")).toBe("1.0");
    });
});

describe("the host", () => {
    it("has a byte-identical dpkg database after all of this", () => {
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });
});
