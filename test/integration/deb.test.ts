// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Debian packages, built for real and installed for real.
 *
 * `scripts/build-deb.mjs` builds cockpit-apt_<version>_all.deb and the example
 * store packages (with scripts/build-store-deb.mjs) into a temporary directory.
 * They are checked with dpkg-deb and lintian, then installed with the real dpkg
 * into a sandbox root (its own admindir; the host's dpkg database must not
 * change), the installed bridge is run from there, and both packages are
 * removed and purged, leaving nothing but what policy keeps.
 */
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import type { StoreListResponse } from "../../src/protocol/index.js";
import { createAptRoot, type AptRoot } from "../support/apt-root.js";
import { ROOT } from "../support/bridge.js";

const BUILD_DEB = path.join(ROOT, "scripts/build-deb.mjs");
const STORE_DEB = path.join(ROOT, "scripts/build-store-deb.mjs");
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const HOST_STATUS = "/var/lib/dpkg/status";

function sha256(file: string): string {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Runs a program (never a shell); returns status and output instead of throwing. */
function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every path under dir, relative, sorted ("d/" suffix for directories). */
function tree(dir: string, rel = ""): string[] {
    const out: string[] = [];
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
        const r = rel ? `${rel}/${name}` : name;
        const st = fs.lstatSync(path.join(dir, r));
        out.push(st.isDirectory() ? `${r}/` : r);
        if (st.isDirectory()) out.push(...tree(dir, r));
    }
    return out;
}

/** `dpkg-deb --contents` as { path, mode, owner } (paths without the leading "."). */
function contents(deb: string) {
    return execFileSync("dpkg-deb", ["--contents", deb], { encoding: "utf8" })
        .trim()
        .split("\n")
        .map((line) => {
            const [mode, owner, , , , ...rest] = line.split(/\s+/);
            return { mode: mode as string, owner: owner as string, path: rest.join(" ").replace(/^\./, "") };
        });
}

function field(deb: string, name: string): string {
    return execFileSync("dpkg-deb", ["--field", deb, name], { encoding: "utf8" }).trim();
}

