// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pure pieces of package insight: relation fields read from stanza bytes, the
 * reverse relation index round trip, and paths resolved inside a dpkg root.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
    jsonString,
    relationFieldsOf,
    RelationIndex,
    type SourceNames,
} from "../../src/bridge/index/relation-index.js";
import { RelationIndexBuilder } from "../../src/bridge/index/relation-index-builder.js";
import { ColumnFile } from "../../src/bridge/index/column-file.js";
import { ColumnWriter } from "../../src/bridge/index/column-writer.js";
import { Spool } from "../../src/bridge/index/spool.js";
import { openScratchFile } from "../../src/bridge/scratch.js";
import { resolveInRoot } from "../../src/bridge/apt/dpkg-root.js";
import { parseRelationField } from "../../src/bridge/apt/relations.js";

describe("relation fields", () => {
    it("reads only the relation fields, folded lines joined, names case-insensitive", () => {
        const stanza =
            "Package: x\nDepends: a (>= 1),\n b | c\nPRE-DEPENDS: d\nDescription: depends: not a field\n Depends: e\nProvides: v (= 2)\n";
        expect([...relationFieldsOf(Buffer.from(stanza, "latin1"))]).toEqual([
            ["depends", "a (>= 1), b | c"],
            ["pre-depends", "d"],
            ["provides", "v (= 2)"],
        ]);
    });
});

describe("relation parsing", () => {
    it("reads whole architecture qualifiers (perl:any, python3:any (>= 3.11))", () => {
        expect(parseRelationField("perl:any, python3:any (>= 3.11~), libc6:amd64 | libc6-compat")).toEqual([
            [{ name: "perl", architecture: "any", relation: null, version: null }],
            [{ name: "python3", architecture: "any", relation: ">=", version: "3.11~" }],
            [
                { name: "libc6", architecture: "amd64", relation: null, version: null },
                { name: "libc6-compat", architecture: null, relation: null, version: null },
            ],
        ]);
    });

    it("drops architecture lists and build profiles, keeps << and <= constraints", () => {
        expect(
            parseRelationField("a [amd64 !i386] (<< 2) <!nocheck>, b (<= 1) <cross>, c <stage1 !nocheck> [arm64]")
        ).toEqual([
            [{ name: "a", architecture: null, relation: "<<", version: "2" }],
            [{ name: "b", architecture: null, relation: "<=", version: "1" }],
            [{ name: "c", architecture: null, relation: null, version: null }],
        ]);
    });
});

/** The detail file's names column, as the relation index reads its sources' names from it. */
function rowNames(names: string[]): SourceNames {
    return { get: (row) => names[row] as string, prefetch: () => undefined };
}

describe("reverse relation index", () => {
    it("round-trips edges through the column file: kinds, installed flag, constraints, alternatives, providers", () => {
        const b = new RelationIndexBuilder();
        b.add(0, true, [
            "Package: app\nDepends: lib (>= 2) | lib-compat, libc6:any\nProvides: app-virtual (= 1.0)\n",
            "Package: app\nDepends: lib (>= 3), newdep\n",
        ]);
        b.add(1, false, ["Package: other\nSuggests: lib\nProvides: app-virtual\n", undefined]);
        const { targets, entries } = b.columns();
        const file = new ColumnFile(new ColumnWriter().strings("t", targets).strings("e", entries).toChunks({}));
        const index = new RelationIndex(file.strings("t"), file.strings("e"), rowNames(["app", "other"]));
        expect(index.edges("lib")).toEqual([
            // the installed version's constraint wins over the candidate's for the same edge
            {
                source: "app",
                kind: "depends",
                sourceInstalled: true,
                op: ">=",
                version: "2",
                alternatives: ["lib-compat"],
            },
            { source: "other", kind: "suggests", sourceInstalled: false, op: "", version: "", alternatives: [] },
        ]);
        expect(index.edges("libc6").map((e) => e.source)).toEqual(["app"]);
        expect(index.edges("newdep").map((e) => e.source)).toEqual(["app"]); // from the candidate only
        expect(index.providers("app-virtual")).toEqual([
            { name: "app", installed: true, version: "1.0" },
            { name: "other", installed: false, version: "" },
        ]);
        expect(index.edges("nothing")).toEqual([]);
        expect(index.providers("lib")).toEqual([]);
    });
});

