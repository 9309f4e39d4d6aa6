// SPDX-License-Identifier: LGPL-2.1-or-later
// Turns po/<lang>.po into the po.<lang>.js that Cockpit serves for the module
// (index.html loads "po.js"; cockpit-bridge answers it with po.<lang>.js for the
// language the user chose in the shell). The output is what Cockpit's own
// cockpit-po-plugin writes: cockpit.locale({"": {header}, msgid: [null, msgstr...]}),
// with "plural-forms" as a function of n and context as "msgctxt\u0004msgid".
// Fuzzy and untranslated messages are left out: cockpit.gettext falls back to English.
import fs from "node:fs";
import path from "node:path";
import gettextParser from "gettext-parser";

const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur"]);

/**
 * "nplurals=2; plural=(n != 1);" -> "(n) => (n != 1)". The expression becomes code in
 * the page, so it may hold nothing but n, numbers, operators and parentheses.
 */
export function pluralFunction(header) {
    const m = /^\s*nplurals\s*=\s*([1-9])\s*;\s*plural\s*=\s*([^;]+);?\s*$/.exec(header ?? "");
    if (!m) throw new Error(`bad Plural-Forms header: ${JSON.stringify(header)}`);
    const expr = m[2].trim();
    if (!/^[n0-9\s()?:%<>=!&|+-]+$/.test(expr)) throw new Error(`bad plural expression: ${JSON.stringify(expr)}`);
    const fn = new Function("n", `return Number(${expr});`);
    const nplurals = Number(m[1]);
    for (let n = 0; n < 1000; n++) {
        const form = fn(n);
        if (!Number.isInteger(form) || form < 0 || form >= nplurals)
            throw new Error(`plural expression gives form ${form} for n=${n} (nplurals=${nplurals})`);
    }
    return { nplurals, source: `(n) => Number(${expr})` };
}

/** The text of po.<lang>.js for one .po file's contents. */
export function poToCockpitJs(poText) {
    const po = gettextParser.po.parse(poText, "utf8");
    const language = po.headers.Language || po.headers.language;
    if (!language || !/^[A-Za-z]{2,3}([_@-][A-Za-z0-9]+)*$/.test(language))
        throw new Error(`bad or missing Language header: ${JSON.stringify(language)}`);
    const plural = pluralFunction(po.headers["Plural-Forms"]);
    const chunks = [
        "{\n",
        ' "": {\n',
        `  "plural-forms": ${plural.source},\n`,
        `  "language": ${JSON.stringify(language)},\n`,
        `  "language-direction": "${RTL_LANGUAGES.has(language.split(/[_@-]/)[0]) ? "rtl" : "ltr"}"\n`,
        " }",
    ];
    for (const [context, messages] of Object.entries(po.translations)) {
        for (const [msgid, message] of Object.entries(messages)) {
            if (msgid === "") continue; // the header
            if (/\bfuzzy\b/.test(message.comments?.flag ?? "")) continue;
            const forms = message.msgstr;
            if (forms.length === 0 || forms.some((s) => s === "")) continue;
            if (message.msgid_plural && forms.length !== plural.nplurals)
                throw new Error(
                    `${language}: "${msgid}" has ${forms.length} plural forms, the header says ${plural.nplurals}`
                );
            const key = context ? `${context}\u0004${msgid}` : msgid;
            // cockpit.js ignores the first item (the plural msgid in Jed's format)
            chunks.push(`,\n ${JSON.stringify(key)}: [null${forms.map((s) => `, ${JSON.stringify(s)}`).join("")}]`);
        }
    }
    chunks.push("\n}");
    return { language, text: `cockpit.locale(${chunks.join("")});\n` };
}

/** Builds po.<lang>.js into outDir for every po/<lang>.po listed in po/LINGUAS. Returns the languages. */
export function buildPoFiles(poDir, outDir) {
    const linguasFile = path.join(poDir, "LINGUAS");
    if (!fs.existsSync(linguasFile)) return [];
    const languages = fs.readFileSync(linguasFile, "utf8").replace(/#.*$/gm, "").split(/\s+/).filter(Boolean);
    for (const lang of languages) {
        const { language, text } = poToCockpitJs(fs.readFileSync(path.join(poDir, `${lang}.po`)));
        if (language !== lang) throw new Error(`po/${lang}.po says Language: ${language}`);
        fs.writeFileSync(path.join(outDir, `po.${lang}.js`), text);
    }
    return languages;
}
