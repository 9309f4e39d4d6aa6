// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The read-side commands through the built bridge against a sandbox APT root:
 * the filter cascade, search ranking, sections, repositories, details, the
 * index cache following changes, and every kind of bad input.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    BatchResponse,
    ErrorResponse,
    PackageDetailsResponse,
    PackageListResponse,
    RepositoryListResponse,
    SectionListResponse,
} from "../../src/protocol/index.js";
import { createAptRoot, stanzas, type AptRoot, type Stanza } from "../support/apt-root.js";
import { BRIDGE, runBridge } from "../support/bridge.js";
import { openVerified, writeVerified, type VerifiedFile } from "../../src/bridge/verified-file.js";

const pkg = (name: string, version: string, extra: Stanza = {}): Stanza => ({
    Package: name,
    Version: version,
    Architecture: "all",
    Maintainer: "Ünïcode Maintainer <m@example.org>",
    Section: "misc",
    Description: `${name} summary\n A longer description of ${name}.\n .\n Second paragraph.`,
    ...extra,
});

let root: AptRoot;
const bridge = <T>(...args: string[]) => runBridge<T>(args, root.env);

beforeAll(() => {
    root = createAptRoot({
        repos: [
            {
                name: "marine",
                origin: "Hat Labs",
                label: "Marine",
                suite: "stable",
                codename: "trixie",
                packages: [
                    pkg("marine-signalk-server-container", "2.0", {
                        Section: "net",
                        Tag: "field::marine, role::container-app, use::routing",
                    }),
                    pkg("marine-opencpn-container", "1.0", {
                        Section: "contrib/net",
                        Tag: "field::marine, role::container-app",
                    }),
                    pkg("signalk-tools", "1.0", { Section: "utils", Description: "tools around a marine data server" }),
                ],
            },
            {
                name: "main",
                origin: "Debian",
                label: "Debian",
                suite: "bookworm",
                codename: "bookworm",
                packages: [
                    pkg("nginx", "1.22"),
                    pkg("nginx-common", "1.22"),
                    pkg("curl", "7.88", { Section: "web" }),
                    pkg("libnginx-mod-http", "1.22", { Description: "nginx module" }),
                ],
            },
        ],
        status: [
            {
                Package: "curl",
                Status: "install ok installed",
                Architecture: "all",
                Version: "7.80",
                Maintainer: "M <m@example.org>",
                Section: "web",
                "Installed-Size": "500",
                Description: "curl as installed\n Long text from dpkg.",
            },
        ],
        extendedStates: [{ Package: "curl", Architecture: "all", "Auto-Installed": "1" }],
    });
});
afterAll(() => root?.cleanup());

describe("packages filter", () => {
    it("lists every package sorted by name, with totals and paging", async () => {
        const r = await bridge<PackageListResponse>("packages", "filter");
        expect(r.status).toBe(0);
        expect(r.json.packages.map((p) => p.name)).toEqual([
            "curl",
            "libnginx-mod-http",
            "marine-opencpn-container",
            "marine-signalk-server-container",
            "nginx",
            "nginx-common",
            "signalk-tools",
        ]);
        expect(r.json.total).toBe(7);
        const page = await bridge<PackageListResponse>("packages", "filter", "--limit", "2", "--offset", "2");
        expect(page.json).toMatchObject({ total: 7, offset: 2, limit: 2 });
        expect(page.json.packages.map((p) => p.name)).toEqual([
            "marine-opencpn-container",
            "marine-signalk-server-container",
        ]);
    });

    it("filters by tab, repository and section (with or without component prefix)", async () => {
        const installed = await bridge<PackageListResponse>("packages", "filter", "--tab", "installed");
        expect(installed.json.packages.map((p) => [p.name, p.installedVersion, p.upgradable])).toEqual([
            ["curl", "7.80", true],
        ]);
        const updates = await bridge<PackageListResponse>("packages", "filter", "--tab=updates");
        expect(updates.json.packages.map((p) => p.name)).toEqual(["curl"]);
        const marine = await bridge<PackageListResponse>("packages", "filter", "--repo", "Hat Labs:stable");
        expect(marine.json.total).toBe(3);
        const net = await bridge<PackageListResponse>("packages", "filter", "--section", "net");
        expect(net.json.packages.map((p) => p.name)).toEqual([
            "marine-opencpn-container",
            "marine-signalk-server-container",
        ]);
        const contribNet = await bridge<PackageListResponse>("packages", "filter", "--section", "contrib/net");
        expect(contribNet.json.packages.map((p) => p.name)).toEqual(["marine-opencpn-container"]);
        const both = await bridge<PackageListResponse>(
            "packages",
            "filter",
            "--repo",
            "Debian:bookworm",
            "--tab",
            "installed",
            "--section",
            "web"
        );
        expect(both.json.packages.map((p) => p.name)).toEqual(["curl"]);
    });

    it("reports origin, repository and tags of the candidate", async () => {
        const r = await bridge<PackageListResponse>("packages", "search", "signalk-server");
        const p = r.json.packages[0];
        expect(p).toMatchObject({
            name: "marine-signalk-server-container",
            repository: "Hat Labs:stable",
            origin: { origin: "Hat Labs", label: "Marine", suite: "stable", codename: "trixie", site: "" },
            tags: ["field::marine", "role::container-app", "use::routing"],
        });
    });
});

