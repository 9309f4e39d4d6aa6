import type { Store, StoreListResponse, StorePreviewResponse, StoreValidateResponse } from "../../protocol/index.js";
import { parseArgs, type ParsedArgs } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { openDatabase, type Database } from "../index/database.js";
import { matchableTable } from "../query/store-scope.js";
import { compileFilters, countMatches } from "../stores/matcher.js";
import { loadDefinition, type DefinitionResult } from "../stores/definition.js";
import { assetRoot } from "../stores/assets.js";
import { CountCache } from "../stores/count-cache.js";
import { leftBehindDefinitions } from "../stores/left-behind.js";
import { loadStores } from "../stores/loader.js";
import { previewStore } from "../stores/preview.js";
import { previewText, validationText } from "../stores/report.js";
import { json, type Command, type CommandResult } from "./command.js";

/** File arguments are paths the author typed; they are only ever opened, never passed on. */
function files(parsed: ParsedArgs, max: number): string[] {
    if (parsed.positionals.length === 0) throw new BridgeError("USAGE", "Name at least one store definition file");
    for (const f of parsed.positionals) {
        // eslint-disable-next-line no-control-regex
        if (f.length === 0 || f.length > 4096 || /[\u0000]/.test(f)) throw new BridgeError("INVALID_ARGUMENT", "Invalid file name", { file: f.slice(0, 200) });
    }
    if (parsed.positionals.length > max) throw new BridgeError("USAGE", `At most ${max} files at once`);
    return parsed.positionals;
}

/** Validation of the given files as a set: ids must also be unique among them, and are compared with the installed stores. */
function validateFiles(list: readonly string[]): StoreValidateResponse {
    const results = list.map((f): [string, DefinitionResult] => [f, loadDefinition(f)]);
    const installed = loadStores();
    const results2: StoreValidateResponse["files"] = results.map(([file, r]) => {
        const errors = [...r.errors];
        const warnings = [...r.warnings];
        const def = r.definition;
        if (def) {
            const twins = results.filter(([f, o]) => f !== file && o.definition?.id === def.id && o.definition.file !== def.file).map(([f]) => f);
            if (twins.length) errors.push({ file, code: "DUPLICATE_ID", field: "id", message: `id: ${JSON.stringify(def.id)} is also the id of ${twins.join(", ")}` });
            const other = installed.stores.find((s) => s.id === def.id && s.file !== def.file);
            if (other) {
                warnings.push({ file, code: "ID_INSTALLED", field: "id", message: `id: the installed store ${other.file} has the same id ${JSON.stringify(def.id)}; both would be refused if this file were installed next to it` });
            }
        }
        return { file, valid: errors.length === 0, errors, warnings };
    });
    return { files: results2 };
}

function output(value: StoreValidateResponse | StorePreviewResponse, text: string | null, ok: boolean): CommandResult {
    const exitCode = ok ? 0 : 1;
    return text !== null ? { text, exitCode } : json(value, exitCode);
}

export const storeCommands: readonly Command[] = [
    {
        words: ["stores", "list"],
        usage: "",
        async run(args) {
            parseArgs(args, {}, 0);
            let opened: Database | null = null;
            const database = (): Database => (opened ??= openDatabase());
            const loaded = loadStores(undefined, { leftBehind: (dir) => leftBehindDefinitions(database(), dir) });
            let stores: Store[] = [];
            if (loaded.stores.length > 0) {
                const db = database();
                const counts = new CountCache(loaded.directory, db.indexId);
                stores = loaded.stores.map((def) => {
                    const { file: _file, ...store } = def;
                    return { ...store, packageCount: counts.count(def.filters, () => countMatches(compileFilters(def.filters), matchableTable(db.table))) };
                });
                counts.save();
            }
            const response: StoreListResponse = {
                stores,
                errors: loaded.errors,
                warnings: loaded.warnings,
                directory: loaded.directory,
                assetDirectory: assetRoot(),
                leftBehind: loaded.leftBehind,
            };
            return json(response);
        },
    },
    {
        words: ["stores", "validate"],
        usage: "FILE... [--text]",
        async run(args) {
            const parsed = parseArgs(args, { text: "flag" }, 100);
            const response = validateFiles(files(parsed, 100));
            const ok = response.files.every((f) => f.valid);
            return output(response, parsed.options.has("text") ? validationText(response) : null, ok);
        },
    },
    {
        words: ["stores", "preview"],
        usage: "FILE [--text]",
        async run(args) {
            const parsed = parseArgs(args, { text: "flag" }, 1);
            const file = files(parsed, 1)[0] as string;
            const r = loadDefinition(file);
            let response: StorePreviewResponse;
            if (!r.definition) {
                response = {
                    file,
                    valid: false,
                    errors: r.errors,
                    warnings: r.warnings,
                    total: 0,
                    byFilter: { includeOrigins: {}, includeSections: {}, includeTags: {}, includePackages: {} },
                    packages: [],
                };
            } else {
                response = previewStore(r.definition, openDatabase(), file, r.warnings);
            }
            return output(response, parsed.options.has("text") ? previewText(response) : null, response.valid);
        },
    },
];
