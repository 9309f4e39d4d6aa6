// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoreFilters } from "../../src/protocol/index.js";
import { CountCache } from "../../src/bridge/stores/count-cache.js";

const filters = (tags: string[]): StoreFilters => ({
    includeOrigins: [],
    includeSections: [],
    includeTags: tags,
    includePackages: [],
});

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "count-cache-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("CountCache", () => {
    it("counts once per index build and filters; a new index build or other filters count again", () => {
        let computed = 0;
        const compute = (n: number) => () => {
            computed++;
            return n;
        };
        const first = new CountCache("/etc/stores", "build-1", dir);
        expect(first.count(filters(["a::b"]), compute(7))).toBe(7);
        first.save();
        const second = new CountCache("/etc/stores", "build-1", dir);
        expect(second.count(filters(["a::b"]), compute(99))).toBe(7);
        expect(second.count(filters(["a::c"]), compute(3))).toBe(3);
        expect(computed).toBe(2);
        const rebuilt = new CountCache("/etc/stores", "build-2", dir);
        expect(rebuilt.count(filters(["a::b"]), compute(8))).toBe(8);
        // Another stores directory has its own file.
        expect(new CountCache("/srv/stores", "build-1", dir).count(filters(["a::b"]), compute(5))).toBe(5);
        expect(computed).toBe(4);
    });

    it("an unwritable cache directory or a corrupt file only costs the count", () => {
        const file = path.join(dir, "plain");
        fs.writeFileSync(file, "");
        const c = new CountCache("/etc/stores", "b", path.join(file, "sub"));
        expect(c.count(filters(["x::y"]), () => 1)).toBe(1);
        expect(() => c.save()).not.toThrow();
        new CountCache("/etc/stores", "b", dir).save();
        for (const n of fs.readdirSync(dir)) if (n.startsWith("store-counts")) fs.writeFileSync(path.join(dir, n), "{");
        expect(new CountCache("/etc/stores", "b", dir).count(filters(["x::y"]), () => 2)).toBe(2);
    });
});
