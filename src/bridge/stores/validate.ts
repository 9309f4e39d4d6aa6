// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `stores validate FILE...`: each file's findings, and those of the set: ids
 * must be unique among the files, and one shared with an installed store is
 * a warning (both would be refused side by side).
 */
import type { StoreValidateResponse } from "../../protocol/index.js";
import { loadDefinition, type DefinitionResult } from "./definition.js";
import { loadStores } from "./loader.js";

export function validateFiles(list: readonly string[]): StoreValidateResponse {
    const results = list.map((f): [string, DefinitionResult] => [f, loadDefinition(f)]);
    const installed = loadStores();
    const files: StoreValidateResponse["files"] = results.map(([file, r]) => {
        const errors = [...r.errors];
        const warnings = [...r.warnings];
        const def = r.definition;
        if (def) {
            const twins = results
                .filter(([f, o]) => f !== file && o.definition?.id === def.id && o.definition.file !== def.file)
                .map(([f]) => f);
            if (twins.length)
                errors.push({
                    file,
                    code: "DUPLICATE_ID",
                    field: "id",
                    message: `id: ${JSON.stringify(def.id)} is also the id of ${twins.join(", ")}`,
                });
            const other = installed.stores.find((s) => s.id === def.id && s.file !== def.file);
            if (other) {
                warnings.push({
                    file,
                    code: "ID_INSTALLED",
                    field: "id",
                    message: `id: the installed store ${other.file} has the same id ${JSON.stringify(def.id)}; both would be refused if this file were installed next to it`,
                });
            }
        }
        return { file, valid: errors.length === 0, errors, warnings };
    });
    return { files };
}
