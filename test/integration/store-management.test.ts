// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Store management (issue 17) through the built bridge on a sandbox APT
 * root: several stores at once, debtag facets, the state file (enable and
 * disable, concurrent writers, a disabled store in every store-scoped
 * command), and user stores (save, delete, export, import).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type {
    CategoryListResponse,
    ErrorResponse,
    PackageFacetsResponse,
    PackageListResponse,
    RepositoryListResponse,
    SectionListResponse,
    StoreDeleteResponse,
    StoreExportResponse,
    StoreListResponse,
    StorePreviewResponse,
    StoreSaveResponse,
    StoreStateResponse,
} from "../../src/protocol/index.js";
import { createAptRoot, type AptRoot, type Stanza } from "../support/apt-root.js";
import { BRIDGE, ROOT, runBridge, type BridgeResult } from "../support/bridge.js";

const pkg = (name: string, section: string, tags: string[] = []): Stanza => ({
    Package: name,
    Version: "1.0",
    Architecture: "all",
    Maintainer: "M <m@example.org>",
    Section: section,
    Description: `${name} summary`,
    ...(tags.length ? { Tag: tags.join(", ") } : {}),
});

let root: AptRoot;
let storesDir: string;
let stateFile: string;
let env: NodeJS.ProcessEnv;
const bridge = <T>(...args: string[]) => runBridge<T>(args, env);
const names = (r: PackageListResponse) => r.packages.map((p) => p.name).sort();

/** The bridge with `input` on its standard input (as the page sends a definition). */
function bridgeIn<T>(args: readonly string[], input: string): Promise<BridgeResult<T>> {
    return new Promise((resolve, reject) => {
        const child = execFile(
            process.execPath,
            [BRIDGE, ...args],
            { env: { ...process.env, ...env }, encoding: "utf8" },
            (error, stdout, stderr) => {
                const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                try {
                    resolve({ status, stdout, stderr, json: JSON.parse(stdout) as T });
                } catch {
                    reject(
                        new Error(
                            `bridge ${args.join(" ")} printed no JSON (status ${status}): ${stdout.slice(0, 500)} ${stderr.slice(0, 1000)}`
                        )
                    );
                }
            }
        );
        child.stdin?.end(input);
    });
}

/** Every file under `dir`, relative, sorted: what a command wrote. */
function tree(dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else out.push(path.relative(dir, p));
        }
    };
    walk(dir);
    return out.sort();
}

const MY_STORE =
    "# my own\nid: my-boat\nname: My Boat\ndescription: What I run on board.\nfilters:\n  include_tags: [use::navigating, use::monitor]\n";

beforeAll(() => {
    root = createAptRoot({
        repos: [
            {
                name: "apps",
                origin: "Container Apps",
                label: "Container Apps",
                suite: "stable",
                packages: [
                    pkg("signalk-server-app", "net", [
                        "category::navigation",
                        "field::marine",
                        "interface::web",
                        "role::container-app",
                        "use::navigating",
                    ]),
                    pkg("avnav-app", "contrib/net", [
                        "category::navigation",
                        "field::marine",
                        "interface::web",
                        "use::navigating",
                    ]),
                    pkg("nmea-gateway-app", "net", ["field::marine", "hardware::nmea"]),
                    pkg("boat-monitor-app", "misc", [
                        "category::monitoring",
                        "field::marine",
                        "interface::web",
                        "use::monitor",
                    ]),
                    pkg("gitea-app", "vcs", [
                        "category::code-hosting",
                        "devel::web",
                        "interface::web",
                        "role::container-app",
                    ]),
                    pkg("postgres-console-app", "contrib/database", ["category::databases", "role::container-app"]),
                    pkg("marine-db-app", "database", ["field::marine", "role::container-app"]),
                    pkg("notes-app", "text", ["role::container-app"]),
                ],
            },
            {
                name: "debian",
                origin: "Debian",
                label: "Debian",
                suite: "bookworm",
                packages: [
                    pkg("opencpn", "non-free/misc", ["field::marine", "use::navigating"]),
                    pkg("git", "vcs", ["devel::rcs"]),
                ],
            },
        ],
    });
    storesDir = path.join(root.root, "etc/container-apps/stores");
    stateFile = path.join(root.root, "etc/container-apps/cockpit-apt-stores.json");
    env = { ...root.env, COCKPIT_APT_STORES_DIR: storesDir, COCKPIT_APT_STORE_ASSETS_DIR: path.join(ROOT, "stores") };
});
afterAll(() => root?.cleanup());

