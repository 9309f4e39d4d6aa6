// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every store in the stores directory: each *.yaml / *.yml file loaded on its
 * own, so one bad file never hides the good ones. Two files claiming the same
 * id are both reported and neither is loaded: silently picking one would make
 * the page depend on file order.
 */
import fs from "node:fs";
import path from "node:path";
import { STORES_DIRECTORY, type StoreLeftBehind, type StoreLoadIssue } from "../../protocol/index.js";
import { assetRoot } from "./assets.js";
import { checkAssets, parseText, type ParsedDefinition, type StoreDefinition } from "./definition.js";
import { DefinitionCache, entryKey } from "./definition-cache.js";
import { leftBehindList } from "./left-behind.js";
import { definitionTarget, readTarget } from "./safe-read.js";
import { compareText } from "../text-order.js";

/** More files than any real system has; beyond it the rest is reported, not read. */
export const MAX_STORE_FILES = 500;

export function storesDirectory(): string {
    return process.env.COCKPIT_APT_STORES_DIR || STORES_DIRECTORY;
}

export interface LoadedStores {
    directory: string;
    stores: StoreDefinition[];
    errors: StoreLoadIssue[];
    warnings: StoreLoadIssue[];
    /** Definitions left behind by removed, not purged packages: not loaded (left-behind.ts). */
    leftBehind: StoreLeftBehind[];
}

export interface LoadOptions {
    /** Definitions that removed packages left behind (leftBehindDefinitions); asked for only when the directory has files. */
    leftBehind?: (dir: string) => ReadonlyMap<string, string>;
}

/** Definition files of the directory, sorted; editor backups and dpkg leftovers (.dpkg-old...) do not end in .yaml. */
export function definitionFiles(dir: string): { files: string[]; issue?: StoreLoadIssue } {
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // No directory: no store package is installed; that is the plain APT manager, not an error.
        if (code === "ENOENT" || code === "ENOTDIR") return { files: [] };
        return {
            files: [],
            issue: {
                file: dir,
                code: "UNREADABLE",
                message: `the stores directory cannot be read: ${String(code ?? e)}`,
            },
        };
    }
    const files = names
        .filter((n) => /\.ya?ml$/.test(n) && !n.startsWith("."))
        .sort()
        .map((n) => path.join(dir, n));
    return { files };
}

/**
 * A file's parse from the cache when the file is unchanged, else read and
 * parsed. Only regular files are read: a symlink only when it resolves inside
 * the stores directory or the store asset directory (safe-read.ts).
 */
function parseCached(file: string, dir: string, cache: DefinitionCache): ParsedDefinition {
    const target = definitionTarget(file, [dir, assetRoot()]);
    if ("issue" in target) return { file, definition: null, errors: [target.issue], warnings: [], assets: [] };
    const key = entryKey(file, target.stats);
    const hit = cache.get(key);
    if (hit) return hit;
    const read = readTarget(file, target);
    if ("issue" in read) return { file, definition: null, errors: [read.issue], warnings: [], assets: [] };
    const parsed = parseText(file, read.text);
    cache.put(key, parsed);
    return parsed;
}

export function loadStores(dir = storesDirectory(), options: LoadOptions = {}): LoadedStores {
    const out: LoadedStores = { directory: dir, stores: [], errors: [], warnings: [], leftBehind: [] };
    const listed = definitionFiles(dir);
    if (listed.issue) out.errors.push(listed.issue);
    if (listed.files.length > 0 && options.leftBehind) {
        // Not stores at all: neither loaded nor counted against the cap, and no duplicate of a live store's id.
        out.leftBehind = leftBehindList(options.leftBehind(dir), listed.files);
        const gone = new Set(out.leftBehind.map((l) => l.file));
        listed.files = listed.files.filter((f) => !gone.has(f));
    }
    const files = listed.files.slice(0, MAX_STORE_FILES);
    for (const skipped of listed.files.slice(MAX_STORE_FILES)) {
        out.errors.push({
            file: skipped,
            code: "TOO_MANY_FILES",
            message: `skipped: only the first ${MAX_STORE_FILES} store definitions are read`,
        });
    }
    const byId = new Map<string, StoreDefinition[]>();
    const cache = new DefinitionCache(dir);
    for (const file of files) {
        const r = checkAssets(parseCached(file, dir, cache));
        out.errors.push(...r.errors);
        out.warnings.push(...r.warnings);
        if (r.definition) byId.set(r.definition.id, [...(byId.get(r.definition.id) ?? []), r.definition]);
    }
    cache.save();
    for (const [id, defs] of byId) {
        if (defs.length === 1) {
            out.stores.push(defs[0] as StoreDefinition);
            continue;
        }
        for (const d of defs) {
            const others = defs.filter((o) => o !== d).map((o) => path.basename(o.file));
            out.errors.push({
                file: d.file,
                code: "DUPLICATE_ID",
                field: "id",
                message: `id: the store id ${JSON.stringify(id)} is also used by ${others.join(", ")}; neither is loaded until one is renamed or removed`,
            });
        }
    }
    out.stores.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
    return out;
}
