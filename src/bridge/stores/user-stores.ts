// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User stores: definitions the administrator made in the page, kept as
 * `<stores directory>/<id>.yaml` and recorded in the state file (state.ts).
 * The page never names a path: the id names the file, and the id is
 * [a-z0-9][a-z0-9-]* (validated before anything else), so the file is
 * always directly inside the stores directory. The text is validated with
 * the same schema and checks as packaged definitions before anything is
 * written, and written atomically (a temporary file and a rename) under the
 * state's lock. A store that is not recorded as a user store (a packaged
 * one, or a file the administrator put there) is never overwritten or deleted.
 */
import fs from "node:fs";
import path from "node:path";
import type {
    StoreDeleteResponse,
    StoreExportResponse,
    StoreLoadIssue,
    StoreSaveResponse,
} from "../../protocol/index.js";
import { writeAtomicallyOrThrow, writeFully } from "../atomic-write.js";
import { validateStoreId } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { readStdin } from "../cli/stdin.js";
import { yaml } from "../lazy-modules.js";
import { assetRoot } from "./assets.js";
import { parseDefinition, type StoreDefinition } from "./definition.js";
import { loadStores, storesDirectory } from "./loader.js";
import { MAX_DEFINITION_BYTES, readDefinitionFile } from "./safe-read.js";
import { readState, updateState } from "./state.js";

/** The definition's text from standard input (the page sends it there: never a file name). */
export function readDefinitionInput(): string {
    return readStdin(MAX_DEFINITION_BYTES, "The definition");
}

/** The one file a user store `id` may be: directly in the stores directory, named by the id. */
export function userStoreFile(id: string, dir = storesDirectory()): string {
    validateStoreId(id);
    const file = path.join(path.resolve(dir), `${id}.yaml`);
    // The id pattern allows no "/" nor "..": checked anyway, since a path outside must never be written.
    if (path.dirname(file) !== path.resolve(dir)) throw new BridgeError("INVALID_ARGUMENT", "Invalid store id", { id });
    return file;
}

/**
 * The text with its top-level `id` replaced by `id` (import as a copy under
 * another id; the editor's text already has it). Only the scalar's own
 * characters change, so every finding keeps the line the author sees.
 */
export function withId(text: string, id: string): string {
    const { isMap, isScalar, parseDocument } = yaml();
    let doc;
    try {
        doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
    } catch {
        return text;
    }
    if (doc.errors.length || !isMap(doc.contents)) return text;
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "id");
    const value = pair?.value;
    if (!isScalar(value) || !value.range || value.value === id) return text;
    const [start, end] = value.range;
    // Quoted: an id of digits only would otherwise be a YAML number.
    return `${text.slice(0, start)}"${id}"${text.slice(end)}`;
}

function issuesWithFile(file: string, issues: readonly StoreLoadIssue[]): StoreLoadIssue[] {
    return issues.map((i) => ({ ...i, file }));
}

function ownerOf(id: string, dir: string): StoreDefinition | undefined {
    return loadStores(dir).stores.find((s) => s.id === id);
}

function fileExists(file: string): boolean {
    try {
        fs.lstatSync(file);
        return true;
    } catch {
        return false;
    }
}

/** Validates `text` as store `id` and, unless `check`, writes it. */
export function saveUserStore(id: string, input: string, check: boolean, dir = storesDirectory()): StoreSaveResponse {
    const file = userStoreFile(id, dir);
    const text = withId(input, id);
    const r = parseDefinition(file, text);
    const errors = issuesWithFile(file, r.errors);
    const warnings = issuesWithFile(file, r.warnings);
    if (r.definition && r.definition.id !== id) {
        errors.push({
            file,
            code: "ID_MISMATCH",
            field: "id",
            message: `id: the definition's id ${JSON.stringify(r.definition.id)} is not ${JSON.stringify(id)}`,
        });
    }
    const response: StoreSaveResponse = { id, file, valid: errors.length === 0, saved: false, errors, warnings };
    const refuseNonUser = (user: readonly string[]) => {
        const owner = ownerOf(id, dir);
        const isUser = user.includes(id);
        if (
            (owner && path.resolve(owner.file) !== file) ||
            (!isUser && (owner || fileExists(file) || fileExists(file.replace(/\.yaml$/, ".yml"))))
        ) {
            throw new BridgeError(
                "INVALID_ARGUMENT",
                `The store ${JSON.stringify(id)} is not a user store (it comes from a package or another file): it is never overwritten. Save it under another id.`,
                {
                    id,
                    reason: "not-user-store",
                }
            );
        }
    };
    if (!response.valid) return response;
    refuseNonUser(readState().state.user);
    if (check) return response;
    return updateState((state) => {
        refuseNonUser(state.user); // again under the lock: the directory may have changed meanwhile
        return {
            state: { ...state, user: [...state.user, id] },
            result: { ...response, saved: true },
            afterWrite: () => {
                try {
                    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
                    writeAtomicallyOrThrow(file, (fd) => writeFully(fd, Buffer.from(text, "utf8")));
                } catch (e) {
                    throw fileError("write", file, e);
                }
            },
        };
    });
}

/** A store file that could not be written or deleted: denied access said as such, the rest as a failure. */
function fileError(verb: "write" | "delete", file: string, e: unknown): BridgeError {
    const err = e as NodeJS.ErrnoException;
    const denied = err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS";
    return new BridgeError(
        denied ? "PERMISSION_DENIED" : "OPERATION_FAILED",
        `Cannot ${verb} ${file}: ${err.message}`,
        {
            file,
        }
    );
}

/** Deletes user store `id` (its file and its state); a packaged store is refused. */
export function deleteUserStore(id: string, dir = storesDirectory()): StoreDeleteResponse {
    const file = userStoreFile(id, dir);
    return updateState((state) => {
        if (!state.user.includes(id) || !fileExists(file)) {
            const known = ownerOf(id, dir);
            if (!known) throw new BridgeError("STORE_NOT_FOUND", `No store ${JSON.stringify(id)}`, { id });
            throw new BridgeError(
                "INVALID_ARGUMENT",
                `The store ${JSON.stringify(id)} is not a user store: remove its package instead`,
                { id, reason: "not-user-store" }
            );
        }
        try {
            fs.unlinkSync(file);
        } catch (e) {
            throw fileError("delete", file, e);
        }
        return {
            state: { disabled: state.disabled.filter((d) => d !== id), user: state.user.filter((u) => u !== id) },
            result: { id, deleted: true },
        };
    });
}

/** A store's definition text as it is on disk (packaged or user, enabled or not). */
export function exportStore(id: string, dir = storesDirectory()): StoreExportResponse {
    validateStoreId(id);
    const store = ownerOf(id, dir);
    if (!store) throw new BridgeError("STORE_NOT_FOUND", `No store ${JSON.stringify(id)}`, { id });
    const read = readDefinitionFile(store.file, [path.resolve(dir), assetRoot()]); // as the loader reads it
    if ("issue" in read) throw new BridgeError("OPERATION_FAILED", read.issue.message, { file: store.file });
    return { id, fileName: `${id}.yaml`, text: read.text };
}

/** Whether `def` is a user store: recorded in the state and in its own file. */
export function isUserStore(def: StoreDefinition, user: readonly string[], dir = storesDirectory()): boolean {
    return user.includes(def.id) && path.resolve(def.file) === path.join(path.resolve(dir), `${def.id}.yaml`);
}
