// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Turns what the YAML parser and the schema validator find into messages a
 * store author can act on: the file, the field ("filters.include_tags[0]"),
 * the line, what was expected and what was found.
 */
import type { ErrorObject } from "ajv";
import type { StoreLoadIssue } from "../../protocol/index.js";

/** At most this many findings per file; the others are counted in one last finding. */
export const MAX_FINDINGS = 50;
/** Key names quoted in findings are cut to this many characters. */
export const MAX_KEY_CHARS = 40;

/**
 * A key name as findings may show it: cut to `max` characters, control and
 * other non-printable characters escaped (\u0007), quoted. Keys are the only
 * text of a file a finding quotes; values are described by their kind only,
 * so a finding never carries a file's content to the page.
 */
export function quoteKey(key: string, max = MAX_KEY_CHARS): string {
    const chars = Array.from(key.length > max * 2 ? key.slice(0, max * 2) : key);
    const cut = chars.length > max;
    const shown = chars.slice(0, max).map((c) =>
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff"\\]/.test(c)
            ? c === '"' || c === "\\"
                ? `\\${c}`
                : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
            : c
    );
    return `"${shown.join("")}${cut ? "..." : ""}"`;
}

/** A key as part of a field path: quoted only when it is not a plain name. */
function keySegment(key: string): string {
    return /^[A-Za-z0-9_-]{1,40}$/.test(key) ? key : quoteKey(key);
}

