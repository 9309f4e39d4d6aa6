// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One store definition file: read it safely, parse the YAML (the yaml
 * library's default YAML 1.2 core schema builds plain data only: no custom
 * tags, no code), validate it against the schema with ajv, and check what the
 * schema cannot: at least one non-empty filter, unique custom section and
 * category ids, asset files on disk.
 */
import path from "node:path";
import type { ValidateFunction } from "ajv";
import type { Document, LineCounter, Pair } from "yaml";
import { ajv as ajvLib, yaml } from "../lazy-modules.js";
import type {
    Store,
    StoreCategoryMetadata,
    StoreCustomSection,
    StoreFilters,
    StoreLoadIssue,
} from "../../protocol/index.js";
import { checkAsset } from "./assets.js";
import {
    capFindings,
    fieldPath,
    makeIssue,
    quoteKey,
    schemaIssues,
    trimFindings,
    type Located,
    type Omitted,
} from "./issues.js";
import { readDefinitionFile } from "./safe-read.js";
import { STORE_SCHEMA, type RawStoreDefinition } from "./schema.js";

/** A loaded store before its packages are counted. */
export type StoreDefinition = Omit<Store, "packageCount" | "enabled" | "userDefined"> & { file: string };

/** An icon or banner path as written in the definition, with where it was written. */
export interface AssetRef {
    field: string;
    value: string;
    line?: number;
}

/** The cacheable result of parsing a definition's text: assets named but not yet checked. */
export interface ParsedDefinition {
    file: string;
    definition: StoreDefinition | null;
    errors: StoreLoadIssue[];
    warnings: StoreLoadIssue[];
    assets: AssetRef[];
    /** Findings left out of errors and warnings (at most MAX_FINDINGS are kept). */
    omitted?: Omitted;
}

export interface DefinitionResult {
    definition: StoreDefinition | null;
    errors: StoreLoadIssue[];
    warnings: StoreLoadIssue[];
}

export { MAX_DEFINITION_BYTES } from "./safe-read.js";

let validator: ValidateFunction | null = null;
function validate(): ValidateFunction {
    if (!validator) {
        // verbose: errors carry the offending value and the schema's x-hint.
        const ajv = new (ajvLib().Ajv)({ allErrors: true, verbose: true, strict: true });
        ajv.addKeyword("x-hint");
        validator = ajv.compile(STORE_SCHEMA);
    }
    return validator;
}

/**
 * Lines of field paths. Each mapping's keys are indexed once, when first
 * looked into: the yaml library's getIn scans a mapping's keys at every call,
 * which made 20,000 unknown keys cost 20,000 scans of 20,000 keys.
 */
function locate(file: string, doc: Document, lines: LineCounter): Located {
    const { isMap, isNode, isScalar, isSeq } = yaml();
    const keyIndex = new WeakMap<object, Map<unknown, Pair>>();
    const child = (node: unknown, seg: string | number): unknown => {
        if (isMap(node)) {
            let byKey = keyIndex.get(node);
            if (!byKey) {
                byKey = new Map();
                for (const pair of node.items) {
                    const k = isScalar(pair.key) ? pair.key.value : pair.key;
                    if (!byKey.has(k)) byKey.set(k, pair);
                }
                keyIndex.set(node, byKey);
            }
            // A numeric key ("1: x") comes as a number from the JSON pointer; "01" stays a string in YAML.
            const pair = byKey.get(seg) ?? byKey.get(String(seg));
            if (!pair) return undefined;
            return isNode(pair.value) && pair.value.range ? pair.value : pair.key;
        }
        if (isSeq(node) && typeof seg === "number") return node.items[seg];
        return undefined;
    };
    return {
        file,
        lineOf(segments) {
            // The deepest node that exists on the path: a missing field is reported at its parent.
            const nodes: unknown[] = [doc.contents];
            for (const seg of segments) {
                const next = child(nodes[nodes.length - 1], seg);
                if (next === undefined) break;
                nodes.push(next);
            }
            for (let n = nodes.length - 1; n >= 0; n--) {
                const node = nodes[n];
                if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
            }
            return undefined;
        },
    };
}

/**
 * Keys given twice in one mapping, as offsets. The yaml library's own check
 * (uniqueKeys) compares every key with every earlier one; a set per mapping
 * finds the same keys in linear time. Keys are equal as the library compares
 * them: the same scalar value of the same type.
 */
function duplicateKeys(doc: Document): number[] {
    const { isScalar, visit } = yaml();
    const found: number[] = [];
    visit(doc, {
        Map(_, map) {
            const seen = new Set<string>();
            for (const pair of map.items) {
                if (!isScalar(pair.key)) continue;
                const v = pair.key.value;
                const id = `${typeof v}:${String(v)}`;
                if (seen.has(id)) found.push(pair.key.range?.[0] ?? 0);
                else seen.add(id);
            }
        },
    });
    return found;
}

