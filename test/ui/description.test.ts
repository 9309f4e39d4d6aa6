// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { descriptionBlocks } from "../../src/ui/components/description.js";

// As the bridge returns them: the leading space of every line removed, " ." made empty.
describe("descriptionBlocks (Debian's long Description format)", () => {
    it("reflows the lines of a paragraph and splits paragraphs at empty lines", () => {
        const bash =
            "Bash is an sh-compatible command language interpreter that executes\ncommands read from the standard input.\n\nBash is ultimately intended to be\na conformant implementation.";
        expect(descriptionBlocks(bash)).toEqual([
            {
                kind: "paragraph",
                text: "Bash is an sh-compatible command language interpreter that executes commands read from the standard input.",
            },
            { kind: "paragraph", text: "Bash is ultimately intended to be a conformant implementation." },
        ]);
    });

    it("makes a list of '*', '-' and 'o' bullets, joining the wrapped lines of an item", () => {
        const apt =
            "These include:\n * apt-get for retrieval of packages\n   from authenticated sources\n * apt-cache for querying\n\n - one\n - two\n\n o first\n o second";
        expect(descriptionBlocks(apt)).toEqual([
            { kind: "paragraph", text: "These include:" },
            {
                kind: "list",
                items: ["apt-get for retrieval of packages from authenticated sources", "apt-cache for querying"],
            },
            { kind: "list", items: ["one", "two"] },
            { kind: "list", items: ["first", "second"] },
        ]);
    });

    it("keeps lines that start with a space verbatim, together", () => {
        expect(descriptionBlocks("Example:\n\n  $ foo --bar\n    indented\nAfter.")).toEqual([
            { kind: "paragraph", text: "Example:" },
            { kind: "verbatim", text: "  $ foo --bar\n    indented" },
            { kind: "paragraph", text: "After." },
        ]);
    });

    it("treats a leftover '.' line as a paragraph break and ignores trailing blanks", () => {
        expect(descriptionBlocks("One\n.\nTwo  \n\n")).toEqual([
            { kind: "paragraph", text: "One" },
            { kind: "paragraph", text: "Two" },
        ]);
        expect(descriptionBlocks("")).toEqual([]);
    });

    it("does not take a word starting with 'o' for a bullet", () => {
        expect(descriptionBlocks("only this\nor that")).toEqual([{ kind: "paragraph", text: "only this or that" }]);
    });
});
