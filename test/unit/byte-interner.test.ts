// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { ByteInterner } from "../../src/bridge/index/byte-interner.js";
import { IntColumn } from "../../src/bridge/index/int-column.js";

describe("ByteInterner", () => {
    it("numbers each distinct byte string once, through many growths of its table, as a Map of strings would", () => {
        const interner = new ByteInterner(16); // tiny arena: grown many times too
        const reference = new Map<string, number>();
        // 60,000 strings, each met several times in a scattered order; the empty string among them
        const values = Array.from({ length: 60_000 }, (_, i) => (i === 0 ? "" : `pkg-${(i * 7919) % 20_011}-${i % 7}`));
        const text = Buffer.from(values.join("\n"), "latin1");
        let pos = 0;
        const wrong: string[] = []; // one expect at the end: 100,000 of them would take seconds
        for (const v of values) {
            const id = interner.intern(text, pos, pos + v.length);
            pos += v.length + 1;
            const known = reference.get(v);
            if (known === undefined) reference.set(v, id);
            else if (id !== known) wrong.push(`${v}: ${id} after ${known}`);
        }
        expect(interner.count).toBe(reference.size);
        for (const [v, id] of reference) {
            if (interner.latin1(id) !== v) wrong.push(`${id} is ${interner.latin1(id)}, not ${v}`);
            // every one found again, whenever it came
            if (interner.internLatin1(v) !== id) wrong.push(`${v} found as ${interner.internLatin1(v)}, not ${id}`);
        }
        expect(wrong).toEqual([]);
        expect(interner.count).toBe(reference.size);
        expect(new Set(reference.values()).size).toBe(reference.size);
    });

    it("gives entries back as Latin-1 (a character per byte) or UTF-8, the same for internLatin1", () => {
        const interner = new ByteInterner(8, true);
        const bytes = Buffer.from("Grüße", "utf8");
        const id = interner.intern(bytes, 0, bytes.length);
        expect(interner.utf8(id)).toBe("Grüße");
        expect(interner.latin1(id)).toBe(bytes.toString("latin1"));
        expect(interner.internLatin1(bytes.toString("latin1"))).toBe(id);
        expect(interner.latin1(id)).toBe(interner.latin1(id)); // cached string, same value
        expect(interner.bytes(id).equals(bytes)).toBe(true);
    });
});

describe("IntColumn", () => {
    it("holds values across pages and reads unset entries as its fill", () => {
        const c = new IntColumn(-1);
        expect(c.get(5)).toBe(-1);
        for (let i = 0; i < 200_000; i += 3) c.set(i, i * 2);
        expect(c.get(0)).toBe(0);
        expect(c.get(199_998)).toBe(399_996);
        expect(c.get(199_997)).toBe(-1);
        expect(c.get(10_000_000)).toBe(-1);
    });

    it("keeps what its small first page held as it grows, and when a later page comes first", () => {
        const c = new IntColumn(7);
        const want = new Map<number, number>();
        for (const i of [0, 5, 1023, 1024, 3000, 70_000, 2048, 65_535, 65_536, 140_000]) {
            c.set(i, i + 1);
            want.set(i, i + 1);
            for (const [j, v] of want) expect(c.get(j), `${j} after ${i}`).toBe(v);
        }
        expect(c.get(1025)).toBe(7);
        expect(c.get(65_534)).toBe(7);
        const late = new IntColumn(-2);
        late.set(100_000, 1);
        late.set(3, 4);
        expect([late.get(3), late.get(100_000), late.get(60_000)]).toEqual([4, 1, -2]);
    });
});
