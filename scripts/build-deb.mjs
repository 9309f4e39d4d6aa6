#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// npm run deb: builds cockpit-apt_<version>_all.deb from dist/ (run after
// `node build.mjs`; the npm script does both), and the example store packages
// of stores/*.yaml with scripts/build-store-deb.mjs.
//
//   node scripts/build-deb.mjs [--out DIR] [--no-stores] [--lintian]
//
// Output (default pkg/):
//   cockpit-apt_<version>_all.deb
//   <store-id>-container-store_<version>_all.deb   for each stores/*.yaml
// --lintian runs lintian on the result and fails on any error.
//
// The package:
//   /usr/share/cockpit/apt/       the Cockpit module (manifest.json, index.html,
//                                 bundles, assets, translations, cockpit-apt-bridge.js and its stores-libs.cjs)
//   /usr/bin/cockpit-apt-bridge   launcher: node /usr/share/cockpit/apt/cockpit-apt-bridge.js
//   /usr/share/metainfo/org.cockpit_project.apt.metainfo.xml
//   /usr/share/man/man1/cockpit-apt-bridge.1.gz
//   /usr/share/doc/cockpit-apt/   copyright (DEP-5), changelog.gz (see changelogName)
//   /etc/apt/apt.conf.d/50cockpit-apt   (conffile) APT's hooks: after apt-get update and dpkg,
//   /usr/lib/cockpit-apt/refresh-cache  which starts `cockpit-apt-bridge cache refresh` detached
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
    UsageError,
    buildDeb,
    displayPath,
    changelogField,
    changelogName,
    gzip9n,
    installFile,
    installTree,
    mkdir755,
    parseOptions,
    writeFile,
} from "../packaging/deb.mjs";
import { buildStoreDeb } from "./build-store-deb.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGING = path.join(ROOT, "packaging");
const MODULE = path.join(ROOT, "dist/apt");
const METAINFO = "org.cockpit_project.apt.metainfo.xml";
/** APT's configuration that runs /usr/lib/cockpit-apt/refresh-cache (a conffile). */
const APT_HOOK = "/etc/apt/apt.conf.d/50cockpit-apt";

/** Files the module cannot work without; the build refuses to package a half-built dist/apt. */
const REQUIRED = ["manifest.json", "index.html", "index.js", "opening.js", "cockpit-apt-bridge.js", "stores-libs.cjs"];

/**
 * Reads the Maintainer of packaging/control (the store packages built here share it).
 * @returns {string}
 */
export function projectMaintainer() {
    const m = /^Maintainer: (.+)$/m.exec(fs.readFileSync(path.join(PACKAGING, "control"), "utf8"));
    if (!m) throw new Error("packaging/control has no Maintainer");
    return m[1];
}

/**
 * Builds cockpit-apt_<version>_all.deb.
 * @param {{ out: string, log?: (line: string) => void }} options
 * @returns {string} the .deb
 */
