// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Caches that heal (issue 12): every cache file kind (index hot and detail
 * files, relations, index targets, the stores' caches) cut
 * short, with bytes flipped or zeroed: the next request answers exactly as
 * with a fresh cache, and the file is made again. A cache file that someone
 * else could have written is not believed.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAptRoot, type AptRoot, type Stanza } from "../support/apt-root.js";
import { BRIDGE } from "../support/bridge.js";
import { openVerified, writeVerified } from "../../src/bridge/verified-file.js";

const pkg = (name: string, extra: Stanza = {}): Stanza => ({
    Package: name,
    Version: "1.0",
    Architecture: "all",
    Maintainer: "M <m@example.org>",
    Section: "misc",
    Description: `${name} summary`,
    ...extra,
});
const NAMES = Array.from({ length: 3000 }, (_, i) => `pkg-${String(i).padStart(4, "0")}`);

let root: AptRoot;
let storesDir: string;
let n = 0;
beforeAll(() => {
    // pkg-1501 depends on pkg-1500: something for the reverse relation index to hold.
    root = createAptRoot({
        status: [{ ...pkg("pkg-0007"), Status: "install ok installed" }],
        repos: [
            {
                name: "main",
                origin: "Debian",
                suite: "stable",
                packages: NAMES.map((p) => pkg(p, p === "pkg-1501" ? { Depends: "pkg-1500" } : {})),
            },
        ],
    });
    storesDir = path.join(root.root, "stores");
    fs.mkdirSync(storesDir);
    fs.writeFileSync(
        path.join(storesDir, "tools.yaml"),
        "id: tools\nname: Toolbox\ndescription: Some tools.\nfilters:\n  include_packages: [pkg-0001, pkg-0002, pkg-0003]\n"
    );
});
afterAll(() => root?.cleanup());

/**
 * Runs the bridge (asynchronously: a worker blocked for minutes loses its link to vitest); `input`:
 * written to its stdin (a `standby`'s request).
 */
function bridge(
    cache: string,
    args: string[],
    env: NodeJS.ProcessEnv = {},
    input?: string
): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; builds: number }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [BRIDGE, ...args], {
            env: {
                ...process.env,
                ...root.env,
                COCKPIT_APT_CACHE_DIR: cache,
                COCKPIT_APT_STORES_DIR: storesDir,
                COCKPIT_APT_DEBUG: "1",
                ...env,
            },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        if (input !== undefined) child.stdin.end(input);
        child.on("close", (status, signal) =>
            resolve({
                status,
                signal,
                stdout,
                stderr,
                builds: stderr.split("\n").filter((l) => l.includes("building the package index")).length,
            })
        );
    });
}

/** A fresh cache directory with every file kind made. */
async function freshCache(): Promise<string> {
    const cache = path.join(root.root, `cache-${n++}`);
    for (const args of [
        ["packages", "filter", "--limit", "1000"],
        ["packages", "details", "pkg-1500"],
        ["packages", "rdepends", "pkg-1500"],
        ["stores", "list"],
        ["packages", "filter", "--limit", "1000"],
        ["stores", "list"],
    ]) {
        const r = await bridge(cache, args);
        expect(r.status, r.stderr).toBe(0);
    }
    return cache;
}

function fileOf(cache: string, kind: string): string {
    const name = fs
        .readdirSync(cache)
        .find((f) => (kind.startsWith(".") ? f.endsWith(kind) : f.startsWith(kind)) && !f.endsWith(".build-lock"));
    if (!name) throw new Error(`no ${kind} file in ${cache}: ${fs.readdirSync(cache).join(" ")}`);
    return path.join(cache, name);
}

/** Whether the file is whole again: trusted, its length and every checksum as written. */
function sound(file: string): boolean {
    const f = openVerified(file);
    if (!f) return false;
    try {
        f.verifyAll();
        return true;
    } catch {
        return false;
    } finally {
        f.close();
    }
}

type Damage = "truncated" | "flipped" | "zeroed";

/**
 * Damages `file` where `marker` is (else in its middle), as a crash, a bad
 * disk or a stray write would: cut in half, or `length` bytes from the
 * marker (the first after `after`) flipped (XOR `mask`: 0x01 keeps a JSON
 * text valid JSON with another meaning) or zeroed.
 */
function damage(file: string, how: Damage, marker?: string, mask = 0x5a, length = 16, after?: string): void {
    const data = fs.readFileSync(file);
    let at = marker ? data.indexOf(marker, after ? data.indexOf(after) : 0) : data.length >> 1;
    if (at < 0) throw new Error(`${marker} not in ${file}`);
    if (how === "truncated") {
        fs.truncateSync(file, data.length >> 1);
        return;
    }
    at = Math.max(0, Math.min(at, data.length - length));
    for (let i = 0; i < length; i++) data[at + i] = how === "zeroed" ? 0 : (data[at + i] as number) ^ mask;
    fs.writeFileSync(file, data);
}

