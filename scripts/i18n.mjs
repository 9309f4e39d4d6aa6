// SPDX-License-Identifier: LGPL-2.1-or-later
// The translation pipeline, as Cockpit's own modules have it (starter-kit's Makefile):
//
//   node scripts/i18n.mjs update   po/cockpit-apt.pot anew from the sources (xgettext), the
//                                  manifest and the metainfo file, merged into every po/<lang>.po
//   node scripts/i18n.mjs check    (npm test) fails when a string of the sources is missing from
//                                  the template, a .po file does not compile (msgfmt --check), or a
//                                  translation drops or adds a $0-style placeholder
//
// Debian's gettext does the extraction and the checks; gettext-parser (npm) reads the files.
// po.<lang>.js for Cockpit is made by build.mjs (scripts/po-build.mjs).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import gettextParser from "gettext-parser";
import { buildPoFiles } from "./po-build.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const poDir = path.join(root, "po");
const TEMPLATE = path.join(poDir, "cockpit-apt.pot");
const MANIFEST = "src/ui/manifest.json";
const METAINFO = "src/ui/org.cockpit_project.apt.metainfo.xml";

// Cockpit's keywords: _ and N_ (with or without context), gettext/ngettext as cockpit.gettext(...).
// The `t` suffixes tell a call with a context from one without by its number of arguments; xgettext
// counts a trailing comma as one more, so prettier is set to trailingComma "es5" (none in calls).
const KEYWORDS = [
    "_:1,1t",
    "_:1c,2,2t",
    "N_:1,1t",
    "NC_:1c,2",
    "C_:1c,2",
    "gettext:1,1t",
    "gettext:1c,2,2t",
    "ngettext:1,2,3t",
    "ngettext:1c,2,3,4t",
];

const HEADER = `# Translations of cockpit-apt, the Cockpit page for APT package management.
# This file is distributed under the same license as cockpit-apt (LGPL-2.1-or-later).
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: cockpit-apt\\n"
"Report-Msgid-Bugs-To: \\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"Language: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

`;

// Our strings use $0-style placeholders, never printf's: without this xgettext marks a string
// with "% o" in it ("$0% of machines") c-format, and msgfmt then demands "% o" in every translation.
const NO_C_FORMAT = ["_:1", "N_:1", "gettext:1", "gettext:2", "ngettext:1", "ngettext:2", "ngettext:3"].map(
    (f) => `--flag=${f}:no-c-format`
);

function sourceFiles() {
    const out = [];
    const walk = (dir) => {
        for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
            const rel = path.join(dir, e.name);
            if (e.isDirectory()) walk(rel);
            else if (/\.(ts|tsx|js|jsx)$/.test(e.name)) out.push(rel);
        }
    };
    walk("src/ui");
    return out.sort();
}

function run(program, args, options = {}) {
    return execFileSync(program, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

/** The manifest's menu label and search keywords, as a .pot (Cockpit's manifest2po). */
function manifestPot() {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, MANIFEST), "utf8"));
    const strings = new Set();
    for (const section of ["menu", "tools", "dashboard"]) {
        for (const item of Object.values(manifest[section] ?? {})) {
            if (item.label) strings.add(item.label);
            for (const k of item.keywords ?? []) for (const word of k.matches ?? []) strings.add(word);
        }
    }
    const translations = { "": { "": { msgid: "", msgstr: ["Content-Type: text/plain; charset=UTF-8\n"] } } };
    for (const s of strings) translations[""][s] = { msgid: s, msgstr: [""], comments: { reference: MANIFEST } };
    return gettextParser.po
        .compile({ charset: "utf-8", headers: { "Content-Type": "text/plain; charset=UTF-8" }, translations })
        .toString();
}

