// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One cache for everyone (issue 12): a user without root (Cockpit's limited
 * access) reads root's cache while it is current instead of building one of
 * their own; the cache does not depend on the locale; and without a home
 * directory no cache lands in the current directory. The bridge runs as
 * `nobody` (setpriv) where a user matters: the tests run as root.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAptRoot, type AptRoot, type Stanza } from "../support/apt-root.js";
import { BRIDGE } from "../support/bridge.js";
import { openVerified, writeVerified } from "../../src/bridge/verified-file.js";

const NOBODY = 65534;
const pkg = (name: string): Stanza => ({
    Package: name,
    Version: "1.0",
    Architecture: "all",
    Maintainer: "M <m@example.org>",
    Section: "misc",
    Description: `${name} summary`,
});

let root: AptRoot;
let n = 0;
beforeAll(() => {
    root = createAptRoot({
        repos: [
            {
                name: "main",
                origin: "Debian",
                suite: "stable",
                packages: Array.from({ length: 500 }, (_, i) => pkg(`pkg-${String(i).padStart(3, "0")}`)),
            },
        ],
    });
    fs.chmodSync(root.root, 0o755); // mkdtemp's 0700: another user could not see APT's files
});
afterAll(() => root?.cleanup());

const page = ["packages", "filter", "--limit", "1000"];

/** The bridge as root or as nobody, in `cwd`, with exactly `env` besides the sandbox's (no inherited cache or locale settings). */
function bridge(args: string[], env: NodeJS.ProcessEnv, as: "root" | "nobody" = "root", cwd = root.root) {
    const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...root.env, COCKPIT_APT_DEBUG: "1", ...env };
    for (const [k, v] of Object.entries(base)) if (v === undefined) delete base[k];
    const cmd =
        as === "root"
            ? [process.execPath, BRIDGE, ...args]
            : [
                  "setpriv",
                  `--reuid=${NOBODY}`,
                  `--regid=${NOBODY}`,
                  "--clear-groups",
                  "--",
                  process.execPath,
                  BRIDGE,
                  ...args,
              ];
    // asynchronously: a worker blocked for minutes loses its link to vitest
    return new Promise<{ status: number | null; stdout: string; stderr: string; builds: number }>((resolve) => {
        const child = spawn(cmd[0] as string, cmd.slice(1), { env: base, cwd });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (status) =>
            resolve({
                status,
                stdout,
                stderr,
                builds: stderr.split("\n").filter((l) => l.includes("building the package index")).length,
            })
        );
    });
}

function nobodysDir(name: string): string {
    const dir = path.join(root.root, name);
    fs.mkdirSync(dir);
    fs.chownSync(dir, NOBODY, NOBODY);
    return dir;
}

const indexFiles = (dir: string) =>
    fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(hot|detail)$/.test(f)) : [];

