// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JsonWriter, streamJson, WRITE_JSON, writeJsonTo, type JsonWritable } from "../../src/bridge/cli/output.js";

/** The pieces streamJson writes (each flush of its writer is one). */
function pieces(value: unknown): string[] {
    const parts: string[] = [];
    const w = new JsonWriter((b) => parts.push(b.toString("utf8")));
    // a flush per piece, to see the pieces
    const put = w.put.bind(w);
    w.put = (t: string) => {
        put(t);
        w.flush();
    };
    streamJson(value, w);
    return parts;
}

const streamed = (value: unknown) => pieces(value).join("");

describe("streamJson writes what JSON.stringify makes", () => {
    const origin = { origin: "Debian", label: "Debian", suite: "stable", codename: "bookworm", component: "main" };
    const cases: Record<string, unknown> = {
        "a package page": {
            packages: [
                {
                    name: "0ad",
                    summary: "Real-time strategy “game”",
                    installedVersion: null,
                    origin,
                    tags: ["game::strategy", "role::program"],
                    upgradable: false,
                },
                {
                    name: "zsh",
                    summary: 'shell with "quotes", \\ and \n',
                    installedVersion: "5.9-4",
                    origin: null,
                    tags: [],
                },
            ],
            total: 2,
            offset: 0,
            limit: 1000,
        },
        "members that JSON leaves out": {
            a: undefined,
            b: () => 1,
            c: Symbol("x"),
            d: 1,
            list: [undefined, () => 2, Symbol("y"), 3],
        },
        "an object with toJSON": { when: new Date(0), nested: { toJSON: () => "replaced" } },
        "nested arrays": { rows: [[1, [2, [3]]], []], empty: {} },
        "a top-level array": [{ a: 1 }, [1, 2], "x", null, 0, false],
        "a bare string": "line\u2028separator and emoji 🚢",
        "an empty object": {},
        null: null,
        "an error response": { error: { code: "USAGE", message: "Unknown option --x", details: { option: "x" } } },
    };
    for (const [name, value] of Object.entries(cases)) {
        it(name, () => {
            expect(streamed(value)).toBe(JSON.stringify(value));
        });
    }

    it("streams a package list element by element, not as one string", () => {
        const packages = Array.from({ length: 50 }, (_, i) => ({ name: `p${i}` }));
        const parts = pieces({ packages, total: 50 });
        expect(parts).toContain(JSON.stringify(packages[49]));
        expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(JSON.stringify(packages).length / 10);
    });
});

describe("JsonWritable", () => {
    it("writes itself where it stands, at the top levels; deeper, JSON.stringify uses its toJSON", () => {
        const row = (n: number): JsonWritable<{ n: number }> => ({
            [WRITE_JSON]: (w) => w.put(`{"n":${n}}`),
            toJSON: () => ({ n }),
        });
        const value = { packages: [row(1), row(2)], one: row(3), deep: { inner: [row(4)] } };
        expect(streamed(value)).toBe(JSON.stringify(value));
        expect(streamed(value)).toBe('{"packages":[{"n":1},{"n":2}],"one":{"n":3},"deep":{"inner":[{"n":4}]}}');
    });
});

describe("writeJsonTo", () => {
    it("writes the document and a newline through its buffer, whatever the sizes of the pieces", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-output-"));
        try {
            const file = path.join(dir, "out.json");
            const value = {
                // many small pieces with multi-byte characters, crossing the 64 KiB buffer many times
                packages: Array.from({ length: 3000 }, (_, i) => ({
                    name: `p${i}`,
                    summary: `Ünïcödé “${i}” 🚢 ${"x".repeat(i % 97)}`,
                })),
                // one piece far bigger than the buffer
                big: "é".repeat(100_000),
                total: 3000,
            };
            const fd = fs.openSync(file, "w");
            try {
                writeJsonTo(fd, value);
            } finally {
                fs.closeSync(fd);
            }
            expect(fs.readFileSync(file, "utf8")).toBe(JSON.stringify(value) + "\n");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
