import path from "node:path";
import type { PackageDetailsResponse, PackageListResponse, PackageTab, ResidualPackagesResponse } from "../../protocol/index.js";
import { oneOf, parseArgs, parseIntInRange, stringOption, validatePackageName, validateQuery, validateRepositoryId, validateSectionName, validateStoreId, validateCategoryId, type ParsedArgs } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { openDatabase } from "../index/database.js";
import { packageDetails } from "../query/details.js";
import { dpkgRoot } from "../query/dpkg-root.js";
import { residualPackages } from "../query/residual.js";
import { filterPackagesJson, MAX_LIMIT } from "../query/filter.js";
import type { JsonWritable } from "../cli/output.js";
import { json, type Command } from "./command.js";

const TABS: readonly PackageTab[] = ["browse", "search", "installed", "updates"];
const FILTER_OPTIONS = { store: "string", repo: "string", tab: "string", query: "string", section: "string", category: "string", limit: "string", offset: "string" } as const;

async function runFilter(parsed: ParsedArgs, tab: PackageTab, query: string | undefined): Promise<JsonWritable<PackageListResponse>> {
    const storeId = stringOption(parsed, "store");
    const repo = stringOption(parsed, "repo");
    const section = stringOption(parsed, "section");
    const category = stringOption(parsed, "category");
    const limit = parseIntInRange(stringOption(parsed, "limit"), "limit", 1, MAX_LIMIT, MAX_LIMIT);
    const offset = parseIntInRange(stringOption(parsed, "offset"), "offset", 0, 10_000_000, 0);
    if (storeId !== undefined) validateStoreId(storeId);
    if (repo !== undefined) validateRepositoryId(repo);
    if (section !== undefined) validateSectionName(section);
    if (category !== undefined) validateCategoryId(category);
    if (query !== undefined) validateQuery(query);
    const db = openDatabase();
    // The stores' code (YAML, JSON Schema) is loaded only when a store is asked for.
    const scope = storeId !== undefined ? (await import("../query/store-scope.js")).storeScope(storeId, db) : null;
    return filterPackagesJson(db, {
        store: scope?.matches,
        customSection: section !== undefined ? scope?.customSection(section) : undefined,
        repository: repo,
        tab,
        query,
        section,
        category,
        limit,
        offset,
    });
}

export const packageCommands: readonly Command[] = [
    {
        words: ["packages", "filter"],
        usage: "[--store ID] [--repo ID] [--tab browse|search|installed|updates] [--query TEXT] [--section NAME] [--category ID] [--limit N] [--offset N]",
        async run(args) {
            const parsed = parseArgs(args, FILTER_OPTIONS, 0);
            const tab = oneOf(stringOption(parsed, "tab"), "tab", TABS, "browse");
            return json(await runFilter(parsed, tab, stringOption(parsed, "query")));
        },
    },
    {
        words: ["packages", "search"],
        usage: "TEXT [--store ID] [--repo ID] [--section NAME] [--category ID] [--limit N] [--offset N]   (TEXT starting with '-': put -- before it)",
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
        usage: "NAME",
        async run(args) {
            const parsed = parseArgs(args, {}, 1);
            const name = parsed.positionals[0];
            if (name === undefined) throw new BridgeError("USAGE", "packages details needs a package name");
            validatePackageName(name);
            const response: PackageDetailsResponse = { package: packageDetails(openDatabase(), name) };
            return json(response);
        },
    },
    {
        // `dpkg -l` "rc": removed packages whose configuration is still there; `operations purge` takes it.
        words: ["packages", "residual"],
        usage: "",
        async run(args) {
            parseArgs(args, {}, 0);
            const db = openDatabase();
            const statusFile = db.table.meta.files.find((f) => f.isStatus)?.path ?? path.join(dpkgRoot(db.config()).admindir, "status");
            const response: ResidualPackagesResponse = { packages: residualPackages(statusFile, db.nativeArch).map(({ paths: _paths, ...p }) => p) };
            return json(response);
        },
    },
];
