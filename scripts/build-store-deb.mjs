#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// build-store-deb: packages a cockpit-apt container store for store authors.
//
//   node scripts/build-store-deb.mjs --definition marine.yaml [--assets DIR]
//       [--version V] [--out DIR] [--maintainer "Name <email>"]
//       [--license SPDX | --copyright FILE] [--changelog FILE] [--bridge FILE]
//   npm run store-deb -- --definition marine.yaml ...
//
// The definition is validated first by the bridge itself
// (`cockpit-apt-bridge stores validate`); an invalid one is refused and no
// file is written. The result, <id>-container-store_<version>_all.deb, installs
//   /etc/container-apps/stores/<id>.yaml           (a conffile)
//   /usr/share/container-stores/<id>/...           (the files of --assets DIR)
//   /usr/share/doc/<id>-container-store/copyright, changelog.gz (changelog.Debian.gz
//                                                  when the version has a Debian revision)
// with Depends: cockpit-apt and the debtag role::container-store.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import {
    DEBIAN_PACKAGE,
    DEBIAN_VERSION,
    displayPath,
    UsageError,
    buildDeb,
    changelogField,
    changelogName,
    extendedDescription,
    gzip9n,
    installFile,
    installTree,
    mkdir755,
    parseOptions,
    writeFile,
} from "../packaging/deb.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_BRIDGE = path.join(ROOT, "dist/cockpit-apt-bridge.js");
const ASSET_PREFIX = "/usr/share/container-stores/";
export const STORES_DIR = "/etc/container-apps/stores";

/**
 * Licenses a generated copyright file may name: DEP-5 short name and the
 * text in /usr/share/common-licenses that it refers to. Any other license
 * needs a complete copyright file (--copyright).
 * @type {Record<string, { dep5: string, file: string, grant: string }>}
 */
const COMMON_LICENSES = {
    "CC0-1.0": {
        dep5: "CC0-1.0",
        file: "CC0-1.0",
        grant: "To the extent possible under law, the authors have waived all copyright\nand related or neighboring rights to this work (CC0 1.0 Universal).",
    },
    "Apache-2.0": { dep5: "Apache-2.0", file: "Apache-2.0", grant: "Licensed under the Apache License, Version 2.0." },
    "MPL-2.0": {
        dep5: "MPL-2.0",
        file: "MPL-2.0",
        grant: "This Source Code Form is subject to the terms of the Mozilla Public\nLicense, v. 2.0.",
    },
    "GPL-2.0-or-later": {
        dep5: "GPL-2+",
        file: "GPL-2",
        grant: "Licensed under the GNU General Public License, version 2 or (at your\noption) any later version.",
    },
    "GPL-3.0-or-later": {
        dep5: "GPL-3+",
        file: "GPL-3",
        grant: "Licensed under the GNU General Public License, version 3 or (at your\noption) any later version.",
    },
    "LGPL-2.1-or-later": {
        dep5: "LGPL-2.1+",
        file: "LGPL-2.1",
        grant: "Licensed under the GNU Lesser General Public License, version 2.1 or\n(at your option) any later version.",
    },
    "LGPL-3.0-or-later": {
        dep5: "LGPL-3+",
        file: "LGPL-3",
        grant: "Licensed under the GNU Lesser General Public License, version 3 or (at\nyour option) any later version.",
    },
};

/**
 * @typedef {object} StoreDebOptions
 * @property {string} definition the store YAML
 * @property {string} [assets] directory whose files go to /usr/share/container-stores/<id>/
 * @property {string} [version] package version (default 1.0)
 * @property {string} [out] output directory (default pkg/ of the repository)
 * @property {string} [maintainer] "Name <email>" (default $DEBFULLNAME <$DEBEMAIL>, else git's user)
 * @property {string} [license] SPDX id for a generated copyright file (default CC0-1.0)
 * @property {string} [copyright] a complete DEP-5 copyright file instead
 * @property {string} [changelog] a Debian changelog whose newest entry is this version
 * @property {string} [bridge] the cockpit-apt-bridge.js that validates (default dist/)
 * @property {(line: string) => void} [log] progress and warnings (default stderr)
 */

/**
 * Validates the definition with the bridge. Throws UsageError with every
 * finding when it is invalid; returns the warnings otherwise.
 * @param {string} bridge
 * @param {string} definition
 * @returns {{ field?: string, message: string }[]} warnings
 */
