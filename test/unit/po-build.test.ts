// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The translation build step (scripts/po-build.mjs) and the placeholder check
 * (scripts/i18n.mjs): a .po with plural forms, context, fuzzy and untranslated
 * entries becomes the po.<lang>.js that Cockpit's cockpit.locale() takes.
 */
import { describe, expect, it } from "vitest";
import { messages, placeholderProblems } from "../../scripts/i18n.mjs";
import { pluralFunction, poToCockpitJs } from "../../scripts/po-build.mjs";

function po(language: string, pluralForms: string, body: string): string {
    return [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        `"Language: ${language}\\n"`,
        `"Plural-Forms: ${pluralForms}\\n"`,
        "",
        body,
    ].join("\n");
}

const GERMAN = po(
    "de",
    "nplurals=2; plural=(n != 1);",
    `
msgid "Package"
msgstr "Paket"

msgctxt "verb"
msgid "Open"
msgstr "Öffnen"

msgid "$0 package"
msgid_plural "$0 packages"
msgstr[0] "$0 Paket"
msgstr[1] "$0 Pakete"

#, fuzzy
msgid "Repository"
msgstr "Depot"

msgid "Store"
msgstr ""
`
);

type Locale = Record<string, unknown> & {
    "": { "plural-forms": (n: number) => number; language: string; "language-direction": string };
};

/** Runs po.<lang>.js the way the page does: it calls cockpit.locale(data). */
function load(text: string): Locale {
    let data: Locale | null = null;
    new Function("cockpit", text)({ locale: (d: Locale) => (data = d) });
    if (!data) throw new Error("cockpit.locale was not called");
    return data;
}

describe("po.<lang>.js", () => {
    it("holds the translations, context as msgctxt\\u0004msgid, plurals with every form", () => {
        const { language, text } = poToCockpitJs(GERMAN);
        expect(language).toBe("de");
        const data = load(text);
        expect(data[""].language).toBe("de");
        expect(data[""]["language-direction"]).toBe("ltr");
        expect(data["Package"]).toEqual([null, "Paket"]);
        expect(data["verb\u0004Open"]).toEqual([null, "Öffnen"]);
        expect(data["Open"]).toBeUndefined();
        expect(data["$0 package"]).toEqual([null, "$0 Paket", "$0 Pakete"]);
    });

    it("leaves out fuzzy and untranslated messages (cockpit.gettext then shows the English text)", () => {
        const data = load(poToCockpitJs(GERMAN).text);
        expect(data["Repository"]).toBeUndefined();
        expect(data["Store"]).toBeUndefined();
    });

    it("makes Plural-Forms a function of n, also with three forms", () => {
        const german = load(poToCockpitJs(GERMAN).text)[""]["plural-forms"];
        expect([0, 1, 2, 21].map(german)).toEqual([1, 0, 1, 1]);
        const polish = pluralFunction(
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        );
        const fn = new Function(`return ${polish.source}`)() as (n: number) => number;
        expect([1, 2, 5, 22, 25, 112].map(fn)).toEqual([0, 1, 2, 1, 2, 2]);
    });

    it("refuses a plural expression that is more than arithmetic on n, or out of range", () => {
        expect(() => pluralFunction("nplurals=2; plural=alert(1);")).toThrow(/bad plural expression/);
        expect(() => pluralFunction("nplurals=2; plural=(n > 1 ? 2 : 0);")).toThrow(/form 2/);
        expect(() => pluralFunction(undefined)).toThrow(/Plural-Forms/);
    });

    it("refuses a file without a Language header", () => {
        expect(() => poToCockpitJs(GERMAN.replace('"Language: de\\n"\n', ""))).toThrow(/Language/);
    });

    it("refuses a plural message with fewer forms than the header says", () => {
        const broken = GERMAN.replace('msgstr[1] "$0 Pakete"\n', "");
        expect(() => poToCockpitJs(broken)).toThrow(/plural forms/);
    });
});

describe("placeholder check", () => {
    const template = messages(
        po(
            "",
            "nplurals=INTEGER; plural=EXPRESSION;",
            `
msgid "$0 of $1"
msgstr ""

msgid "$0 package"
msgid_plural "$0 packages"
msgstr[0] ""
msgstr[1] ""
`
        )
    ).messages;

    it("accepts translations with the same placeholders in another order", () => {
        const ok = po(
            "de",
            "nplurals=2; plural=(n != 1);",
            `
msgid "$0 of $1"
msgstr "$1: $0"

msgid "$0 package"
msgid_plural "$0 packages"
msgstr[0] "$0 Paket"
msgstr[1] "$0 Pakete"
`
        );
        expect(placeholderProblems(template, ok, "de.po")).toEqual([]);
    });

    it("finds a dropped placeholder, an added one, and one dropped from a plural form", () => {
        const bad = po(
            "de",
            "nplurals=2; plural=(n != 1);",
            `
msgid "$0 of $1"
msgstr "$0 von $2"

msgid "$0 package"
msgid_plural "$0 packages"
msgstr[0] "$0 Paket"
msgstr[1] "Pakete"
`
        );
        const problems = placeholderProblems(template, bad, "de.po");
        expect(problems).toHaveLength(2);
        expect(problems[0]).toContain('"$0 von $2"');
        expect(problems[1]).toContain('"Pakete"');
    });
});
