// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stores directory: good files load next to bad ones, duplicate ids are
 * refused on both sides, only *.yaml / *.yml count, a missing directory is the
 * plain APT manager.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadStores, MAX_STORE_FILES, storesDirectory } from "../../src/bridge/stores/loader.js";
import { readJsonVerified, writeJsonAtomic } from "../../src/bridge/stores/definition-cache.js";

const store = (id: string, name = id.toUpperCase()) =>
    `id: ${id}\nname: ${name}\ndescription: The ${id} store.\nfilters:\n  include_tags: [field::${id}]\n`;

let dir: string;
let cacheDir: string;
const savedCache = process.env.COCKPIT_APT_CACHE_DIR;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stores-dir-"));
    // Parsed definitions are cached there; never in the host's /var/cache.
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "stores-cache-"));
    process.env.COCKPIT_APT_CACHE_DIR = cacheDir;
});
afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    if (savedCache === undefined) delete process.env.COCKPIT_APT_CACHE_DIR;
    else process.env.COCKPIT_APT_CACHE_DIR = savedCache;
});

function write(name: string, text: string): void {
    fs.writeFileSync(path.join(dir, name), text);
}

describe("loadStores", () => {
    it("loads every *.yaml and *.yml, sorted by name, and ignores other files", () => {
        write("b.yaml", store("boats", "Boats"));
        write("a.yml", store("apps", "Apps"));
        write("c.yaml.dpkg-old", store("old"));
        write(".hidden.yaml", store("hidden"));
        write("README", "not a store");
        const r = loadStores(dir);
        expect(r.stores.map((s) => s.id)).toEqual(["apps", "boats"]);
        expect(r.errors).toEqual([]);
        expect(r.directory).toBe(dir);
        expect(r.stores[0]?.file).toBe(path.join(dir, "a.yml"));
    });

    it("one bad file never hides the good ones; each problem names its file", () => {
        write("good.yaml", store("good"));
        write("broken.yaml", "id: [\n");
        write("invalid.yaml", "id: Bad Id\nname: x\n");
        write("empty.yaml", "");
        fs.mkdirSync(path.join(dir, "dir.yaml"));
        fs.symlinkSync("/nonexistent/x.yaml", path.join(dir, "dangling.yaml"));
        const r = loadStores(dir);
        expect(r.stores.map((s) => s.id)).toEqual(["good"]);
        const byFile = new Map<string, string[]>();
        for (const e of r.errors)
            byFile.set(path.basename(e.file), [...(byFile.get(path.basename(e.file)) ?? []), e.code]);
        expect(byFile.get("broken.yaml")).toEqual(["YAML_SYNTAX"]);
        expect(byFile.get("invalid.yaml")).toContain("INVALID_VALUE");
        expect(byFile.get("invalid.yaml")).toContain("MISSING_FIELD");
        expect(byFile.get("empty.yaml")).toEqual(["WRONG_TYPE"]);
        expect(byFile.get("dir.yaml")).toEqual(["NOT_A_FILE"]);
        expect(byFile.get("dangling.yaml")).toEqual(["NOT_FOUND"]);
        expect(byFile.has("good.yaml")).toBe(false);
    });

    it("two files with one id: both reported, neither loaded, the others unaffected", () => {
        write("one.yaml", store("marine", "One"));
        write("two.yaml", store("marine", "Two"));
        write("other.yaml", store("other"));
        const r = loadStores(dir);
        expect(r.stores.map((s) => s.id)).toEqual(["other"]);
        expect(r.errors.map((e) => [path.basename(e.file), e.code, e.field])).toEqual([
            ["one.yaml", "DUPLICATE_ID", "id"],
            ["two.yaml", "DUPLICATE_ID", "id"],
        ]);
        expect(r.errors[0]?.message).toContain("two.yaml");
        expect(r.errors[1]?.message).toContain("one.yaml");
    });

    it("warnings (unknown fields) are passed on and the store loads", () => {
        write("w.yaml", store("w") + "colour: blue\n");
        const r = loadStores(dir);
        expect(r.stores.map((s) => s.id)).toEqual(["w"]);
        expect(r.warnings.map((w) => [path.basename(w.file), w.code, w.field])).toEqual([
            ["w.yaml", "UNKNOWN_FIELD", "colour"],
        ]);
    });

    it("a missing directory is no stores and no error", () => {
        const r = loadStores(path.join(dir, "nope"));
        expect(r).toMatchObject({ stores: [], errors: [], warnings: [] });
    });

    it("a file where the directory should be is no stores, not a crash", () => {
        write("plain", "x");
        expect(loadStores(path.join(dir, "plain")).stores).toEqual([]);
    });

    it("more files than the cap: the rest are reported, not read", () => {
        for (let i = 0; i <= MAX_STORE_FILES; i++) write(`s${String(i).padStart(4, "0")}.yaml`, store(`s${i}`));
        const r = loadStores(dir);
        expect(r.stores).toHaveLength(MAX_STORE_FILES);
        expect(r.errors.map((e) => e.code)).toEqual(["TOO_MANY_FILES"]);
    });

    it("caches parsed files: an unchanged file comes from the cache, an edited one is parsed again", () => {
        write("a.yaml", store("apps", "Apps"));
        expect(loadStores(dir).stores.map((s) => s.name)).toEqual(["Apps"]);
        const [cacheFile] = fs.readdirSync(cacheDir).filter((n) => n.startsWith("stores-"));
        expect(cacheFile).toBeDefined();
        // Plant a different parse under the same key: it is used while the file is unchanged...
        const p = path.join(cacheDir, cacheFile as string);
        // (written by the cache's own writer: a file edited in place no longer matches its checksums)
        writeJsonAtomic(
            p,
            JSON.parse(JSON.stringify(readJsonVerified(p)).replace('"name":"Apps"', '"name":"From cache"'))
        );
        expect(loadStores(dir).stores.map((s) => s.name)).toEqual(["From cache"]);
        // ...and ignored as soon as the file changes.
        write("a.yaml", store("apps", "Apps 2"));
        expect(loadStores(dir).stores.map((s) => s.name)).toEqual(["Apps 2"]);
    });

    it("a corrupt cache or an unwritable cache directory costs nothing but time", () => {
        write("a.yaml", store("apps"));
        loadStores(dir);
        for (const n of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, n), "{not json");
        expect(loadStores(dir).stores.map((s) => s.id)).toEqual(["apps"]);
        process.env.COCKPIT_APT_CACHE_DIR = path.join(dir, "a.yaml", "sub"); // below a file: cannot be created
        expect(loadStores(dir).stores.map((s) => s.id)).toEqual(["apps"]);
    });

    it("asset files are checked at every load, not cached", () => {
        const assets = fs.mkdtempSync(path.join(os.tmpdir(), "stores-assets-"));
        const saved = process.env.COCKPIT_APT_STORE_ASSETS_DIR;
        process.env.COCKPIT_APT_STORE_ASSETS_DIR = assets;
        try {
            write("a.yaml", store("apps") + "icon: /usr/share/container-stores/apps/icon.svg\n");
            expect(loadStores(dir).stores[0]?.icon).toBeNull();
            fs.mkdirSync(path.join(assets, "apps"));
            fs.writeFileSync(path.join(assets, "apps/icon.svg"), "<svg/>");
            expect(loadStores(dir).stores[0]?.icon).toBe("/usr/share/container-stores/apps/icon.svg");
        } finally {
            if (saved === undefined) delete process.env.COCKPIT_APT_STORE_ASSETS_DIR;
            else process.env.COCKPIT_APT_STORE_ASSETS_DIR = saved;
            fs.rmSync(assets, { recursive: true, force: true });
        }
    });

    it("COCKPIT_APT_STORES_DIR overrides the default directory", () => {
        const saved = process.env.COCKPIT_APT_STORES_DIR;
        try {
            delete process.env.COCKPIT_APT_STORES_DIR;
            expect(storesDirectory()).toBe("/etc/container-apps/stores");
            process.env.COCKPIT_APT_STORES_DIR = dir;
            expect(storesDirectory()).toBe(dir);
        } finally {
            if (saved === undefined) delete process.env.COCKPIT_APT_STORES_DIR;
            else process.env.COCKPIT_APT_STORES_DIR = saved;
        }
    });
});

