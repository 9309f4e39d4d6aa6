// Builds everything with esbuild:
//   dist/cockpit-apt-bridge.js  the bridge CLI, one self-contained CommonJS file for Node >= 18
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
        b.onResolve({ filter: /^node:(fs|path|os|v8|vm)$/ }, (args) => (args.kind === "import-statement" ? { path: args.path, namespace: "builtin-default" } : undefined));
        b.onLoad({ filter: /.*/, namespace: "builtin-default" }, (args) => ({ contents: `export default require(${JSON.stringify(args.path)});`, loader: "js" }));
    },
};

/** @type {esbuild.BuildOptions} */
const bridgeCommon = {
    bundle: true,
    platform: "node",
    target: "node18",
    // CommonJS: the launcher runs it through vm.Script with V8's code cache (src/bridge/launch/).
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

/**
 * dist/cockpit-apt-bridge.js: the bridge as one string, the launcher that compiles it with
 * the code cache, and the libraries of the stores' commands as line comments (launcher.ts). The bridge's key (the first 16 hex digits of the SHA-256 of its code) is
 * written where the placeholder stands: a new bridge never reads an index cache or code
 * cache of an older one, while rebuilding the same code keeps them.
 */
async function buildBridge() {
    const [main, vendor] = await Promise.all([
        esbuild.build({
            ...bridgeCommon,
            entryPoints: [path.join(root, "src/bridge/main.ts")],
            outfile: path.join(dist, "cockpit-apt-bridge.main.js"),
            define: { __COCKPIT_APT_BUILD__: JSON.stringify(BRIDGE_KEY_PLACEHOLDER), __COCKPIT_APT_VERSION__: JSON.stringify(VERSION) },
            // in the vendor part, required through the launcher
            external: ["yaml", "ajv", "fast-xml-parser"],
        }),
        esbuild.build({ ...bridgeCommon, entryPoints: [path.join(root, "src/bridge/launch/vendor.cjs")], outfile: path.join(dist, "cockpit-apt-bridge.vendor.js") }),
    ]);
    const mainText = main.outputFiles[0].text;
    const vendorText = vendor.outputFiles[0].text;
    const key = crypto.createHash("sha256").update(mainText).update(vendorText).digest("hex").slice(0, 16);
    const launcher = await esbuild.build({
        ...bridgeCommon,
        entryPoints: [path.join(root, "src/bridge/launch/launcher.ts")],
        outfile: path.join(dist, "cockpit-apt-bridge.js"),
        define: { __COCKPIT_APT_BUILD__: JSON.stringify(key) },
    });
    const text = [
        "#!/usr/bin/env node",
        "// cockpit-apt-bridge, built by cockpit-apt's build.mjs from src/bridge (launcher: src/bridge/launch/).",
        `var __cockpitAptMain = ${JSON.stringify(mainText.split(BRIDGE_KEY_PLACEHOLDER).join(key))};`,
        launcher.outputFiles[0].text,
        // the libraries as line comments (launcher.ts VENDOR_MARK): Node's parse skips them for a few ms
        "//@@cockpit-apt-bridge vendor@@",
        vendorText.replace(/\n$/, "").replace(/^/gm, "//"),
        "",
    ].join("\n");
    const out = path.join(dist, "cockpit-apt-bridge.js");
    fs.mkdirSync(dist, { recursive: true });
    // The bundle is CommonJS; the project's package.json says "module" for its own sources.
    fs.writeFileSync(path.join(dist, "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
    fs.writeFileSync(out, text, { mode: 0o755 });
}

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
    for (const name of ["manifest.json", "index.html"]) {
        const src = path.join(root, "src/ui", name);
        if (fs.existsSync(src)) fs.copyFileSync(src, path.join(moduleDir, name));
    }
    // Translations: po/<lang>.po -> po.<lang>.js (scripts/po-build.mjs), and the metainfo file
    // with its translated name and summary (msgfmt --xml, Debian's gettext).
    buildPoFiles(path.join(root, "po"), moduleDir);
    const metainfo = path.join(root, "src/ui/org.cockpit_project.apt.metainfo.xml");
    execFileSync("msgfmt", ["--xml", "--template", metainfo, "-d", path.join(root, "po"), "-o", path.join(moduleDir, path.basename(metainfo))]);
    const built = path.join(dist, "cockpit-apt-bridge.js");
    if (fs.existsSync(built)) {
        fs.copyFileSync(built, path.join(moduleDir, "cockpit-apt-bridge.js"));
        fs.chmodSync(built, 0o755);
        fs.chmodSync(path.join(moduleDir, "cockpit-apt-bridge.js"), 0o755);
    }
}

const copyPlugin = { name: "copy-static", setup(b) { b.onEnd(() => copyStatic()); } };

const configs = [ui, demo].filter(Boolean).map((c) => ({ ...c, plugins: [...(c.plugins ?? []), copyPlugin] }));
if (watch) {
    // The bridge is two builds composed into one file: rebuilt whole when its sources change.
    const rebuildBridge = { name: "rebuild-bridge", setup(b) { b.onEnd(async (r) => { if (!r.errors.length) { await buildBridge(); copyStatic(); } }); } };
    const bridgeWatch = { ...bridgeCommon, entryPoints: [path.join(root, "src/bridge/main.ts")], outfile: path.join(dist, "cockpit-apt-bridge.main.js"), plugins: [builtinDefaultsPlugin, rebuildBridge] };
    for (const c of [bridgeWatch, ...configs]) await (await esbuild.context(c)).watch();
    console.log("watching for changes...");
} else {
    await Promise.all([buildBridge(), ...configs.map((c) => esbuild.build(c))]);
    copyStatic();
}
