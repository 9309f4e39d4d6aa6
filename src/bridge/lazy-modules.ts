// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one place where the bridge loads code on first use instead of at start.
 * One process serves one request, so whatever Node loads at start-up every
 * request pays for, and most requests need none of these. Measured with
 * `npm run bench` (docs/performance.md): requiring child_process, crypto and
 * zlib at start costs a package list ~30 ms; parsing the stores' libraries
 * (YAML, JSON Schema) with the bridge ~20 ms. Anything that saves less is
 * an ordinary import.
 */
import { createRequire } from "node:module";
import type * as ChildProcess from "node:child_process";
import type * as Crypto from "node:crypto";
import type * as Zlib from "node:zlib";
import type * as Yaml from "yaml";
import type * as AjvModule from "ajv";
import type * as FastXmlParser from "fast-xml-parser";

// The built bridge is CommonJS and has its module's require; the sources (tests) are ES modules.
// esbuild bundles what `require("...")` names; it leaves `load(...)` to Node at run time.
const load: NodeJS.Require = typeof require === "function" ? require : createRequire(import.meta.url);

export const childProcess = (): typeof ChildProcess => load("node:child_process") as typeof ChildProcess;
export const crypto = (): typeof Crypto => load("node:crypto") as typeof Crypto;
export const zlib = (): typeof Zlib => load("node:zlib") as typeof Zlib;

/** What stores-libs.cjs exports, by the names require() would give. */
interface StoresLibs {
    yaml: typeof Yaml;
    ajv: typeof AjvModule;
    "fast-xml-parser": typeof FastXmlParser;
}

/**
 * The stores' libraries: stores-libs.cjs beside this file in the sources, and
 * the same name beside the built bridge, bundled apart by build.mjs.
 */
function storesLibs(): StoresLibs {
    try {
        return load("./stores-libs.cjs") as StoresLibs;
    } catch (e) {
        // a bridge copied without its second file: say which file, not just "Cannot find module"
        throw new Error(
            `stores-libs.cjs, which belongs beside the bridge, could not be loaded (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`
        );
    }
}
export const yaml = (): typeof Yaml => storesLibs().yaml;
export const ajv = (): typeof AjvModule => storesLibs().ajv;
export const fastXmlParser = (): typeof FastXmlParser => storesLibs()["fast-xml-parser"];