describe("one cache for everyone", () => {
    it("two locales share one cache (the build reads APT in the C locale whatever the user's)", async () => {
        const cache = path.join(root.root, `cache-${n++}`);
        const c = await bridge(page, { COCKPIT_APT_CACHE_DIR: cache, LANG: "C.UTF-8" });
        const de = await bridge(page, {
            COCKPIT_APT_CACHE_DIR: cache,
            LANG: "de_DE.UTF-8",
            LANGUAGE: "de",
            LC_ALL: "de_DE.UTF-8",
        });
        expect(c.status, c.stderr).toBe(0);
        expect(de.stdout).toBe(c.stdout);
        expect(c.builds + de.builds).toBe(1);
        expect(indexFiles(cache)).toHaveLength(2);
    });

    it("a user without root reads root's current cache, in any locale, and builds none of their own", async () => {
        const cache = path.join(root.root, `cache-${n++}`);
        const byRoot = await bridge(page, { COCKPIT_APT_CACHE_DIR: cache, LANG: "C.UTF-8" });
        expect(byRoot.builds).toBe(1);
        expect(fs.statSync(cache).mode & 0o777).toBe(0o755);
        for (const f of indexFiles(cache)) expect(fs.statSync(path.join(cache, f)).mode & 0o777).toBe(0o644);
        const home = nobodysDir(`home-${n++}`);
        for (const lang of ["C.UTF-8", "de_DE.UTF-8"]) {
            const r = await bridge(page, { COCKPIT_APT_CACHE_DIR: cache, HOME: home, LANG: lang }, "nobody");
            expect(r.status, r.stderr).toBe(0);
            expect(r.stdout).toBe(byRoot.stdout);
            expect(r.builds).toBe(0);
        }
        const details = await bridge(
            ["packages", "details", "pkg-100"],
            { COCKPIT_APT_CACHE_DIR: cache, HOME: home },
            "nobody"
        );
        expect(details.status, details.stderr).toBe(0);
        expect(details.builds).toBe(0);
        expect(indexFiles(path.join(home, ".cache", "cockpit-apt"))).toEqual([]);
    });

    it("when root's cache is not current, the user builds one private cache, shared by their locales", async () => {
        const cache = path.join(root.root, `cache-${n++}`);
        await bridge(page, { COCKPIT_APT_CACHE_DIR: cache });
        // dpkg's status changes: root's cache is stale until root's next request
        const status = path.join(root.root, "var/lib/dpkg/status");
        fs.appendFileSync(status, "");
        fs.utimesSync(status, new Date(), new Date(Date.now() + 5000));
        const home = nobodysDir(`home-${n++}`);
        const first = await bridge(page, { COCKPIT_APT_CACHE_DIR: cache, HOME: home, LANG: "C.UTF-8" }, "nobody");
        const second = await bridge(
            page,
            { COCKPIT_APT_CACHE_DIR: cache, HOME: home, LANG: "fr_FR.UTF-8", LANGUAGE: "fr" },
            "nobody"
        );
        expect(first.status, first.stderr).toBe(0);
        expect(second.stdout).toBe(first.stdout);
        expect(first.builds + second.builds).toBe(1);
        expect(indexFiles(path.join(home, ".cache", "cockpit-apt"))).toHaveLength(2);
    });

    it("with HOME empty, no cache is made in the current directory", async () => {
        const cwd = nobodysDir(`cwd-${n++}`);
        const r = await bridge(
            page,
            { HOME: "", COCKPIT_APT_CACHE_DIR: undefined, XDG_CACHE_HOME: undefined },
            "nobody",
            cwd
        );
        expect(r.status, r.stderr).toBe(0);
        expect(fs.readdirSync(cwd)).toEqual([]);
    });

    it("a bridge run as nobody does not believe a cache file of another user in its own cache directory", async () => {
        const cache = nobodysDir(`cache-${n++}`);
        expect((await bridge(page, { COCKPIT_APT_CACHE_DIR: cache }, "nobody")).builds).toBe(1);
        const hot = path.join(cache, indexFiles(cache).find((f) => f.endsWith(".hot")) as string);
        // another user's file, with a changed summary and checksums to match (read here as root's)
        fs.chownSync(hot, 0, 0);
        const f = openVerified(hot) as NonNullable<ReturnType<typeof openVerified>>;
        const body = f.body();
        const head = f.head;
        f.close();
        const at = body.indexOf("pkg-100 summary");
        Buffer.from("pkg-100 SUMMARY").copy(body, at);
        expect(writeVerified(hot, body, head)).toBe(true);
        fs.chownSync(hot, 12345, 12345);
        const r = await bridge(page, { COCKPIT_APT_CACHE_DIR: cache }, "nobody");
        expect(r.status, r.stderr).toBe(0);
        expect(r.builds).toBe(1);
        expect(r.stdout).toContain("pkg-100 summary");
        expect(r.stdout).not.toContain("SUMMARY");
        expect(fs.statSync(hot).uid).toBe(NOBODY);
    });
});
