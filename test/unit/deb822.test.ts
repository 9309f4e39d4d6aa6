// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import {
    forEachStanza,
    longDescriptionOf,
    parseTags,
    splitCommaList,
    splitWhitespaceList,
    summaryOf,
    type Stanza,
} from "../../src/bridge/apt/deb822.js";

/** Every stanza of `text`, as the bridge's readers see them one by one. */
function parseStanzas(text: string, options: { comments?: boolean } = {}): Stanza[] {
    const out: Stanza[] = [];
    forEachStanza(text, (s) => out.push(s), options);
    return out;
}

function stanzasWithOffsets(text: string, comments = false): Array<{ fields: Record<string, string>; slice: string }> {
    const out: Array<{ fields: Record<string, string>; slice: string }> = [];
    forEachStanza(text, (s, start, end) => out.push({ fields: Object.fromEntries(s), slice: text.slice(start, end) }), {
        comments,
    });
    return out;
}

describe("parseStanzas", () => {
    it("splits stanzas on blank lines and keys fields by lower-cased name", () => {
        const s = parseStanzas("Package: foo\nVersion: 1.0\n\nPACKAGE: bar\nversion: 2.0\nInstalled-Size: 12\n");
        expect(s).toHaveLength(2);
        expect(Object.fromEntries(s[0]!)).toEqual({ package: "foo", version: "1.0" });
        expect(Object.fromEntries(s[1]!)).toEqual({ package: "bar", version: "2.0", "installed-size": "12" });
        expect(s[1]!.get("Package")).toBeUndefined();
    });

    it("joins continuation lines with newlines, dropping one leading space or tab", () => {
        const [s] = parseStanzas(
            "Package: foo\nDescription: short summary\n first line\n .\n   verbatim line\n\tafter tab\nSection: net\n"
        );
        expect(s!.get("description")).toBe("short summary\nfirst line\n.\n  verbatim line\nafter tab");
        expect(s!.get("section")).toBe("net");
    });

    it("folded fields whose first line is empty start with a newline", () => {
        const [s] = parseStanzas("Package: foo\nDepends:\n libc6 (>= 2.36),\n zlib1g\n");
        expect(s!.get("depends")).toBe("\nlibc6 (>= 2.36),\nzlib1g");
    });

    it("trims the value on the first line and keeps colons inside values", () => {
        const [s] = parseStanzas("Homepage:   https://example.org:8080/x   \nFilename: pool/main/f/foo.deb\n");
        expect(s!.get("homepage")).toBe("https://example.org:8080/x");
        expect(s!.get("filename")).toBe("pool/main/f/foo.deb");
    });

    it("treats lines of only spaces or tabs as stanza separators", () => {
        const s = parseStanzas("A: 1\n   \nA: 2\n\t \n\n \nA: 3");
        expect(s.map((x) => x.get("a"))).toEqual(["1", "2", "3"]);
    });

    it("accepts CRLF line endings, also in continuation lines", () => {
        const s = parseStanzas(
            "Package: foo\r\nDescription: sum\r\n more\r\n .\r\n end\r\n\r\nPackage: bar\r\nVersion: 2\r\n"
        );
        expect(s).toHaveLength(2);
        expect(s[0]!.get("package")).toBe("foo");
        expect(s[0]!.get("description")).toBe("sum\nmore\n.\nend");
        expect(s[1]!.get("version")).toBe("2");
    });

    it("skips leading blank lines and handles a missing final newline", () => {
        const s = parseStanzas("\n\n  \nA: 1\nB: 2");
        expect(s).toHaveLength(1);
        expect(Object.fromEntries(s[0]!)).toEqual({ a: "1", b: "2" });
    });

    it("returns nothing for empty or blank text", () => {
        expect(parseStanzas("")).toEqual([]);
        expect(parseStanzas("\n \n\t\n")).toEqual([]);
    });

    it("ignores lines that are not fields and continuation lines without a field", () => {
        const [s] = parseStanzas(" orphan continuation\nnot a field\nA: 1\n:nokey\nB: 2\n");
        expect(Object.fromEntries(s!)).toEqual({ a: "1", b: "2" });
    });

    it("the last of repeated fields wins", () => {
        const [s] = parseStanzas("A: 1\nA: 2\n");
        expect(s!.get("a")).toBe("2");
    });

    it("skips comment lines only with the comments option", () => {
        const text =
            "# leading comment\nPackage: foo\n# inside\nPin: release a=stable\nPin-Priority: 700\n\n# between\n\nPackage: bar\nPin: version 1.*\nPin-Priority: 600\n";
        const withComments = parseStanzas(text, { comments: true });
        expect(withComments.map((s) => Object.fromEntries(s))).toEqual([
            { package: "foo", pin: "release a=stable", "pin-priority": "700" },
            { package: "bar", pin: "version 1.*", "pin-priority": "600" },
        ]);
        const without = parseStanzas("#Package: x\nPackage: foo\n");
        expect(without[0]!.get("#package")).toBe("x");
        expect(without[0]!.get("package")).toBe("foo");
    });

    it("a comment line does not continue or end the previous field", () => {
        const [s] = parseStanzas("Explanation: one\n# c\n two\nPackage: foo\n", { comments: true });
        expect(s!.get("explanation")).toBe("one\ntwo");
        expect(s!.get("package")).toBe("foo");
    });
});