describe("packages search", () => {
    it("ranks names before summaries, is case-insensitive and needs every word", async () => {
        const r = await bridge<PackageListResponse>("packages", "search", "NGINX");
        expect(r.json.packages.map((p) => p.name)).toEqual(["nginx", "nginx-common", "libnginx-mod-http"]);
        const summary = await bridge<PackageListResponse>("packages", "search", "marine data");
        expect(summary.json.packages.map((p) => p.name)).toEqual(["signalk-tools"]);
        const none = await bridge<PackageListResponse>("packages", "search", "nginx", "--section", "utils");
        expect(none.json.total).toBe(0);
    });

    it("takes a text starting with '-' after --, never as an option", async () => {
        const r = await bridge<PackageListResponse>("packages", "search", "--", "-mod");
        expect(r.status).toBe(0);
        expect(r.json.packages.map((p) => p.name)).toEqual(["libnginx-mod-http"]);
        const bad = await bridge<ErrorResponse>("packages", "search", "-mod");
        expect(bad.status).toBe(2);
        expect(bad.json.error.code).toBe("USAGE");
    });
});

describe("repositories, sections, details", () => {
    it("lists repositories with counts, named by origin", async () => {
        const r = await bridge<RepositoryListResponse>("repositories", "list");
        expect(r.json.repositories.map((x) => [x.id, x.name, x.packageCount, x.codename])).toEqual([
            ["Debian:bookworm", "Debian", 4, "bookworm"],
            ["Hat Labs:stable", "Hat Labs", 3, "trixie"],
        ]);
    });

    it("lists sections without component prefix, with labels and counts", async () => {
        const r = await bridge<SectionListResponse>("sections", "list");
        const byName = Object.fromEntries(r.json.sections.map((s) => [s.name, [s.label, s.packageCount]]));
        expect(byName).toEqual({
            misc: ["Miscellaneous", 3],
            net: ["Network", 2],
            utils: ["Utilities", 1],
            web: ["Web Software", 1],
        });
    });

    it("shows details with long description, UTF-8 maintainer, versions and auto flag", async () => {
        const r = await bridge<PackageDetailsResponse>("packages", "details", "nginx");
        expect(r.json.package).toMatchObject({
            name: "nginx",
            maintainer: "Ünïcode Maintainer <m@example.org>",
            status: "not-installed",
            automaticallyInstalled: false,
        });
        expect(r.json.package.description).toBe("A longer description of nginx.\n\nSecond paragraph.");
        const curl = await bridge<PackageDetailsResponse>("packages", "details", "curl");
        expect(curl.json.package).toMatchObject({
            installedVersion: "7.80",
            candidateVersion: "7.88",
            automaticallyInstalled: true,
            installedSize: 500,
        });
        expect(curl.json.package.versions.map((v) => [v.version, v.installed, v.candidate, v.priority])).toEqual([
            ["7.88", false, true, 500],
            ["7.80", true, false, 100],
        ]);
    });
});

