/*
 * The launcher (src/bridge/launch/): the bridge compiles its code with V8's
 * code cache kept next to the index cache, one file per command group; a
 * cache that V8 refuses, or that cannot be trusted, never changes an answer.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAptRoot, type AptRoot, type Stanza } from "../support/apt-root.js";
import { BRIDGE } from "../support/bridge.js";

const pkg = (name: string): Stanza => ({ Package: name, Version: "1.0", Architecture: "all", Maintainer: "M <m@example.org>", Section: "misc", Description: `${name} summary` });

let root: AptRoot;
let cache: string;
beforeAll(() => {
    root = createAptRoot({ repos: [{ name: "main", origin: "Debian", suite: "stable", packages: ["alpha", "beta", "gamma"].map(pkg) }] });
    cache = path.join(root.root, "cache-launcher");
});
afterAll(() => root?.cleanup());

function bridge(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, [BRIDGE, ...args], { env: { ...process.env, ...root.env, COCKPIT_APT_CACHE_DIR: cache, COCKPIT_APT_TRACE: "1", ...env }, encoding: "utf8" });
    const codeCache = /compiled [a-z]+ \(code cache (\w+)\)/.exec(r.stderr)?.[1];
    const vendor = /compiled vendor \(code cache (\w+)\)/.exec(r.stderr)?.[1];
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, codeCache, vendor };
}
const codeCaches = () => fs.readdirSync(cache).filter((f) => f.endsWith(".v8cache")).sort();

describe("the V8 code cache", () => {
    it("is written by the first request of a group that did not build the index, and used by the next, with the same answer", () => {
        // The index build changes V8's flags (database.ts), which V8 stamps on code cache data: none is written then.
        const first = bridge(["packages", "filter"]);
        expect(first.status).toBe(0);
        expect(first.codeCache).toBe("none");
        expect(codeCaches()).toEqual([]);
        const second = bridge(["packages", "filter"]);
        expect(second.codeCache).toBe("none");
        expect(codeCaches()).toEqual([expect.stringMatching(/^code\.[0-9a-f]{16}\.packages\.v8cache$/)]);
        const third = bridge(["packages", "filter"]);
        expect(third.codeCache).toBe("used");
        expect(third.stdout).toBe(first.stdout);
        expect(second.stdout).toBe(first.stdout);
        expect(JSON.parse(third.stdout).packages.map((p: { name: string }) => p.name)).toEqual(["alpha", "beta", "gamma"]);
    });

    it("one file per command group; any other first word shares one ('other')", () => {
        expect(bridge(["sections", "list"]).status).toBe(0);
        expect(bridge(["no-such-command"]).status).toBe(2);
        expect(bridge(["../../etc/passwd"]).status).toBe(2);
        // an unknown word lists every command, the stores' too, but needs none of their libraries
        expect(codeCaches().map((f) => f.split(".")[2])).toEqual(["other", "packages", "sections"]);
    });

    it("damaged or foreign data is refused by V8 (its own checksum, which the launcher turns on), replaced, and the answer does not change", () => {
        const [file] = codeCaches().filter((f) => f.includes(".packages."));
        const p = path.join(cache, file as string);
        const good = fs.readFileSync(p);
        const before = bridge(["packages", "filter"]).stdout;
        // 16 bytes flipped in the middle: without the checksum check V8 crashed here (SIGSEGV/SIGTRAP) or ran altered code
        const flipped = Buffer.from(good);
        for (let i = 0; i < 16; i++) flipped[(flipped.length >> 1) + i]! ^= 0xff;
        fs.writeFileSync(p, flipped);
        const damaged = bridge(["packages", "filter"]);
        expect(damaged.status).toBe(0);
        expect(damaged.codeCache).toBe("rejected");
        expect(damaged.stdout).toBe(before);
        expect(bridge(["packages", "filter"]).codeCache).toBe("used");
        // one bit
        const bit = fs.readFileSync(p);
        bit[Math.floor(bit.length / 3)]! ^= 0x01;
        fs.writeFileSync(p, bit);
        expect(bridge(["packages", "filter"])).toMatchObject({ status: 0, codeCache: "rejected", stdout: before });
        // garbage
        fs.writeFileSync(p, Buffer.alloc(good.length, 0x5a));
        expect(bridge(["packages", "filter"])).toMatchObject({ status: 0, codeCache: "rejected", stdout: before });
        expect(bridge(["packages", "filter"]).codeCache).toBe("used");
    });

    it("a file others may write is not used (its data would become code), nor rewritten in place", () => {
        const [file] = codeCaches().filter((f) => f.includes(".packages."));
        const p = path.join(cache, file as string);
        fs.chmodSync(p, 0o666);
        const r = bridge(["packages", "filter"]);
        expect(r.status).toBe(0);
        expect(r.codeCache).toBe("none");
        // replaced by a new file of the bridge's own (rename), with safe permissions
        expect(fs.statSync(p).mode & 0o777).toBe(0o644);
        expect(bridge(["packages", "filter"]).codeCache).toBe("used");
    });

    it("the stores' libraries (YAML, JSON Schema), kept apart in the file, are compiled only when a store command needs them, with their own cache", () => {
        const own = { COCKPIT_APT_CACHE_DIR: path.join(root.root, "cache-vendor") };
        bridge(["packages", "filter"], own); // builds the index: writes no code cache
        const listed = bridge(["packages", "filter"], own);
        expect(listed.codeCache).toBe("none");
        expect(listed.vendor).toBeUndefined();
        const dir = fs.mkdtempSync(path.join(root.root, "stores-"));
        fs.writeFileSync(path.join(dir, "bad.yaml"), "id: bad\nname: [unclosed\n");
        const first = bridge(["stores", "validate", path.join(dir, "bad.yaml")], own);
        expect(first.status).toBe(1);
        expect(first.vendor).toBe("none");
        expect(JSON.parse(first.stdout).files[0].errors[0].message).toMatch(/YAML|flow|unclosed|end/i);
        const second = bridge(["stores", "validate", path.join(dir, "bad.yaml")], own);
        expect(second.vendor).toBe("used");
        expect(second.stdout).toBe(first.stdout);
        expect(fs.readdirSync(own.COCKPIT_APT_CACHE_DIR).filter((f) => f.endsWith(".v8cache")).map((f) => f.split(".")[2]).sort()).toEqual(["packages", "stores", "vendor"]);
    });

    it("COCKPIT_APT_NO_CODE_CACHE compiles without it", () => {
        const r = bridge(["packages", "filter"], { COCKPIT_APT_NO_CODE_CACHE: "1" });
        expect(r.status).toBe(0);
        expect(r.codeCache).toBe("none");
    });
});
