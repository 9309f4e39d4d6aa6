// SPDX-License-Identifier: LGPL-2.1-or-later
// Helpers shared by scripts/build-deb.mjs and scripts/build-store-deb.mjs:
// stage a binary package tree, write DEBIAN/control and md5sums, and build the
// .deb with the real dpkg-deb. No shell is ever involved: every tool is run by
// execFileSync with an argument array.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Debian version syntax (Policy 5.6.12): [epoch:]upstream[-revision]. */
export const DEBIAN_VERSION = /^(?:\d+:)?[0-9][A-Za-z0-9.+~-]*$/;
/** Debian package name syntax (Policy 5.6.1). */
export const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9.+-]+$/;

/**
 * The name of the installed Debian changelog (Policy 12.7): a native package
 * (a version without a Debian revision, like cockpit-apt's own "0.1.0") has
 * only the one changelog, changelog.gz; a package with a Debian revision
 * ("0.1.0-1") installs it as changelog.Debian.gz. Lintian checks this
 * (wrong-name-for-changelog-of-native-package).
 * @param {string} version
 * @returns {string}
 */
export function changelogName(version) {
    return /-[^-]+$/.test(version.replace(/^\d+:/, "")) ? "changelog.Debian.gz" : "changelog.gz";
}

/**
 * Thrown for mistakes of the person running the tool (bad option, invalid
 * input); the scripts print its message without a stack trace.
 */
export class UsageError extends Error {}

/**
 * Reads a field of the newest entry of a Debian changelog with dpkg-parsechangelog.
 * @param {string} file
 * @param {string} field e.g. "Version", "Timestamp", "Distribution"
 * @returns {string}
 */
export function changelogField(file, field) {
    return execFileSync("dpkg-parsechangelog", ["-l", file, `-S${field}`], { encoding: "utf8" }).trim();
}

/**
 * Creates a directory with mode 0755, whatever the umask.
 * @param {string} dir
 */
export function mkdir755(dir) {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o755);
}

/**
 * Installs one file with the given mode, creating its parent directories.
 * @param {string} from
 * @param {string} to
 * @param {number} mode
 */
export function installFile(from, to, mode = 0o644) {
    mkdir755(path.dirname(to));
    fs.copyFileSync(from, to);
    fs.chmodSync(to, mode);
}

/**
 * Writes a file with the given content and mode, creating its parent directories.
 * @param {string} to
 * @param {string | Buffer} content
 * @param {number} mode
 */
export function writeFile(to, content, mode = 0o644) {
    mkdir755(path.dirname(to));
    fs.writeFileSync(to, content);
    fs.chmodSync(to, mode);
}

/**
 * Copies a directory tree: directories 0755, files 0644 (0755 when `executable`
 * says so). Symbolic links and special files are refused: a package built from
 * a tree must not point outside it.
 * @param {string} from
 * @param {string} to
 * @param {{ skip?: (rel: string) => boolean, executable?: (rel: string) => boolean }} [options]
 */
export function installTree(from, to, options = {}) {
    const { skip = () => false, executable = () => false } = options;
    /** @param {string} rel */
    const walk = (rel) => {
        const src = path.join(from, rel);
        mkdir755(path.join(to, rel));
        for (const entry of fs.readdirSync(src, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const childRel = rel ? `${rel}/${entry.name}` : entry.name;
            if (skip(childRel)) continue;
            if (entry.isDirectory()) walk(childRel);
            else if (entry.isFile())
                installFile(path.join(from, childRel), path.join(to, childRel), executable(childRel) ? 0o755 : 0o644);
            else
                throw new UsageError(
                    `${path.join(from, childRel)}: not a regular file or directory (symbolic links and special files are not packaged)`
                );
        }
    };
    walk("");
}

/**
 * Every path under `root` except DEBIAN/, relative, sorted, directories included.
 * @param {string} root
 * @returns {{ rel: string, stat: fs.Stats }[]}
 */
export function listTree(root) {
    /** @type {{ rel: string, stat: fs.Stats }[]} */
    const out = [];
    /** @param {string} rel */
    const walk = (rel) => {
        for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
            const childRel = rel ? `${rel}/${name}` : name;
            if (childRel === "DEBIAN") continue;
            const stat = fs.lstatSync(path.join(root, childRel));
            out.push({ rel: childRel, stat });
            if (stat.isDirectory()) walk(childRel);
        }
    };
    walk("");
    return out;
}

/**
 * Installed-Size as dpkg-gencontrol computes it: KiB per file rounded up, one per
 * directory or link.
 * @param {string} root
 * @returns {number}
 */
export function installedSize(root) {
    let kib = 0;
    for (const { stat } of listTree(root)) kib += stat.isFile() ? Math.ceil(stat.size / 1024) : 1;
    return kib;
}

/**
 * DEBIAN/md5sums: one line per regular file, as dh_md5sums writes it: the
 * conffiles (DEBIAN/conffiles, when staged) left out, since dpkg keeps their
 * sums itself.
 * @param {string} root
 * @returns {string}
 */
