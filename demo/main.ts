// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * node build/demo-builder.mjs [--dir DIR] [--no-host-lists] [--stores marine,devtools | --stores none]
 *
 * Builds the demo (demo/build-demo.ts) for `npm start`: bundled by build.mjs
 * into build/demo-builder.mjs, so no TypeScript runner is needed. Prints
 * progress on stderr and the demo.env path on stdout.
 */
import path from "node:path";
import { buildDemo, STORE_IDS, type StoreId } from "./build-demo.js";

function usage(message: string): never {
    process.stderr.write(
        `demo: ${message}\nusage: demo-builder [--dir DIR] [--no-host-lists] [--stores marine,devtools|none]\n`
    );
    process.exit(2);
}

async function main(argv: string[]): Promise<void> {
    let dir = "build/demo";
    let hostLists = true;
    let stores: StoreId[] = ["marine"];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--dir") dir = argv[++i] ?? usage("--dir needs a directory");
        else if (arg === "--no-host-lists") hostLists = false;
        else if (arg === "--stores") {
            const value = argv[++i] ?? usage("--stores needs a list");
            stores =
                value === "none"
                    ? []
                    : value
                          .split(",")
                          .map((s) =>
                              STORE_IDS.includes(s as StoreId)
                                  ? (s as StoreId)
                                  : usage(`unknown store ${s} (known: ${STORE_IDS.join(", ")})`)
                          );
        } else usage(`unknown option ${arg}`);
    }
    const started = Date.now();
    const demo = await buildDemo({
        dir,
        hostLists,
        installStores: stores,
        log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stderr.write(`  demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${demo.root}\n`);
    process.stdout.write(`${path.join(path.resolve(dir), "demo.env")}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
