// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reverse relation index: for every name that some package's relations
 * mention (real or virtual), who mentions it and how. Built from the stanzas
 * of each package's installed and candidate versions, on the first request
 * that needs it after an index build (relation-cache.ts), and kept as two
 * strings columns of a file of its own:
 *
 *   relationTargets  the mentioned names, sorted (binary search)
 *   relationEntries  per target: its Provides edges, a tab, then its other edges, each
 *                    part a JSON array of edges [source, code, op, version, alternatives]
 *
 * source is the package's row in the detail file the index was made from (its
 * name there): a number, not the name again in each of ~1,200,000 edges (20 of
 * the 55 MB of the Pi-like index's file).
 * code: one letter per relation kind (RELATION_CODES), upper case when the
 * source package is installed. op/version are the version constraint ("" when
 * unversioned), alternatives the other names of the same "|" group; trailing
 * empty fields are left out. A Provides line is an edge of kind "provides"
 * from the provider to the provided name, so the same column answers "who
 * provides V" for `packages dependencies` (reading only the part before the
 * tab: libc6 has 20,000 other edges) and "who needs V" for `rdepends`.
 *
 * Only the installed and the candidate version count: they are what is on the
 * system and what would be installed (apt-cache rdepends also lists versions
 * no policy would ever choose).
 */
import type { PackageRelations } from "../../protocol/index.js";
import type { StringColumn } from "./string-column.js";
import { FieldSet, stanzaFields } from "../apt/deb822-stream.js";

export const RELATION_TARGETS_COLUMN = "relationTargets";
export const RELATION_ENTRIES_COLUMN = "relationEntries";
/** In the detail file: per record, the stanza of its installed version and of its candidate when another (-1: none). */
export const RELATION_SOURCES_COLUMN = "relationSources";

/** Relation kind <-> the one-letter code stored per edge (lower case: source not installed). */
export const RELATION_CODES: ReadonlyArray<[keyof PackageRelations, string, string]> = [
    // [protocol key, code, control field (lower case)]
    ["depends", "d", "depends"],
    ["preDepends", "p", "pre-depends"],
    ["recommends", "r", "recommends"],
    ["suggests", "s", "suggests"],
    ["enhances", "e", "enhances"],
    ["conflicts", "c", "conflicts"],
    ["breaks", "b", "breaks"],
    ["replaces", "x", "replaces"],
    ["provides", "v", "provides"],
];

export const CODE_OF_FIELD = new Map(RELATION_CODES.map(([, code, field]) => [field, code]));
const KIND_OF_CODE = new Map(RELATION_CODES.map(([key, code]) => [code, key]));
const RELATION_FIELD_SET = new FieldSet(RELATION_CODES.map(([, , field]) => field));

/** One stored edge, decoded. */
export interface RelationEdge {
    source: string;
    kind: keyof PackageRelations;
    sourceInstalled: boolean;
    /** Version constraint operator and version, or "" when unversioned. */
    op: string;
    version: string;
    /** The other names of the same alternative group. */
    alternatives: string[];
}