describe("Debian packages", () => {
    let tmp: string;
    let out: string;
    let sandbox: string; // the dpkg root
    let admindir: string;
    let hostStatus: string;
    let debs: { cockpitApt: string; stores: Map<string, string> };
    let exampleIds: string[];

    // The sandbox dpkg: its own root and admindir. --force-script-chrootless runs the
    // maintainer scripts without chroot (the sandbox has no shell), with DPKG_ROOT set;
    // --force-depends because the sandbox has neither cockpit-bridge, nodejs nor apt
    // installed (the packages' dependencies are checked from their control files
    // instead); --path-include undoes any path-exclude of the host's dpkg.cfg.d
    // (minimal images drop /usr/share/doc and man pages), so we see what the package ships.
    function dpkg(...args: string[]) {
        return run("dpkg", [
            `--root=${sandbox}`,
            `--admindir=${admindir}`,
            `--log=${path.join(tmp, "dpkg.log")}`,
            "--force-not-root",
            "--force-bad-path",
            "--force-script-chrootless",
            "--force-depends",
            "--path-include=*",
            ...args,
        ]);
    }
    function dpkgOk(...args: string[]) {
        const r = dpkg(...args);
        expect(r.status, `dpkg ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
        return r;
    }
    function statusOf(pkg: string): string {
        const r = run("dpkg-query", [`--admindir=${admindir}`, "-W", "-f=${db:Status-Abbrev}${Version}", pkg]);
        return r.status === 0 ? r.stdout.trim() : "unknown";
    }

    beforeAll(() => {
        hostStatus = sha256(HOST_STATUS);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-deb-test-"));
        out = path.join(tmp, "out");
        sandbox = path.join(tmp, "root");
        admindir = path.join(sandbox, "var/lib/dpkg");
        // A fresh dpkg database, as debootstrap leaves one: empty status, info/, updates/.
        fs.mkdirSync(path.join(admindir, "info"), { recursive: true });
        fs.mkdirSync(path.join(admindir, "updates"), { recursive: true });
        fs.writeFileSync(path.join(admindir, "status"), "");

        const built = run(process.execPath, [BUILD_DEB, "--out", out]);
        expect(built.status, `build-deb failed:\n${built.stdout}\n${built.stderr}`).toBe(0);

        exampleIds = fs
            .readdirSync(path.join(ROOT, "stores"))
            .filter((f) => /\.ya?ml$/.test(f))
            .map((f) =>
                String((YAML.parse(fs.readFileSync(path.join(ROOT, "stores", f), "utf8")) as { id: unknown }).id)
            )
            .sort();
        debs = {
            cockpitApt: path.join(out, `cockpit-apt_${VERSION}_all.deb`),
            stores: new Map(exampleIds.map((id) => [id, path.join(out, `${id}-container-store_${VERSION}_all.deb`)])),
        };
    });

    afterAll(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
        // Nothing in this file may touch the host's package database.
        expect(sha256(HOST_STATUS)).toBe(hostStatus);
    });

    it("builds cockpit-apt and a store package for each example definition, and nothing else", () => {
        expect(exampleIds).toEqual(expect.arrayContaining(["marine"]));
        expect(exampleIds.length).toBeGreaterThanOrEqual(2);
        const expected = [
            path.basename(debs.cockpitApt),
            ...[...debs.stores.values()].map((f) => path.basename(f)),
        ].sort();
        expect(fs.readdirSync(out).sort()).toEqual(expected);
    });

    it("cockpit-apt's control fields", () => {
        const deb = debs.cockpitApt;
        expect(field(deb, "Package")).toBe("cockpit-apt");
        expect(field(deb, "Version")).toBe(VERSION);
        expect(field(deb, "Architecture")).toBe("all");
        expect(field(deb, "Depends")).toBe("cockpit-bridge (>= 287), nodejs (>= 18), apt");
        expect(field(deb, "Section")).toBe("admin");
        expect(field(deb, "Priority")).toBe("optional");
        expect(field(deb, "Maintainer")).toMatch(/^[^<>]+ <[^<>@\s]+@[^<>@\s]+>$/);
        expect(Number(field(deb, "Installed-Size"))).toBeGreaterThan(100);
        expect(field(deb, "Description")).toMatch(/^Cockpit module for APT/);
    });

    it("cockpit-apt's files: paths, modes, owners", () => {
        const files = contents(debs.cockpitApt);
        const byPath = new Map(files.map((f) => [f.path, f]));
        for (const f of files) {
            expect(f.owner, f.path).toBe("root/root");
            if (f.mode.startsWith("d")) expect(f.mode, f.path).toBe("drwxr-xr-x");
        }
        const executables = [
            "/usr/bin/cockpit-apt-bridge",
            "/usr/share/cockpit/apt/cockpit-apt-bridge.js",
            "/usr/lib/cockpit-apt/refresh-cache",
        ];
        for (const f of files.filter((f) => f.mode.startsWith("-"))) {
            expect(f.mode, f.path).toBe(executables.includes(f.path) ? "-rwxr-xr-x" : "-rw-r--r--");
        }
        for (const p of [
            "/usr/share/cockpit/apt/manifest.json",
            "/usr/share/cockpit/apt/index.html",
            "/usr/share/cockpit/apt/index.js",
            "/usr/share/cockpit/apt/index.css",
            "/usr/share/cockpit/apt/cockpit-apt-bridge.js",
            "/usr/share/cockpit/apt/stores-libs.cjs",
            "/usr/bin/cockpit-apt-bridge",
            "/usr/share/metainfo/org.cockpit_project.apt.metainfo.xml",
            "/usr/share/man/man1/cockpit-apt-bridge.1.gz",
            "/usr/share/doc/cockpit-apt/copyright",
            // A native package (version without a Debian revision): changelog.gz (Policy 12.7).
            "/usr/share/doc/cockpit-apt/changelog.gz",
            "/etc/apt/apt.conf.d/50cockpit-apt",
            "/usr/lib/cockpit-apt/refresh-cache",
        ]) {
            expect(byPath.has(p), p).toBe(true);
        }
        // Development leftovers and files that belong elsewhere are not in the module directory.
        expect(
            files.filter(
                (f) => /\.(map|LEGAL\.txt)$|metainfo\.xml$/.test(f.path) && f.path.startsWith("/usr/share/cockpit/")
            )
        ).toEqual([]);
        // Every file is below /usr, but APT's hooks (the conffile).
        expect(
            files
                .filter((f) => !f.path.startsWith("/usr/") && !["/", "/usr/", "/etc/", "/etc/apt/"].includes(f.path))
                .map((f) => f.path)
        ).toEqual(["/etc/apt/apt.conf.d/", "/etc/apt/apt.conf.d/50cockpit-apt"]);
    });

    it("cockpit-apt's control archive: md5sums of every file but the conffile, a postrm, APT's hooks as conffile", () => {
        const control = path.join(tmp, "control-cockpit-apt");
        execFileSync("dpkg-deb", ["--control", debs.cockpitApt, control]);
        expect(fs.readdirSync(control).sort()).toEqual(["conffiles", "control", "md5sums", "postrm"]);
        expect(fs.readFileSync(path.join(control, "conffiles"), "utf8")).toBe("/etc/apt/apt.conf.d/50cockpit-apt\n");
        const sums = fs.readFileSync(path.join(control, "md5sums"), "utf8").trim().split("\n");
        const regular = contents(debs.cockpitApt)
            .filter((f) => f.mode.startsWith("-") && f.path !== "/etc/apt/apt.conf.d/50cockpit-apt")
            .map((f) => f.path.slice(1));
        expect(sums.map((l) => l.replace(/^[0-9a-f]{32} {2}/, "")).sort()).toEqual(regular.sort());
        expect(fs.statSync(path.join(control, "postrm")).mode & 0o777).toBe(0o755);
        expect(run("sh", ["-n", path.join(control, "postrm")]).status).toBe(0);
    });

    it("compresses the changelog and man page with gzip -9n (no name, no timestamp)", () => {
        const x = path.join(tmp, "x-cockpit-apt");
        execFileSync("dpkg-deb", ["--extract", debs.cockpitApt, x]);
        for (const gz of ["usr/share/doc/cockpit-apt/changelog.gz", "usr/share/man/man1/cockpit-apt-bridge.1.gz"]) {
            const head = fs.readFileSync(path.join(x, gz)).subarray(0, 10);
            expect([head[0], head[1]], gz).toEqual([0x1f, 0x8b]);
            expect(head[3]! & 0x08, `${gz}: FNAME set (gzip without -n)`).toBe(0);
            expect(head.readUInt32LE(4), `${gz}: MTIME set (gzip without -n)`).toBe(0);
            expect(head[8], `${gz}: XFL is not "maximum compression" (gzip without -9)`).toBe(2);
        }
        const changelog = execFileSync("gzip", ["-dc", path.join(x, "usr/share/doc/cockpit-apt/changelog.gz")], {
            encoding: "utf8",
        });
        expect(changelog.split("\n")[0]).toBe(`cockpit-apt (${VERSION}) unstable; urgency=medium`);
        const copyright = fs.readFileSync(path.join(x, "usr/share/doc/cockpit-apt/copyright"), "utf8");
        expect(copyright).toMatch(
            /^Format: https:\/\/www\.debian\.org\/doc\/packaging-manuals\/copyright-format\/1\.0\/\n/
        );
        // Every npm package bundled into the page or the bridge (the production
        // dependencies of package-lock.json) has a Files: stanza.
        const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
            packages: Record<string, { dev?: boolean }>;
        };
        const bundled = Object.entries(lock.packages)
            .filter(([k, v]) => k && !v.dev)
            .map(([k]) => k);
        expect(bundled.length).toBeGreaterThan(5);
        const patterns = [...copyright.matchAll(/^Files:((?:.*)(?:\n .*)*)/gm)]
            .flatMap((m) => m[1]!.trim().split(/\s+/))
            .map((glob) => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`));
        for (const k of bundled) {
            expect(
                patterns.some((re) => re.test(`${k}/package.json`)),
                `copyright has no Files: stanza for ${k}`
            ).toBe(true);
        }
        // The launcher runs the file the package installs.
        const launcher = fs.readFileSync(path.join(x, "usr/bin/cockpit-apt-bridge"), "utf8");
        expect(launcher).toContain("/usr/share/cockpit/apt/cockpit-apt-bridge.js");
        expect(fs.existsSync(path.join(x, "usr/share/cockpit/apt/cockpit-apt-bridge.js"))).toBe(true);
        const manifest = JSON.parse(fs.readFileSync(path.join(x, "usr/share/cockpit/apt/manifest.json"), "utf8")) as {
            requires?: { cockpit?: string };
        };
        expect(Number(manifest.requires?.cockpit ?? "0")).toBeLessThanOrEqual(287);
        const metainfo = fs.readFileSync(
            path.join(x, "usr/share/metainfo/org.cockpit_project.apt.metainfo.xml"),
            "utf8"
        );
        expect(metainfo).toMatch(/<component type="addon">/);
        expect(metainfo).toContain("<extends>org.cockpit_project.cockpit</extends>");
        expect(metainfo).toContain('<launchable type="cockpit-manifest">apt</launchable>');
    });

    it("store packages: name, Depends, debtag, conffile, contents", () => {
        for (const [id, deb] of debs.stores) {
            const pkg = `${id}-container-store`;
            expect(field(deb, "Package")).toBe(pkg);
            expect(field(deb, "Version")).toBe(VERSION);
            expect(field(deb, "Architecture")).toBe("all");
            expect(field(deb, "Depends")).toBe("cockpit-apt");
            expect(field(deb, "Tag")).toBe("role::container-store");
            expect(field(deb, "Section")).toBe("admin");
            const control = path.join(tmp, `control-${pkg}`);
            execFileSync("dpkg-deb", ["--control", deb, control]);
            expect(fs.readFileSync(path.join(control, "conffiles"), "utf8")).toBe(
                `/etc/container-apps/stores/${id}.yaml\n`
            );
            const files = contents(deb);
            for (const f of files) {
                expect(f.owner, f.path).toBe("root/root");
                expect(f.mode, f.path).toBe(f.mode.startsWith("d") ? "drwxr-xr-x" : "-rw-r--r--");
                expect(f.path, `${pkg} installs outside its places`).toMatch(
                    new RegExp(
                        `^/($|etc/($|container-apps/($|stores/($|${id}\\.yaml$)))|usr/($|share/($|container-stores/($|${id}/)|doc/($|${pkg}/)|lintian/($|overrides/($|${pkg}$)))))`
                    )
                );
            }
            expect(files.map((f) => f.path)).toEqual(
                expect.arrayContaining([`/usr/share/doc/${pkg}/copyright`, `/usr/share/doc/${pkg}/changelog.gz`])
            );
        }
    });

    it("lintian finds no errors in any of the packages", () => {
        // --fail-on error: warnings and info are printed, and documented overrides
        // (packaging/lintian-overrides, the store tool's) are shown with their reasons.
        const r = run("lintian", [
            "--fail-on",
            "error",
            "--display-info",
            "--show-overrides",
            "--tag-display-limit",
            "0",
            debs.cockpitApt,
            ...debs.stores.values(),
        ]);
        expect(r.status, `lintian:\n${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stdout).not.toMatch(/^E: /m);
    });

    it("builds the same bytes twice (reproducible: timestamps from the changelog, gzip -n)", () => {
        const again = path.join(tmp, "again");
        const r = run(process.execPath, [BUILD_DEB, "--out", again, "--no-stores"]);
        expect(r.status, r.stderr).toBe(0);
        expect(sha256(path.join(again, path.basename(debs.cockpitApt)))).toBe(sha256(debs.cockpitApt));
    });

    describe("installed into a sandbox root with the real dpkg", () => {
        let aptRoot: AptRoot;
        const marine = () => debs.stores.get("marine")!;

        afterAll(() => aptRoot?.cleanup());

        it("installs cockpit-apt and the marine store", () => {
            dpkgOk("--install", debs.cockpitApt, marine());
            expect(statusOf("cockpit-apt")).toBe(`ii ${VERSION}`);
            expect(statusOf("marine-container-store")).toBe(`ii ${VERSION}`);
            // What dpkg recorded matches what is on disk (md5sums), for both.
            const verify = dpkg("--verify", "cockpit-apt", "marine-container-store");
            expect(verify.stdout + verify.stderr).toBe("");
            expect(verify.status).toBe(0);

            for (const p of [
                "usr/share/cockpit/apt/manifest.json",
                "usr/share/cockpit/apt/index.html",
                "usr/share/cockpit/apt/index.js",
                "usr/share/cockpit/apt/cockpit-apt-bridge.js",
                "usr/share/cockpit/apt/stores-libs.cjs",
                "usr/share/metainfo/org.cockpit_project.apt.metainfo.xml",
                "usr/share/doc/cockpit-apt/copyright",
                "etc/container-apps/stores/marine.yaml",
                "usr/share/doc/marine-container-store/copyright",
            ]) {
                expect(fs.statSync(path.join(sandbox, p)).isFile(), p).toBe(true);
            }
            expect(fs.statSync(path.join(sandbox, "usr/bin/cockpit-apt-bridge")).mode & 0o777).toBe(0o755);
            expect(fs.readFileSync(path.join(sandbox, "etc/container-apps/stores/marine.yaml"), "utf8")).toBe(
                fs.readFileSync(
                    path.join(
                        ROOT,
                        "stores",
                        fs.readdirSync(path.join(ROOT, "stores")).find((f) => /^marine\.ya?ml$/.test(f))!
                    ),
                    "utf8"
                )
            );
            expect(fs.readFileSync(path.join(admindir, "info/marine-container-store.conffiles"), "utf8").trim()).toBe(
                "/etc/container-apps/stores/marine.yaml"
            );
        });

        it("the installed bridge lists the installed store", async () => {
            // An APT root of its own for the bridge, whose dpkg status is the sandbox's.
            aptRoot = createAptRoot({ repos: [], aptConf: [`Dir::State::status "${admindir}/status";`] });
            const env = {
                ...aptRoot.env,
                COCKPIT_APT_STORES_DIR: path.join(sandbox, "etc/container-apps/stores"),
                // Where the bridge run as root keeps its cache on a real system, inside the sandbox.
                COCKPIT_APT_CACHE_DIR: path.join(sandbox, "var/cache/cockpit-apt"),
            };
            const r = run(
                process.execPath,
                [path.join(sandbox, "usr/share/cockpit/apt/cockpit-apt-bridge.js"), "stores", "list"],
                env
            );
            expect(r.status, r.stderr).toBe(0);
            const list = JSON.parse(r.stdout) as StoreListResponse;
            expect(list.errors).toEqual([]);
            expect(list.stores.map((s) => s.id)).toEqual(["marine"]);

            // The launcher, with its one path pointed into the sandbox: it runs the
            // bridge with Node and passes the arguments through.
            const launcher = fs.readFileSync(path.join(sandbox, "usr/bin/cockpit-apt-bridge"), "utf8");
            const moved = path.join(tmp, "launcher");
            fs.writeFileSync(
                moved,
                launcher.replaceAll("/usr/share/cockpit/apt/", `${sandbox}/usr/share/cockpit/apt/`),
                { mode: 0o755 }
            );
            const viaLauncher = run(moved, ["stores", "list"], env);
            expect(viaLauncher.status, viaLauncher.stderr).toBe(0);
            expect((JSON.parse(viaLauncher.stdout) as StoreListResponse).stores.map((s) => s.id)).toEqual(["marine"]);
            // Without Node.js it still answers in the bridge's protocol.
            const noNode = path.join(tmp, "launcher-no-node");
            fs.writeFileSync(noNode, launcher.replaceAll("/usr/bin/node", `${tmp}/no/node`), { mode: 0o755 });
            const missing = run(noNode, ["stores", "list"]);
            expect(missing.status).toBe(1);
            expect((JSON.parse(missing.stdout) as { error: { code: string; message: string } }).error.message).toMatch(
                /nodejs/
            );
        });

        it("removing the store keeps its conffile (policy); purging removes it and its directories", () => {
            dpkgOk("--remove", "marine-container-store");
            expect(statusOf("marine-container-store")).toMatch(/^rc /);
            expect(fs.existsSync(path.join(sandbox, "etc/container-apps/stores/marine.yaml"))).toBe(true);
            expect(fs.existsSync(path.join(sandbox, "usr/share/doc/marine-container-store"))).toBe(false);
            dpkgOk("--purge", "marine-container-store");
            expect(statusOf("marine-container-store")).toBe("unknown");
            expect(fs.existsSync(path.join(sandbox, "etc/container-apps"))).toBe(false);
            expect(fs.existsSync(path.join(sandbox, "usr/share/container-stores"))).toBe(false);
        });

        it("removing cockpit-apt removes its cache (postrm, honouring DPKG_ROOT); purging leaves nothing", () => {
            // The bridge may or may not have written a cache for `stores list`; make sure there is one.
            const cache = path.join(sandbox, "var/cache/cockpit-apt");
            fs.mkdirSync(cache, { recursive: true });
            fs.writeFileSync(path.join(cache, "marker"), "x");
            dpkgOk("--remove", "cockpit-apt");
            expect(fs.existsSync(cache)).toBe(false);
            expect(statusOf("cockpit-apt")).toMatch(/^rc /);
            dpkgOk("--purge", "cockpit-apt");
            expect(statusOf("cockpit-apt")).toBe("unknown");

            // Left: dpkg's own database, and the var/cache directory the test itself made.
            const left = tree(sandbox).filter((p) => !p.startsWith("var/lib/dpkg/"));
            expect(left).toEqual(["var/", "var/cache/", "var/lib/"]);
            const info = fs
                .readdirSync(path.join(admindir, "info"))
                .filter((f) => /^(cockpit-apt|marine-container-store)\./.test(f));
            expect(info).toEqual([]);
            expect(fs.readFileSync(path.join(admindir, "status"), "utf8").trim()).toBe("");
        });
    });
});

describe("build-store-deb", () => {
    let tmp: string;
    beforeAll(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-store-deb-test-"));
    });
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("refuses an invalid definition with the validator's findings, and builds no file", () => {
        const bad = path.join(tmp, "bad.yaml");
        // An id that is not [a-z0-9][a-z0-9-]*, and filters without any category.
        fs.writeFileSync(bad, "id: Bad_Store\nname: Bad\ndescription: a store that is wrong\nfilters: {}\n");
        const outDir = path.join(tmp, "out-bad");
        const r = run(process.execPath, [STORE_DEB, "--definition", bad, "--out", outDir]);
        expect(r.status).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain(`${bad} is not a valid store definition; no package was built`);
        // The validator's own finding about the id is passed on.
        expect(r.stderr).toMatch(/\bid\b/);
        expect(fs.existsSync(outDir) ? fs.readdirSync(outDir) : []).toEqual([]);
    });

    it("refuses a definition whose icon is not among the assets", () => {
        const dir = path.join(tmp, "icon");
        fs.mkdirSync(dir);
        const def = path.join(dir, "boats.yaml");
        fs.writeFileSync(
            def,
            "id: boats\nname: Boats\ndescription: Apps for boats\nicon: /usr/share/container-stores/boats/icon.svg\nfilters:\n  include_tags: [field::marine]\n"
        );
        const outDir = path.join(dir, "out");
        const r = run(process.execPath, [STORE_DEB, "--definition", def, "--out", outDir]);
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).toContain(
            "icon: /usr/share/container-stores/boats/icon.svg needs icon.svg in an --assets directory"
        );
        expect(fs.existsSync(outDir) ? fs.readdirSync(outDir) : []).toEqual([]);

        // With the asset it builds, and ships it under the store's directory.
        const assets = path.join(dir, "assets");
        fs.mkdirSync(assets);
        fs.writeFileSync(path.join(assets, "icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
        const ok = run(process.execPath, [
            STORE_DEB,
            "--definition",
            def,
            "--assets",
            assets,
            "--version",
            "2.0-1",
            "--out",
            outDir,
        ]);
        expect(ok.status, ok.stderr).toBe(0);
        const deb = path.join(outDir, "boats-container-store_2.0-1_all.deb");
        expect(ok.stdout.trim()).toBe(deb);
        const paths = contents(deb).map((f) => f.path);
        expect(paths).toEqual(
            expect.arrayContaining([
                "/etc/container-apps/stores/boats.yaml",
                "/usr/share/container-stores/boats/icon.svg",
                // A Debian revision: no longer native, so changelog.Debian.gz.
                "/usr/share/doc/boats-container-store/changelog.Debian.gz",
            ])
        );
    });

    it("refuses bad options before doing anything", () => {
        const def = path.join(tmp, "x.yaml");
        fs.writeFileSync(def, "id: x\n");
        for (const [args, message] of [
            [["--definition", def, "--version", "not a version"], "not a Debian version"],
            [["--definition", path.join(tmp, "missing.yaml")], "no such file"],
            [["--definition", def, "--frobnicate"], "unknown option: --frobnicate"],
            [[], "--definition FILE.yaml is required"],
        ] as const) {
            const r = run(process.execPath, [STORE_DEB, ...args]);
            expect(r.status, args.join(" ")).toBe(1);
            expect(r.stderr).toContain(message);
        }
    });
});
