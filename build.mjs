// Builds everything with esbuild:
//   dist/cockpit-apt-bridge.js  the bridge CLI, one self-contained ESM file for Node >= 18
//   dist/apt/                   the Cockpit module (manifest.json, index.html, index.js, index.css,
//                               and a copy of the bridge), ready for XDG_DATA_DIRS or /usr/share/cockpit
//   build/tools/demo-builder.mjs  builds the demo sandbox for npm start (demo/)
// `node build.mjs --watch` rebuilds on change.
import * as esbuild from "esbuild";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

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

/** Writes the bridge with its key: the first 16 hex digits of the SHA-256 of the bundle (placeholder in). */
const stampBridgePlugin = {
    name: "stamp-bridge",
    setup(b) {
        b.onEnd((result) => {
            for (const out of result.outputFiles ?? []) {
                const text = out.text;
                const key = crypto.createHash("sha256").update(text).digest("hex").slice(0, 16);
                fs.mkdirSync(path.dirname(out.path), { recursive: true });
                fs.writeFileSync(out.path, text.split(BRIDGE_KEY_PLACEHOLDER).join(key), { mode: 0o755 });
            }
        });
    },
};

/** @type {esbuild.BuildOptions} */
const bridge = {
    entryPoints: [path.join(root, "src/bridge/main.ts")],
    outfile: path.join(dist, "cockpit-apt-bridge.js"),
    bundle: true,
    platform: "node",
    target: "node18",
    format: "esm",
    // Bundled CommonJS dependencies (ajv) may call require(); give ESM one.
    banner: {
        js: "#!/usr/bin/env node\nimport { createRequire as __cockpitAptCreateRequire } from 'node:module';\nconst require = __cockpitAptCreateRequire(import.meta.url);",
    },
    minify: production,
    sourcemap: false,
    legalComments: "none",
    // Identifies the bridge's code in the index cache: a placeholder here, replaced by a hash of
    // the bundle when it is written (stampBridgePlugin), so that a new bridge never reads an older
    // layout while rebuilding the same code keeps the cache.
    define: { __COCKPIT_APT_BUILD__: JSON.stringify(BRIDGE_KEY_PLACEHOLDER) },
    write: false,
    logLevel: "warning",
    plugins: [stampBridgePlugin],
};

const uiEntry = path.join(root, "src/ui/index.tsx");
/** @type {esbuild.BuildOptions | null} */
const ui = fs.existsSync(uiEntry)
    ? {
          entryPoints: [uiEntry],
          outdir: moduleDir,
          entryNames: "index",
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
    for (const name of ["manifest.json", "index.html", "org.cockpit_project.apt.metainfo.xml"]) {
        const src = path.join(root, "src/ui", name);
        if (fs.existsSync(src)) fs.copyFileSync(src, path.join(moduleDir, name));
    }
    const po = path.join(root, "src/ui/po");
    if (fs.existsSync(po)) {
        for (const f of fs.readdirSync(po)) if (f.endsWith(".js")) fs.copyFileSync(path.join(po, f), path.join(moduleDir, f));
    }
    const built = path.join(dist, "cockpit-apt-bridge.js");
    if (fs.existsSync(built)) {
        fs.copyFileSync(built, path.join(moduleDir, "cockpit-apt-bridge.js"));
        fs.chmodSync(built, 0o755);
        fs.chmodSync(path.join(moduleDir, "cockpit-apt-bridge.js"), 0o755);
    }
}

const copyPlugin = { name: "copy-static", setup(b) { b.onEnd(() => copyStatic()); } };

const configs = [bridge, ui, demo].filter(Boolean).map((c) => ({ ...c, plugins: [...(c.plugins ?? []), copyPlugin] }));
if (watch) {
    for (const c of configs) await (await esbuild.context(c)).watch();
    console.log("watching for changes...");
} else {
    await Promise.all(configs.map((c) => esbuild.build(c)));
    copyStatic();
}
