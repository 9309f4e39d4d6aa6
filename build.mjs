// SPDX-License-Identifier: LGPL-2.1-or-later
// Builds everything with esbuild:
//   dist/cockpit-apt-bridge.js  the bridge CLI, one CommonJS file for Node >= 18, and beside it
//   dist/stores-libs.cjs        the libraries only the stores' definitions need (YAML, JSON Schema)
//   dist/apt/                   the Cockpit module (manifest.json, index.html, index.js, index.css,
//                               and a copy of the bridge), ready for XDG_DATA_DIRS or /usr/share/cockpit
//   build/tools/demo-builder.mjs  builds the demo sandbox for npm start (demo/)
// `node build.mjs --watch` rebuilds on change.
import * as esbuild from "esbuild";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { buildPoFiles } from "./scripts/po-build.mjs";

const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, "dist");
const moduleDir = path.join(dist, "apt");
const watch = process.argv.includes("--watch");
const production = process.env.NODE_ENV !== "development";

fs.mkdirSync(moduleDir, { recursive: true });
// A production build has no source maps: remove those an earlier development build left,
// or Cockpit would serve (and packages ship) maps of a bundle that no longer exists.
if (production) {
    for (const f of fs.readdirSync(moduleDir)) if (f.endsWith(".map")) fs.rmSync(path.join(moduleDir, f));
}

const BRIDGE_KEY_PLACEHOLDER = "@@cockpit-apt-bridge-code-hash@@";
/** package.json's version, baked into the bridge for `cockpit-apt-bridge --version`. */
const VERSION = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;

/*
 * `import fs from "node:fs"` in a CommonJS bundle becomes __toESM(require("node:fs")),
 * which copies every export of the module, for each of the ~35 modules that import
 * fs, path or os: ~4 ms of a request. The default export of a built-in is the
 * module itself, so it is served as such.
 */
const builtinDefaultsPlugin = {
    name: "builtin-defaults",
    setup(b) {
        // Import statements only: the shim's own require() is Node's.
        b.onResolve({ filter: /^node:(fs|path|os|v8|vm)$/ }, (args) =>
            args.kind === "import-statement" ? { path: args.path, namespace: "builtin-default" } : undefined
        );
        b.onLoad({ filter: /.*/, namespace: "builtin-default" }, (args) => ({
            contents: `export default require(${JSON.stringify(args.path)});`,
            loader: "js",
        }));
    },
};

/** @type {esbuild.BuildOptions} */
const bridgeCommon = {
    bundle: true,
    platform: "node",
    target: "node18",
    // CommonJS: Node loads it without the ES module loader's extra start-up work.
    format: "cjs",
    minify: production,
    sourcemap: false,
    legalComments: "none",
    write: false,
    logLevel: "warning",
    // lazy-modules.ts falls back to import.meta.url only where there is no require (the ES module sources).
    logOverride: { "empty-import-meta": "silent" },
    plugins: [builtinDefaultsPlugin],
};

/** The stores' libraries, beside the bridge under the name lazy-modules.ts requires on first use. */
const STORES_LIBS = "stores-libs.cjs";

/**
 * dist/cockpit-apt-bridge.js, the bridge, and dist/stores-libs.cjs, the libraries only the
 * stores' definitions need (lazy-modules.ts). The bridge's key (the first 16 hex digits of the
 * SHA-256 of both) is written where the placeholder stands: a new bridge never reads an index
 * cache of an older one, while rebuilding the same code keeps it.
 */