/** The relation fields of one stanza (bytes as the index keeps them), field name (lower case) -> value. */
export function relationFieldsOf(stanza: Buffer | string): Map<string, string> {
    if (typeof stanza !== "string") {
        // Bytes: only the relation fields are decoded (not 60,000 whole stanzas as strings while
        // the index builds); continuation lines joined the same way as below.
        const fields = stanzaFields(stanza, RELATION_FIELD_SET);
        for (const [k, v] of fields)
            if (v.includes("\n"))
                fields.set(
                    k,
                    v
                        .split("\n")
                        .map((l, i) => (i ? l.trim() : l))
                        .join(" ")
                );
        return fields;
    }
    const text = stanza;
    const out = new Map<string, string>();
    let key: string | null = null;
    let pos = 0;
    while (pos < text.length) {
        const nl = text.indexOf("\n", pos);
        const end = nl < 0 ? text.length : nl;
        const first = text.charCodeAt(pos);
        if (first === 32 || first === 9) {
            if (key !== null) out.set(key, (out.get(key) as string) + " " + text.slice(pos, end).trim());
        } else {
            key = null;
            const colon = text.indexOf(":", pos);
            if (colon > pos && colon < end) {
                const name = text.slice(pos, colon).toLowerCase();
                if (CODE_OF_FIELD.has(name)) {
                    key = name;
                    out.set(name, text.slice(colon + 1, end).trim());
                }
            }
        }
        pos = end + 1;
    }
    return out;
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, without its cost for the plain names and versions nearly all are. */
export function jsonString(value: string): string {
    return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** The bare package name a relation names ("libc6:any" -> "libc6"). */
export function bareName(name: string): string {
    const colon = name.indexOf(":");
    return colon < 0 ? name : name.slice(0, colon);
}

/** The names of the sources' rows (the detail file's names column). */
export interface SourceNames {
    get(row: number): string;
    /** Reads these rows (ascending) with few reads. */
    prefetch(rows: readonly number[]): void;
}

/** Reads the two columns of a relations file. */
export class RelationIndex {
    constructor(
        private readonly targets: StringColumn,
        private readonly entries: StringColumn,
        private readonly sourceNames: SourceNames
    ) {}

    private entry(target: string): string | null {
        let lo = 0;
        let hi = this.targets.count - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const t = this.targets.get(mid);
            if (t === target) return this.entries.get(mid);
            if (t < target) lo = mid + 1;
            else hi = mid - 1;
        }
        return null;
    }

    /** Stored edges (sources by row) with their sources' names: the rows read together first. */
    private named(...parts: string[]): RawEdge[][] {
        const stored = parts.map((p) => JSON.parse(p) as StoredEdge[]);
        const rows = [...new Set(stored.flatMap((edges) => edges.map((e) => e[0])))].sort((a, b) => a - b);
        this.sourceNames.prefetch(rows);
        return stored.map((edges) =>
            edges.map((e) => {
                const named = e as unknown as RawEdge;
                named[0] = this.sourceNames.get(e[0]);
                return named;
            })
        );
    }

    /** Every edge that names `target` (a bare package name, real or virtual): Provides edges first. */
    edges(target: string): RelationEdge[] {
        const { provides, others } = this.rawEdges(target);
        return [...provides, ...others].map(decodeEdge);
    }

    /**
     * The edges as stored ([source, code, op?, version?, alternatives?]) with the source's name,
     * for callers that turn 20,000 of them into something else and should not pay for an object
     * in between. A source names the target at most once per relation kind.
     */
    rawEdges(target: string): { provides: RawEdge[]; others: RawEdge[] } {
        const text = this.entry(target);
        if (text === null) return { provides: [], others: [] };
        const tab = text.indexOf("\t");
        const [provides, others] = this.named(text.slice(0, tab), text.slice(tab + 1)) as [RawEdge[], RawEdge[]];
        return { provides, others };
    }

    /** The packages that provide `name`, with the version they provide it at ("" when unversioned). */
    providers(name: string): Array<{ name: string; installed: boolean; version: string }> {
        const text = this.entry(name);
        if (text === null) return [];
        return (this.named(text.slice(0, text.indexOf("\t")))[0] as RawEdge[]).map(decodeEdge).map((e) => ({
            name: e.source,
            installed: e.sourceInstalled,
            version: e.op === "=" ? e.version : "",
        }));
    }
}

/** An edge as stored: [source row, code (upper case: source installed), op, version, alternatives]. */
type StoredEdge = [number, string, string?, string?, string[]?];

/** An edge with its source's name: [source, code (upper case: source installed), op, version, alternatives]. */
export type RawEdge = [string, string, string?, string?, string[]?];

/** Relation kind and "source installed" of a stored code. */
export function codeInfo(code: string): { kind: keyof PackageRelations; installed: boolean } {
    const lower = code.toLowerCase();
    return { kind: KIND_OF_CODE.get(lower) ?? "depends", installed: code !== lower };
}

function decodeEdge([source, code, op = "", version = "", alternatives = []]: RawEdge): RelationEdge {
    const { kind, installed } = codeInfo(code);
    return { source, kind, sourceInstalled: installed, op, version, alternatives };
}
