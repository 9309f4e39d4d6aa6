/*
 * Turns what the YAML parser and the schema validator find into messages a
 * store author can act on: the file, the field ("filters.include_tags[0]"),
 * the line, what was expected and what was found.
 */
import type { ErrorObject } from "ajv";
import type { StoreLoadIssue } from "../../protocol/index.js";

/** "/filters/include_tags/0" -> "filters.include_tags[0]". */
export function fieldPath(segments: readonly (string | number)[]): string {
    let out = "";
    for (const s of segments) {
        if (typeof s === "number" || /^\d+$/.test(s)) out += `[${s}]`;
        else out += out ? `.${s}` : s;
    }
    return out;
}

export function pointerSegments(pointer: string): (string | number)[] {
    if (!pointer) return [];
    return pointer
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describeValue(value: unknown): string {
    if (value === null) return "nothing (null)";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    if (typeof value === "string") return `the text ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value)}`;
    return `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
}

const TYPE_WORDS: Record<string, string> = { string: "a text", array: "a list", object: "a mapping", number: "a number", integer: "a whole number", boolean: "true or false" };

/** Edit distance, for "did you mean" on misspelled field names. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0] as number;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j] as number;
            row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length] as number;
}

export function closest(name: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestD = Infinity;
    for (const k of known) {
        const d = distance(name, k);
        if (d < bestD) {
            best = k;
            bestD = d;
        }
    }
    return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export interface Located {
    file: string;
    /** The line of a field path, when the document knows it. */
    lineOf(segments: readonly (string | number)[]): number | undefined;
}

function issue(where: Located, code: string, segments: readonly (string | number)[], message: string): StoreLoadIssue {
    const field = fieldPath(segments);
    const line = where.lineOf(segments);
    return { file: where.file, code, ...(field ? { field } : {}), ...(line !== undefined ? { line } : {}), message: field ? `${field}: ${message}` : message };
}

export { issue as makeIssue };

/**
 * Schema findings as errors and warnings. Unknown fields
 * (additionalProperties) are warnings: the field is ignored, the store loads.
 */
export function schemaIssues(errors: readonly ErrorObject[], where: Located): { errors: StoreLoadIssue[]; warnings: StoreLoadIssue[] } {
    const out = { errors: [] as StoreLoadIssue[], warnings: [] as StoreLoadIssue[] };
    const seen = new Set<string>();
    for (const e of errors) {
        const at = pointerSegments(e.instancePath);
        const hint = (e.parentSchema as { "x-hint"?: string } | undefined)?.["x-hint"];
        let found: StoreLoadIssue;
        switch (e.keyword) {
            case "required": {
                const missing = (e.params as { missingProperty: string }).missingProperty;
                found = issue(where, "MISSING_FIELD", [...at, missing], "is required but missing");
                break;
            }
            case "additionalProperties": {
                const extra = (e.params as { additionalProperty: string }).additionalProperty;
                const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
                const guess = closest(extra, known);
                found = issue(where, "UNKNOWN_FIELD", [...at, extra], `unknown field, ignored${guess ? ` (did you mean ${guess}?)` : ` (known fields: ${known.join(", ")})`}`);
                out.warnings.push(found);
                continue;
            }
            case "type": {
                const want = (e.params as { type: string }).type;
                found = issue(where, "WRONG_TYPE", at, `expected ${TYPE_WORDS[want] ?? want}, found ${describeValue(e.data)}`);
                break;
            }
            case "enum": {
                const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
                found = issue(where, "INVALID_VALUE", at, `${describeValue(e.data)} is not allowed; expected one of: ${allowed.join(", ")}`);
                break;
            }
            case "maxItems":
                found = issue(where, "TOO_MANY", at, `lists more than ${(e.params as { limit: number }).limit} values`);
                break;
            case "pattern":
            case "minLength":
            case "maxLength":
                found = issue(where, "INVALID_VALUE", at, `${describeValue(e.data)} is not valid; expected ${hint ?? e.message ?? "another value"}`);
                break;
            default:
                found = issue(where, "INVALID_VALUE", at, e.message ?? "is not valid");
        }
        // ajv can report one place twice (pattern and maxLength); once is enough.
        const key = `${found.field ?? ""}\u0000${found.code}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.errors.push(found);
    }
    return out;
}