describe("forEachStanza offsets", () => {
    it("start/end slice back to exactly the stanza's lines", () => {
        const a = "Package: a\nVersion: 1\n";
        const b = "Package: b\nDescription: x\n y\n";
        const c = "Package: c";
        const text = "\n" + a + "\n  \n" + b + "\n" + c;
        const got = stanzasWithOffsets(text);
        expect(got.map((g) => g.slice)).toEqual([a, b, c]);
        expect(got.map((g) => g.fields.package)).toEqual(["a", "b", "c"]);
    });

    it("offsets with CRLF slice back to the stanza too", () => {
        const a = "Package: a\r\nVersion: 1\r\n";
        const b = "Package: b\r\n";
        const got = stanzasWithOffsets(a + "\r\n" + b);
        expect(got.map((g) => g.slice)).toEqual([a, b]);
        expect(got[0]!.fields.version).toBe("1");
    });

    it("every stanza's slice reparses to the same stanza", () => {
        const text = "Package: x\nTag: a::b,\n c::d\n\n\nPackage: y\nVersion: 2\n\nPackage: z\n";
        const all = parseStanzas(text);
        const slices: string[] = [];
        forEachStanza(text, (_s, start, end) => slices.push(text.slice(start, end)));
        expect(slices.map((sl) => parseStanzas(sl)[0])).toEqual(all);
    });
});

describe("lists", () => {
    it("splitCommaList trims, drops empty parts and folded newlines", () => {
        expect(splitCommaList("a, b ,\n c,,")).toEqual(["a", "b", "c"]);
        expect(splitCommaList(undefined)).toEqual([]);
        expect(splitCommaList("")).toEqual([]);
    });
    it("splitWhitespaceList splits on any whitespace", () => {
        expect(splitWhitespaceList(" amd64  arm64\ni386 ")).toEqual(["amd64", "arm64", "i386"]);
        expect(splitWhitespaceList(undefined)).toEqual([]);
    });
});

describe("parseTags", () => {
    it("parses a Tag field folded over lines, sorted", () => {
        const [s] = parseStanzas(
            "Package: foo\nTag: role::program, interface::web,\n field::marine, category::navigation\n"
        );
        expect(parseTags(s!.get("tag"))).toEqual([
            "category::navigation",
            "field::marine",
            "interface::web",
            "role::program",
        ]);
    });
    it("keeps values that contain ':'", () => {
        expect(parseTags("works-with-format::TeX:latex, uitoolkit::gtk")).toEqual([
            "uitoolkit::gtk",
            "works-with-format::TeX:latex",
        ]);
    });
    it("removes duplicates", () => {
        expect(parseTags("b::x, a::y,\nb::x, a::y")).toEqual(["a::y", "b::x"]);
    });
    it("is empty without a field", () => {
        expect(parseTags(undefined)).toEqual([]);
        expect(parseTags("")).toEqual([]);
    });
});

describe("descriptions", () => {
    const desc = parseStanzas(
        "Description: A tool to do things  \n This tool does things.\n It is good.\n .\n  $ verbatim --code\n .\n Last paragraph.\n"
    )[0]!.get("description");

    it("summaryOf is the first line, trimmed", () => {
        expect(summaryOf(desc)).toBe("A tool to do things");
        expect(summaryOf("  only summary ")).toBe("only summary");
        expect(summaryOf(undefined)).toBe("");
        expect(summaryOf("")).toBe("");
    });

    it("longDescriptionOf turns '.' lines into blank lines and keeps verbatim lines indented", () => {
        expect(longDescriptionOf(desc)).toBe(
            "This tool does things.\nIt is good.\n\n $ verbatim --code\n\nLast paragraph."
        );
    });

    it("longDescriptionOf is empty for a summary-only description", () => {
        expect(longDescriptionOf("just a summary")).toBe("");
        expect(longDescriptionOf(undefined)).toBe("");
    });
});