export function buildCockpitAptDeb({ out }) {
    const missing = REQUIRED.filter((f) => !fs.existsSync(path.join(MODULE, f)));
    if (missing.length) {
        throw new UsageError(
            `dist/apt is incomplete (missing ${missing.join(", ")}): run "node build.mjs" first ("npm run deb" does), and check that src/ui provides manifest.json and index.html`
        );
    }
    const pkgJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const version = String(pkgJson.version);
    const changelog = path.join(PACKAGING, "changelog");
    const top = changelogField(changelog, "Version");
    if (top !== version) {
        throw new UsageError(
            `packaging/changelog's newest entry is ${top} but package.json says ${version}: add a changelog entry (dch -c packaging/changelog -v ${version})`
        );
    }
    // Timestamps of the package are those of its newest changelog entry (reproducible builds).
    const epoch = process.env.SOURCE_DATE_EPOCH
        ? Number(process.env.SOURCE_DATE_EPOCH)
        : Number(changelogField(changelog, "Timestamp"));

    const stage = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-deb-"));
    try {
        const root = path.join(stage, "root");
        mkdir755(root);
        const moduleDir = path.join(root, "usr/share/cockpit/apt");
        installTree(MODULE, moduleDir, {
            // The metainfo goes to /usr/share/metainfo; esbuild's collected legal
            // comments are covered by the copyright file; source maps are for development.
            skip: (rel) => rel === METAINFO || rel.endsWith(".LEGAL.txt") || rel.endsWith(".map"),
            executable: (rel) => rel === "cockpit-apt-bridge.js",
        });
        installFile(path.join(PACKAGING, "cockpit-apt-bridge"), path.join(root, "usr/bin/cockpit-apt-bridge"), 0o755);

        const metainfo = [path.join(MODULE, METAINFO), path.join(ROOT, "src/ui", METAINFO)].find((f) =>
            fs.existsSync(f)
        );
        installFile(/** @type {string} */ (metainfo), path.join(root, "usr/share/metainfo", METAINFO));

        const doc = path.join(root, "usr/share/doc/cockpit-apt");
        installFile(path.join(PACKAGING, "copyright"), path.join(doc, "copyright"));
        gzip9n(changelog, path.join(doc, changelogName(version)));
        gzip9n(
            path.join(PACKAGING, "cockpit-apt-bridge.1"),
            path.join(root, "usr/share/man/man1/cockpit-apt-bridge.1.gz")
        );

        const overrides = path.join(PACKAGING, "lintian-overrides");
        if (fs.existsSync(overrides))
            installFile(overrides, path.join(root, "usr/share/lintian/overrides/cockpit-apt"));

        // APT's hooks that bring the index cache up to date after apt-get update and dpkg (commands/cache.ts).
        installFile(path.join(PACKAGING, "apt-hook.conf"), path.join(root, APT_HOOK.slice(1)));
        installFile(path.join(PACKAGING, "refresh-cache"), path.join(root, "usr/lib/cockpit-apt/refresh-cache"), 0o755);
        writeFile(path.join(root, "DEBIAN/conffiles"), `${APT_HOOK}\n`);

        installFile(path.join(PACKAGING, "postrm"), path.join(root, "DEBIAN/postrm"), 0o755);

        return buildDeb({
            root,
            template: fs.readFileSync(path.join(PACKAGING, "control"), "utf8"),
            values: { VERSION: version },
            outFile: path.join(out, `cockpit-apt_${version}_all.deb`),
            epoch,
        });
    } finally {
        fs.rmSync(stage, { recursive: true, force: true });
    }
}

/**
 * Builds a store package for every stores/*.yaml, with the assets of
 * stores/<name>/ when that directory exists.
 * @param {{ out: string, log?: (line: string) => void }} options
 * @returns {string[]} the .deb files
 */
export function buildExampleStores({ out, log }) {
    const dir = path.join(ROOT, "stores");
    if (!fs.existsSync(dir)) return [];
    const files = [];
    for (const name of fs.readdirSync(dir).sort()) {
        if (!/\.ya?ml$/.test(name)) continue;
        const assets = path.join(dir, name.replace(/\.ya?ml$/, ""));
        const result = buildStoreDeb({
            definition: path.join(dir, name),
            assets: fs.existsSync(assets) && fs.statSync(assets).isDirectory() ? assets : undefined,
            version: JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
            out,
            maintainer: projectMaintainer(),
            license: "LGPL-2.1-or-later",
            log,
        });
        files.push(result.file);
    }
    return files;
}

/**
 * Runs lintian on the packages; prints its report; throws when it finds errors.
 * @param {string[]} debs
 */
export function runLintian(debs) {
    let output;
    try {
        output = execFileSync(
            "lintian",
            ["--fail-on", "error", "--display-info", "--tag-display-limit", "0", ...debs],
            { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }
        );
    } catch (e) {
        const err = /** @type {{ stdout?: string, stderr?: string, code?: string }} */ (e);
        if (err.code === "ENOENT")
            throw new UsageError("lintian is not installed (scripts/install-deps.sh installs it)");
        throw new UsageError(`lintian found errors:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    }
    if (output.trim()) process.stderr.write(output);
}

/** @param {string[]} argv */
function main(argv) {
    try {
        const o = parseOptions(argv, { values: ["out"], flags: ["no-stores", "lintian"] });
        const out = path.resolve(typeof o.out === "string" ? o.out : path.join(ROOT, "pkg"));
        /** @param {string} line */
        const log = (line) => process.stderr.write(`${line}\n`);
        const debs = [buildCockpitAptDeb({ out, log })];
        if (!o["no-stores"]) debs.push(...buildExampleStores({ out, log }));
        if (o.lintian) runLintian(debs);
        for (const d of debs) process.stdout.write(`${displayPath(d)}\n`);
        return 0;
    } catch (e) {
        if (e instanceof UsageError) {
            process.stderr.write(`build-deb: ${e.message}\n`);
            return 1;
        }
        throw e;
    }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    process.exitCode = main(process.argv.slice(2));
}
