// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT's configuration kept beside the index (src/bridge/index/config-cache.ts):
 * a rebuild after dpkg changed its status does not run apt-config; a change of
 * anything apt-config's answer depends on (a file in apt.conf.d, dpkg's
 * foreign architectures) makes the next build ask again, and what is kept is
 * always what apt-config answers now.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageListResponse } from "../../src/protocol/index.js";
import { openVerified } from "../../src/bridge/verified-file.js";
import { createSandbox, type Sandbox } from "../support/sandbox.js";

let sb: Sandbox;
let env: Record<string, string>;
const log = () => path.join(sb.root, "apt-config.log");
const runs = () => (fs.existsSync(log()) ? fs.readFileSync(log(), "utf8").split("\n").filter(Boolean).length : 0);

/** The apt-config dump kept in the cache directory, or null. */
function kept(): string | null {
    const dir = sb.env.COCKPIT_APT_CACHE_DIR as string;
    const name = fs.readdirSync(dir).find((n) => n.endsWith(".config"));
    const opened = name ? openVerified(path.join(dir, name)) : null;
    if (!opened) return null;
    try {
        return opened.body().toString("utf8");
    } finally {
        opened.close();
    }
}

/** Every file of the sandbox's configuration made a minute old: one written in the last second is not trusted (config-cache.ts). */
function ageConfig(): void {
    const old = new Date(Date.now() - 60_000);
    const etc = path.join(sb.root, "etc/apt");
    const arch = path.join(path.dirname(sb.statusFile), "arch");
    for (const p of [
        sb.aptConfigPath,
        etc,
        ...fs.readdirSync(etc, { recursive: true }).map((n) => path.join(etc, String(n))),
        path.join(sb.root, "logging-bin/apt-config"),
        ...(fs.existsSync(arch) ? [arch] : []),
    ])
        fs.utimesSync(p, old, old);
}

/** dpkg's status changed as an install changes it: the index is patched. */
function dpkgRan(): void {
    const text = fs.readFileSync(sb.statusFile, "utf8");
    fs.writeFileSync(`${sb.statusFile}.new`, text.replace("Status: install ok installed", "Status: hold ok installed"));
    fs.renameSync(`${sb.statusFile}.new`, sb.statusFile);
}

beforeAll(async () => {
    sb = await createSandbox({
        repos: [{ name: "main", origin: "Test", suite: "stable", packages: [{ name: "hello", version: "1.0" }] }],
        statusStanzas: [
            ["Package: hello", "Status: install ok installed", "Version: 1.0", "Architecture: amd64", ""].join("\n"),
        ],
    });
    // apt-config through a wrapper that logs its runs
    const bin = path.join(sb.root, "logging-bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(
        path.join(bin, "apt-config"),
        `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log()}'\nexec /usr/bin/apt-config "$@"\n`,
        { mode: 0o755 }
    );
    env = { PATH: `${bin}:${process.env.PATH ?? ""}` };
    ageConfig();
}, 300_000);

afterAll(() => sb?.cleanup());

async function request(): Promise<string> {
    const r = await sb.bridge(["packages", "filter", "--limit", "10"], { env: { ...env, COCKPIT_APT_TRACE: "1" } });
    expect(r.status, r.stderr).toBe(0);
    expect((r.json as PackageListResponse).packages.map((p) => p.name)).toContain("hello");
    return r.stderr;
}

/** apt-config's answer now, but for how it was called (CommandLine::AsString names the program as it was run). */
const dumpNow = () =>
    withoutCommandLine(execFileSync("apt-config", ["dump"], { env: { ...process.env, ...sb.env }, encoding: "utf8" }));
const withoutCommandLine = (dump: string | null) => dump?.replace(/^CommandLine::AsString .*\n/m, "") ?? null;

describe("APT's configuration beside the index", () => {
    it("is asked once by the first build and kept as apt-config answers it", async () => {
        await request();
        expect(runs()).toBe(1);
        expect(withoutCommandLine(kept())).toBe(dumpNow());
    });

    it("is not asked again by the rebuild after dpkg changed its status", async () => {
        dpkgRan();
        expect(await request()).toContain("build: patched");
        expect(runs()).toBe(1);
    });

    it("is asked again after a file was added to apt.conf.d, and keeps the new answer", async () => {
        const parts = execFileSync("apt-config", ["shell", "D", "Dir::Etc::parts/d"], {
            env: { ...process.env, ...sb.env },
            encoding: "utf8",
        }).match(/D='(.*)'/)?.[1] as string;
        fs.writeFileSync(path.join(parts, "90marker"), 'Cockpit::Apt::Test::Marker "one";\n');
        ageConfig();
        fs.utimesSync(parts, new Date(Date.now() - 30_000), new Date(Date.now() - 30_000)); // another signature than before
        dpkgRan();
        await request();
        expect(runs()).toBe(2);
        expect(kept()).toContain('Cockpit::Apt::Test::Marker "one";');
        expect(withoutCommandLine(kept())).toBe(dumpNow());
    });

    // APT asks dpkg for them when APT::Architectures is not set (the sandbox sets it, so the answer stays the same)
    it("is asked again after dpkg's foreign architectures changed", async () => {
        expect((await sb.dpkg(["--add-architecture", "i386"])).status).toBe(0);
        const arch = path.join(path.dirname(sb.statusFile), "arch");
        fs.utimesSync(arch, new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
        dpkgRan();
        await request();
        expect(runs()).toBe(3);
        expect(withoutCommandLine(kept())).toBe(dumpNow());
    });
});
