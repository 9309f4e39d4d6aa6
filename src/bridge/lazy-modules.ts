/*
 * Modules the warm path of a request never needs, loaded on first use.
 * A static import makes Node load them at start-up (several milliseconds
 * each), which matters when the whole request is meant to take less than 100.
 */
import { createRequire } from "node:module";
import type * as ChildProcess from "node:child_process";
import type * as Crypto from "node:crypto";
import type * as Zlib from "node:zlib";
import type * as Yaml from "yaml";
import type * as AjvModule from "ajv";
import type * as FastXmlParser from "fast-xml-parser";

// The built bridge is CommonJS and has its module's require; the sources (tests) are ES modules.
const load: NodeJS.Require = typeof require === "function" ? require : createRequire(import.meta.url);

export const childProcess = (): typeof ChildProcess => load("node:child_process") as typeof ChildProcess;
export const crypto = (): typeof Crypto => load("node:crypto") as typeof Crypto;
export const zlib = (): typeof Zlib => load("node:zlib") as typeof Zlib;
// The stores' libraries: in the built bridge, compiled from their own part of the file only
// when first required (launch/launcher.ts); a store list served from the parse cache never does.
export const yaml = (): typeof Yaml => load("yaml") as typeof Yaml;
export const ajv = (): typeof AjvModule => load("ajv") as typeof AjvModule;
// The metainfo files' XML parser (AppStream cache build, appstream/metainfo.ts).
export const fastXmlParser = (): typeof FastXmlParser => load("fast-xml-parser") as typeof FastXmlParser;