/** The request that reads each kind, where in the file it reads, and what to do before it. */
const KINDS: Array<{
    kind: string;
    args: string[];
    marker?: string;
    after?: string;
    mask?: number;
    length?: number;
    before?: (cache: string) => void;
}> = [
    // the last page: it reads from the end of the file's columns
    { kind: ".hot", args: ["packages", "filter", "--limit", "1000", "--offset", "2000"], marker: '{"name":"pkg-2500"' },
    { kind: ".detail", args: ["packages", "details", "pkg-1500"], marker: '{"name":"pkg-1500"' },
    // pkg-1501's edge (sources are rows: [row,"d"], the only Depends of the sandbox)
    { kind: ".relations", args: ["packages", "rdepends", "pkg-1500"], marker: ',"d"]' },
    // read by a build only: the hot file goes, and the build takes its list files from the targets
    {
        kind: ".targets",
        args: ["packages", "filter", "--limit", "1000", "--offset", "2000"],
        marker: "lists/",
        after: '"filename":"',
        mask: 0x01,
        before: (cache) => fs.rmSync(fileOf(cache, ".hot")),
    },
    { kind: "stores-", args: ["stores", "list"], marker: "Toolbox", mask: 0x01, length: 7 },
    { kind: "store-counts-", args: ["stores", "list"], marker: "3}}", mask: 0x01, length: 1 },
];

describe("a damaged cache file costs a rebuild, never a crash or a wrong answer", () => {
    let cache: string;
    let pristine: string;
    const expected = new Map<string, string>();
    beforeAll(async () => {
        cache = await freshCache();
        for (const k of KINDS) expected.set(k.args.join(" "), (await bridge(cache, k.args)).stdout);
        pristine = `${cache}-pristine`;
        fs.cpSync(cache, pristine, { recursive: true });
        expect(expected.get("packages rdepends pkg-1500")).toContain("pkg-1501");
        expect(expected.get("stores list")).toContain("Toolbox");
    });
    // every case starts from the same whole cache, whatever the one before left
    beforeEach(() => {
        fs.rmSync(cache, { recursive: true });
        fs.cpSync(pristine, cache, { recursive: true });
    });

    for (const k of KINDS) {
        for (const how of ["truncated", "flipped", "zeroed"] as const) {
            it(`${k.kind.replace(/^\.|-$|\.$/g, "")} file ${how}`, async () => {
                const file = fileOf(cache, k.kind);
                expect(sound(file)).toBe(true);
                damage(file, how, k.marker, k.mask, k.length, k.after);
                k.before?.(cache);
                const r = await bridge(cache, k.args);
                expect(r.signal, r.stderr).toBeNull();
                expect(r.status, r.stderr).toBe(0);
                expect(r.stdout).toBe(expected.get(k.args.join(" ")));
                // healed: made again, whole (the stores' are rewritten at the end of the request)
                expect(sound(fileOf(cache, k.kind))).toBe(true);
                // and the next request too
                expect((await bridge(cache, k.args)).stdout).toBe(expected.get(k.args.join(" ")));
            });
        }
    }

    it("a page is checked before its first byte: a long page over a damaged hot file prints one whole document", async () => {
        const hot = fileOf(cache, ".hot");
        damage(hot, "flipped", '{"name":"pkg-2999"');
        const r = await bridge(cache, ["packages", "filter", "--limit", "1000", "--offset", "2000"]);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
        expect((JSON.parse(r.stdout) as { packages: Array<{ name: string }> }).packages.map((p) => p.name)).toEqual(
            NAMES.slice(2000)
        );
        expect(r.stderr).toContain("is damaged");
    });

    it("a spare process (standby) over a damaged hot file answers its request whole, in the process it starts again", async () => {
        const hot = fileOf(cache, ".hot");
        damage(hot, "flipped", '{"name":"pkg-2999"');
        const args = ["packages", "filter", "--limit", "1000", "--offset", "2000"];
        const r = await bridge(cache, ["standby"], {}, JSON.stringify(args));
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toContain("is damaged");
        expect(r.stdout).toBe(expected.get(args.join(" ")));
    });
});

