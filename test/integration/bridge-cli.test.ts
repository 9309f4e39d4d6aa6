// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's own options: `--help` is output (stdout, exit 0, so
 * `cockpit-apt-bridge --help | less` shows it) and `--version` prints
 * package.json's version, baked in by build.mjs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BRIDGE, ROOT } from "../support/bridge.js";

function run(...args: string[]) {
    return spawnSync(process.execPath, [BRIDGE, ...args], { encoding: "utf8" });
}

describe("cockpit-apt-bridge --help / --version", () => {
    it("--help prints the usage on stdout and exits 0", () => {
        const r = run("--help");
        expect(r.status).toBe(0);
        expect(r.stderr).toBe("");
        expect(r.stdout).toMatch(/^usage: cockpit-apt-bridge <command>/);
        expect(r.stdout).toContain("packages filter");
        expect(r.stdout).toContain("--version");
        // Through a pipe, as `--help | less` reads it.
        expect(
            execFileSync("/bin/sh", ["-c", `"${process.execPath}" "${BRIDGE}" --help | head -n 1`], {
                encoding: "utf8",
            })
        ).toMatch(/^usage:/);
    });

    it("--version prints package.json's version and exits 0", () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        const r = run("--version");
        expect(r.status).toBe(0);
        expect(r.stderr).toBe("");
        expect(r.stdout).toBe(`cockpit-apt-bridge ${version}\n`);
    });

    it("an unknown option is still a JSON usage error", () => {
        const r = run("--nonsense");
        expect(r.status).not.toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: "USAGE" } });
    });
});