beforeEach(() => {
    fs.rmSync(path.dirname(storesDir), { recursive: true, force: true });
    fs.mkdirSync(storesDir, { recursive: true });
    for (const f of ["marine.yaml", "devtools.yaml"])
        fs.copyFileSync(path.join(ROOT, "stores", f), path.join(storesDir, f));
});

describe("several stores at once", () => {
    it("packages filter --store A --store B: the union, a package once, each saying which stores select it", async () => {
        const a = (await bridge<PackageListResponse>("packages", "filter", "--store", "marine")).json;
        const b = (await bridge<PackageListResponse>("packages", "filter", "--store", "devtools")).json;
        const both = (
            await bridge<PackageListResponse>("packages", "filter", "--store", "marine", "--store", "devtools")
        ).json;
        const union = [...new Set([...names(a), ...names(b)])].sort();
        expect(names(both)).toEqual(union);
        expect(both.total).toBe(union.length);
        // marine-db-app is in both (marine by tag, devtools by section): listed once, with both stores.
        expect(names(both).filter((n) => n === "marine-db-app")).toHaveLength(1);
        const storesOf = Object.fromEntries(both.packages.map((p) => [p.name, p.stores]));
        expect(storesOf["marine-db-app"]).toEqual(["marine", "devtools"]);
        expect(storesOf["signalk-server-app"]).toEqual(["marine"]);
        expect(storesOf["gitea-app"]).toEqual(["devtools"]);
        // Without --store no summary carries stores.
        const plain = (await bridge<PackageListResponse>("packages", "filter", "--query", "gitea")).json;
        expect(plain.packages[0]).not.toHaveProperty("stores");
    });

    it("repositories, sections and categories list take --store repeated, counted within the union", async () => {
        const repos = (
            await bridge<RepositoryListResponse>("repositories", "list", "--store", "marine", "--store", "devtools")
        ).json;
        expect(repos.repositories.map((r) => [r.id, r.packageCount])).toEqual([["Container Apps:stable", 7]]);
        const sections = (
            await bridge<SectionListResponse>("sections", "list", "--store", "marine", "--store", "devtools")
        ).json;
        const custom = sections.sections.filter((s) => s.custom).map((s) => s.name);
        expect(custom).toEqual(["navigation", "instruments", "monitoring"]); // marine's; devtools browses by categories
        expect(sections.sections.find((s) => s.name === "database")?.packageCount).toBe(2);
        const cats = (
            await bridge<CategoryListResponse>("categories", "list", "--store", "devtools", "--store", "marine")
        ).json;
        expect(cats.categories.map((c) => c.id).sort()).toEqual([
            "code-hosting",
            "databases",
            "monitoring",
            "navigation",
        ]);
    });

    it("one unknown store among several is STORE_NOT_FOUND (never a smaller union)", async () => {
        const r = await bridge<ErrorResponse>("packages", "filter", "--store", "marine", "--store", "nope");
        expect(r.status).not.toBe(0);
        expect(r.json.error.code).toBe("STORE_NOT_FOUND");
    });
});

describe("debtag facets", () => {
    it("--tag: OR within a facet, AND between facets", async () => {
        const or = (
            await bridge<PackageListResponse>("packages", "filter", "--tag", "use::navigating", "--tag", "use::monitor")
        ).json;
        expect(names(or)).toEqual(["avnav-app", "boat-monitor-app", "opencpn", "signalk-server-app"]);
        const and = (
            await bridge<PackageListResponse>(
                "packages",
                "filter",
                "--tag",
                "use::navigating",
                "--tag",
                "use::monitor",
                "--tag",
                "interface::web"
            )
        ).json;
        expect(names(and)).toEqual(["avnav-app", "boat-monitor-app", "signalk-server-app"]);
        const any = (await bridge<PackageListResponse>("packages", "filter", "--tag", "hardware::*")).json;
        expect(names(any)).toEqual(["nmea-gateway-app"]);
        const inStore = (
            await bridge<PackageListResponse>(
                "packages",
                "search",
                "--store",
                "marine",
                "--tag",
                "interface::web",
                "--",
                "app"
            )
        ).json;
        expect(names(inStore)).toEqual(["avnav-app", "boat-monitor-app", "signalk-server-app"]);
    });

    it("an invalid --tag is INVALID_ARGUMENT", async () => {
        for (const bad of ["web", "::web", "use::", "use::a b", "use::a,b"]) {
            const r = await bridge<ErrorResponse>("packages", "filter", `--tag=${bad}`);
            expect(r.json.error?.code, bad).toBe("INVALID_ARGUMENT");
        }
    });

    it("packages facets: the facets in scope with counts; a selected facet counted without its own choice", async () => {
        const all = (await bridge<PackageFacetsResponse>("packages", "facets", "--store", "marine")).json;
        expect(all.total).toBe(5);
        const use = all.facets.find((f) => f.facet === "use");
        expect(use?.values).toEqual([
            { tag: "use::navigating", value: "navigating", count: 2 },
            { tag: "use::monitor", value: "monitor", count: 1 },
        ]);
        expect(all.repositories).toEqual([{ id: "Container Apps:stable", name: expect.any(String), count: 5 }]);
        expect(all.installed).toBe(0);
        const picked = (
            await bridge<PackageFacetsResponse>("packages", "facets", "--store", "marine", "--tag", "use::navigating")
        ).json;
        expect(picked.total).toBe(2);
        // Its own facet keeps the other value choosable with its count; other facets count within the choice.
        expect(picked.facets.find((f) => f.facet === "use")?.values.map((v) => [v.value, v.count])).toEqual([
            ["navigating", 2],
            ["monitor", 1],
        ]);
        expect(picked.facets.find((f) => f.facet === "hardware")).toBeUndefined();
        expect(picked.facets.find((f) => f.facet === "interface")?.values).toEqual([
            { tag: "interface::web", value: "web", count: 2 },
        ]);
    });
});

