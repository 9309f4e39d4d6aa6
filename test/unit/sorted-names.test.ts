// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { BufferSource } from "../../src/bridge/index/byte-source.js";
import { ColumnFile } from "../../src/bridge/index/column-file.js";
import { ColumnWriter } from "../../src/bridge/index/column-writer.js";
import { SortedNames } from "../../src/bridge/index/sorted-names.js";

function namesOf(list: string[], whole = true): SortedNames {
    const chunks = new ColumnWriter().strings("names", list).toChunks({});
    const file = new ColumnFile(new BufferSource(Buffer.concat(chunks.parts.map((c) => c as Buffer))));
    return new SortedNames(file.strings("names"), whole);
}

describe.each([
    ["read whole", true],
    ["read entry by entry", false],
])("SortedNames, %s", (_, whole) => {
    // as the build sorts display names: "name-dev" and "name2" between "name" and "name:arm64"
    const list = ["a", "lib", "lib-dev", "lib2", "lib:arm64", "lib:armhf", "libx:arm64", "zz"].sort();

    it("finds every name, and nothing else, as a search through the array would", () => {
        const names = namesOf(list, whole);
        expect(names.count).toBe(list.length);
        list.forEach((n, i) => {
            expect(names.get(i)).toBe(n);
            expect(names.find(n)).toBe(i);
        });
        for (const missing of ["", "0", "b", "lib-", "lib:", "zzz"]) expect(names.find(missing)).toBe(-1);
        for (const probe of ["", "lib-", "lib:", "m", "zzz"])
            expect(names.lowerBound(probe)).toBe(list.filter((n) => n < probe).length);
        expect(names.lowerBound("lib", 3)).toBe(3);
    });

    it("rowsOfBare: the name and its name:ARCH rows, not the names that only start the same", () => {
        const names = namesOf(list, whole);
        expect(names.rowsOfBare("lib").map((i) => names.get(i))).toEqual(["lib", "lib:arm64", "lib:armhf"]);
        expect(names.rowsOfBare("libx").map((i) => names.get(i))).toEqual(["libx:arm64"]);
        expect(names.rowsOfBare("li")).toEqual([]);
    });
});