export function validateDefinition(bridge, definition) {
    if (!fs.existsSync(bridge)) {
        throw new UsageError(
            `cannot validate: the bridge ${bridge} does not exist (build it with "npm run build", or name one with --bridge)`
        );
    }
    let stdout = "";
    let status = 0;
    try {
        stdout = execFileSync(process.execPath, [bridge, "stores", "validate", definition], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (e) {
        const err = /** @type {{ status?: number, stdout?: string, stderr?: string }} */ (e);
        status = err.status ?? 1;
        stdout = err.stdout ?? "";
        if (!stdout.trim())
            throw new UsageError(
                `cannot validate ${definition}: the bridge failed (status ${status}): ${(err.stderr ?? "").trim()}`
            );
    }
    /** @type {any} */
    let result;
    try {
        result = JSON.parse(stdout);
    } catch {
        throw new UsageError(`cannot validate ${definition}: the bridge printed no JSON: ${stdout.slice(0, 300)}`);
    }
    if (result.error) {
        throw new UsageError(
            `cannot validate ${definition}: the bridge answered ${result.error.code}: ${result.error.message}`
        );
    }
    /** @param {{ file?: string, field?: string, code?: string, message?: string }} i */
    const format = (i) => {
        const message = i.message ?? i.code ?? JSON.stringify(i);
        return `  ${i.field && !message.includes(i.field) ? `${i.field}: ` : ""}${message}`;
    };
    const files = Array.isArray(result.files) ? result.files : [];
    const errors = files.flatMap((/** @type {any} */ f) => f.errors ?? []).map(format);
    const warnings = files
        .flatMap((/** @type {any} */ f) => f.warnings ?? [])
        .map((/** @type {any} */ w) => ({ field: w.field, message: format(w).trim() }));
    const valid = status === 0 && files.length > 0 && files.every((/** @type {any} */ f) => f.valid === true);
    if (!valid) {
        const detail = errors.length ? errors.join("\n") : `  (no findings reported; bridge exit status ${status})`;
        throw new UsageError(`${definition} is not a valid store definition; no package was built:\n${detail}`);
    }
    return warnings;
}

/**
 * Every string in the definition that names a file under /usr/share/container-stores/.
 * @param {unknown} node
 * @param {string} where
 * @param {{ where: string, value: string }[]} out
 * @returns {{ where: string, value: string }[]}
 */
function assetReferences(node, where = "", out = []) {
    if (typeof node === "string") {
        if (node.startsWith(ASSET_PREFIX)) out.push({ where, value: node });
    } else if (Array.isArray(node)) {
        node.forEach((v, i) => assetReferences(v, `${where}[${i}]`, out));
    } else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) assetReferences(v, where ? `${where}.${k}` : k, out);
    }
    return out;
}

/**
 * A field path in one spelling: custom_sections[0].icon and custom_sections.0.icon are the same.
 * @param {string} field
 * @returns {string}
 */
function fieldKey(field) {
    return field.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
}

/**
 * The maintainer: the option, else $DEBFULLNAME <$DEBEMAIL> as dch uses, else git's user.
 * @param {string | undefined} given
 * @returns {string}
 */
function maintainerOf(given) {
    if (given) return given;
    const name = process.env.DEBFULLNAME;
    const email = process.env.DEBEMAIL ?? process.env.EMAIL;
    if (name && email) return `${name} <${email}>`;
    try {
        const gitName = execFileSync("git", ["config", "user.name"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        }).trim();
        const gitEmail = execFileSync("git", ["config", "user.email"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        }).trim();
        if (gitName && gitEmail) return `${gitName} <${gitEmail}>`;
    } catch {
        // no git, or no identity: fall through
    }
    throw new UsageError('no maintainer: give --maintainer "Name <email>" (or set DEBFULLNAME and DEBEMAIL)');
}

/**
 * Builds <id>-container-store_<version>_all.deb.
 * @param {StoreDebOptions} options
 * @returns {{ file: string, package: string, id: string, version: string, warnings: string[] }}
 */