describe("enable and disable (the state file)", () => {
    it("a disabled store is listed as disabled and refused by every store-scoped command; enabled again, it is back", async () => {
        const off = await bridge<StoreStateResponse>("stores", "disable", "marine");
        expect(off.json).toEqual({ id: "marine", enabled: false });
        expect(JSON.parse(fs.readFileSync(stateFile, "utf8"))).toEqual({ version: 1, disabled: ["marine"], user: [] });
        const list = (await bridge<StoreListResponse>("stores", "list")).json;
        expect(list.stores.map((s) => [s.id, s.enabled])).toEqual([
            ["devtools", true],
            ["marine", false],
        ]);
        const commands = [
            ["packages", "filter", "--store", "marine"],
            ["packages", "filter", "--store", "devtools", "--store", "marine"],
            ["packages", "search", "--store", "marine", "app"],
            ["packages", "facets", "--store", "marine"],
            ["repositories", "list", "--store", "marine"],
            ["sections", "list", "--store", "marine"],
            ["categories", "list", "--store", "marine"],
        ];
        for (const c of commands) {
            const r = await bridge<ErrorResponse>(...c);
            expect(r.status, c.join(" ")).not.toBe(0);
            expect(r.json.error.code, c.join(" ")).toBe("STORE_DISABLED");
        }
        // The other store is untouched.
        expect((await bridge<PackageListResponse>("packages", "filter", "--store", "devtools")).status).toBe(0);
        await bridge("stores", "enable", "marine");
        expect((await bridge<PackageListResponse>("packages", "filter", "--store", "marine")).json.total).toBe(5);
        expect((await bridge<StoreListResponse>("stores", "list")).json.stores.every((s) => s.enabled)).toBe(true);
    });

    it("an unknown store cannot be disabled; a damaged state file is reported, never silently replaced", async () => {
        expect((await bridge<ErrorResponse>("stores", "disable", "nope")).json.error.code).toBe("STORE_NOT_FOUND");
        expect((await bridge<ErrorResponse>("stores", "disable", "../x")).json.error.code).toBe("INVALID_ARGUMENT");
        expect(fs.existsSync(stateFile)).toBe(false);
        fs.writeFileSync(stateFile, "{not json");
        const list = (await bridge<StoreListResponse>("stores", "list")).json;
        expect(list.warnings?.map((w) => w.code)).toContain("STATE_UNREADABLE");
        const r = await bridge<ErrorResponse>("stores", "disable", "marine");
        expect(r.json.error.code).toBe("OPERATION_FAILED");
        expect(fs.readFileSync(stateFile, "utf8")).toBe("{not json");
    });

    it("concurrent writers lose nothing: 12 bridges disabling 12 stores at once leave all 12 disabled", async () => {
        const ids = Array.from({ length: 12 }, (_, k) => `s${k}`);
        for (const id of ids)
            fs.writeFileSync(
                path.join(storesDir, `${id}.yaml`),
                `id: ${id}\nname: S ${id}\ndescription: d\nfilters:\n  include_tags: [field::marine]\n`
            );
        const results = await Promise.all(ids.map((id) => bridge<StoreStateResponse>("stores", "disable", id)));
        expect(results.map((r) => r.status)).toEqual(ids.map(() => 0));
        expect(JSON.parse(fs.readFileSync(stateFile, "utf8")).disabled).toEqual([...ids].sort());
        // Enabling them all at once, and disabling marine meanwhile, also loses nothing.
        await Promise.all([...ids.map((id) => bridge("stores", "enable", id)), bridge("stores", "disable", "marine")]);
        expect(JSON.parse(fs.readFileSync(stateFile, "utf8")).disabled).toEqual(["marine"]);
        expect(tree(path.dirname(stateFile)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });
});

describe("user stores: save, delete, export, import", () => {
    it("saves a valid definition as <id>.yaml, atomically, recorded as a user store", async () => {
        const r = await bridgeIn<StoreSaveResponse>(["stores", "save", "my-boat"], MY_STORE);
        expect(r.json).toMatchObject({ id: "my-boat", valid: true, saved: true, errors: [] });
        expect(r.json.file).toBe(path.join(storesDir, "my-boat.yaml"));
        expect(fs.readFileSync(path.join(storesDir, "my-boat.yaml"), "utf8")).toBe(MY_STORE);
        expect(tree(path.dirname(storesDir))).toEqual([
            "cockpit-apt-stores.json",
            "cockpit-apt-stores.json.lock",
            "stores/devtools.yaml",
            "stores/marine.yaml",
            "stores/my-boat.yaml",
        ]);
        const list = (await bridge<StoreListResponse>("stores", "list")).json;
        expect(list.stores.find((s) => s.id === "my-boat")).toMatchObject({
            name: "My Boat",
            userDefined: true,
            enabled: true,
            packageCount: 4,
        });
        expect(list.stores.find((s) => s.id === "marine")).toMatchObject({ userDefined: false });
        expect((await bridge<PackageListResponse>("packages", "filter", "--store", "my-boat")).json.total).toBe(4);
        // Saved again (edited): replaced.
        const edited = MY_STORE.replace("My Boat", "My Boat 2");
        expect((await bridgeIn<StoreSaveResponse>(["stores", "save", "my-boat"], edited)).json.saved).toBe(true);
        expect(fs.readFileSync(path.join(storesDir, "my-boat.yaml"), "utf8")).toBe(edited);
    });

    it("refuses ids that are not [a-z0-9-], and never writes outside the stores directory", async () => {
        const before = tree(root.root);
        for (const bad of [
            "../evil",
            "a/b",
            "My-Store",
            "-x",
            ".hidden",
            "x.yaml",
            "",
            "a b",
            "/etc/passwd",
            "..",
            "x".repeat(65),
        ]) {
            const r = await bridgeIn<ErrorResponse>(["stores", "save", "--", bad], MY_STORE);
            expect(r.status, bad).not.toBe(0);
            expect(r.json.error.code, bad).toMatch(/INVALID_ARGUMENT|USAGE/);
        }
        expect(tree(root.root)).toEqual(before);
    });

    it("validates before writing: an invalid definition is refused with every finding and its line, nothing written", async () => {
        const bad =
            "id: my-boat\nname: My Boat\ndescription: x\nfilters:\n  include_tags: [use::navigating]\n  include_colours: [red]\nbrowse_by: tree\n";
        const before = tree(path.dirname(storesDir));
        const r = await bridgeIn<StoreSaveResponse>(["stores", "save", "my-boat"], bad);
        expect(r.status).toBe(1);
        expect(r.json.valid).toBe(false);
        expect(r.json.saved).toBe(false);
        // Every finding, with the line the author wrote it on: the error and the warning.
        expect(r.json.errors.map((e) => [e.field, e.line])).toEqual([["browse_by", 7]]);
        expect(r.json.warnings.map((e) => [e.field, e.line])).toEqual([["filters.include_colours", 6]]);
        expect(tree(path.dirname(storesDir))).toEqual(before);
        const broken = await bridgeIn<StoreSaveResponse>(["stores", "save", "my-boat"], "id: my-boat\nname: [\n");
        expect(broken.json.valid).toBe(false);
        expect(broken.json.errors[0]).toMatchObject({ code: "YAML_SYNTAX", line: 3 }); // where the parser gives up, as `stores validate` says
        expect(tree(path.dirname(storesDir))).toEqual(before);
        // --check validates only.
        const check = await bridgeIn<StoreSaveResponse>(["stores", "save", "my-boat", "--check"], MY_STORE);
        expect(check.json).toMatchObject({ valid: true, saved: false });
        expect(tree(path.dirname(storesDir))).toEqual(before);
    });

    it("never overwrites or deletes a packaged store, nor a store of another file with that id", async () => {
        const marine = fs.readFileSync(path.join(storesDir, "marine.yaml"), "utf8");
        const r = await bridgeIn<ErrorResponse>(["stores", "save", "marine"], MY_STORE);
        expect(r.json.error.code).toBe("INVALID_ARGUMENT");
        expect(r.json.error.details).toMatchObject({ reason: "not-user-store" });
        expect(fs.readFileSync(path.join(storesDir, "marine.yaml"), "utf8")).toBe(marine);
        const d = await bridge<ErrorResponse>("stores", "delete", "marine");
        expect(d.json.error.code).toBe("INVALID_ARGUMENT");
        expect(fs.existsSync(path.join(storesDir, "marine.yaml"))).toBe(true);
        // A file named otherwise whose id is "boaty": saving "boaty" would make two stores with one id.
        fs.writeFileSync(path.join(storesDir, "zz-other.yml"), MY_STORE.replace("my-boat", "boaty"));
        expect((await bridgeIn<ErrorResponse>(["stores", "save", "boaty"], MY_STORE)).json.error.code).toBe(
            "INVALID_ARGUMENT"
        );
        expect(fs.existsSync(path.join(storesDir, "boaty.yaml"))).toBe(false);
    });

    it("a symlink planted at <id>.yaml is replaced, never written through", async () => {
        const outside = path.join(root.root, "outside.txt");
        fs.writeFileSync(outside, "keep me\n");
        await bridgeIn(["stores", "save", "my-boat"], MY_STORE);
        fs.rmSync(path.join(storesDir, "my-boat.yaml"));
        fs.symlinkSync(outside, path.join(storesDir, "my-boat.yaml"));
        expect((await bridgeIn<StoreSaveResponse>(["stores", "save", "my-boat"], MY_STORE)).json.saved).toBe(true);
        expect(fs.readFileSync(outside, "utf8")).toBe("keep me\n");
        expect(fs.lstatSync(path.join(storesDir, "my-boat.yaml")).isFile()).toBe(true);
        fs.rmSync(outside);
    });

    it("delete: the user store's file and its state go; it is no store any more", async () => {
        await bridgeIn(["stores", "save", "my-boat"], MY_STORE);
        await bridge("stores", "disable", "my-boat");
        const r = await bridge<StoreDeleteResponse>("stores", "delete", "my-boat");
        expect(r.json).toEqual({ id: "my-boat", deleted: true });
        expect(fs.existsSync(path.join(storesDir, "my-boat.yaml"))).toBe(false);
        expect(JSON.parse(fs.readFileSync(stateFile, "utf8"))).toEqual({ version: 1, disabled: [], user: [] });
        expect((await bridge<ErrorResponse>("stores", "delete", "my-boat")).json.error.code).toBe("STORE_NOT_FOUND");
    });

    it("export gives the file's text; import as a copy under another id keeps every line", async () => {
        const exported = (await bridge<StoreExportResponse>("stores", "export", "marine")).json;
        expect(exported).toEqual({
            id: "marine",
            fileName: "marine.yaml",
            text: fs.readFileSync(path.join(storesDir, "marine.yaml"), "utf8"),
        });
        const copy = await bridgeIn<StoreSaveResponse>(["stores", "save", "marine-copy"], exported.text);
        expect(copy.json).toMatchObject({ valid: true, saved: true });
        const written = fs.readFileSync(path.join(storesDir, "marine-copy.yaml"), "utf8");
        expect(written).toBe(exported.text.replace(/^id: marine$/m, 'id: "marine-copy"'));
        const both = (
            await bridge<PackageListResponse>("packages", "filter", "--store", "marine", "--store", "marine-copy")
        ).json;
        expect(both.packages.every((p) => p.stores?.join() === "marine,marine-copy")).toBe(true);
        expect((await bridge<ErrorResponse>("stores", "export", "nope")).json.error.code).toBe("STORE_NOT_FOUND");
    });

    it("stores preview - : what a definition from standard input selects", async () => {
        const r = await bridgeIn<StorePreviewResponse>(["stores", "preview", "-"], MY_STORE);
        expect(r.json.valid).toBe(true);
        expect(r.json.total).toBe(4);
        expect(r.json.byFilter.includeTags).toEqual({ "use::navigating": 3, "use::monitor": 1 });
    });
});
