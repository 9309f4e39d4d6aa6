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
import { Spool, StringsBuilder, type ColumnWriter, type StringColumn } from "./column-file.js";
import { FieldSet, stanzaFields } from "./deb822-stream.js";
import { parseRelationField } from "./relations.js";

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

const CODE_OF_FIELD = new Map(RELATION_CODES.map(([, code, field]) => [field, code]));
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
        for (const [k, v] of fields) if (v.includes("\n")) fields.set(k, v.split("\n").map((l, i) => (i ? l.trim() : l)).join(" "));
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

export class RelationIndexBuilder {
    // Every edge as JSON text, kept off the JS heap (in byte blocks: 600,000 edge strings in
    // lists per target took ~100 MB of the index build's memory), in the scratch file when the
    // index builder gives one (~14 MB on the Debian index), with per edge its target
    // (id * 2, + 1 unless it is a Provides edge: those are stored first) in a typed array.
    private readonly targetIds = new Map<string, number>();
    private readonly targetNames: string[] = [];
    private readonly edgeText: StringsBuilder;
    private edgeKey = new Uint32Array(1 << 16);

    private readonly passBytes: number;

    /** passBytes: edge text collected per pass of eachEntry; blockSize: of the spooled blocks (tests make both small). */
    constructor(spool: Spool = new Spool(null), { passBytes = 2 << 20, blockSize = 256 * 1024 } = {}) {
        this.edgeText = new StringsBuilder(spool, blockSize);
        this.passBytes = passBytes;
    }

    /**
     * The relations of package `source` (its listed name), from the stanzas of
     * the versions that count: installed first, then candidate. An edge that
     * both have (same target and kind) is kept once, as the first one says it.
     */
    add(source: string, installed: boolean, stanzas: ReadonlyArray<Buffer | string | undefined>): void {
        const seen = new Set<string>();
        // "[source,code": the start of every edge of this source (the edges are made ~600,000 times per build)
        const quotedSource = jsonString(source);
        for (const stanza of stanzas) {
            if (stanza === undefined) continue;
            for (const [field, value] of relationFieldsOf(stanza)) {
                const code = CODE_OF_FIELD.get(field) as string;
                const head = `[${quotedSource},"${installed ? code.toUpperCase() : code}"`;
                for (const group of parseRelationField(value)) {
                    for (const alt of group) {
                        const target = bareName(alt.name);
                        const key = `${target}\u0000${code}`;
                        if (seen.has(key)) continue;
                        seen.add(key);
                        // [source, code, op, version, alternatives]: trailing empty fields left out (decodeEdge)
                        let edge = head;
                        if (group.length > 1) {
                            edge += `,${jsonString(alt.relation ?? "")},${jsonString(alt.version ?? "")},[`;
                            let first = true;
                            for (const a of group) {
                                if (a === alt) continue;
                                edge += (first ? "" : ",") + jsonString(a.name);
                                first = false;
                            }
                            edge += "]]";
                        } else if (alt.relation) {
                            edge += `,${jsonString(alt.relation)},${jsonString(alt.version ?? "")}]`;
                        } else {
                            edge += "]";
                        }
                        let id = this.targetIds.get(target);
                        if (id === undefined) {
                            id = this.targetNames.length;
                            this.targetNames.push(target);
                            this.targetIds.set(target, id);
                        }
                        // Field text comes from a Latin-1 view of UTF-8 bytes; names and versions are ASCII.
                        const e = this.edgeText.addString(edge);
                        if (e >= this.edgeKey.length) {
                            const bigger = new Uint32Array(this.edgeKey.length * 2);
                            bigger.set(this.edgeKey);
                            this.edgeKey = bigger;
                        }
                        this.edgeKey[e] = id * 2 + (code === "v" ? 0 : 1);
                    }
                }
            }
        }
    }

    /** The two columns, targets sorted as the reader's binary search expects. */
    columns(): { targets: string[]; entries: string[] } {
        const entries: string[] = [];
        const targets = this.eachEntry((entry) => entries.push(entry));
        return { targets, entries };
    }