async function buildBridge() {
    const [main, libs] = await Promise.all([
        esbuild.build({
            ...bridgeCommon,
            entryPoints: [path.join(root, "src/bridge/main.ts")],
            outfile: path.join(dist, "cockpit-apt-bridge.js"),
            define: {
                __COCKPIT_APT_BUILD__: JSON.stringify(BRIDGE_KEY_PLACEHOLDER),
                __COCKPIT_APT_VERSION__: JSON.stringify(VERSION),
            },
        }),
        esbuild.build({
            ...bridgeCommon,
            entryPoints: [path.join(root, "src/bridge", STORES_LIBS)],
            outfile: path.join(dist, STORES_LIBS),
        }),
    ]);
    const mainText = main.outputFiles[0].text;
    const libsText = libs.outputFiles[0].text;
    const key = crypto.createHash("sha256").update(mainText).update(libsText).digest("hex").slice(0, 16);
    const text = [
        "#!/usr/bin/env node",
        "// cockpit-apt-bridge, built by cockpit-apt's build.mjs from src/bridge.",
        mainText.split(BRIDGE_KEY_PLACEHOLDER).join(key),
    ].join("\n");
    fs.mkdirSync(dist, { recursive: true });
    // The bundle is CommonJS; the project's package.json says "module" for its own sources.
    fs.writeFileSync(path.join(dist, "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
    fs.writeFileSync(path.join(dist, STORES_LIBS), libsText);
    fs.writeFileSync(path.join(dist, "cockpit-apt-bridge.js"), text, { mode: 0o755 });
}

const uiEntry = path.join(root, "src/ui/index.tsx");
/** The page's first script: starts its first requests before index.js is loaded (src/ui/opening.ts). */
const openingEntry = path.join(root, "src/ui/opening.ts");
/** @type {esbuild.BuildOptions | null} */
const ui = fs.existsSync(uiEntry)
    ? {
          entryPoints: [uiEntry, openingEntry],
          outdir: moduleDir,
          entryNames: "[name]",
          bundle: true,
          platform: "browser",
          target: ["es2020", "chrome100", "firefox100", "safari15"],
          format: "iife",
          minify: production,
          sourcemap: production ? false : "linked",
          legalComments: "external",
          loader: { ".woff": "file", ".woff2": "file", ".svg": "file", ".png": "file", ".jpg": "file" },
          assetNames: "assets/[name]-[hash]",
          define: { "process.env.NODE_ENV": JSON.stringify(production ? "production" : "development") },
          // cockpit.js is provided by Cockpit at ../base1/cockpit.js, never bundled.
          external: ["cockpit"],
          logLevel: "warning",
      }
    : null;

// The demo builder for npm start (scripts/start.sh): demo/main.ts and the test
// support it reuses, as one plain Node script, so npm start needs no TypeScript runner.
const demoEntry = path.join(root, "demo/main.ts");
const demoOut = path.join(root, "build/tools/demo-builder.mjs");
/** @type {esbuild.BuildOptions | null} */
const demo = fs.existsSync(demoEntry)
    ? {
          entryPoints: [demoEntry],
          outfile: demoOut,
          bundle: true,
          platform: "node",
          target: "node18",
          format: "esm",
          // test/support finds the project from its own directory; Node 18 has no import.meta.dirname.
          define: { "import.meta.dirname": JSON.stringify(path.dirname(demoOut)) },
          packages: "external",
          sourcemap: false,
          logLevel: "warning",
      }
    : null;

function copyStatic() {
    for (const name of ["manifest.json", "index.html"]) {
        const src = path.join(root, "src/ui", name);
        if (fs.existsSync(src)) fs.copyFileSync(src, path.join(moduleDir, name));
    }
    // Translations: po/<lang>.po -> po.<lang>.js (scripts/po-build.mjs), and the metainfo file
    // with its translated name and summary (msgfmt --xml, Debian's gettext).
    buildPoFiles(path.join(root, "po"), moduleDir);
    const metainfo = path.join(root, "src/ui/org.cockpit_project.apt.metainfo.xml");
    execFileSync("msgfmt", [
        "--xml",
        "--template",
        metainfo,
        "-d",
        path.join(root, "po"),
        "-o",
        path.join(moduleDir, path.basename(metainfo)),
    ]);
    // (the UI build may end before the bridge's: the last copyStatic, after both, copies them)
    const libs = path.join(dist, STORES_LIBS);
    if (fs.existsSync(libs)) fs.copyFileSync(libs, path.join(moduleDir, STORES_LIBS));
    const built = path.join(dist, "cockpit-apt-bridge.js");
    if (fs.existsSync(built)) {
        fs.copyFileSync(built, path.join(moduleDir, "cockpit-apt-bridge.js"));
        fs.chmodSync(built, 0o755);
        fs.chmodSync(path.join(moduleDir, "cockpit-apt-bridge.js"), 0o755);
    }
}

const copyPlugin = {
    name: "copy-static",
    setup(b) {
        b.onEnd(() => copyStatic());
    },
};

const configs = [ui, demo].filter(Boolean).map((c) => ({ ...c, plugins: [...(c.plugins ?? []), copyPlugin] }));
if (watch) {
    // The bridge is two builds and a key made of both: rebuilt whole when its sources change.
    const rebuildBridge = {
        name: "rebuild-bridge",
        setup(b) {
            b.onEnd(async (r) => {
                if (!r.errors.length) {
                    await buildBridge();
                    copyStatic();
                }
            });
        },
    };
    const bridgeWatch = {
        ...bridgeCommon,
        entryPoints: [path.join(root, "src/bridge/main.ts")],
        outfile: path.join(dist, "cockpit-apt-bridge.js"),
        plugins: [builtinDefaultsPlugin, rebuildBridge],
    };
    for (const c of [bridgeWatch, ...configs]) await (await esbuild.context(c)).watch();
    console.log("watching for changes...");
} else {
    await Promise.all([buildBridge(), ...configs.map((c) => esbuild.build(c))]);
    copyStatic();
}
