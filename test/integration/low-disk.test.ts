// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A disk without room (a nearly full SD card on a boat's computer) must not
 * take the package list away: the page is how one would free space. The
 * bridge runs with its cache directory and TMPDIR on a 64 KiB tmpfs, mounted
 * in a mount namespace of its own (unshare), so nothing outside sees it and it
 * is gone with the process. The list is kept gzip-compressed, as
 * Acquire::GzipIndexes does, so that decompressing it needs room too.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    PackageDetailsResponse,
    PackageListResponse,
    ReverseDependenciesResponse,
} from "../../src/protocol/index.js";
import { createAptRoot, type AptRoot } from "../support/apt-root.js";
import { BRIDGE, runBridge } from "../support/bridge.js";

let root: AptRoot;
// ~1,500 stanzas of ~1 KB: more than a 1 MiB block of the stanza column, 20 times the tmpfs.
const COUNT = 1500;
const name = (i: number) => `pkg${String(i).padStart(4, "0")}`;

beforeAll(() => {
    root = createAptRoot({
        repos: [
            {
                name: "big",
                origin: "Big",
                suite: "stable",
                packages: Array.from({ length: COUNT }, (_, i) => ({
                    Package: name(i),
                    Version: `1.${i}`,
                    Architecture: "all",
                    Maintainer: "M <m@example.org>",
                    Section: i % 2 ? "net" : "utils",
                    ...(i > 0 ? { Depends: `${name(i - 1)} (>= 1.0)` } : {}),
                    Description:
                        `package number ${i}\n` +
                        Array.from(
                            { length: 12 },
                            (_, l) => ` line ${l} of a long description that fills the stanza to about a kilobyte.`
                        ).join("\n"),
                })),
            },
        ],
    });
    const lists = path.join(root.root, "var/lib/apt/lists");
    const list = fs.readdirSync(lists).find((n) => n.endsWith("_Packages")) as string;
    fs.writeFileSync(path.join(lists, `${list}.gz`), zlib.gzipSync(fs.readFileSync(path.join(lists, list))));
    fs.rmSync(path.join(lists, list));
});
afterAll(() => root?.cleanup());

/** The bridge with its cache directory and TMPDIR on a fresh 64 KiB tmpfs of its own. */
function bridgeOnFullDisk<T>(args: string[]): Promise<{ status: number; json: T; stderr: string }> {
    const mountPoint = fs.mkdtempSync(path.join(root.root, "small-"));
    const userns = process.geteuid?.() === 0 ? [] : ["--user", "--map-root-user"];
    const script = 'mount -t tmpfs -o size=64k tmpfs "$1" && shift && exec "$@"';
    const env = {
        ...process.env,
        ...root.env,
        COCKPIT_APT_CACHE_DIR: path.join(mountPoint, "cache"),
        TMPDIR: mountPoint,
    };
    return new Promise((resolve, reject) => {
        execFile(
            "unshare",
            [
                ...userns,
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                script,
                "sh",
                mountPoint,
                process.execPath,
                BRIDGE,
                ...args,
            ],
            { env, maxBuffer: 64 << 20 },
            (error, stdout, stderr) => {
                try {
                    resolve({
                        status: error ? (typeof error.code === "number" ? error.code : 1) : 0,
                        json: JSON.parse(stdout) as T,
                        stderr,
                    });
                } catch {
                    reject(new Error(`no JSON: ${stdout.slice(0, 300)} ${stderr.slice(0, 1000)}`));
                }
            }
        );
    });
}

describe("a full disk", () => {
    it("costs the cache, not the answer: lists, details and reverse dependencies as with room", async () => {
        for (const args of [
            ["packages", "filter", "--limit", "1000", "--offset", "200"],
            ["packages", "filter", "--section", "net", "--limit", "5"],
            ["packages", "details", name(777)],
            ["packages", "rdepends", name(777)],
        ]) {
            const full = await bridgeOnFullDisk<unknown>(args);
            const roomy = await runBridge<unknown>(args, root.env);
            expect(full.status, full.stderr).toBe(0);
            expect(roomy.status).toBe(0);
            expect(full.json).toEqual(roomy.json);
        }
        const list = (await runBridge<PackageListResponse>(["packages", "filter", "--limit", "1"], root.env)).json;
        expect(list.total).toBe(COUNT); // the compressed list was read at all
        const details = (await runBridge<PackageDetailsResponse>(["packages", "details", name(777)], root.env)).json;
        expect(details.package.description).toContain("line 11 of a long description");
        const rdepends = (await runBridge<ReverseDependenciesResponse>(["packages", "rdepends", name(777)], root.env))
            .json;
        expect(rdepends.reverseDependencies.map((d) => d.name)).toEqual([name(778)]);
    });
});
