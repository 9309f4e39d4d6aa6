// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Preview sizes against what apt-get really does in a sandbox served over
 * HTTP: the download size is the sum of the .deb files that a real install
 * then puts into the archive cache, an archive already in the cache is not
 * counted, a file: repository costs nothing to download, and the disk space
 * is the Installed-Size sum (checked against APT's own rounded line).
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OperationPreview, OperationPreviewResponse } from "../../src/protocol/index.js";
import { aptDiskSpaceLine } from "../../src/bridge/operations/download-size.js";
import { PROJECT_ROOT, createSandbox, hostDpkgFingerprint, type Sandbox } from "../support/sandbox.js";
import { serveDirectory, type HttpRepository } from "../support/http-repository.js";

const hostBefore = hostDpkgFingerprint();

/** Incompressible content, so that each .deb has a size of its own. */
const blob = (kib: number) => crypto.randomBytes(kib * 512).toString("hex");

describe("preview sizes", () => {
    let sb: Sandbox;
    let mirror: HttpRepository;
    let archives: string;
    const pool = (file: string) => path.join(sb.repos.get("main")!.dir, "pool/main", file);
    const debSize = (file: string) => fs.statSync(pool(file)).size;

    async function preview(...args: string[]): Promise<OperationPreview> {
        const r = await sb.bridge(["operations", "preview", ...args]);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        return (r.json as OperationPreviewResponse).preview;
    }

    /** APT's own rounded figure for the same command, from the dialog an administrator would see. */
    async function aptDiskSpace(...args: string[]): Promise<number | null> {
        const r = await sb.aptGet(["--print-uris", ...args]);
        return aptDiskSpaceLine(r.stdout);
    }

    const cached = () =>
        new Map(
            fs
                .readdirSync(archives)
                .filter((f) => f.endsWith(".deb"))
                .map((f) => [f, fs.statSync(path.join(archives, f)).size])
        );

    beforeAll(async () => {
        execFileSync(process.execPath, [path.join(PROJECT_ROOT, "build.mjs")], { stdio: "pipe" });
        sb = await createSandbox({
            update: false,
            repos: [
                {
                    name: "main",
                    packages: [
                        {
                            name: "app",
                            version: "1.0",
                            depends: "liba",
                            installedSize: 3000,
                            files: [{ path: "/usr/share/app/data", content: blob(40) }],
                        },
                        {
                            name: "liba",
                            version: "1.0",
                            installedSize: 1200,
                            files: [{ path: "/usr/share/liba/data", content: blob(20) }],
                        },
                    ],
                },
                {
                    name: "local",
                    packages: [
                        {
                            name: "localpkg",
                            version: "1.0",
                            installedSize: 77,
                            files: [{ path: "/usr/share/localpkg/data", content: blob(8) }],
                        },
                    ],
                },
            ],
        });
        mirror = await serveDirectory(sb.repos.get("main")!.dir);
        const local = sb.repos.get("local")!;
        fs.writeFileSync(
            path.join(sb.root, "etc/apt/sources.list"),
            `deb [trusted=yes] ${mirror.url}/ stable main\n${local.sourcesLine}\n`
        );
        await sb.update();
        archives = path.join(sb.root, "var/cache/apt/archives");
    });
    afterAll(async () => {
        await mirror?.close();
        sb?.cleanup();
        expect(hostDpkgFingerprint()).toEqual(hostBefore);
    });

    it("an install: the .deb files apt-get then really downloads, and their Installed-Size", async () => {
        const p = await preview("install", "--", "app");
        expect(p.install.map((x) => x.name).sort()).toEqual(["app", "liba"]);
        const expected = debSize("app_1.0_all.deb") + debSize("liba_1.0_all.deb");
        expect(p.downloadSize).toBe(expected);
        expect(p.diskSpaceChange).toBe((3000 + 1200) * 1024);
        const apt = await aptDiskSpace("install", "app");
        expect(apt).not.toBeNull();
        // APT rounds to three digits: "4,301 kB"
        expect(Math.abs((apt as number) - (p.diskSpaceChange as number))).toBeLessThan(1000);
        // ... and the same without administrative access.
        const asNobody = await sb.bridge(["operations", "preview", "install", "--", "app"], { user: "nobody" });
        expect(asNobody.status, asNobody.stderr).toBe(0);
        const q = (asNobody.json as OperationPreviewResponse).preview;
        expect([q.downloadSize, q.diskSpaceChange]).toEqual([p.downloadSize, p.diskSpaceChange]);
        expect(cached().size).toBe(0);
    });

    it("an archive already in the cache is not counted; a real install downloads exactly the rest", async () => {
        const d = await sb.aptGet(["-y", "-d", "install", "liba"]);
        expect(d.status, d.stderr).toBe(0);
        expect([...cached().keys()]).toEqual(["liba_1.0_all.deb"]);
        const p = await preview("install", "--", "app");
        expect(p.downloadSize).toBe(debSize("app_1.0_all.deb"));
        const before = cached();
        const r = await sb.aptGet(["-y", "install", "app"]);
        expect(r.status, r.stderr).toBe(0);
        const downloaded = [...cached()].filter(([f]) => !before.has(f));
        expect(downloaded.map(([f]) => f)).toEqual(["app_1.0_all.deb"]);
        expect(downloaded.reduce((n, [, size]) => n + size, 0)).toBe(p.downloadSize);
        expect(await preview("install", "--", "app")).toMatchObject({
            install: [],
            downloadSize: 0,
            diskSpaceChange: 0,
        });
    });

    it("an upgrade: the new version's archive and the difference of sizes; a partial download counts only its rest", async () => {
        await sb.addPackages("main", [
            {
                name: "app",
                version: "2.0",
                depends: "liba",
                installedSize: 5000,
                files: [{ path: "/usr/share/app/data", content: blob(60) }],
            },
        ]);
        await sb.update();
        const p = await preview("upgrade");
        expect(p.upgrade).toEqual([{ name: "app", architecture: "all", oldVersion: "1.0", newVersion: "2.0" }]);
        expect(p.downloadSize).toBe(debSize("app_2.0_all.deb"));
        expect(p.diskSpaceChange).toBe((5000 - 3000) * 1024);
        expect(Math.abs((await aptDiskSpace("upgrade", "--with-new-pkgs"))! - p.diskSpaceChange!)).toBeLessThan(1000);
        fs.writeFileSync(
            path.join(archives, "partial/app_2.0_all.deb"),
            fs.readFileSync(pool("app_2.0_all.deb")).subarray(0, 10_000)
        );
        expect((await preview("upgrade", "--", "app")).downloadSize).toBe(debSize("app_2.0_all.deb") - 10_000);
        fs.rmSync(path.join(archives, "partial/app_2.0_all.deb"));
        const before = cached();
        const r = await sb.aptGet(["-y", "install", "--only-upgrade", "app"]);
        expect(r.status, r.stderr).toBe(0);
        const downloaded = [...cached()].filter(([f]) => !before.has(f));
        expect(downloaded).toEqual([["app_2.0_all.deb", p.downloadSize]]);
    });

    it("a file: repository is read in place: nothing to download, its Installed-Size still counts", async () => {
        const p = await preview("install", "--", "localpkg");
        expect(p.install.map((x) => x.name)).toEqual(["localpkg"]);
        expect(p.downloadSize).toBe(0);
        expect(p.diskSpaceChange).toBe(77 * 1024);
    });

    it("removal and autoremove free what dpkg's Installed-Size says", async () => {
        const p = await preview("remove", "--", "app");
        expect(p).toMatchObject({ downloadSize: 0, diskSpaceChange: -5000 * 1024, autoremovable: ["liba"] });
        expect(await preview("autoremove")).toMatchObject({
            operation: "autoremove",
            remove: [],
            downloadSize: 0,
            diskSpaceChange: 0,
        });
        const r = await sb.aptGet(["-y", "remove", "app"]);
        expect(r.status, r.stderr).toBe(0);
        const a = await preview("autoremove");
        expect(a.remove).toEqual([{ name: "liba", architecture: "", oldVersion: "1.0", newVersion: null }]);
        expect(a.diskSpaceChange).toBe(-1200 * 1024);
        const bad = await sb.bridge(["operations", "preview", "autoremove", "--", "liba"]);
        expect(bad.status).toBe(2);
    });
});