describe("the index cache", () => {
    it("follows a change of dpkg's status at the next call", async () => {
        const before = await bridge<PackageListResponse>("packages", "filter", "--tab", "installed");
        expect(before.json.total).toBe(1);
        const status = path.join(root.root, "var/lib/dpkg/status");
        fs.appendFileSync(
            status,
            "\n" +
                stanzas([
                    {
                        Package: "nginx",
                        Status: "install ok installed",
                        Architecture: "all",
                        Version: "1.22",
                        Maintainer: "M <m@x>",
                        Description: "x",
                    },
                ])
        );
        const after = await bridge<PackageListResponse>("packages", "filter", "--tab", "installed");
        expect(after.json.packages.map((p) => p.name)).toEqual(["curl", "nginx"]);
    });

    it("keeps apt-get indextargets' answer across a status change and asks again when the lists change", async () => {
        const cache = path.join(root.root, "cache");
        const targetsFile = () => fs.readdirSync(cache).find((n) => n.endsWith(".targets"));
        await bridge<PackageListResponse>("packages", "filter", "--limit", "1");
        const name = targetsFile() as string;
        expect(name).toBeDefined();
        const first = fs.statSync(path.join(cache, name)).ino;
        // dpkg ran: the index is rebuilt, the targets file is not written again
        const status = path.join(root.root, "var/lib/dpkg/status");
        fs.appendFileSync(
            status,
            "\n" +
                stanzas([
                    {
                        Package: "nginx-common",
                        Status: "install ok installed",
                        Architecture: "all",
                        Version: "1.22",
                        Maintainer: "M <m@x>",
                        Description: "x",
                    },
                ])
        );
        const installed = await bridge<PackageListResponse>("packages", "filter", "--tab", "installed");
        expect(installed.json.packages.map((p) => p.name)).toContain("nginx-common");
        expect(fs.statSync(path.join(cache, name)).ino).toBe(first);
        // a list goes away (as apt-get update does when a source is dropped): apt-get is asked again
        const lists = path.join(root.root, "var/lib/apt/lists");
        const marineList = fs.readdirSync(lists).find((n) => n.includes("marine") && n.endsWith("_Packages")) as string;
        expect(marineList).toBeDefined();
        fs.renameSync(path.join(lists, marineList), path.join(root.root, marineList));
        try {
            const repos = await bridge<RepositoryListResponse>("repositories", "list");
            expect(repos.json.repositories.map((r) => r.origin)).toEqual(["Debian"]);
            expect(fs.statSync(path.join(cache, name)).ino).not.toBe(first);
        } finally {
            fs.renameSync(path.join(root.root, marineList), path.join(lists, marineList));
        }
        const back = await bridge<RepositoryListResponse>("repositories", "list");
        expect(back.json.repositories.map((r) => r.origin).sort()).toEqual(["Debian", "Hat Labs"]);
    });

    it("does not take a kept index target whose list path could become an option of apt-helper", async () => {
        const cache = path.join(root.root, "cache");
        const expected = (await bridge<PackageListResponse>("packages", "filter", "--limit", "1")).json.total;
        const name = fs.readdirSync(cache).find((n) => n.endsWith(".targets")) as string;
        // Forged with checksums to match (verified-file.ts) and a current stamp: only the paths are wrong.
        const opened = openVerified(path.join(cache, name)) as VerifiedFile;
        const head = opened.head;
        const targets = JSON.parse(opened.body().toString("utf8")) as Array<{ filename: string }>;
        opened.close();
        for (const t of targets) t.filename = "--help";
        expect(writeVerified(path.join(cache, name), Buffer.from(JSON.stringify(targets)), head)).toBe(true);
        for (const f of fs.readdirSync(cache)) if (/\.(hot|detail)$/.test(f)) fs.rmSync(path.join(cache, f));
        const r = await bridge<PackageListResponse>("packages", "filter", "--limit", "1");
        expect(r.status).toBe(0);
        expect(r.json.total).toBe(expected);
        expect(fs.readFileSync(path.join(cache, name), "utf8")).not.toContain("--help");
    });

    it("notices a preferences file created after the build, and its removal", async () => {
        const upgradable = async () =>
            (await bridge<PackageListResponse>("packages", "filter", "--tab", "updates")).json.packages.map(
                (p) => p.name
            );
        expect(await upgradable()).toContain("curl");
        const prefs = path.join(root.root, "etc/apt/preferences");
        expect(fs.existsSync(prefs)).toBe(false);
        fs.writeFileSync(prefs, "Package: curl\nPin: version 7.80\nPin-Priority: 1001\n");
        try {
            expect(await upgradable()).not.toContain("curl");
        } finally {
            fs.rmSync(prefs);
        }
        expect(await upgradable()).toContain("curl");
    });

    it("is rebuilt from a damaged cache file", async () => {
        for (const f of fs.readdirSync(path.join(root.root, "cache")))
            fs.writeFileSync(path.join(root.root, "cache", f), "garbage");
        const r = await bridge<PackageListResponse>("packages", "filter");
        expect(r.status).toBe(0);
        expect(r.json.total).toBe(7);
    });
});

/** `batch` with `input` on its standard input. */
function batch(input: string): Promise<{ status: number | null; stdout: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [BRIDGE, "batch"], { env: { ...process.env, ...root.env } });
        let stdout = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.on("close", (status) => resolve({ status, stdout }));
        child.stdin.end(input);
    });
}

