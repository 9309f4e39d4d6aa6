// SPDX-License-Identifier: LGPL-2.1-or-later
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { forEachStanza } from "../../src/bridge/apt/deb822.js";
import { FieldSet, forEachStanzaIn, type ReadAt } from "../../src/bridge/apt/deb822-stream.js";
import { openListReader } from "../../src/bridge/apt/list-files.js";
import { ChunkSource } from "../../src/bridge/index/chunk-source.js";
import { ColumnFile } from "../../src/bridge/index/column-file.js";
import { ColumnWriter } from "../../src/bridge/index/column-writer.js";
import { Spool } from "../../src/bridge/index/spool.js";
import { StringsBuilder } from "../../src/bridge/index/strings-builder.js";
import { openScratchFile } from "../../src/bridge/scratch.js";

const FIELDS = ["package", "version", "description", "tag", "x-empty", "section"];

/** A reader over bytes that hands out at most `step` bytes a call (chunk boundaries everywhere). */
function reader(bytes: Buffer, step = Infinity): ReadAt {
    return (buf, off, len, pos) => bytes.copy(buf, off, pos, Math.min(bytes.length, pos + Math.min(len, step)));
}

function streamed(bytes: Buffer, step?: number): Array<{ fields: Record<string, string>; text: string }> {
    const out: Array<{ fields: Record<string, string>; text: string }> = [];
    forEachStanzaIn(reader(bytes, step), new FieldSet(FIELDS), (s, data, start, end) => {
        out.push({ fields: Object.fromEntries(s.toMap()), text: data.toString("latin1", start, end) });
    });
    return out;
}

/** What deb822.ts says about the same text, restricted to the same fields. */
function reference(bytes: Buffer): Array<{ fields: Record<string, string>; text: string }> {
    const text = bytes.toString("latin1");
    const out: Array<{ fields: Record<string, string>; text: string }> = [];
    forEachStanza(text, (s, start, end) => {
        out.push({
            fields: Object.fromEntries([...s].filter(([k]) => FIELDS.includes(k))),
            text: text.slice(start, end).replace(/[ \t\r\n]+$/, ""),
        });
    });
    return out;
}

const SAMPLE = Buffer.from(
    [
        "",
        "  ",
        "Package: alpha",
        "Version: 1.0-1",
        "Description: first line  ",
        " second line",
        " .",
        " third",
        "TAG: role::program, use::a:b,",
        " interface::web",
        "not a field line",
        " continuation of nothing",
        ":no name",
        "X-Empty:",
        "Section: admin\r",
        "Section: net",
        "",
        "\t",
        "Package: beta",
        "Version: 2~rc1 ",
        "Description: ein Paket für Grüße", // UTF-8 bytes, read as Latin-1
        "",
        "",
        "Package: gamma",
        "Version: 3",
    ].join("\n"),
    "utf8"
);