/** "/filters/include_tags/0" -> "filters.include_tags[0]". */
export function fieldPath(segments: readonly (string | number)[]): string {
    let out = "";
    for (const s of segments) {
        if (typeof s === "number" || /^\d{1,9}$/.test(s)) out += `[${s}]`;
        else out += out ? `.${keySegment(s)}` : keySegment(s);
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

/** What a value is, never what it says (see quoteKey). */
function describeValue(value: unknown): string {
    if (value === null) return "nothing (null)";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    if (typeof value === "string") return `a text of ${value.length} character${value.length === 1 ? "" : "s"}`;
    if (typeof value === "number") return "a number";
    if (typeof value === "boolean") return "true or false";
    return "a value";
}

const TYPE_WORDS: Record<string, string> = {
    string: "a text",
    array: "a list",
    object: "a mapping",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
};

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
    const limit = Math.max(2, Math.floor(name.length / 3));
    for (const k of known) {
        // The distance is at least the difference in length: a long key is not compared letter by letter.
        if (Math.abs(name.length - k.length) > limit) continue;
        const d = distance(name, k);
        if (d < bestD) {
            best = k;
            bestD = d;
        }
    }
    return bestD <= limit ? best : undefined;
}

export interface Located {
    file: string;
    /** The line of a field path, when the document knows it. */
    lineOf(segments: readonly (string | number)[]): number | undefined;
}

function issue(where: Located, code: string, segments: readonly (string | number)[], message: string): StoreLoadIssue {
    const field = fieldPath(segments);
    const line = where.lineOf(segments);
    return {
        file: where.file,
        code,
        ...(field ? { field } : {}),
        ...(line !== undefined ? { line } : {}),
        message: field ? `${field}: ${message}` : message,
    };
}

export { issue as makeIssue };

export interface Omitted {
    errors: number;
    warnings: number;
}

/**
 * Schema findings as errors and warnings. Unknown fields
 * (additionalProperties) are warnings: the field is ignored, the store loads.
 * Only the first MAX_FINDINGS are made into messages (their lines looked up,
 * their names compared with the known ones); the rest are only counted.
 */
export function schemaIssues(
    errors: readonly ErrorObject[],
    where: Located
): { errors: StoreLoadIssue[]; warnings: StoreLoadIssue[]; omitted: Omitted } {
    const out = {
        errors: [] as StoreLoadIssue[],
        warnings: [] as StoreLoadIssue[],
        omitted: { errors: 0, warnings: 0 },
    };
    const seen = new Set<string>();
    for (const e of errors) {
        const at = pointerSegments(e.instancePath);
        const hint = (e.parentSchema as { "x-hint"?: string } | undefined)?.["x-hint"];
        // Errors and warnings each have their own budget, so that trimFindings can keep errors first.
        if (e.keyword === "additionalProperties") {
            if (out.warnings.length >= MAX_FINDINGS) {
                out.omitted.warnings++;
                continue;
            }
            const extra = (e.params as { additionalProperty: string }).additionalProperty;
            const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
            const guess = closest(extra, known);
            out.warnings.push(
                issue(
                    where,
                    "UNKNOWN_FIELD",
                    [...at, extra],
                    `unknown field, ignored${guess ? ` (did you mean ${guess}?)` : ` (known fields: ${known.join(", ")})`}`
                )
            );
            continue;
        }
        // ajv can report one place twice (pattern and maxLength); once is enough.
        const code =
            e.keyword === "required"
                ? "MISSING_FIELD"
                : e.keyword === "type"
                  ? "WRONG_TYPE"
                  : e.keyword === "maxItems"
                    ? "TOO_MANY"
                    : "INVALID_VALUE";
        const segments =
            e.keyword === "required" ? [...at, (e.params as { missingProperty: string }).missingProperty] : at;
        const key = `${segments.join("\u0000")}\u0000${code}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (out.errors.length >= MAX_FINDINGS) {
            out.omitted.errors++;
            continue;
        }
        let message: string;
        switch (e.keyword) {
            case "required":
                message = "is required but missing";
                break;
            case "type": {
                const want = (e.params as { type: string }).type;
                message = `expected ${TYPE_WORDS[want] ?? want}, found ${describeValue(e.data)}`;
                break;
            }
            case "enum": {
                const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
                message = `${describeValue(e.data)} is not allowed; expected one of: ${allowed.join(", ")}`;
                break;
            }
            case "maxItems":
                message = `lists more than ${(e.params as { limit: number }).limit} values`;
                break;
            case "pattern":
            case "minLength":
            case "maxLength":
                message = `${describeValue(e.data)} is not valid; expected ${hint ?? e.message ?? "another value"}`;
                break;
            default:
                message = e.message ?? "is not valid";
        }
        out.errors.push(issue(where, code, segments, message));
    }
    return out;
}

/** At most MAX_FINDINGS findings, errors first; what is left out is added to `omitted`. */
export function trimFindings(
    errors: StoreLoadIssue[],
    warnings: StoreLoadIssue[],
    omitted: Omitted = { errors: 0, warnings: 0 }
): { errors: StoreLoadIssue[]; warnings: StoreLoadIssue[]; omitted?: Omitted } {
    const keptErrors = errors.slice(0, MAX_FINDINGS);
    const keptWarnings = warnings.slice(0, MAX_FINDINGS - keptErrors.length);
    const left = {
        errors: omitted.errors + errors.length - keptErrors.length,
        warnings: omitted.warnings + warnings.length - keptWarnings.length,
    };
    return {
        errors: keptErrors,
        warnings: keptWarnings,
        ...(left.errors + left.warnings > 0 ? { omitted: left } : {}),
    };
}

/** trimFindings, then one last finding "and N more" when any were left out: among the errors when an error was. */
export function capFindings(
    file: string,
    errors: StoreLoadIssue[],
    warnings: StoreLoadIssue[],
    omitted?: Omitted
): { errors: StoreLoadIssue[]; warnings: StoreLoadIssue[] } {
    const t = trimFindings(errors, warnings, omitted);
    if (!t.omitted) return { errors: t.errors, warnings: t.warnings };
    const n = t.omitted.errors + t.omitted.warnings;
    const more: StoreLoadIssue = {
        file,
        code: "MORE_FINDINGS",
        message: `and ${n} more finding${n === 1 ? "" : "s"} in this file (only the first ${MAX_FINDINGS} are shown)`,
    };
    return t.omitted.errors > 0
        ? { errors: [...t.errors, more], warnings: t.warnings }
        : { errors: t.errors, warnings: [...t.warnings, more] };
}
