// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const bridge = path.resolve(import.meta.dirname, "../../src/bridge");

/** The relative imports of every module under `dir`, as [module, import] pairs. */
function importsUnder(dir: string): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const name of fs.readdirSync(path.join(bridge, dir))) {
        if (!name.endsWith(".ts")) continue;
        const text = fs.readFileSync(path.join(bridge, dir, name), "utf8");
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g))
            out.push([`${dir}/${name}`, path.relative(bridge, path.resolve(bridge, dir, m[1] as string))]);
    }
    return out;
}

describe("layers of the bridge", () => {
    it("APT's files (apt/) and the cache engine (index/) import nothing from the launcher, the commands or the queries above them", () => {
        const upward = [...importsUnder("apt"), ...importsUnder("index")].filter(([, target]) =>
            /^(launch|commands|query)\//.test(target)
        );
        expect(upward).toEqual([]);
    });

    it("index/ holds the cache engine one type a file: the column file's parts are apart", () => {
        const classes = new Map<string, string[]>();
        for (const name of fs.readdirSync(path.join(bridge, "index"))) {
            const text = fs.readFileSync(path.join(bridge, "index", name), "utf8");
            classes.set(
                name,
                [...text.matchAll(/^export class (\w+)/gm)].map((m) => m[1] as string)
            );
        }
        for (const [name, list] of classes) expect(list.length, `${name}: ${list.join(", ")}`).toBeLessThanOrEqual(1);
    });
});