/** Ids (null where an entry has none) must be unique within the list. */
function uniqueIds(ids: readonly (string | null)[], field: string, where: Located, errors: StoreLoadIssue[]): void {
    const first = new Map<string, number>();
    ids.forEach((id, i) => {
        if (id === null) return;
        const was = first.get(id);
        if (was === undefined) first.set(id, i);
        else
            errors.push(
                makeIssue(
                    where,
                    "DUPLICATE_ID",
                    [field, i, "id"],
                    `${quoteKey(id)} is used twice (also ${field}[${was}])`
                )
            );
    });
}

const FILTER_FIELDS = ["include_origins", "include_sections", "include_tags", "include_packages"] as const;

/**
 * Parses and validates one definition's text, except for its asset files:
 * a pure function of the text, so its result can be cached (plain JSON).
 */
export function parseText(file: string, text: string): ParsedDefinition {
    const parsed = parseUntrimmed(file, text);
    // Kept small (it is cached): at most MAX_FINDINGS findings and the count of the others, which checkAssets reports.
    return { ...parsed, ...trimFindings(parsed.errors, parsed.warnings, parsed.omitted) };
}

function parseUntrimmed(file: string, text: string): ParsedDefinition {
    const errors: StoreLoadIssue[] = [];
    const warnings: StoreLoadIssue[] = [];
    const { LineCounter: Lines, parseDocument } = yaml();
    const lines = new Lines();
    // Duplicate keys are found by duplicateKeys (linear), not by the library's quadratic uniqueKeys.
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, strict: true });
    const where = locate(file, doc, lines);
    // YAML warnings (an unresolved tag such as !!js/function, which would otherwise become plain text) are errors
    // here: a definition holds plain text, lists and mappings only. The library's messages can quote a token of
    // the file (a tag, an alias): they are cut short and escaped like key names.
    for (const e of [...doc.errors, ...doc.warnings]) {
        const line = lines.linePos(e.pos[0]).line;
        const first = quoteKey(e.message.split("\n")[0] ?? "", 100).slice(1, -1);
        const message =
            e.code === "TAG_RESOLVE_FAILED"
                ? `${first}; store definitions hold plain text, lists and mappings only`
                : first;
        errors.push({ file, code: "YAML_SYNTAX", line, message: `line ${line}: ${message}` });
    }
    if (errors.length === 0) {
        for (const at of duplicateKeys(doc)) {
            const line = lines.linePos(at).line;
            errors.push({ file, code: "YAML_SYNTAX", line, message: `line ${line}: Map keys must be unique` });
        }
    }
    if (errors.length) return { file, definition: null, errors, warnings, assets: [] };

    let data: unknown;
    try {
        // Aliases could expand a small file into a huge structure ("billion laughs"); cap them.
        data = doc.toJS({ maxAliasCount: 50 });
    } catch (e) {
        errors.push({ file, code: "YAML_SYNTAX", message: (e as Error).message });
        return { file, definition: null, errors, warnings, assets: [] };
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
        errors.push({
            file,
            code: "WRONG_TYPE",
            message: "a store definition must be a YAML mapping with id, name, description and filters",
        });
        return { file, definition: null, errors, warnings, assets: [] };
    }

    const check = validate();
    let omitted: Omitted | undefined;
    if (!check(data)) {
        const found = schemaIssues(check.errors ?? [], where);
        errors.push(...found.errors);
        warnings.push(...found.warnings);
        omitted = found.omitted;
    }
    // The checks below also run when the schema found something elsewhere, so an author sees every
    // finding at once; each looks only at values whose shape it has verified itself.
    const raw = data as RawStoreDefinition;
    const listAt = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
    const filtersObj =
        raw.filters !== null && typeof raw.filters === "object" && !Array.isArray(raw.filters)
            ? (raw.filters as Record<string, unknown>)
            : null;
    if (filtersObj) {
        // AND between the categories present, OR within one: an empty list would select nothing at all.
        for (const f of FILTER_FIELDS) {
            if (listAt(filtersObj[f])?.length === 0)
                warnings.push(makeIssue(where, "EMPTY_FILTER", ["filters", f], "lists no values and is ignored"));
        }
        // A value of the wrong type was reported by the schema already; only a truly empty filter set is reported here.
        const given = (f: (typeof FILTER_FIELDS)[number]) =>
            filtersObj[f] !== undefined && (listAt(filtersObj[f])?.length ?? 1) > 0;
        if (!FILTER_FIELDS.some(given)) {
            errors.push(
                makeIssue(
                    where,
                    "NO_FILTERS",
                    ["filters"],
                    `needs at least one of ${FILTER_FIELDS.join(", ")} with at least one value, or the store would hold every package`
                )
            );
        }
    }
    const withIds = (v: unknown): (string | null)[] =>
        (listAt(v) ?? []).map((x) =>
            x !== null && typeof x === "object" && typeof (x as { id?: unknown }).id === "string"
                ? (x as { id: string }).id
                : null
        );
    uniqueIds(withIds(raw.custom_sections), "custom_sections", where, errors);
    uniqueIds(withIds(raw.category_metadata), "category_metadata", where, errors);
    if (errors.length) return { file, definition: null, errors, warnings, assets: [], omitted };
    if (raw.browse_by === "categories" && (raw.custom_sections?.length ?? 0) > 0) {
        warnings.push(
            makeIssue(
                where,
                "UNUSED_FIELD",
                ["custom_sections"],
                "is not shown: browse_by is categories (the Browse tab shows category_metadata and category:: tags)"
            )
        );
    }

    const assets: AssetRef[] = [];
    const ref = (at: (string | number)[], value: string | undefined) => {
        if (value === undefined) return;
        const line = where.lineOf(at);
        assets.push({ field: fieldPath(at), value, ...(line !== undefined ? { line } : {}) });
    };
    ref(["icon"], raw.icon);
    ref(["banner"], raw.banner);
    (raw.custom_sections ?? []).forEach((s, i) => ref(["custom_sections", i, "icon"], s.icon));
    (raw.category_metadata ?? []).forEach((c, i) => ref(["category_metadata", i, "icon"], c.icon));

    const or = <T>(v: T | undefined, fallback: T): T => (v === undefined ? fallback : v);
    const filters: StoreFilters = {
        includeOrigins: raw.filters.include_origins ?? [],
        includeSections: raw.filters.include_sections ?? [],
        includeTags: raw.filters.include_tags ?? [],
        includePackages: raw.filters.include_packages ?? [],
    };
    const customSections: StoreCustomSection[] = (raw.custom_sections ?? []).map((s) => ({
        id: s.id,
        label: s.label,
        description: s.description ?? "",
        icon: or<string | null>(s.icon, null),
        tags: s.tags ?? [],
        sections: s.sections ?? [],
        packages: s.packages ?? [],
    }));
    const categoryMetadata: StoreCategoryMetadata[] = (raw.category_metadata ?? []).map((c) => ({
        id: c.id,
        label: c.label,
        description: c.description ?? null,
        icon: or<string | null>(c.icon, null),
    }));
    return {
        definition: {
            file: path.resolve(file),
            id: raw.id,
            name: raw.name,
            description: raw.description,
            icon: or<string | null>(raw.icon, null),
            banner: or<string | null>(raw.banner, null),
            filters,
            customSections,
            categoryMetadata,
            browseBy: raw.browse_by ?? "sections",
        },
        file,
        errors,
        warnings,
        assets,
        omitted,
    };
}

