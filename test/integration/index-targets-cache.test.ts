// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index targets the index build keeps (index/index-targets-cache.ts)
 * through the built bridge: every kind of target is kept, and AppStream's
 * rebuild reads its DEP-11 targets from there instead of asking APT again;
 * when the kept answer is not current it asks APT, and finds the same.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageListResponse } from "../../src/protocol/index.js";
import { openVerified, type VerifiedFile } from "../../src/bridge/verified-file.js";
import { png } from "../support/png.js";
import { createSandbox, type Sandbox } from "../support/sandbox.js";

const CATALOG = `---
File: DEP-11
Version: '0.16'
Origin: apps-stable-main
---
Type: desktop-application
ID: org.example.Viewer
Package: viewer
Name:
  C: Viewer
Summary:
  C: Views things
Icon:
  cached:
  - name: viewer_org.example.Viewer.png
    width: 64
    height: 64
`;

let sb: Sandbox;
/** A directory whose apt-get always fails: put first in PATH, it shows whether the bridge runs apt-get. */
let failingBin: string;
/** A directory whose apt-get logs its arguments to <root>/apt-get.log and runs the real one. */
let loggingBin: string;

beforeAll(async () => {
    sb = await createSandbox({
        repos: [
            {
                name: "apps",
                origin: "Apps",
                suite: "stable",
                packages: [{ name: "viewer", version: "1.0", summary: "viewer packaged" }],
                dep11: { main: { yaml: CATALOG, icons: { "viewer_org.example.Viewer.png": png(64, 64, [1, 2, 3]) } } },
            },
        ],
    });
    loggingBin = path.join(sb.root, "logging-bin");
    fs.mkdirSync(loggingBin);
    fs.writeFileSync(
        path.join(loggingBin, "apt-get"),
        `#!/bin/sh\nprintf '%s\\n' "$*" >> '${path.join(sb.root, "apt-get.log")}'\nexec /usr/bin/apt-get "$@"\n`,
        { mode: 0o755 }
    );
    failingBin = path.join(sb.root, "failing-bin");
    fs.mkdirSync(failingBin);
    fs.writeFileSync(path.join(failingBin, "apt-get"), "#!/bin/sh\necho 'E: not to be run' >&2\nexit 100\n", {
        mode: 0o755,
    });
}, 300_000);

afterAll(() => sb?.cleanup());

const cacheDir = () => path.join(sb.root, "cache");
const cacheFiles = (pattern: RegExp) => fs.readdirSync(cacheDir()).filter((n) => pattern.test(n));
const removeAppStreamCache = () => {
    for (const n of cacheFiles(/^appstream-/)) fs.rmSync(path.join(cacheDir(), n));
};
const viewerApp = (r: { json: unknown }) =>
    (r.json as PackageListResponse).packages.find((p) => p.name === "viewer")?.app ?? null;
const withoutAptGet = { env: { PATH: "" } };

describe("the kept index targets", () => {
    it("hold every kind of target, DEP-11 ones too", async () => {
        const r = await sb.bridge(["packages", "filter"]);
        expect(r.status).toBe(0);
        const [targetsFile] = cacheFiles(/\.targets$/);
        expect(targetsFile).toBeDefined();
        const text = fs.readFileSync(path.join(cacheDir(), targetsFile as string), "utf8");
        const kinds = new Set([...text.matchAll(/"createdBy":"([^"]+)"/g)].map((m) => m[1]));
        expect([...kinds].sort()).toEqual(["DEP-11", "DEP-11-icons", "Packages"]);
    });

    it("are what AppStream's rebuild reads: no apt-get run, the same app found", async () => {
        const first = await sb.bridge(["packages", "filter"]);
        const app = viewerApp(first);
        expect(app).toMatchObject({ id: "org.example.Viewer", name: "Viewer" });
        expect(app?.icon).toMatch(/^data:image\/png;base64,/);
        removeAppStreamCache();
        withoutAptGet.env.PATH = `${failingBin}:${process.env.PATH ?? ""}`;
        const again = await sb.bridge(["packages", "filter"], withoutAptGet);
        expect(again.stderr).toBe("");
        expect(again.status).toBe(0);
        expect(viewerApp(again)).toEqual(app);
        expect(cacheFiles(/^appstream-/)).toHaveLength(1);
    });

    it("when they are not current, AppStream asks APT, and finds the same", async () => {
        const app = viewerApp(await sb.bridge(["packages", "filter"]));
        removeAppStreamCache();
        for (const n of cacheFiles(/\.targets$/)) fs.rmSync(path.join(cacheDir(), n));
        // apt-get is needed now: without it the request fails rather than show no apps
        const failed = await sb.bridge(["packages", "filter"], withoutAptGet);
        expect(failed.status).not.toBe(0);
        expect(failed.stderr + failed.stdout).toMatch(/not to be run/);
        removeAppStreamCache();
        const asked = await sb.bridge(["packages", "filter"]);
        expect(asked.status).toBe(0);
        expect(viewerApp(asked)).toEqual(app);
    });

    it("ask apt-get without its lists unless APT's files name snapshots, and find the same either way", async () => {
        const log = path.join(sb.root, "apt-get.log");
        const logged = { env: { PATH: `${loggingBin}:${process.env.PATH ?? ""}` } };
        const targetsText = () => {
            const opened = openVerified(path.join(cacheDir(), cacheFiles(/\.targets$/)[0] as string)) as VerifiedFile;
            try {
                return opened.body().toString("utf8");
            } finally {
                opened.close();
            }
        };
        const rebuild = async () => {
            for (const n of cacheFiles(/\.(targets|hot|detail)$/)) fs.rmSync(path.join(cacheDir(), n));
            fs.rmSync(log, { force: true });
            const r = await sb.bridge(["packages", "filter", "--limit", "1"], logged);
            expect(r.status).toBe(0);
            return fs.readFileSync(log, "utf8");
        };
        expect(await rebuild()).toMatch(
            /^indextargets --no-release-info -o Dir::State::lists=\/proc\/cockpit-apt-no-lists\/ /m
        );
        const cheap = targetsText();
        // A comment naming snapshot.debian.org is not an option
        const conf = path.join(sb.root, "etc/apt/apt.conf.d/90snapshot");
        fs.writeFileSync(conf, '// APT::Snapshot "20250101T000000Z"; see http://snapshot.debian.org/\n');
        expect(await rebuild()).toMatch(/Dir::State::lists=\/proc\//);
        // APT 2.9+ would then read the Release files while parsing the sources: apt-get sees its lists
        fs.writeFileSync(conf, 'APT::Snapshot "20250101T000000Z";\n');
        try {
            expect(await rebuild()).toMatch(/^indextargets --no-release-info$/m);
            expect(targetsText()).toBe(cheap);
        } finally {
            fs.rmSync(conf);
        }
    });
});
