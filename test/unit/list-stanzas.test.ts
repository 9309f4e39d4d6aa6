// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { FieldSet, forEachStanzaIn } from "../../src/bridge/apt/deb822-stream.js";
import { openListReader } from "../../src/bridge/apt/list-files.js";
import { BufferSource } from "../../src/bridge/index/byte-source.js";
import { ColumnFile } from "../../src/bridge/index/column-file.js";
import { COPIES_COLUMN, ListStanzas, WHERE_COLUMN } from "../../src/bridge/index/list-stanzas.js";
import { ListStanzasWriter } from "../../src/bridge/index/list-stanzas-writer.js";
import { Spool } from "../../src/bridge/index/spool.js";
import { CacheDamagedError } from "../../src/bridge/verified-file.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "list-stanzas-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A Packages text of `n` stanzas, ~`size` bytes each (several 4 MiB chunks of deb822-stream.ts when big). */
function packagesText(n: number, size: number, tag: string): string {
    let out = "";
    for (let i = 0; i < n; i++) {
        out += `Package: ${tag}-${i}\nVersion: 1.${i}\nDescription: ${tag} ${i}\n ${"x".repeat(size)}\n`;
        out += i % 3 === 0 ? "\n\n" : "\n"; // blank lines between stanzas vary
    }
    return out;
}

/** The stanzas of the lists as the build keeps them (index-builder.ts), and what each one's text is. */
function build(lists: string[]): { source: BufferSource; texts: string[] } {
    const writer = new ListStanzasWriter(new Spool(null));
    const texts: string[] = [];
    for (const list of lists) {
        const reader = openListReader(list, [dir]);
        try {
            writer.beginList(list, reader.plainFile);
            forEachStanzaIn(reader.read, new FieldSet(["package"]), (_s, data, start, end, dataPos) => {
                texts.push(data.toString("utf8", start, end));
                expect(writer.add(data, start, end, dataPos)).toBe(texts.length - 1);
            });
        } finally {
            reader.close();
        }
    }
    // As written to its cache file and read back: one buffer.
    const chunks = writer.toChunks({ format: 0, stanzasId: "test" }).chunks;
    return { source: new BufferSource(Buffer.concat([...chunks])), texts };
}

function write(name: string, text: string | Buffer): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
}

describe("list stanzas", () => {
    const big = write("big_Packages", packagesText(9000, 1000, "big")); // ~9.3 MB: three chunks
    const small = write("small_Packages", packagesText(50, 20, "small"));
    const gz = write("packed_Packages.gz", zlib.gzipSync(packagesText(40, 30, "packed")));

    it("keeps offsets into plain lists and copies of compressed ones, and gives every stanza's bytes back", () => {
        const { source, texts } = build([big, gz, small]);
        const file = new ColumnFile(source);
        // Only the compressed list's 40 stanzas are copied; the plain ones are 12 bytes each.
        expect(file.strings(COPIES_COLUMN).count).toBe(40);
        expect(file.count(WHERE_COLUMN)).toBe(3 * texts.length);
        expect(source.read(0, 0).length + file.strings(COPIES_COLUMN).text().length).toBeLessThan(40 * 100);
        const stanzas = new ListStanzas(source);
        expect(stanzas.meta.lists.map((l) => path.basename(l.path))).toEqual(["big_Packages", "small_Packages"]);
        expect(stanzas.count).toBe(9090);
        try {
            // By number, in any order.
            for (const i of [0, 8999, 4321, 9000, 9039, 9040, 9089, 1])
                expect([stanzas.text(i), stanzas.bytes(i).toString("utf8")]).toEqual([texts[i], texts[i]]);
            // In order, through windows; each Buffer valid for ways - 1 further calls.
            const read = stanzas.windowedReader(64 * 1024, 3);
            let before: Buffer | null = null;
            let twoBefore: Buffer | null = null;
            texts.forEach((text, i) => {
                const b = read(i);
                expect(b.toString("utf8")).toBe(text);
                if (twoBefore) expect(twoBefore.toString("utf8")).toBe(texts[i - 2]);
                twoBefore = before;
                before = b;
            });
            // Jumping between the lists and back.
            const jumpy = stanzas.windowedReader(4096, 2);
            for (const i of [5, 9045, 9050, 6, 7000, 9089, 8, 9000]) expect(jumpy(i).toString("utf8")).toBe(texts[i]);
        } finally {
            stanzas.close();
        }
    });

    it("copies a plain list's stanza that does not start with Package: (what a read checks)", () => {
        const odd = write(
            "odd_Packages",
            "Package: a\nVersion: 1\n\nVersion: 2\nPackage: b\n\nPackage: c\nVersion: 3\n"
        );
        const { source, texts } = build([odd]);
        expect(new ColumnFile(source).strings(COPIES_COLUMN).count).toBe(1);
        const stanzas = new ListStanzas(source);
        expect([0, 1, 2].map((i) => stanzas.text(i))).toEqual(texts);
        stanzas.close();
    });

    it("refuses a list replaced since the build (apt-get update renames new lists in)", () => {
        const list = write("renamed_Packages", packagesText(30, 10, "old"));
        const { source, texts } = build([list]);
        // Same bytes, new file: its inode says it is not the one the offsets were taken in.
        const next = write("renamed_Packages.new", fs.readFileSync(list));
        fs.renameSync(next, list);
        const stanzas = new ListStanzas(source);
        expect(() => stanzas.text(3)).toThrow(CacheDamagedError);
        expect(() => stanzas.windowedReader()(3)).toThrow(/renamed_Packages.*replaced or rewritten/);
        fs.rmSync(list);
        expect(() => new ListStanzas(source).text(3)).toThrow(/removed/);
        // The copies are not the list's: read as ever.
        expect(texts[3]).toContain("old-3");
    });

    it("refuses a list changed in place, even with its size and mtime kept", () => {
        const list = write("edited_Packages", packagesText(30, 10, "pkg"));
        fs.utimesSync(list, 1700000000, 1700000000); // whole seconds: utimes sets them again exactly
        const { source, texts } = build([list]);
        const before = fs.statSync(list);
        // Stanza 1 a byte longer, the last one a byte shorter: every stanza between moved by one byte.
        const text = fs.readFileSync(list, "latin1");
        const edited = text.replace("Version: 1.1\n", "Version: 1.10\n").replace(/x(\n*)$/, "$1");
        expect(edited.length).toBe(text.length);
        fs.writeFileSync(list, edited, "latin1");
        fs.utimesSync(list, 1700000000, 1700000000);
        const now = fs.statSync(list);
        expect([now.ino, now.size, now.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
        const stanzas = new ListStanzas(source);
        expect(stanzas.text(0)).toBe(texts[0]); // untouched before the edit
        expect(() => stanzas.text(1)).toThrow(/stanza at byte \d+ is not there/); // it no longer ends there
        expect(() => stanzas.text(2)).toThrow(/stanza at byte \d+ is not there/); // it no longer starts there
        expect(() => stanzas.windowedReader()(2)).toThrow(CacheDamagedError);
        stanzas.close();
    });
});