/**
 * Checks the asset files a parsed definition names. Done at every load, not
 * cached with the parse: assets come and go with packages of their own. A
 * missing asset is dropped, so the page shows its default icon instead of a
 * broken image; one that escapes the asset directory refuses the store.
 */
export function checkAssets(parsed: ParsedDefinition): DefinitionResult {
    const { definition, assets } = parsed;
    if (!definition)
        return { definition: null, ...capFindings(parsed.file, parsed.errors, parsed.warnings, parsed.omitted) };
    const errors = [...parsed.errors];
    const warnings = [...parsed.warnings];
    const missing = new Set<string>();
    for (const a of assets) {
        const finding = checkAsset(a.value);
        if (!finding) continue;
        const found: StoreLoadIssue = {
            file: parsed.file,
            code: finding.code,
            field: a.field,
            ...(a.line !== undefined ? { line: a.line } : {}),
            message: `${a.field}: ${finding.message}`,
        };
        (finding.severity === "error" ? errors : warnings).push(found);
        if (finding.severity === "warning") missing.add(a.value);
    }
    if (errors.length) return { definition: null, ...capFindings(parsed.file, errors, warnings, parsed.omitted) };
    if (missing.size === 0) return { definition, ...capFindings(parsed.file, errors, warnings, parsed.omitted) };
    const asset = (v: string | null): string | null => (v !== null && missing.has(v) ? null : v);
    return {
        definition: {
            ...definition,
            icon: asset(definition.icon),
            banner: asset(definition.banner),
            customSections: definition.customSections.map((c) => ({ ...c, icon: asset(c.icon) })),
            categoryMetadata: definition.categoryMetadata.map((c) => ({ ...c, icon: asset(c.icon) })),
        },
        ...capFindings(parsed.file, errors, warnings, parsed.omitted),
    };
}

/** Parses and validates one definition's text, assets included. `file` is only used in messages. */
export function parseDefinition(file: string, text: string): DefinitionResult {
    return checkAssets(parseText(file, text));
}

/** Reads, parses and validates one file an author named: its symlinks are followed, but only to a regular file. */
export function loadDefinition(file: string): DefinitionResult {
    const read = readDefinitionFile(file, null);
    if ("issue" in read) return { definition: null, errors: [read.issue], warnings: [] };
    return parseDefinition(file, read.text);
}