/** The template's text, made from the current sources. */
function extract() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-i18n-"));
    try {
        const js = path.join(tmp, "js.pot");
        run("xgettext", [
            "--default-domain=cockpit-apt",
            `--output=${js}`,
            "--language=C",
            "--keyword=",
            ...KEYWORDS.map((k) => `--keyword=${k}`),
            ...NO_C_FORMAT,
            "--from-code=UTF-8",
            "--add-comments=TRANSLATORS:",
            ...sourceFiles(),
        ]);
        const xml = path.join(tmp, "xml.pot");
        run("xgettext", [`--output=${xml}`, "--from-code=UTF-8", METAINFO]);
        const manifest = path.join(tmp, "manifest.pot");
        fs.writeFileSync(manifest, manifestPot());
        const all = path.join(tmp, "all.pot");
        run("msgcat", ["--sort-output", "--use-first", `--output-file=${all}`, js, xml, manifest]);
        // One fixed header instead of the three merged ones: the template changes only when the strings do.
        const body = fs.readFileSync(all, "utf8").replace(/^[\s\S]*?\nmsgid ""\nmsgstr ""\n(?:".*"\n)*\n/, "");
        return HEADER + body;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

export function messages(text) {
    const po = gettextParser.po.parse(text, "utf8");
    const out = new Map();
    for (const [context, entries] of Object.entries(po.translations)) {
        for (const [msgid, m] of Object.entries(entries)) if (msgid !== "") out.set(`${context}\u0004${msgid}`, m);
    }
    return { po, messages: out };
}

/** Every string literal of a `_("...")` / `ngettext("...", "...")` call, found without xgettext: a second opinion. */
function literalCalls() {
    const found = [];
    const str = `"((?:[^"\\\\\\n]|\\\\.)*)"`;
    const re = new RegExp(
        `(?<![\\w.$])(?:_|N_|gettext)\\(\\s*${str}\\s*\\)|(?<![\\w$])ngettext\\(\\s*${str}\\s*,\\s*${str}`,
        "g"
    );
    for (const file of sourceFiles()) {
        const text = fs.readFileSync(path.join(root, file), "utf8");
        for (const m of text.matchAll(re)) {
            for (const s of [m[1], m[2], m[3]]) if (s !== undefined) found.push({ file, text: JSON.parse(`"${s}"`) });
        }
    }
    return found;
}

const placeholders = (s) => [...new Set(s.match(/\$\d+/g) ?? [])].sort().join(" ");

/** Translations whose $0-style placeholders differ from their English text's (a dropped $1 loses a value). */
export function placeholderProblems(template, poText, name) {
    const problems = [];
    for (const [key, m] of messages(poText).messages) {
        if (!template.has(key)) continue; // obsolete entries are dropped by the next update
        if (/\bfuzzy\b/.test(m.comments?.flag ?? "")) continue;
        m.msgstr.forEach((s, i) => {
            if (s === "") return;
            const source = i === 0 || !m.msgid_plural ? m.msgid : m.msgid_plural;
            if (placeholders(s) !== placeholders(source))
                problems.push(`${name}: placeholders differ: ${JSON.stringify(source)} -> ${JSON.stringify(s)}`);
        });
    }
    return problems;
}

function languages() {
    return fs.readFileSync(path.join(poDir, "LINGUAS"), "utf8").replace(/#.*$/gm, "").split(/\s+/).filter(Boolean);
}

function update() {
    fs.mkdirSync(poDir, { recursive: true });
    fs.writeFileSync(TEMPLATE, extract());
    for (const lang of languages()) {
        const file = path.join(poDir, `${lang}.po`);
        if (fs.existsSync(file))
            run("msgmerge", ["--quiet", "--update", "--backup=none", "--no-fuzzy-matching", file, TEMPLATE]);
        else run("msginit", ["--no-translator", `--locale=${lang}`, `--input=${TEMPLATE}`, `--output-file=${file}`]);
    }
    console.log(
        `po/cockpit-apt.pot: ${messages(fs.readFileSync(TEMPLATE, "utf8")).messages.size} messages; merged into ${languages()
            .map((l) => `po/${l}.po`)
            .join(", ")}`
    );
}

function check() {
    const problems = [];
    const template = messages(fs.readFileSync(TEMPLATE, "utf8")).messages;
    const fresh = messages(extract()).messages;
    for (const key of fresh.keys())
        if (!template.has(key))
            problems.push(
                `not in po/cockpit-apt.pot (run npm run po:update): ${JSON.stringify(key.split("\u0004")[1])}`
            );
    for (const key of template.keys())
        if (!fresh.has(key))
            problems.push(
                `in po/cockpit-apt.pot but no longer in the sources (run npm run po:update): ${JSON.stringify(key.split("\u0004")[1])}`
            );
    const ids = new Set([...fresh.values()].flatMap((m) => [m.msgid, m.msgid_plural].filter(Boolean)));
    for (const call of literalCalls())
        if (!ids.has(call.text))
            problems.push(`${call.file}: ${JSON.stringify(call.text)} was not extracted by xgettext`);

    for (const lang of languages()) {
        const file = path.join(poDir, `${lang}.po`);
        try {
            run("msgfmt", ["--check", "--output-file=/dev/null", file]);
        } catch (e) {
            problems.push(`po/${lang}.po does not compile:\n${e.stderr}`);
            continue;
        }
        problems.push(...placeholderProblems(template, fs.readFileSync(file), `po/${lang}.po`));
    }
    // And the build step accepts every file.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-po-"));
    try {
        buildPoFiles(poDir, tmp);
    } catch (e) {
        problems.push(`po.<lang>.js: ${e.message}`);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    if (problems.length > 0) {
        console.error(problems.join("\n"));
        process.exit(1);
    }
    console.log(`translations: ${template.size} messages; ${languages().join(", ")} checked`);
}

const command =
    process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)
        ? process.argv[2]
        : null;
if (command === "update") update();
else if (command === "check") check();
else if (command !== null) {
    console.error("usage: node scripts/i18n.mjs update|check");
    process.exit(2);
}