export function buildStoreDeb(options) {
    const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    if (!options.definition) throw new UsageError("--definition FILE.yaml is required");
    const definition = path.resolve(options.definition);
    if (!fs.existsSync(definition) || !fs.statSync(definition).isFile())
        throw new UsageError(`${options.definition}: no such file`);
    const version = options.version ?? "1.0";
    if (!DEBIAN_VERSION.test(version))
        throw new UsageError(`--version ${version}: not a Debian version (e.g. 1.0, 1.2-1, 2:1.0~rc1)`);
    const assets = options.assets ? path.resolve(options.assets) : undefined;
    if (assets && !(fs.existsSync(assets) && fs.statSync(assets).isDirectory()))
        throw new UsageError(`--assets ${options.assets}: not a directory`);
    if (options.copyright && options.license) throw new UsageError("give --copyright FILE or --license ID, not both");

    // 1. The bridge's own validation decides; nothing is written before it passes.
    const warnings = validateDefinition(path.resolve(options.bridge ?? DEFAULT_BRIDGE), definition);

    const doc = YAML.parse(fs.readFileSync(definition, "utf8"));
    const id = String(doc.id);
    const name = String(doc.name ?? id);
    const pkg = `${id}-container-store`;
    if (!DEBIAN_PACKAGE.test(pkg))
        throw new UsageError(`store id "${id}" does not make a Debian package name (${pkg})`);

    // 2. Assets the definition names in its own directory must be in the package.
    const ownPrefix = `${ASSET_PREFIX}${id}/`;
    const problems = [];
    /** @type {Set<string>} */
    const shipped = new Set();
    for (const ref of assetReferences(doc)) {
        if (!ref.value.startsWith(ownPrefix)) {
            warnings.push({
                field: ref.where,
                message: `${ref.where}: ${ref.value} is outside ${ownPrefix}; this package does not ship it`,
            });
            continue;
        }
        const rel = ref.value.slice(ownPrefix.length);
        const file = assets ? path.join(assets, rel) : undefined;
        if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
            problems.push(
                `  ${ref.where}: ${ref.value} needs ${rel} in ${assets ? `--assets ${options.assets}` : "an --assets directory"}`
            );
        } else {
            // The validator looked for it on this machine; the package ships it.
            shipped.add(fieldKey(ref.where));
        }
    }
    const shown = warnings.filter((w) => !(w.field && shipped.has(fieldKey(w.field))));
    if (problems.length)
        throw new UsageError(`${options.definition}: assets missing; no package was built:\n${problems.join("\n")}`);

    const maintainer = maintainerOf(options.maintainer);
    const epoch = process.env.SOURCE_DATE_EPOCH
        ? Number(process.env.SOURCE_DATE_EPOCH)
        : Math.floor(fs.statSync(definition).mtimeMs / 1000);
    if (!Number.isInteger(epoch) || epoch < 0)
        throw new UsageError(`SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH}: not a number of seconds`);

    const stage = fs.mkdtempSync(path.join(os.tmpdir(), "store-deb-"));
    try {
        const root = path.join(stage, "root");
        mkdir755(root);
        installFile(definition, path.join(root, `${STORES_DIR.slice(1)}/${id}.yaml`));
        if (assets) installTree(assets, path.join(root, `usr/share/container-stores/${id}`));

        const doc_ = path.join(root, `usr/share/doc/${pkg}`);
        if (options.copyright) installFile(path.resolve(options.copyright), path.join(doc_, "copyright"));
        else
            writeFile(
                path.join(doc_, "copyright"),
                generatedCopyright(pkg, name, maintainer, options.license ?? "CC0-1.0", epoch)
            );

        const changelog = path.join(stage, "changelog");
        if (options.changelog) {
            const top = changelogField(path.resolve(options.changelog), "Version");
            if (top !== version)
                throw new UsageError(`--changelog ${options.changelog}: its newest entry is ${top}, not ${version}`);
            fs.copyFileSync(path.resolve(options.changelog), changelog);
        } else {
            fs.writeFileSync(changelog, generatedChangelog(pkg, version, name, id, maintainer, epoch));
        }
        gzip9n(changelog, path.join(doc_, changelogName(version)));

        writeFile(path.join(root, `usr/share/lintian/overrides/${pkg}`), lintianOverrides(pkg));

        // A conffile: dpkg keeps the administrator's edits on upgrade, removes it on purge.
        writeFile(path.join(root, "DEBIAN/conffiles"), `${STORES_DIR}/${id}.yaml\n`);

        const summary = `container store "${name}" for Cockpit`.slice(0, 80);
        const description = typeof doc.description === "string" && doc.description.trim() ? doc.description : name;
        const long = `${extendedDescription(description)}\n .\n${extendedDescription(
            `Installs the store definition ${STORES_DIR}/${id}.yaml${assets ? ` and its assets under /usr/share/container-stores/${id}/` : ""}, which the Software page of Cockpit (cockpit-apt) offers as a store.`
        )}`;
        const template = fs.readFileSync(path.join(ROOT, "packaging/store-control"), "utf8");
        const out = path.resolve(options.out ?? path.join(ROOT, "pkg"));
        const file = path.join(out, `${pkg}_${version.replace(/^\d+:/, "")}_all.deb`);
        buildDeb({
            root,
            template,
            values: {
                PACKAGE: pkg,
                VERSION: version,
                MAINTAINER: maintainer,
                SUMMARY: summary,
                LONG_DESCRIPTION: long,
            },
            outFile: file,
            epoch,
        });
        for (const w of shown) log(`warning: ${w.message}`);
        return { file, package: pkg, id, version, warnings: shown.map((w) => w.message) };
    } finally {
        fs.rmSync(stage, { recursive: true, force: true });
    }
}

