/*
 * The first code of dist/cockpit-apt-bridge.js. build.mjs writes that file
 * as this launcher plus the bridge itself (main.ts, bundled as CommonJS) held
 * in one string, `__cockpitAptMain`: a string literal costs V8 a scan, where
 * the same code as plain source would cost a full parse that the code cache
 * is there to save. The launcher compiles the string with V8's code cache
 * (code-cache.ts) and runs it as this very module, so the bridge sees the
 * same require, module and __filename it would have without a launcher.
 */
import path from "node:path";
import vm from "node:vm";
import { wrap } from "node:module";
import { cacheDirectory } from "../apt/cache-directory.js";
import { groupOf } from "../commands/groups.js";
import { trace } from "../trace.js";
import { codeCacheFileName, readCodeCache, v8FlagsChanged, writeCodeCache } from "./code-cache.js";

declare const __cockpitAptMain: string;
declare const __COCKPIT_APT_BUILD__: string;

type ModuleFunction = (this: unknown, exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;

function launch(): void {
    trace("launcher");
    let file: string | null = null;
    let cachedData: Buffer | undefined;
    if (!process.env.COCKPIT_APT_NO_CODE_CACHE) {
        try {
            file = path.join(cacheDirectory(), codeCacheFileName(__COCKPIT_APT_BUILD__, groupOf(process.argv[2])));
            cachedData = readCodeCache(file);
        } catch {
            file = null; // no home directory, say: compile as Node would
        }
    }
    trace("code cache read");
    const script = new vm.Script(wrap(__cockpitAptMain), { filename: __filename, cachedData });
    if (file !== null && (cachedData === undefined || script.cachedDataRejected)) {
        const target = file;
        // After the request: the data then holds every function the request compiled.
        process.once("exit", () => {
            if (!v8FlagsChanged()) writeCodeCache(target, script.createCachedData());
        });
    }
    trace(`compiled (code cache ${cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "used"})`);
    const run = script.runInThisContext() as ModuleFunction;
    run.call(module.exports, module.exports, require, module, __filename, __dirname);
}

launch();