describe("batch: several reads in one process", () => {
    it("answers each request with the document (or the error) it prints alone, in order", async () => {
        const requests = [
            ["stores", "list"],
            ["repositories", "list"],
            ["packages", "counts"],
            ["packages", "counts", "--repo=Debian:bookworm"],
            ["sections", "list", "--with-apps"],
            ["operations", "current"],
            ["repositories", "list", "--store=no-such-store"],
        ];
        const r = await batch(JSON.stringify(requests));
        expect(r.status).toBe(0);
        const results = (JSON.parse(r.stdout) as BatchResponse).results;
        expect(results).toHaveLength(requests.length);
        for (const [i, args] of requests.entries()) {
            const alone = await bridge(...(args as string[]));
            const result = results[i] as { ok: unknown } | ErrorResponse;
            if (alone.status === 0) expect(result, args.join(" ")).toEqual({ ok: alone.json });
            else expect(result, args.join(" ")).toEqual(alone.json);
        }
        expect((results[6] as ErrorResponse).error.code).toBe("STORE_NOT_FOUND");
    });

    it("refuses anything but the read commands it runs, and bad input, before running any", async () => {
        for (const input of [
            JSON.stringify([
                ["packages", "counts"],
                ["operations", "install", "--", "curl"],
            ]),
            JSON.stringify([["packages", "filter"]]),
            JSON.stringify([["batch"]]),
            JSON.stringify([]),
            JSON.stringify(Array.from({ length: 9 }, () => ["stores", "list"])),
            JSON.stringify([["stores", "list", 7]]),
            JSON.stringify({ stores: "list" }),
            "not json",
            "",
        ]) {
            const r = await batch(input);
            expect(r.status, input).toBe(2);
            expect((JSON.parse(r.stdout) as ErrorResponse).error.code, input).toBe("USAGE");
        }
        const args = await bridge<ErrorResponse>("batch", "--", "stores", "list");
        expect(args.status).toBe(2);
        expect(args.json.error.code).toBe("USAGE");
    });
});

/**
 * `standby`: started first, sent `input` after `afterMs` (null: stdin held open and never written),
 * with `env` added; its exit status, stdout and how long it ran.
 */
function standby(
    input: string | null,
    afterMs = 0,
    env: NodeJS.ProcessEnv = {}
): Promise<{ status: number | null; stdout: string; ms: number }> {
    return new Promise((resolve) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, [BRIDGE, "standby"], { env: { ...process.env, ...root.env, ...env } });
        let stdout = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.on("close", (status) => resolve({ status, stdout, ms: performance.now() - t0 }));
        if (input !== null) setTimeout(() => child.stdin.end(input), afterMs);
    });
}

describe("standby: a process started before its request", () => {
    it("answers the request it is sent later exactly as the same arguments on the command line", async () => {
        for (const args of [
            ["packages", "filter", "--query=curl", "--limit", "5"],
            ["packages", "counts"],
            ["packages", "details", "--", "curl"],
            ["sections", "list", "--with-apps"],
            ["repositories", "list", "--store=no-such-store"],
            ["packages", "details", "--", "nosuch"],
        ]) {
            const alone = await bridge(...args);
            const r = await standby(JSON.stringify(args), 300);
            expect(r.status, args.join(" ")).toBe(alone.status);
            expect(JSON.parse(r.stdout), args.join(" ")).toEqual(alone.json);
        }
    });

    it("refuses anything but the read commands it serves, and bad input, with USAGE and nothing run", async () => {
        const before = await bridge<PackageListResponse>("packages", "filter", "--tab", "installed");
        for (const input of [
            JSON.stringify(["operations", "install", "--", "curl"]),
            JSON.stringify(["operations", "remove", "--", "curl"]),
            JSON.stringify(["standby"]),
            JSON.stringify(["batch"]),
            JSON.stringify(["packages", "filter", 7]),
            JSON.stringify([["packages", "filter"]]),
            JSON.stringify({ packages: "filter" }),
            "not json",
        ]) {
            const r = await standby(input);
            expect(r.status, input).toBe(2);
            expect((JSON.parse(r.stdout) as ErrorResponse).error.code, input).toBe("USAGE");
        }
        const after = await bridge<PackageListResponse>("packages", "filter", "--tab", "installed");
        expect(after.json.packages.map((p) => p.name)).toEqual(before.json.packages.map((p) => p.name));
        const args = await bridge<ErrorResponse>("standby", "--", "packages", "counts");
        expect(args.status).toBe(2);
        expect(args.json.error.code).toBe("USAGE");
    });

    it("exits quietly when it is let go (stdin closed empty) or gets nothing within its idle time", async () => {
        const letGo = await standby("");
        expect(letGo).toMatchObject({ status: 0, stdout: "" });
        const idle = await standby(null, 0, { COCKPIT_APT_STANDBY_IDLE_MS: "400" });
        expect(idle).toMatchObject({ status: 0, stdout: "" });
        expect(idle.ms).toBeGreaterThanOrEqual(400);
        // a request within the idle time is answered
        const inTime = await standby(JSON.stringify(["packages", "counts"]), 100, {
            COCKPIT_APT_STANDBY_IDLE_MS: "5000",
        });
        expect(inTime.status).toBe(0);
        expect(JSON.parse(inTime.stdout)).toHaveProperty("installed");
    });
});

