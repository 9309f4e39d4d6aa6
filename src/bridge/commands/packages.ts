// SPDX-License-Identifier: LGPL-2.1-or-later
import path from "node:path";
import type { PackageListResponse, PackageTab, ResidualPackagesResponse } from "../../protocol/index.js";
import {
    listOption,
    flagOption,
    oneOf,
    parseArgs,
    parseIntInRange,
    storeIdsOption,
    stringOption,
    validatePackageName,
    validateQuery,
    validateRepositoryId,
    validateSectionName,
    validateCategoryId,
    validateTag,
    type ParsedArgs,
} from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { openDatabase, type Database } from "../index/database.js";
import { packageDetailsResponse } from "../query/details.js";
import { dpkgRoot } from "../apt/dpkg-root.js";
import { residualPackages } from "../apt/residual.js";
import { groupByFacet } from "../query/facets.js";
import { filterPackagesJson, MAX_LIMIT, type FilterOptions } from "../query/filter.js";
import { loadStoreScope } from "../query/scope.js";
import type { JsonWritable } from "../cli/output.js";
import { json, type Command } from "./command.js";
import { openAppStream } from "../appstream/cache.js";
import { languageKeys } from "../appstream/localize.js";
import { appJoin } from "../query/app-join.js";
import { trace } from "../trace.js";

export const TABS: readonly PackageTab[] = ["browse", "search", "installed", "updates"];
export const FILTER_OPTIONS = {
    store: "list",
    repo: "string",
    tab: "string",
    query: "string",
    section: "string",
    category: "string",
    "app-category": "string",
    lang: "string",
    tag: "list",
    limit: "string",
    offset: "string",
} as const;

/** The AppStream data (appstream/cache.ts) for the page's language (--lang). */
async function appsFor(db: Database, lang: string | undefined) {
    const keys = languageKeys(lang);
    const data = await openAppStream(() => db.config());
    return { data, join: appJoin(data, keys) };
}

/** The cascade's options of `packages filter` / `search` / `facets`, validated, with the named stores' scope. */
export async function cascadeOptions(
    db: Database,
    parsed: ParsedArgs,
    tab: PackageTab,
    query: string | undefined
): Promise<Omit<FilterOptions, "limit" | "offset">> {
    const storeIds = storeIdsOption(parsed);
    const repo = stringOption(parsed, "repo");
    const section = stringOption(parsed, "section");
    const category = stringOption(parsed, "category");
    const tags = listOption(parsed, "tag").map(validateTag);
    const appCategory = stringOption(parsed, "app-category");
    if (repo !== undefined) validateRepositoryId(repo);
    if (section !== undefined) validateSectionName(section);
    if (category !== undefined) validateCategoryId(category);
    if (appCategory !== undefined) validateCategoryId(appCategory);
    if (query !== undefined) validateQuery(query);
    const scope = await loadStoreScope(db, storeIds);
    // The AppStream data is opened only when a category of apps is asked for (a filter).
    const appCategoryPackages =
        appCategory !== undefined ? (await openAppStream(() => db.config())).packagesIn(appCategory) : undefined;
    return {
        appCategory: appCategoryPackages,
        store: scope?.matches,
        customSection: section !== undefined ? scope?.customSection(section) : undefined,
        storesOf: scope?.storesOf,
        repository: repo,
        tab,
        query,
        section,
        category,
        facets: tags.length ? groupByFacet(tags) : undefined,
    };
}

async function runFilter(
    parsed: ParsedArgs,
    tab: PackageTab,
    query: string | undefined
): Promise<JsonWritable<PackageListResponse>> {
    const limit = parseIntInRange(stringOption(parsed, "limit"), "limit", 1, MAX_LIMIT, MAX_LIMIT);
    const offset = parseIntInRange(stringOption(parsed, "offset"), "offset", 0, 10_000_000, 0);
    const db = openDatabase();
    const opts = await cascadeOptions(db, parsed, tab, query);
    const apps = await appsFor(db, stringOption(parsed, "lang"));
    trace("appstream opened");
    return filterPackagesJson(db, {
        ...opts,
        apps: apps.data.size > 0 ? apps.join : undefined,
        limit,
        offset,
        keptBack: flagOption(parsed, "no-kept-back") ? "known" : "ask",
    });
}

export const packageCommands: readonly Command[] = [
    {
        words: ["packages", "filter"],
        usage: "[--store ID]... [--repo ID] [--tab browse|search|installed|updates] [--query TEXT] [--section NAME] [--category ID] [--app-category NAME] [--tag FACET::VALUE]... [--lang L] [--limit N] [--offset N] [--no-kept-back]",
        async run(args) {
            // --no-kept-back: the Updates tab at once, with what is known of APT's kept-back packages (keptBackPending).
            const parsed = parseArgs(args, { ...FILTER_OPTIONS, "no-kept-back": "flag" }, 0);
            const tab = oneOf(stringOption(parsed, "tab"), "tab", TABS, "browse");
            return json(await runFilter(parsed, tab, stringOption(parsed, "query")));
        },
    },
    {
        words: ["packages", "search"],
        usage: "TEXT [--store ID]... [--repo ID] [--section NAME] [--category ID] [--app-category NAME] [--tag FACET::VALUE]... [--lang L] [--limit N] [--offset N]   (TEXT starting with '-': put -- before it)",
        async run(args) {
            const { tab: _tab, query: _query, ...options } = FILTER_OPTIONS;
            const parsed = parseArgs(args, options, 1);
            const text = parsed.positionals[0];
            if (text === undefined) throw new BridgeError("USAGE", "packages search needs the text to search for");
            return json(await runFilter(parsed, "search", text));
        },
    },
    {
        words: ["packages", "details"],
        usage: "NAME [--lang L] [--no-kept-back]",
        async run(args) {
            // --no-kept-back: at once, with what is known of why an update is kept back (keptBackPending).
            const parsed = parseArgs(args, { lang: "string", "no-kept-back": "flag" }, 1);
            const name = parsed.positionals[0];
            if (name === undefined) throw new BridgeError("USAGE", "packages details needs a package name");
            validatePackageName(name);
            const db = openDatabase();
            const apps = await appsFor(db, stringOption(parsed, "lang"));
            const keptBack = flagOption(parsed, "no-kept-back") ? "known" : "ask";
            return json(packageDetailsResponse(db, name, apps.join, keptBack));
        },
    },
    {
        // `dpkg -l` "rc": removed packages whose configuration is still there; `operations purge` takes it.
        words: ["packages", "residual"],
        usage: "",
        async run(args) {
            parseArgs(args, {}, 0);
            const db = openDatabase();
            const statusFile =
                db.table.meta.files.find((f) => f.isStatus)?.path ??
                path.join(dpkgRoot(db.config()).admindir, "status");
            const response: ResidualPackagesResponse = {
                packages: residualPackages(statusFile, db.nativeArch).map(({ paths: _paths, ...p }) => p),
            };
            return json(response);
        },
    },
];