    /** The same two columns added to `writer`, each entry written as it is made (to `spool`): not 87,000 strings at once. */
    addColumnsTo(writer: ColumnWriter, spool: Spool): ColumnWriter {
        const entries = new StringsBuilder(spool);
        const targets = this.eachEntry((entry) => entries.addString(entry));
        return writer.strings(RELATION_TARGETS_COLUMN, targets).built(RELATION_ENTRIES_COLUMN, entries);
    }

    /**
     * Calls `fn` with the entry of every target, in target order; returns the
     * targets. The edges are read in a few sequential passes, each collecting
     * those of a range of targets (about 2 MB of them), so that all 600,000
     * are never strings at once.
     */
    private eachEntry(fn: (entry: string) => void): string[] {
        const targets = [...this.targetNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const rank = new Uint32Array(targets.length); // target id -> place in `targets`
        targets.forEach((t, r) => (rank[this.targetIds.get(t) as number] = r));
        const n = this.edgeText.count;
        const bytesOf = new Float64Array(targets.length);
        for (let e = 0; e < n; e++) {
            const r = rank[(this.edgeKey[e] as number) >>> 1] as number;
            bytesOf[r] = (bytesOf[r] as number) + this.edgeText.entryLength(e) + 1;
        }
        for (let lo = 0; lo < targets.length; ) {
            let hi = lo;
            for (let bytes = 0; hi < targets.length && (hi === lo || bytes + (bytesOf[hi] as number) <= this.passBytes); hi++) bytes += bytesOf[hi] as number;
            // lists[(r - lo) * 2]: the Provides edges of target r, [... + 1]: its other edges, in the order they came
            const lists: string[][] = Array.from({ length: (hi - lo) * 2 }, () => []);
            this.edgeText.forEachEntry((e, bytes, start, end) => {
                const key = this.edgeKey[e] as number;
                const r = rank[key >>> 1] as number;
                if (r >= lo && r < hi) (lists[(r - lo) * 2 + (key & 1)] as string[]).push(bytes.toString("utf8", start, end));
            });
            for (let r = lo; r < hi; r++) fn(`[${(lists[(r - lo) * 2] as string[]).join(",")}]\t[${(lists[(r - lo) * 2 + 1] as string[]).join(",")}]`);
            lo = hi;
        }
        return targets;
    }
}

/** Reads the two columns of a detail file. */
export class RelationIndex {
    constructor(
        private readonly targets: StringColumn,
        private readonly entries: StringColumn,
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

    /** Every edge that names `target` (a bare package name, real or virtual): Provides edges first. */
    edges(target: string): RelationEdge[] {
        const { provides, others } = this.rawEdges(target);
        return [...provides, ...others].map(decodeEdge);
    }

    /**
     * The stored edges as they are ([source, code, op?, version?, alternatives?]), for callers
     * that turn 20,000 of them into something else and should not pay for an object in between.
     * A source names the target at most once per relation kind.
     */
    rawEdges(target: string): { provides: RawEdge[]; others: RawEdge[] } {
        const text = this.entry(target);
        if (text === null) return { provides: [], others: [] };
        const tab = text.indexOf("\t");
        return { provides: JSON.parse(text.slice(0, tab)) as RawEdge[], others: JSON.parse(text.slice(tab + 1)) as RawEdge[] };
    }

    /** The packages that provide `name`, with the version they provide it at ("" when unversioned). */
    providers(name: string): Array<{ name: string; installed: boolean; version: string }> {
        const text = this.entry(name);
        if (text === null) return [];
        return decodeEdges(text.slice(0, text.indexOf("\t"))).map((e) => ({ name: e.source, installed: e.sourceInstalled, version: e.op === "=" ? e.version : "" }));
    }
}

/** An edge as stored: [source, code (upper case: source installed), op, version, alternatives]. */
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

function decodeEdges(text: string): RelationEdge[] {
    return (JSON.parse(text) as RawEdge[]).map(decodeEdge);
}
