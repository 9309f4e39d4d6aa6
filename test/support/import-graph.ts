// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The import graph of a set of modules, as esbuild resolves it when it bundles
 * them (every static and dynamic import between files of the project; `import
 * type` is gone by then, as it is at run time), and the cycles in it.
 */
import path from "node:path";
import * as esbuild from "esbuild";

export type ImportGraph = Map<string, string[]>;

/** Every file reachable from `entryPoints` -> the project files it imports (paths relative to `base`). */
export async function importGraph(entryPoints: string[], base: string): Promise<ImportGraph> {
    const r = await esbuild.build({
        entryPoints,
        bundle: true,
        write: false,
        metafile: true,
        outdir: path.join(base, "out"),
        platform: "node",
        format: "esm",
        // npm packages are not ours: their own cycles are theirs
        packages: "external",
        loader: { ".css": "empty", ".svg": "empty", ".png": "empty", ".woff": "empty", ".woff2": "empty" },
        external: ["cockpit"],
        logLevel: "silent",
    });
    const graph: ImportGraph = new Map();
    for (const [file, input] of Object.entries(r.metafile.inputs)) {
        const from = path.relative(base, path.resolve(file));
        graph.set(
            from,
            input.imports
                .filter((i) => !i.external && !i.path.includes("node_modules"))
                .map((i) => path.relative(base, path.resolve(i.path)))
        );
    }
    return graph;
}

/** The cycles: each strongly connected component of more than one module (or a module importing itself), sorted. */
export function cycles(graph: ImportGraph): string[][] {
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    const connect = (v: string) => {
        indexOf.set(v, index);
        low.set(v, index);
        index++;
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!indexOf.has(w)) {
                connect(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
            }
        }
        if (low.get(v) === indexOf.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
        }
    };
    for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) connect(v);
    return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * The graph of folders (layers): a folder imports another when one of its
 * modules does. An entry point (`entries`) is a node of its own: it sits on
 * top of everything, whatever folder it is in.
 */
export function layerGraph(graph: ImportGraph, entries: readonly string[] = []): ImportGraph {
    const layerOf = (f: string) => (entries.includes(f) ? f : path.dirname(f));
    const layers: ImportGraph = new Map();
    for (const [from, to] of graph) {
        const a = layerOf(from);
        const targets = layers.get(a) ?? [];
        for (const t of to) if (layerOf(t) !== a && !targets.includes(layerOf(t))) targets.push(layerOf(t));
        layers.set(a, targets);
    }
    return layers;
}