describe("deb822-stream", () => {
    it("agrees with deb822.ts on fields, values and stanza bytes", () => {
        expect(streamed(SAMPLE)).toEqual(reference(SAMPLE));
        expect(streamed(SAMPLE).map((s) => s.fields.package)).toEqual(["alpha", "beta", "gamma"]);
        expect(streamed(SAMPLE)[0]?.fields.section).toBe("net"); // the last occurrence wins
    });

    it("gives the same stanzas whatever the chunk boundaries", () => {
        const whole = streamed(SAMPLE);
        for (const step of [1, 2, 3, 7, 16, 64]) expect(streamed(SAMPLE, step)).toEqual(whole);
        const withNewline = Buffer.concat([SAMPLE, Buffer.from("\n\n")]);
        expect(streamed(withNewline, 5)).toEqual(whole);
    });

    it("reads stanzas larger than its buffer", () => {
        const long =
            "Package: big\nDescription: x\n" +
            " line of a very long description\n".repeat(200_000) +
            "\nPackage: after\n";
        const got = streamed(Buffer.from(long), 1 << 20);
        expect(got.map((s) => s.fields.package)).toEqual(["big", "after"]);
        expect(got[0]?.fields.description?.split("\n").length).toBe(200_001);
    });

    it("reads CRLF files as LF ones (a lone CR line ends a stanza; one CR is dropped from each line)", () => {
        const crlf = Buffer.from(SAMPLE.toString("latin1").replace(/\n/g, "\r\n"), "latin1");
        expect(streamed(crlf)).toEqual(reference(crlf));
        expect(streamed(crlf, 3)).toEqual(reference(crlf));
        expect(streamed(crlf).map((s) => s.fields.description)).toEqual(
            streamed(SAMPLE).map((s) => s.fields.description)
        );
    });

    it("says where values are: single or continued lines, compared without case", () => {
        const bytes = Buffer.from("Package: p\nMulti-Arch: Allowed \nTag: a::b,\n c::d\nVersion:\n", "latin1");
        const fields = new FieldSet(["package", "multi-arch", "tag", "version", "section"]);
        const seen: string[] = [];
        forEachStanzaIn(reader(bytes), fields, (s, data) => {
            const [p, ma, tag, version, section] = [0, 1, 2, 3, 4];
            expect(s.equalsLowerCase(ma, "allowed")).toBe(true);
            expect(s.equalsLowerCase(p, "allowed")).toBe(false);
            expect(s.equalsLowerCase(tag, "a::b,")).toBe(false); // continued: not one line
            expect(s.isMultiLine(tag)).toBe(true);
            expect(s.get(tag)).toBe("a::b,\nc::d");
            expect(data.toString("latin1", s.start(tag), s.end(tag))).toBe("a::b,\n c::d\n");
            expect(s.get(version)).toBe("");
            expect(s.has(section)).toBe(false);
            expect([...s.toMap().keys()]).toEqual(["package", "multi-arch", "tag", "version"]);
            seen.push(s.get(p) as string);
        });
        expect(seen).toEqual(["p"]);
    });

    it("reads another stream from inside a callback (each its own chunk buffer)", () => {
        const inner = Buffer.from("Package: inner1\n\nPackage: inner2\n");
        const got: string[] = [];
        forEachStanzaIn(reader(SAMPLE), new FieldSet(FIELDS), (s) => {
            const outer = s.get(0) as string;
            forEachStanzaIn(reader(inner), new FieldSet(["package"]), (t) => got.push(`${outer}/${t.get(0)}`));
            got.push(outer);
        });
        expect(got).toEqual([
            ...["alpha/inner1", "alpha/inner2", "alpha"],
            ...["beta/inner1", "beta/inner2", "beta"],
            ...["gamma/inner1", "gamma/inner2", "gamma"],
        ]);
    });

    it("keeps a UTF-8 character ending in byte 0xA0 whole (only ASCII whitespace is trimmed)", () => {
        const bytes = Buffer.from("Package: p\nDescription: voilà\n", "utf8"); // "à" is C3 A0
        const [s] = streamed(bytes);
        expect(Buffer.from(s?.fields.description ?? "", "latin1").toString("utf8")).toBe("voilà");
    });
});

describe("openListReader", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-lists-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const text = Buffer.from("Package: a\nVersion: 1\n\nPackage: b\nVersion: 2\n");

    function readAll(file: string): string {
        const r = openListReader(file, [dir]);
        const chunks: Buffer[] = [];
        const buf = Buffer.alloc(7);
        for (let pos = 0, n; (n = r.read(buf, 0, buf.length, pos)) > 0; pos += n)
            chunks.push(Buffer.from(buf.subarray(0, n)));
        r.close();
        return Buffer.concat(chunks).toString();
    }

    it("reads plain, gzip and (with APT's helper) lz4 files, and a missing plain file as empty", () => {
        fs.writeFileSync(path.join(dir, "Packages"), text);
        fs.writeFileSync(path.join(dir, "Packages.gz"), zlib.gzipSync(text));
        expect(readAll(path.join(dir, "Packages"))).toBe(text.toString());
        expect(readAll(path.join(dir, "Packages.gz"))).toBe(text.toString());
        expect(readAll(path.join(dir, "missing_Packages"))).toBe("");
        // lz4 is installed by scripts/install-deps.sh (npm test's first step)
        execFileSync("lz4", ["-q", "-f", path.join(dir, "Packages"), path.join(dir, "Packages.lz4")]);
        expect(readAll(path.join(dir, "Packages.lz4"))).toBe(text.toString());
        // scratch files are unlinked at once: nothing left behind
        expect(fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    });
});