export function md5sums(root) {
    const conffilesFile = path.join(root, "DEBIAN/conffiles");
    const conffiles = new Set(
        fs.existsSync(conffilesFile) ? fs.readFileSync(conffilesFile, "utf8").split("\n").filter(Boolean) : []
    );
    return listTree(root)
        .filter(({ rel, stat }) => stat.isFile() && !conffiles.has(`/${rel}`))
        .map(
            ({ rel }) =>
                `${crypto
                    .createHash("md5")
                    .update(fs.readFileSync(path.join(root, rel)))
                    .digest("hex")}  ${rel}\n`
        )
        .join("");
}

/**
 * Compresses with the real gzip, as Debian does for changelogs: -9 best, -n
 * without name and timestamp, so the output is reproducible.
 * @param {string} from
 * @param {string} to
 */
export function gzip9n(from, to) {
    writeFile(to, execFileSync("gzip", ["-9n", "-c", from]));
}

/**
 * Fills a control template: every @NAME@ is replaced by values[NAME]; a name
 * without a value is an error, so that a template and its script stay in step.
 * @param {string} template
 * @param {Record<string, string | number>} values
 * @returns {string}
 */
export function fillTemplate(template, values) {
    const out = template.replace(/@([A-Z_]+)@/g, (_, name) => {
        if (!(name in values)) throw new Error(`control template: no value for @${name}@`);
        return String(values[name]);
    });
    return out.endsWith("\n") ? out : `${out}\n`;
}

/**
 * Formats free text as a control file's extended description: each line
 * indented by one space, empty lines as " .", paragraphs rewrapped at 72 columns.
 * @param {string} text
 * @returns {string}
 */
export function extendedDescription(text) {
    const paragraphs = text
        .trim()
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s+/g, " ").trim())
        .filter(Boolean);
    return paragraphs
        .map((p) => {
            const lines = [];
            let line = "";
            for (const word of p.split(" ")) {
                if (line && line.length + 1 + word.length > 72) {
                    lines.push(` ${line}`);
                    line = word;
                } else line = line ? `${line} ${word}` : word;
            }
            if (line) lines.push(` ${line}`);
            return lines.join("\n");
        })
        .join("\n .\n");
}

/**
 * Writes DEBIAN/control (from a filled template, Installed-Size computed here)
 * and DEBIAN/md5sums, clamps every timestamp to `epoch` (as dh_builddeb with
 * SOURCE_DATE_EPOCH does, for reproducible packages) and builds the .deb with
 * `dpkg-deb --root-owner-group --build`.
 * @param {object} args
 * @param {string} args.root the staged tree (DEBIAN/ maintainer scripts and conffiles already in it)
 * @param {string} args.template control template with @INSTALLED_SIZE@
 * @param {Record<string, string | number>} args.values other template values
 * @param {string} args.outFile the .deb to write
 * @param {number} args.epoch seconds since 1970 for every file's mtime
 * @returns {string} outFile
 */
export function buildDeb({ root, template, values, outFile, epoch }) {
    const debian = path.join(root, "DEBIAN");
    mkdir755(debian);
    writeFile(path.join(debian, "control"), fillTemplate(template, { ...values, INSTALLED_SIZE: installedSize(root) }));
    const sums = md5sums(root);
    if (sums) writeFile(path.join(debian, "md5sums"), sums);
    clampMtimes(root, epoch);
    mkdir755(path.dirname(outFile));
    const tmp = `${outFile}.tmp-${process.pid}`;
    // dpkg-deb takes the ar members' timestamps from SOURCE_DATE_EPOCH.
    execFileSync("dpkg-deb", ["--root-owner-group", "--build", root, tmp], {
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) },
    });
    fs.renameSync(tmp, outFile);
    return outFile;
}

/**
 * Sets the mtime of every path under root (DEBIAN included) to epoch.
 * @param {string} root
 * @param {number} epoch
 */
export function clampMtimes(root, epoch) {
    const when = new Date(epoch * 1000);
    /** @param {string} dir */
    const walk = (dir) => {
        for (const name of fs.readdirSync(dir)) {
            const p = path.join(dir, name);
            if (fs.lstatSync(p).isDirectory()) walk(p);
            fs.utimesSync(p, when, when);
        }
    };
    walk(root);
    fs.utimesSync(root, when, when);
}

/**
 * Parses `--name value` / `--name=value` options and boolean flags.
 * @param {string[]} argv
 * @param {{ values: string[], flags?: string[] }} spec option names without "--"
 * @returns {Record<string, string | boolean>}
 */
export function parseOptions(argv, spec) {
    /** @type {Record<string, string | boolean>} */
    const out = {};
    const flags = spec.flags ?? [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
        if (!m) throw new UsageError(`unexpected argument: ${arg}`);
        const [, name, inline] = m;
        if (flags.includes(name)) {
            if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
            out[name] = true;
        } else if (spec.values.includes(name)) {
            const value = inline ?? argv[++i];
            if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
            out[name] = value;
        } else throw new UsageError(`unknown option: --${name}`);
    }
    return out;
}

/**
 * A path as the user would like to see it: relative when under the current directory.
 * @param {string} file
 * @returns {string}
 */
export function displayPath(file) {
    const rel = path.relative(process.cwd(), file);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