describe("bad input gets a clear error", () => {
    const cases: Array<[string[], string, number]> = [
        [["packages", "details", "-o"], "USAGE", 2], // an option-looking name is never taken as a name...
        [["packages", "details", "--", "-o"], "INVALID_ARGUMENT", 2], // ...and after -- it is refused as one
        [["packages", "details", "foo;rm"], "INVALID_ARGUMENT", 2],
        [["packages", "details", "x".repeat(200)], "INVALID_ARGUMENT", 2],
        [["packages", "details", "nosuch"], "PACKAGE_NOT_FOUND", 3],
        [["packages", "filter", "--limit", "0"], "INVALID_ARGUMENT", 2],
        [["packages", "filter", "--limit", "1001"], "INVALID_ARGUMENT", 2],
        [["packages", "filter", "--offset", "-1"], "INVALID_ARGUMENT", 2],
        [["packages", "filter", "--tab", "all"], "INVALID_ARGUMENT", 2],
        [["packages", "filter", "--repo", "nope:none"], "REPOSITORY_NOT_FOUND", 3],
        [["packages", "filter", "--store", "marine"], "STORE_NOT_FOUND", 3],
        [["packages", "filter", "--store", "Bad_Id"], "INVALID_ARGUMENT", 2],
        [["packages", "filter", "--query", "x".repeat(201)], "INVALID_ARGUMENT", 2],
        [["packages", "filter", "--frobnicate"], "USAGE", 2],
        [["packages", "filter", "--limit"], "USAGE", 2],
        [["packages", "filter", "extra"], "USAGE", 2],
        [["nonsense"], "USAGE", 2],
        [[], "USAGE", 2],
    ];
    for (const [args, code, status] of cases) {
        it(`${JSON.stringify(args).slice(0, 60)} -> ${code}`, async () => {
            const r = await bridge<ErrorResponse>(...args);
            expect(r.json.error.code).toBe(code);
            expect(r.json.error.message.length).toBeGreaterThan(5);
            expect(r.status).toBe(status);
            expect(r.stdout.trim().split("\n")).toHaveLength(1);
        });
    }
});

describe("without APT", () => {
    it("says APT_UNAVAILABLE when apt-config cannot run", async () => {
        const r = await runBridge<ErrorResponse>(["packages", "filter"], {
            ...root.env,
            PATH: "/nonexistent",
            COCKPIT_APT_CACHE_DIR: path.join(root.root, "cache-noapt"),
        });
        expect(r.json.error.code).toBe("APT_UNAVAILABLE");
        expect(r.status).toBe(1);
    });
});

describe("essential packages", () => {
    it("are flagged from the installed version's Essential field, else the candidate's", async () => {
        const r2 = createAptRoot({
            repos: [
                {
                    name: "main",
                    origin: "Debian",
                    suite: "bookworm",
                    packages: [pkg("base-files", "13"), pkg("login", "1", { Essential: "yes" }), pkg("nano", "7")],
                },
            ],
            status: [
                {
                    Package: "base-files",
                    Status: "install ok installed",
                    Architecture: "all",
                    Version: "12",
                    Essential: "yes",
                    Maintainer: "M <m@example.org>",
                    Description: "base",
                },
                {
                    Package: "nano",
                    Status: "install ok installed",
                    Architecture: "all",
                    Version: "7",
                    Maintainer: "M <m@example.org>",
                    Description: "nano",
                },
            ],
        });
        try {
            const r = await runBridge<PackageListResponse>(["packages", "filter"], r2.env);
            expect(r.json.packages.map((p) => [p.name, p.essential])).toEqual([
                ["base-files", true],
                ["login", true],
                ["nano", false],
            ]);
        } finally {
            r2.cleanup();
        }
    });
});
