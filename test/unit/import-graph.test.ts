// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The layers of src/ import downwards only: no module imports one that
 * (directly or through others) imports it back. A cycle makes the order in
 * which modules run depend on which one is loaded first, and hides which
 * layer a module belongs to.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cycles, importGraph, layerGraph } from "../support/import-graph.js";

const ROOT = path.join(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? sourceFiles(p) : /\.(tsx?|cjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-import-graph-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the import graph of src/", () => {
    it("has no cycles", async () => {
        const graph = await importGraph(sourceFiles(path.join(ROOT, "src")), ROOT);
        expect(graph.size).toBeGreaterThan(100);
        expect(cycles(graph)).toEqual([]);
    }, 60_000);

    it("has no cycles between its folders either: each layer imports only the layers below it", async () => {
        const graph = await importGraph(sourceFiles(path.join(ROOT, "src")), ROOT);
        // The entries (the bundles' entry points: the bridge, the page, the page's first script) are layers of their own.
        expect(cycles(layerGraph(graph, ["src/bridge/main.ts", "src/ui/index.tsx", "src/ui/opening.ts"]))).toEqual([]);
    }, 60_000);

    it("finds a cycle, also one made through a dynamic import, and names its modules", async () => {
        fs.mkdirSync(path.join(tmp, "src/low"), { recursive: true });
        fs.writeFileSync(path.join(tmp, "src/main.ts"), 'import { a } from "./a.js";\nconsole.log(a);\n');
        fs.writeFileSync(path.join(tmp, "src/a.ts"), 'import { b } from "./low/b.js";\nexport const a = () => b;\n');
        fs.writeFileSync(path.join(tmp, "src/low/b.ts"), 'export const b = async () => (await import("../a.js")).a;\n');
        fs.writeFileSync(
            path.join(tmp, "src/c.ts"),
            'import type { b } from "./low/b.js";\nexport type C = typeof b;\n'
        );
        const graph = await importGraph([path.join(tmp, "src/main.ts"), path.join(tmp, "src/c.ts")], tmp);
        expect(cycles(graph)).toEqual([["src/a.ts", "src/low/b.ts"]]);
        expect(cycles(layerGraph(graph, ["src/main.ts"]))).toEqual([["src", "src/low"]]);
        // without the way back, none
        fs.writeFileSync(path.join(tmp, "src/low/b.ts"), "export const b = async () => 1;\n");
        const fixed = await importGraph([path.join(tmp, "src/main.ts")], tmp);
        expect(cycles(fixed)).toEqual([]);
        expect(cycles(layerGraph(fixed, ["src/main.ts"]))).toEqual([]);
    });
});