describe("only regular files are read (issue 12, item 5)", () => {
    it("a symlink to a file outside the stores and asset directories is not read; its content appears nowhere", () => {
        const outside = fs.mkdtempSync(path.join(os.tmpdir(), "stores-secret-"));
        try {
            const secret = path.join(outside, "shadow");
            fs.writeFileSync(secret, "root:SECRET-HASH-4242:19000:0:99999:7:::\nid: x\n");
            fs.symlinkSync(secret, path.join(dir, "x.yaml"));
            write("good.yaml", store("good"));
            const r = loadStores(dir);
            expect(r.stores.map((s) => s.id)).toEqual(["good"]);
            expect(r.errors).toEqual([
                {
                    file: path.join(dir, "x.yaml"),
                    code: "LINK_OUTSIDE",
                    message:
                        "is a symbolic link to a file outside the stores directory and the store asset directory; skipped",
                },
            ]);
            expect(JSON.stringify(r)).not.toContain("SECRET-HASH");
        } finally {
            fs.rmSync(outside, { recursive: true, force: true });
        }
    });

    it("a symlink to a regular file inside the stores directory is read", () => {
        fs.mkdirSync(path.join(dir, "real"));
        fs.writeFileSync(path.join(dir, "real", "boats.def"), store("boats"));
        fs.symlinkSync("real/boats.def", path.join(dir, "boats.yaml"));
        const r = loadStores(dir);
        expect(r.errors).toEqual([]);
        expect(r.stores.map((s) => s.id)).toEqual(["boats"]);
    });

    it("a device node and a FIFO are never opened", () => {
        fs.symlinkSync("/dev/zero", path.join(dir, "zero.yaml"));
        execFileSync("mkfifo", [path.join(dir, "fifo.yaml")]);
        const r = loadStores(dir);
        expect(r.errors.map((e) => [path.basename(e.file), e.code])).toEqual([
            ["fifo.yaml", "NOT_A_FILE"],
            ["zero.yaml", "LINK_OUTSIDE"],
        ]);
    });

    it("a file over 256 KiB is refused with its size", () => {
        write("big.yaml", `${store("big")}# ${"x".repeat(300 * 1024)}\n`);
        const r = loadStores(dir);
        expect(r.stores).toEqual([]);
        expect(r.errors[0]).toMatchObject({ code: "TOO_LARGE" });
        expect(r.errors[0]?.message).toMatch(
            /^is \d+ bytes, more than the 262144 a store definition may have; skipped$/
        );
    });
});