/**
 * The store package's lintian overrides, with their reasons.
 * @param {string} pkg
 * @returns {string}
 */
function lintianOverrides(pkg) {
    return [
        "# Tag: is the package's debtags (role::container-store). dpkg-scanpackages and",
        "# other archive tools copy it into the Packages index, where cockpit-apt and other",
        "# APT front ends read debtags from; dpkg itself has no use for the field.",
        `${pkg}: unknown-field Tag`,
        "",
    ].join("\n");
}

/**
 * @param {string} pkg
 * @param {string} name
 * @param {string} maintainer
 * @param {string} license SPDX id
 * @param {number} epoch
 * @returns {string}
 */
function generatedCopyright(pkg, name, maintainer, license, epoch) {
    const known = COMMON_LICENSES[license];
    if (!known) {
        throw new UsageError(
            `--license ${license}: no text for it in /usr/share/common-licenses; give a complete DEP-5 file with --copyright FILE (or one of ${Object.keys(COMMON_LICENSES).join(", ")})`
        );
    }
    const year = new Date(epoch * 1000).getUTCFullYear();
    return [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
        `Upstream-Name: ${pkg}`,
        `Comment: The container store definition "${name}" for cockpit-apt, and its assets.`,
        "",
        "Files: *",
        `Copyright: ${year} ${maintainer}`,
        `License: ${known.dep5}`,
        "",
        `License: ${known.dep5}`,
        ...known.grant.split("\n").map((l) => ` ${l}`),
        " .",
        ` On Debian systems, the complete text of this license can be found in`,
        ` "/usr/share/common-licenses/${known.file}".`,
        "",
    ].join("\n");
}

/**
 * @param {string} pkg
 * @param {string} version
 * @param {string} name
 * @param {string} id
 * @param {string} maintainer
 * @param {number} epoch
 * @returns {string}
 */
function generatedChangelog(pkg, version, name, id, maintainer, epoch) {
    const date = new Date(epoch * 1000).toUTCString().replace("GMT", "+0000");
    return `${pkg} (${version}) unstable; urgency=medium\n\n  * Container store "${name}" (${id}), packaged by cockpit-apt's\n    build-store-deb.\n\n -- ${maintainer}  ${date}\n`;
}

/** @param {string[]} argv */
function main(argv) {
    if (argv.includes("--help") || argv.includes("-h")) {
        process.stdout.write(
            "usage: build-store-deb --definition FILE.yaml [--assets DIR] [--version V] [--out DIR]\n" +
                '                       [--maintainer "Name <email>"] [--license SPDX | --copyright FILE]\n' +
                "                       [--changelog FILE] [--bridge cockpit-apt-bridge.js]\n"
        );
        return 0;
    }
    try {
        const o = parseOptions(argv, {
            values: [
                "definition",
                "assets",
                "version",
                "out",
                "maintainer",
                "license",
                "copyright",
                "changelog",
                "bridge",
            ],
        });
        const result = buildStoreDeb(/** @type {StoreDebOptions} */ (/** @type {unknown} */ (o)));
        process.stdout.write(`${displayPath(result.file)}\n`);
        return 0;
    } catch (e) {
        if (e instanceof UsageError) {
            process.stderr.write(`build-store-deb: ${e.message}\n`);
            return 1;
        }
        throw e;
    }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    process.exitCode = main(process.argv.slice(2));
}
