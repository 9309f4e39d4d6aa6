/*
 * The first code of dist/cockpit-apt-bridge.js. build.mjs writes that file
 * as this launcher, the bridge itself (main.ts, bundled as CommonJS) held in
 * one string, `__cockpitAptMain`, and after the launcher, as line comments,
 * the libraries only the stores' commands need (YAML, JSON Schema: two
 * thirds of the code). Node reads the whole file at every start, and V8 pays
 * for what it holds: a string literal costs a scan, code a full parse (that
 * the code cache is there to save), comments nearly nothing.
 *
 * The launcher compiles the bridge with V8's code cache (code-cache.ts) and
 * runs it as this very module, with a require that gives the libraries from
 * the comments, compiled (with their own code cache) when first required.
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { wrap } from "node:module";
import { cacheDirectory } from "../index/cache-directory.js";
import { groupOf } from "../commands/groups.js";
import { trace } from "../trace.js";
import { codeCacheFileName, readCodeCache, v8FlagsChanged, verifyCodeCacheChecksums, writeCodeCache } from "./code-cache.js";

declare const __cockpitAptMain: string;
declare const __COCKPIT_APT_BUILD__: string;

/** Where the libraries start in this file (build.mjs writes it; the last one: the code above holds this text too). */
const VENDOR_MARK = "\n//@@cockpit-apt-bridge vendor@@\n";
const VENDOR_IDS = new Set(["yaml", "ajv"]);

type ModuleFunction = (this: unknown, exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;

/** The code cache file for `name`, or null when there is none to use (turned off, no cache directory). */
function codeCacheFile(name: string): string | null {
    if (process.env.COCKPIT_APT_NO_CODE_CACHE) return null;
    try {
        return path.join(cacheDirectory(), codeCacheFileName(__COCKPIT_APT_BUILD__, name));
    } catch {
        return null; // no home directory, say: compile as Node would
    }
}

/** `source` compiled as a CommonJS module's function, with V8's code cache in `name`'s file. */
function compile(source: string, name: string): ModuleFunction {
    const file = codeCacheFile(name);
    const cachedData = file !== null ? readCodeCache(file) : undefined;
    const script = new vm.Script(wrap(source), { filename: __filename, cachedData });
    trace(`compiled ${name} (code cache ${cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "used"})`);
    if (file !== null && (cachedData === undefined || script.cachedDataRejected)) {
        // After the request: the data then holds every function the request compiled.
        process.once("exit", () => {
            if (!v8FlagsChanged()) writeCodeCache(file, script.createCachedData());
        });
    }
    return script.runInThisContext() as ModuleFunction;
}

let vendorExports: Record<string, unknown> | null = null;

function vendor(): Record<string, unknown> {
    if (!vendorExports) {
        const text = fs.readFileSync(__filename, "utf8");
        const at = text.lastIndexOf(VENDOR_MARK);
        if (at < 0) throw new Error(`cockpit-apt-bridge: ${__filename} lacks its libraries (a damaged build?)`);
        const source = text.slice(at + VENDOR_MARK.length).replace(/^\/\//gm, "");
        const m = { exports: {} as Record<string, unknown> };
        compile(source, "vendor").call(m.exports, m.exports, require, m, __filename, __dirname);
        vendorExports = m.exports;
    }
    return vendorExports;
}

function launch(): void {
    trace("launcher");
    verifyCodeCacheChecksums();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bridge's own require, passed on
    const bridgeRequire = ((id: string) => (VENDOR_IDS.has(id) ? vendor()[id] : require(id))) as NodeJS.Require;
    compile(__cockpitAptMain, groupOf(process.argv[2])).call(module.exports, module.exports, bridgeRequire, module, __filename, __dirname);
}

launch();