describe("a patched index (a layer over its base: layered-file.ts) damaged costs a rebuild, never a wrong answer", () => {
    let cache: string;
    let pristine: string;
    const statusFile = () => path.join(root.root, "var/lib/dpkg/status");
    const args = ["packages", "filter", "--limit", "1000", "--offset", "2000"];
    const details = ["packages", "details", "pkg-2500"];
    let expected: string;
    let expectedDetails: string;
    /** The base file of a kind ("hot", "detail"), and its layer. */
    const baseOf = (kind: string) =>
        path.join(cache, fs.readdirSync(cache).find((f) => f.includes(`.${kind}.base-`)) ?? "-");
    beforeAll(async () => {
        cache = await freshCache();
        // dpkg ran: pkg-0007 held; the next request patches the index into layers over the files built
        fs.writeFileSync(
            statusFile(),
            fs.readFileSync(statusFile(), "utf8").replace("install ok installed", "hold ok installed")
        );
        const r = await bridge(cache, args, { COCKPIT_APT_TRACE: "1" });
        expect(r.stderr).toContain("build: patched");
        expected = r.stdout;
        expectedDetails = (await bridge(cache, details)).stdout;
        expect(expectedDetails).toContain("pkg-2500 summary");
        expect(fs.existsSync(baseOf("hot")) && fs.existsSync(baseOf("detail"))).toBe(true);
        pristine = `${cache}-pristine`;
        fs.cpSync(cache, pristine, { recursive: true });
    });
    beforeEach(() => {
        fs.rmSync(cache, { recursive: true });
        fs.cpSync(pristine, cache, { recursive: true });
    });

    const cases: Array<[string, () => void]> = [
        ["the hot file's base flipped where the page is", () => damage(baseOf("hot"), "flipped", '{"name":"pkg-2500"')],
        ["the hot file's base zeroed", () => damage(baseOf("hot"), "zeroed", '{"name":"pkg-2600"')],
        ["the hot file's base cut short", () => damage(baseOf("hot"), "truncated")],
        ["the hot file's base gone", () => fs.rmSync(baseOf("hot"))],
        ["the hot layer flipped", () => damage(fileOf(cache, ".hot"), "flipped")],
        ["the hot layer cut short", () => damage(fileOf(cache, ".hot"), "truncated")],
        [
            "the detail file's base flipped where the record is",
            () => damage(baseOf("detail"), "flipped", '{"name":"pkg-2500"'),
        ],
        ["the detail layer zeroed", () => damage(fileOf(cache, ".detail"), "zeroed")],
    ];
    for (const [what, hurt] of cases)
        it(what, async () => {
            hurt();
            for (let i = 0; i < 2; i++) {
                // answered as before, and the next request too (healed)
                const r = await bridge(cache, args);
                expect(r.signal, r.stderr).toBeNull();
                expect(r.status, r.stderr).toBe(0);
                expect(r.stdout).toBe(expected);
                expect((await bridge(cache, details)).stdout).toBe(expectedDetails);
            }
        });
});

describe("cache files someone else could have written are not believed", () => {
    /** The hot file with one summary changed and its checksums made to match: what a writer of the file could do. */
    function tamper(hot: string): void {
        const f = openVerified(hot) as NonNullable<ReturnType<typeof openVerified>>;
        const body = f.body();
        const head = f.head;
        f.close();
        const text = Buffer.from("pkg-0500 summary");
        for (let at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + 1))
            Buffer.from("pkg-0500 SUMMARY").copy(body, at);
        expect(writeVerified(hot, body, head)).toBe(true);
    }
    const page = ["packages", "filter", "--limit", "1000"];

    it("the tampered file is believed when it is root's and nobody else may write it (the test's tampering works)", async () => {
        const cache = await freshCache();
        tamper(fileOf(cache, ".hot"));
        const r = await bridge(cache, page);
        expect(r.builds).toBe(0);
        expect(r.stdout).toContain("pkg-0500 SUMMARY");
    });

    it("group-writable: rebuilt, the real summary shown", async () => {
        const cache = await freshCache();
        const hot = fileOf(cache, ".hot");
        tamper(hot);
        fs.chmodSync(hot, 0o664);
        const r = await bridge(cache, page);
        expect(r.builds).toBe(1);
        expect(r.stdout).toContain("pkg-0500 summary");
        expect(r.stdout).not.toContain("SUMMARY");
        expect(fs.statSync(fileOf(cache, ".hot")).mode & 0o777).toBe(0o644);
    });

    it("owned by another user (nobody): rebuilt, the real summary shown", async () => {
        const cache = await freshCache();
        const hot = fileOf(cache, ".hot");
        tamper(hot);
        fs.chownSync(hot, 65534, 65534);
        const r = await bridge(cache, page);
        expect(r.builds).toBe(1);
        expect(r.stdout).not.toContain("SUMMARY");
        expect(fs.statSync(fileOf(cache, ".hot")).uid).toBe(0);
    });
});
