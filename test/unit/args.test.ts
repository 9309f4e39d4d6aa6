// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import {
    MAX_PACKAGE_NAME,
    MAX_QUERY_LENGTH,
    oneOf,
    parseArgs,
    parseIntInRange,
    parseStoreOnly,
    stringOption,
    flagOption,
    validatePackageName,
    validateQuery,
    validateRepositoryId,
    validateSectionName,
    validateStoreId,
} from "../../src/bridge/cli/args.js";
import { BridgeError } from "../../src/bridge/cli/errors.js";

function codeOf(fn: () => unknown): string | null {
    try {
        fn();
    } catch (e) {
        if (e instanceof BridgeError) return e.code;
        throw e;
    }
    return null;
}

const spec = { store: "string", limit: "string", verbose: "flag" } as const;

describe("parseArgs", () => {
    it("parses --opt value, --opt=value, flags and positionals", () => {
        const p = parseArgs(["search", "--store", "marine", "--limit=5", "--verbose", "text"], spec);
        expect(p.positionals).toEqual(["search", "text"]);
        expect(stringOption(p, "store")).toBe("marine");
        expect(stringOption(p, "limit")).toBe("5");
        expect(flagOption(p, "verbose")).toBe(true);
        expect(flagOption(p, "store")).toBe(false);
        expect(stringOption(p, "verbose")).toBeUndefined();
    });

    it("keeps '=' after the first in --opt=value and allows an empty value", () => {
        expect(stringOption(parseArgs(["--store=a=b"], spec), "store")).toBe("a=b");
        expect(stringOption(parseArgs(["--store="], spec), "store")).toBe("");
    });

    it("takes the next argument as the value even when it starts with '-'", () => {
        expect(stringOption(parseArgs(["--store", "--verbose"], spec), "store")).toBe("--verbose");
    });

    it("rejects unknown long and short options", () => {
        expect(codeOf(() => parseArgs(["--nope"], spec))).toBe("USAGE");
        expect(codeOf(() => parseArgs(["--nope=1"], spec))).toBe("USAGE");
        expect(codeOf(() => parseArgs(["-o"], spec))).toBe("USAGE");
        expect(codeOf(() => parseArgs(["-foo"], spec))).toBe("USAGE");
    });

    it("rejects repeated options", () => {
        expect(codeOf(() => parseArgs(["--store", "a", "--store", "b"], spec))).toBe("USAGE");
        expect(codeOf(() => parseArgs(["--verbose", "--verbose"], spec))).toBe("USAGE");
    });

    it("rejects a flag with a value and a string option without one", () => {
        expect(codeOf(() => parseArgs(["--verbose=yes"], spec))).toBe("USAGE");
        expect(codeOf(() => parseArgs(["--store"], spec))).toBe("USAGE");
    });

    it("'--' ends options: later arguments are positionals, even '-foo' and '--store'", () => {
        const p = parseArgs(["--limit", "3", "--", "-foo", "--store", "--"], spec);
        expect(p.positionals).toEqual(["-foo", "--store", "--"]);
        expect(p.options.has("store")).toBe(false);
        expect(stringOption(p, "limit")).toBe("3");
    });

    it("a lone '-' is a positional", () => {
        expect(parseArgs(["-"], spec).positionals).toEqual(["-"]);
    });

    it("limits positionals", () => {
        expect(codeOf(() => parseArgs(["a", "b"], spec, 1))).toBe("USAGE");
        expect(parseArgs(["a"], spec, 1).positionals).toEqual(["a"]);
    });

    it("parseStoreOnly validates the id and accepts no positionals", () => {
        expect(parseStoreOnly([])).toEqual([]);
        expect(parseStoreOnly(["--store", "marine"])).toEqual(["marine"]);
        expect(parseStoreOnly(["--store", "marine", "--store=devtools", "--store", "marine"])).toEqual([
            "marine",
            "devtools",
        ]);
        expect(codeOf(() => parseStoreOnly(["--store", "Bad Id"]))).toBe("INVALID_ARGUMENT");
        expect(codeOf(() => parseStoreOnly(["extra"]))).toBe("USAGE");
        expect(codeOf(() => parseStoreOnly(["--repo", "x"]))).toBe("USAGE");
    });
});

