// SPDX-License-Identifier: LGPL-2.1-or-later
import type {
    Store,
    StoreListResponse,
    StorePreviewResponse,
    StoreStateResponse,
    StoreValidateResponse,
} from "../../protocol/index.js";
import { flagOption, parseArgs, validateStoreId, type ParsedArgs } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { openDatabase, type Database } from "../index/database.js";
import { compileFilters, countMatches } from "../stores/matcher.js";
import { loadDefinition, parseDefinition, type DefinitionResult } from "../stores/definition.js";
import { assetRoot } from "../stores/assets.js";
import { CountCache } from "../stores/count-cache.js";
import { leftBehindDefinitions } from "../stores/left-behind.js";
import { loadStores } from "../stores/loader.js";
import { previewStore } from "../stores/preview.js";
import { previewText, validationText } from "../stores/report.js";
import { readState, stateFile, updateState } from "../stores/state.js";
import { matchableTable } from "../stores/table.js";
import {
    deleteUserStore,
    exportStore,
    isUserStore,
    readDefinitionInput,
    saveUserStore,
} from "../stores/user-stores.js";
import { validateFiles } from "../stores/validate.js";
import { json, type Command, type CommandResult } from "./command.js";

/** File arguments are paths the author typed; they are only ever opened, never passed on. */
function files(parsed: ParsedArgs, max: number): string[] {
    if (parsed.positionals.length === 0) throw new BridgeError("USAGE", "Name at least one store definition file");
    for (const f of parsed.positionals) {
        // eslint-disable-next-line no-control-regex
        if (f.length === 0 || f.length > 4096 || /[\u0000]/.test(f))
            throw new BridgeError("INVALID_ARGUMENT", "Invalid file name", { file: f.slice(0, 200) });
    }
    if (parsed.positionals.length > max) throw new BridgeError("USAGE", `At most ${max} files at once`);
    return parsed.positionals;
}

function output(value: StoreValidateResponse | StorePreviewResponse, text: string | null, ok: boolean): CommandResult {
    const exitCode = ok ? 0 : 1;
    return text !== null ? { text, exitCode } : json(value, exitCode);
}

/** The one positional of `stores enable|disable|save|delete|export ID`, validated. */
function oneId(parsed: ParsedArgs, command: string): string {
    const id = parsed.positionals[0];
    if (id === undefined) throw new BridgeError("USAGE", `stores ${command} needs a store id`);
    return validateStoreId(id);
}

/** Enables or disables a loaded store (an unknown id is refused, so the state never collects typos); enabling also clears an id whose store is gone. */
function setEnabled(id: string, enabled: boolean): StoreStateResponse {
    const loaded = loadStores();
    return updateState((state) => {
        if (!loaded.stores.some((s) => s.id === id) && !(enabled && state.disabled.includes(id))) {
            throw new BridgeError("STORE_NOT_FOUND", `No store ${JSON.stringify(id)}`, {
                id,
                known: loaded.stores.map((s) => s.id),
            });
        }
        const disabled = enabled ? state.disabled.filter((d) => d !== id) : [...state.disabled, id];
        return { state: { ...state, disabled }, result: { id, enabled } };
    });
}

const EMPTY_BY_FILTER: StorePreviewResponse["byFilter"] = {
    includeOrigins: {},
    includeSections: {},
    includeTags: {},
    includePackages: {},
};

/**
 * The stores as `stores list` answers (their definitions parsed, or from their cache; each
 * one's package count, kept per index build): also what `cache refresh` makes ahead.
 */
export function listStores(): StoreListResponse {
    let opened: Database | null = null;
    const database = (): Database => (opened ??= openDatabase());
    const loaded = loadStores(undefined, { leftBehind: (dir) => leftBehindDefinitions(database(), dir) });
    const { state, problem } = readState();
    const disabled = new Set(state.disabled);
    let stores: Store[] = [];
    if (loaded.stores.length > 0) {
        const db = database();
        const counts = new CountCache(loaded.directory, db.indexId);
        stores = loaded.stores.map((def) => {
            const { file: _file, ...store } = def;
            return {
                ...store,
                packageCount: counts.count(def.filters, () =>
                    countMatches(compileFilters(def.filters), matchableTable(db.table))
                ),
                enabled: !disabled.has(def.id),
                userDefined: isUserStore(def, state.user, loaded.directory),
            };
        });
        counts.save();
    }
    const warnings = [...loaded.warnings];
    if (problem)
        warnings.push({
            file: stateFile(),
            code: "STATE_UNREADABLE",
            message: `the stores' state file ${problem}: every store is shown as enabled`,
        });
    const response: StoreListResponse = {
        stores,
        errors: loaded.errors,
        warnings,
        directory: loaded.directory,
        assetDirectory: assetRoot(),
        leftBehind: loaded.leftBehind,
    };
    return response;
}

export const storeCommands: readonly Command[] = [
    {
        words: ["stores", "list"],
        usage: "",
        async run(args) {
            parseArgs(args, {}, 0);
            return json(listStores());
        },
    },
    {
        words: ["stores", "enable"],
        usage: "ID",
        async run(args) {
            return json(setEnabled(oneId(parseArgs(args, {}, 1), "enable"), true));
        },
    },
    {
        words: ["stores", "disable"],
        usage: "ID",
        async run(args) {
            return json(setEnabled(oneId(parseArgs(args, {}, 1), "disable"), false));
        },
    },
    {
        words: ["stores", "save"],
        usage: "ID [--check]   (the definition's YAML on standard input; its id is set to ID)",
        async run(args) {
            const parsed = parseArgs(args, { check: "flag" }, 1);
            const id = oneId(parsed, "save");
            const response = saveUserStore(id, readDefinitionInput(), flagOption(parsed, "check"));
            return json(response, response.valid ? 0 : 1);
        },
    },
    {
        words: ["stores", "delete"],
        usage: "ID   (user stores only)",
        async run(args) {
            return json(deleteUserStore(oneId(parseArgs(args, {}, 1), "delete")));
        },
    },
    {
        words: ["stores", "export"],
        usage: "ID [--text]",
        async run(args) {
            const parsed = parseArgs(args, { text: "flag" }, 1);
            const r = exportStore(oneId(parsed, "export"));
            return flagOption(parsed, "text") ? { text: r.text, exitCode: 0 } : json(r);
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
        usage: "FILE|- [--text]   (-: the definition's YAML on standard input)",
        async run(args) {
            const parsed = parseArgs(args, { text: "flag" }, 1);
            const fromInput = parsed.positionals.length === 1 && parsed.positionals[0] === "-";
            const file = fromInput ? "-" : (files(parsed, 1)[0] as string);
            const r: DefinitionResult = fromInput ? parseDefinition("-", readDefinitionInput()) : loadDefinition(file);
            let response: StorePreviewResponse;
            if (!r.definition) {
                response = {
                    file,
                    valid: false,
                    errors: r.errors,
                    warnings: r.warnings,
                    total: 0,
                    byFilter: EMPTY_BY_FILTER,
                    packages: [],
                };
            } else {
                const db = openDatabase();
                response = previewStore(r.definition, db, file, r.warnings);
                // AppStream (issue 16): which selected packages will look like plain packages in the store.
                const lacking = await (
                    await import("../appstream/preview-finding.js")
                ).lacksAppStreamFinding(db, response);
                if (lacking) response.warnings.push(lacking);
            }
            return output(response, parsed.options.has("text") ? previewText(response) : null, response.valid);
        },
    },
];