describe("StringsBuilder", () => {
    for (const where of ["memory", "scratch file"] as const) {
        it(`makes the same strings column as ColumnWriter.strings (${where})`, () => {
            const fd = where === "memory" ? null : openScratchFile([os.tmpdir()]);
            const values = Array.from({ length: 50_000 }, (_, i) => `entry ${i} ${"é".repeat(i % 50)}`);
            const b = new StringsBuilder(new Spool(fd));
            values.forEach((v, i) => {
                if (i % 2) b.addString(v);
                else {
                    const bytes = Buffer.from(`<${v}>`);
                    b.addBytes(bytes, 1, bytes.length - 1);
                }
            });
            expect(b.get(12_345).toString()).toBe(values[12_345]);
            expect(b.get(49_999).toString()).toBe(values[49_999]);
            const built = new ColumnWriter().built("s", b).toChunks({});
            const plain = new ColumnWriter().strings("s", values).toChunks({});
            const read = (src: ChunkSource) => {
                const col = new ColumnFile(src).strings("s");
                return Array.from({ length: col.count }, (_, i) => col.get(i));
            };
            expect(read(built)).toEqual(values);
            expect(Buffer.concat([...plain.chunks]).equals(built.read(0, built.length))).toBe(true);
            if (fd !== null) fs.closeSync(fd);
        });

        it(`StringColumn.windowedReader gives every entry as get does, in any order, each valid for ways - 1 further calls (${where})`, () => {
            const fd = where === "memory" ? null : openScratchFile([os.tmpdir()]);
            // Entries of 1 to ~3,000 bytes in 64 KiB blocks: some longer than the 1 KiB window.
            const values = Array.from({ length: 20_000 }, (_, i) => `${i}:${"x".repeat((i * 7919) % 3000)}`);
            const b = new StringsBuilder(new Spool(fd), 64 * 1024);
            for (const v of values) b.addString(v);
            // A column file after another column, as in the detail file: windows stop at the column's end.
            const file = new ColumnFile(
                new ColumnWriter().strings("before", ["a", "b"]).built("s", b).strings("after", ["zzz"]).toChunks({})
            );
            const read = file.strings("s").windowedReader(1024, 3);
            // Two interleaved forward streams (as list and status stanzas are), jumps back, and the last entries.
            const order: number[] = [];
            for (let i = 0; i < 10_000; i++) order.push(i, 10_000 + i);
            for (let i = 0; i < 2_000; i++) order.push((i * 7727) % 20_000);
            let held: Array<{ bytes: Buffer; want: string }> = [];
            for (const i of order) {
                const bytes = read(i);
                expect(bytes.toString()).toBe(values[i]);
                held.push({ bytes, want: values[i] as string });
                held = held.slice(-3); // this one and the two before it (ways - 1 = 2 calls ago): still as they were
                for (const h of held) expect(h.bytes.toString()).toBe(h.want);
            }
            if (fd !== null) fs.closeSync(fd);
        });
    }

    it("keeps blocks in memory from the first write the disk has no room for (a /dev/full spool)", () => {
        const full = fs.openSync("/dev/full", "w"); // every write: ENOSPC
        try {
            const values = Array.from({ length: 30_000 }, (_, i) => `entry ${i} ${"x".repeat(i % 40)}`);
            const b = new StringsBuilder(new Spool(full), 16 * 1024); // many blocks, each refused
            for (const v of values) b.addString(v);
            expect(b.get(12_345).toString()).toBe(values[12_345]);
            const built = new ColumnWriter().built("s", b).toChunks({});
            const col = new ColumnFile(built).strings("s");
            expect(Array.from({ length: col.count }, (_, i) => col.get(i))).toEqual(values);
        } finally {
            fs.closeSync(full);
        }
    });
});