describe("validatePackageName", () => {
    it.each(["libc6:i386", "g++", "lib.so-1", "0ad", "ab", "marine-signalk-server-container", "libstdc++6:arm64"])(
        "accepts %s",
        (name) => {
            expect(validatePackageName(name)).toBe(name);
        }
    );
    it.each([
        "-o",
        "foo bar",
        "a;b",
        "A",
        "x",
        "$(x)",
        "",
        "Foo",
        "foo:",
        "foo:I386",
        "foo:i386:amd64",
        ".foo",
        "+foo",
        "foo/bar",
        "foo\nbar",
        "foo_bar",
    ])("rejects %j", (name) => {
        expect(codeOf(() => validatePackageName(name))).toBe("INVALID_ARGUMENT");
    });
    it("rejects names longer than the limit", () => {
        expect(validatePackageName("a".repeat(MAX_PACKAGE_NAME))).toHaveLength(MAX_PACKAGE_NAME);
        expect(codeOf(() => validatePackageName("a".repeat(MAX_PACKAGE_NAME + 1)))).toBe("INVALID_ARGUMENT");
    });
});

describe("other validators", () => {
    it("store ids", () => {
        expect(validateStoreId("marine-2")).toBe("marine-2");
        for (const bad of ["", "-x", "Marine", "a b", "a/b", "a".repeat(65)])
            expect(codeOf(() => validateStoreId(bad))).toBe("INVALID_ARGUMENT");
    });

    it("repository ids allow spaces and colons but no control characters", () => {
        expect(validateRepositoryId("Debian Backports:bookworm-backports")).toBe("Debian Backports:bookworm-backports");
        for (const bad of ["", "a\nb", "a\u0000b", "a\u007fb", "x".repeat(257)])
            expect(codeOf(() => validateRepositoryId(bad))).toBe("INVALID_ARGUMENT");
    });

    it("queries: length and control characters", () => {
        expect(validateQuery("-foo bar")).toBe("-foo bar");
        expect(validateQuery("x".repeat(MAX_QUERY_LENGTH))).toHaveLength(MAX_QUERY_LENGTH);
        expect(codeOf(() => validateQuery("x".repeat(MAX_QUERY_LENGTH + 1)))).toBe("INVALID_ARGUMENT");
        expect(codeOf(() => validateQuery("a\tb"))).toBe("INVALID_ARGUMENT");
        expect(codeOf(() => validateQuery("a\u001bb"))).toBe("INVALID_ARGUMENT");
        expect(codeOf(() => validateQuery("a\u007f"))).toBe("INVALID_ARGUMENT");
    });

    it("sections", () => {
        for (const ok of ["net", "contrib/net", "non-free/games", "Perl"]) expect(validateSectionName(ok)).toBe(ok);
        for (const bad of ["", "/net", "a b", "a;b", "x".repeat(101)])
            expect(codeOf(() => validateSectionName(bad))).toBe("INVALID_ARGUMENT");
    });

    it("parseIntInRange: whole numbers within bounds, fallback when absent", () => {
        expect(parseIntInRange(undefined, "limit", 1, 1000, 1000)).toBe(1000);
        expect(parseIntInRange("1", "limit", 1, 1000, 1000)).toBe(1);
        expect(parseIntInRange("1000", "limit", 1, 1000, 1000)).toBe(1000);
        expect(parseIntInRange("007", "offset", 0, 10, 0)).toBe(7);
        for (const bad of ["0", "1001", "-1", "1.5", "1e3", " 5", "", "abc", "0x10", "9999999999"]) {
            expect(codeOf(() => parseIntInRange(bad, "limit", 1, 1000, 1000))).toBe("INVALID_ARGUMENT");
        }
    });

    it("oneOf", () => {
        const tabs = ["browse", "search", "installed", "updates"] as const;
        expect(oneOf(undefined, "tab", tabs, "browse")).toBe("browse");
        expect(oneOf("updates", "tab", tabs, "browse")).toBe("updates");
        expect(codeOf(() => oneOf("Updates", "tab", tabs, "browse"))).toBe("INVALID_ARGUMENT");
    });
});