describe("edge text", () => {
    it("jsonString writes what JSON.stringify writes, for plain and for odd strings", () => {
        const samples = [
            "libc6",
            "1:2.36-9+deb12u4",
            "",
            'q"uote',
            "back\\slash",
            "tab\there",
            "nl\n",
            "\u0000",
            "\u001f",
            "\u007f",
            "é",
            "\u00ff",
            "\ud800",
            "a\udfffb",
            "\u2028",
            "😀",
        ];
        for (const v of samples) expect(jsonString(v)).toBe(JSON.stringify(v));
    });

    it("edges whose fields hold quotes, backslashes or controls round-trip (malformed lists must not break the index)", () => {
        const b = new RelationIndexBuilder();
        const version = 'x"1\\2\u0001'; // a version no dpkg would take, in a list nobody checked
        b.add(0, false, [`Package: weird\nDepends: lib (>= ${version}) | alt\\x, plain (= 1), bare\n`]);
        const { targets, entries } = b.columns();
        for (const e of entries)
            for (const part of e.split("\t")) expect(() => JSON.parse(part) as unknown).not.toThrow();
        const file = new ColumnFile(new ColumnWriter().strings("t", targets).strings("e", entries).toChunks({}));
        const index = new RelationIndex(file.strings("t"), file.strings("e"), rowNames(['we"ird']));
        expect(index.edges("lib")).toEqual([
            { source: 'we"ird', kind: "depends", sourceInstalled: false, op: ">=", version, alternatives: ["alt\\x"] },
        ]);
        expect(index.edges("plain")).toEqual([
            { source: 'we"ird', kind: "depends", sourceInstalled: false, op: "=", version: "1", alternatives: [] },
        ]);
        expect(index.edges("bare")).toEqual([
            { source: 'we"ird', kind: "depends", sourceInstalled: false, op: "", version: "", alternatives: [] },
        ]);
    });
});

describe("reverse relation index, built from a scratch file in many passes", () => {
    it("makes the same columns as in memory in one pass", () => {
        const stanzas = Array.from({ length: 400 }, (_, k) => ({
            name: `pkg${String(k).padStart(3, "0")}`,
            installed: k % 3 === 0,
            text: `Package: pkg${k}\nDepends: lib${k % 17} (>= ${k}), libc6 | libc6-compat${k % 5 === 0 ? `, pkg${(k * 7) % 400}` : ""}\nRecommends: tool${k % 9}\nProvides: virtual${k % 11} (= ${k})\n`,
        }));
        const build = (b: RelationIndexBuilder) => {
            stanzas.forEach((s, k) => b.add(k, s.installed, [s.text]));
            return b.columns();
        };
        const inMemory = build(new RelationIndexBuilder());
        const fd = openScratchFile([os.tmpdir()]);
        expect(fd).not.toBeNull();
        try {
            // 1 KB a pass, blocks of 4 KiB in the scratch file: dozens of passes over many blocks
            const passes = build(new RelationIndexBuilder(new Spool(fd), { passBytes: 1024, blockSize: 4096 }));
            expect(passes.targets).toEqual(inMemory.targets);
            expect(passes.entries).toEqual(inMemory.entries);
            expect(inMemory.entries.join("").length).toBeGreaterThan(30 * 1024);
        } finally {
            fs.closeSync(fd as number);
        }
    });
});

describe("paths inside a dpkg root", () => {
    let root = "";
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("follows absolute and relative symlinks within the root and never leaves it", () => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-root-"));
        const doc = path.join(root, "usr/share/doc");
        fs.mkdirSync(path.join(doc, "libfoo1"), { recursive: true });
        fs.writeFileSync(path.join(doc, "libfoo1/changelog.Debian.gz"), "x");
        fs.symlinkSync("/usr/share/doc/libfoo1", path.join(doc, "libfoo-dev")); // absolute: inside the root
        fs.symlinkSync("libfoo1", path.join(doc, "libfoo-bin"));
        fs.symlinkSync("../../../../../../../etc", path.join(doc, "escape"));
        fs.symlinkSync("loop", path.join(doc, "loop"));
        expect(resolveInRoot(root, "/usr/share/doc/libfoo-dev/changelog.Debian.gz")).toBe(
            path.join(doc, "libfoo1/changelog.Debian.gz")
        );
        expect(resolveInRoot(root, "/usr/share/doc/libfoo-bin/changelog.Debian.gz")).toBe(
            path.join(doc, "libfoo1/changelog.Debian.gz")
        );
        // ".." stops at the root, as in a chroot: this is <root>/etc, which does not exist.
        expect(resolveInRoot(root, "/usr/share/doc/escape/passwd")).toBeNull();
        expect(resolveInRoot(root, "/usr/share/doc/loop/x")).toBeNull();
        expect(resolveInRoot(root, "/usr/share/doc/missing/changelog")).toBeNull();
    });
});
