// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import type { PackageOrigin } from "../../src/protocol/index.js";
import { BufferSource } from "../../src/bridge/index/byte-source.js";
import { ColumnWriter } from "../../src/bridge/index/column-writer.js";
import type { Database } from "../../src/bridge/index/database.js";
import {
    FLAG_ESSENTIAL,
    FLAG_HELD,
    FLAG_INSTALLED,
    FLAG_UPGRADABLE,
    INDEX_FORMAT,
    KEPT_BACK_CODES,
    KEPT_BACK_SHIFT,
    NO_PHASING,
    type HotMeta,
} from "../../src/bridge/index/index-data.js";
import { PackageTable, packageSummary, searchTextOf } from "../../src/bridge/index/package-table.js";
import { storedSummaryJson } from "../../src/bridge/index/summary-json.js";
import { filterPackages, filterPackagesJson, searchRows, searchTerms } from "../../src/bridge/query/filter.js";
import { JsonWriter, streamJson } from "../../src/bridge/cli/output.js";
import { BridgeError } from "../../src/bridge/cli/errors.js";

const DEBIAN: PackageOrigin = {
    origin: "Debian",
    label: "Debian",
    suite: "stable",
    codename: "bookworm",
    component: "main",
    site: "deb.debian.org",
};
const HATLABS: PackageOrigin = {
    origin: "Hat Labs",
    label: "Hat Labs",
    suite: "stable",
    codename: "bookworm",
    component: "main",
    site: "apt.hatlabs.fi",
};
const sectionTable = ["admin", "libs", "contrib/net"];
const tagSets = ["role::program", "category::navigation,field::marine,role::container-app"];

interface Row {
    name: string;
    arch: string;
    summary: string;
    installed: string;
    candidate: string;
    section: number;
    tags: number;
    origin: number;
    flags: number;
    /** Phased-Update-Percentage (NO_PHASING when absent). */
    phased?: number;
}

// Sorted by name, as the index builder writes them.
const ROWS: Row[] = [
    {
        name: "apt",
        arch: "amd64",
        summary: "commandline package manager",
        installed: "2.6.1",
        candidate: "2.6.1",
        section: 0,
        tags: 0,
        origin: 0,
        flags: FLAG_INSTALLED,
    },
    {
        name: "aptitude",
        arch: "amd64",
        summary: "terminal-based package manager",
        installed: "",
        candidate: "0.8.13-5",
        section: 0,
        tags: 0,
        origin: 0,
        flags: 0,
    },
    {
        name: "dselect",
        arch: "amd64",
        summary: "Debian package management front-end using APT",
        installed: "",
        candidate: "1.21.22",
        section: 0,
        tags: -1,
        origin: 0,
        flags: 0,
    },
    {
        name: "libapt-pkg6.0",
        arch: "amd64",
        summary: "package management runtime library",
        installed: "2.6.0",
        candidate: "2.6.1",
        section: 1,
        tags: -1,
        origin: 0,
        flags: FLAG_INSTALLED | FLAG_UPGRADABLE,
    },
    {
        name: "libc6:i386",
        arch: "i386",
        summary: "GNU C Library: Shared libraries",
        installed: "",
        candidate: "2.36-9",
        section: 1,
        tags: -1,
        origin: 0,
        flags: 0,
    },
    {
        name: "marine-signalk-server-container",
        arch: "all",
        summary: "Signal K server for boats — ü",
        installed: "",
        candidate: "1.0",
        section: 2,
        tags: 1,
        origin: 1,
        flags: 0,
    },
    {
        name: "orphan",
        arch: "amd64",
        summary: "installed from nowhere",
        installed: "0.1",
        candidate: "0.1",
        section: 0,
        tags: -1,
        origin: -1,
        flags: FLAG_INSTALLED,
    },
    {
        name: "synaptic",
        arch: "amd64",
        summary: "Graphical package manager using APT",
        installed: "",
        candidate: "0.91.3",
        section: 0,
        tags: 0,
        origin: 0,
        flags: 0,
    },
    {
        name: "zapt",
        arch: "amd64",
        summary: "unrelated tool",
        installed: "",
        candidate: "1",
        section: 0,
        tags: -1,
        origin: 0,
        flags: FLAG_ESSENTIAL,
    },
];

/** summaryBytes: the summaries as raw bytes, as the index builder copies them from Packages files (maybe not UTF-8). */
function buildTable(rows: Row[], summaryBytes?: Buffer[]): PackageTable {
    const meta: HotMeta = {
        format: INDEX_FORMAT,
        nativeArch: "amd64",
        origins: [DEBIAN, HATLABS],
        files: [],
        count: rows.length,
        sectionTable,
        tagSetCount: tagSets.length,
        listsHavePhasing: false,
    };
    const writer = new ColumnWriter()
        .strings(
            "names",
            rows.map((r) => r.name)
        )
        .strings(
            "archs",
            rows.map((r) => r.arch)
        );
    if (summaryBytes) writer.bytes("summaries", summaryBytes);
    else
        writer.strings(
            "summaries",
            rows.map((r) => r.summary)
        );
    const chunks = writer
        .strings(
            "installed",
            rows.map((r) => r.installed)
        )
        .strings(
            "candidates",
            rows.map((r) => r.candidate)
        )
        .int32(
            "sections",
            rows.map((r) => r.section)
        )
        .int32(
            "tags",
            rows.map((r) => r.tags)
        )
        .int32(
            "origin",
            rows.map((r) => r.origin)
        )
        .uint8(
            "flags",
            rows.map((r) => r.flags)
        )
        .uint8(
            "phased",
            rows.map((r) => r.phased ?? NO_PHASING)
        )
        .strings("tagSets", tagSets)
        // as the index builder makes it (package-rows.ts: up to the origin)
        .strings(
            "summaryJson",
            rows.map((r, k) =>
                storedSummaryJson(
                    JSON.stringify(
                        packageSummary({
                            name: r.name,
                            architecture: r.arch,
                            summary: summaryBytes ? (summaryBytes[k] as Buffer).toString("utf8") : r.summary,
                            section: sectionTable[r.section] as string,
                            installed: r.installed,
                            candidate: r.candidate,
                            flags: r.flags,
                            origin: r.origin >= 0 ? (meta.origins[r.origin] as PackageOrigin) : null,
                            tags: r.tags >= 0 ? (tagSets[r.tags] as string).split(",") : [],
                            phased: r.phased ?? NO_PHASING,
                        })
                    )
                )
            )
        )
        .strings(
            "searchText",
            rows.map((r, k) =>
                searchTextOf(r.name, summaryBytes ? (summaryBytes[k] as Buffer).toString("utf8") : r.summary)
            )
        )
        .toChunks(meta);
    return new PackageTable(new BufferSource(Buffer.concat([...chunks.chunks])));
}

/** keptBack: what APT's simulation would say (Database.withKeptBack); counts how often it was asked. */
function fakeDb(keptBack: ReadonlyMap<string, "phased" | "removal"> = new Map()): Database & { keptBackAsked: number } {
    const table = buildTable(ROWS);
    const db = {
        table,
        repositories: [{ id: "Debian:stable" }, { id: "Hat Labs:stable" }],
        keptBackAsked: 0,
        withKeptBack() {
            db.keptBackAsked++;
            table.useKeptBack(keptBack);
            return db;
        },
    };
    return db as unknown as Database & { keptBackAsked: number };
}

const names = (r: { packages: Array<{ name: string }> }) => r.packages.map((p) => p.name);
const base = { tab: "browse" as const, limit: 1000, offset: 0 };

describe("searchRows", () => {
    const table = buildTable(ROWS);
    const idx = (n: string) => ROWS.findIndex((r) => r.name === n);

    it("ranks exact name 0, name prefix 1, name substring 2, summary only 4", () => {
        const ranks = searchRows(table, "apt");
        expect(Object.fromEntries([...ranks].map(([row, rank]) => [ROWS[row]!.name, rank]))).toEqual({
            apt: 0,
            aptitude: 1,
            "libapt-pkg6.0": 2,
            synaptic: 2,
            zapt: 2,
            dselect: 4,
        });
    });

    it("every word must match, in the name or the summary; all words in the name rank 3", () => {
        const ranks = searchRows(table, "package manager");
        expect([...ranks.keys()].sort((a, b) => a - b)).toEqual([idx("apt"), idx("aptitude"), idx("synaptic")]);
        expect([...ranks.values()]).toEqual([4, 4, 4]);
        const both = searchRows(table, "signalk container");
        expect([...both]).toEqual([[idx("marine-signalk-server-container"), 3]]);
        expect(searchRows(table, "signalk boats").get(idx("marine-signalk-server-container"))).toBe(4);
        expect(searchRows(table, "apt nomatch").size).toBe(0);
    });

    it("matches the summary of the last row and names with ':arch'", () => {
        expect([...searchRows(table, "unrelated").keys()]).toEqual([idx("zapt")]);
        expect(searchRows(table, "libc6:i386").get(idx("libc6:i386"))).toBe(0);
        expect([...searchRows(table, "ü").keys()]).toEqual([idx("marine-signalk-server-container")]);
    });

    it("a word that matches nothing gives no rows", () => {
        expect(searchRows(table, "toolzz").size).toBe(0);
    });

    it("repeated words count once; a word inside another adds nothing; the answer is the same (issue 12, item 9)", () => {
        expect(searchTerms(Array(100).fill("apt").join(" "))).toEqual({ terms: ["apt"], distinct: 1 });
        expect(searchTerms("apt package apt-get pack")).toEqual({ terms: ["apt-get", "package"], distinct: 4 });
        expect([...searchRows(table, Array(100).fill("apt").join(" "))]).toEqual([...searchRows(table, "apt")]);
        expect([...searchRows(table, "manager package manager pack")]).toEqual([
            ...searchRows(table, "package manager"),
        ]);
    });

    it("100 words cost one scan of the index, not 100 (issue 12, item 9)", () => {
        // A big table: 20,000 rows (building it is what takes the time here).
        const rows: Row[] = [];
        for (let i = 0; i < 20_000; i++)
            rows.push({
                ...(ROWS[0] as Row),
                name: `pkg${String(i).padStart(6, "0")}`,
                summary: `a summary of package number ${i} with words`,
            });
        const big = buildTable(rows);
        const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(" ");
        const repeated = Array(100).fill("package").join(" ");
        const cpu0 = process.cpuUsage();
        const none = searchRows(big, words);
        const all = searchRows(big, repeated);
        const cpu = process.cpuUsage(cpu0);
        expect(none.size).toBe(0);
        expect(all.size).toBe(20_000);
        // Loose: ~0.1 s here; scanning once per word took ~2 s.
        expect((cpu.user + cpu.system) / 1000).toBeLessThan(1000);
    }, 60_000);
});

describe("searchRows against a plain reference, on a column of many pieces", () => {
    /** The rule, row by row: every word in the lower-cased name or summary; rank by how the name matches. */
    function reference(rows: Row[], query: string): Map<number, number> {
        const q = query.trim().toLowerCase();
        const terms = q.split(/\s+/).filter(Boolean);
        const out = new Map<number, number>();
        rows.forEach((r, i) => {
            const name = r.name.toLowerCase();
            const summary = r.summary.toLowerCase();
            if (!terms.every((t) => name.includes(t) || summary.includes(t))) return;
            out.set(
                i,
                name === q
                    ? 0
                    : name.startsWith(q)
                      ? 1
                      : name.includes(q)
                        ? 2
                        : terms.every((t) => name.includes(t))
                          ? 3
                          : 4
            );
        });
        return out;
    }
    const WORDS = [
        "net",
        "Tool",
        "python3",
        "lib",
        "Überwachung",
        "ΣΊΣΥΦΟΣ",
        "data",
        "server",
        "py",
        "x",
        "emoji🚢",
        "ß",
    ];
    // ~6,000 rows of up to ~400 bytes: ~1.3 MB of search text, several 256 KiB pieces
    const many: Row[] = Array.from({ length: 6000 }, (_, k) => ({
        ...ROWS[0]!,
        name: `${WORDS[k % 7]!.toLowerCase().replace(/[^a-z0-9]/g, "") || "p"}-${String(k).padStart(5, "0")}${k % 11 === 0 ? "-python3" : ""}`,
        summary: Array.from({ length: 3 + (k % 40) }, (_, j) => WORDS[(k * 7 + j * 3) % WORDS.length]).join(" "),
    })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const table = buildTable(many);

    for (const query of [
        "python3",
        "PY",
        "net",
        "net-00042",
        "überwachung",
        "σίσυφος",
        "🚢",
        "tool data",
        "lib server x",
        "nothing-here",
        "00077",
        "ß",
    ]) {
        it(`"${query}"`, () => {
            const got = searchRows(table, query.trim().toLowerCase());
            const want = reference(many, query);
            expect(got.size).toBe(want.size);
            expect(new Map([...got].sort((a, b) => a[0] - b[0]))).toEqual(
                new Map([...want].sort((a, b) => a[0] - b[0]))
            );
        });
    }
    it("the search text really spans several pieces", () => {
        expect(many.reduce((n, r) => n + Buffer.byteLength(searchTextOf(r.name, r.summary)) + 1, 0)).toBeGreaterThan(
            3 * 256 * 1024
        );
    });
});

describe("filterPackages", () => {
    it("browse returns all rows by name, a page decoded in full", () => {
        const db = fakeDb();
        const all = filterPackages(db, base);
        expect(all.total).toBe(ROWS.length);
        expect(names(all)).toEqual(ROWS.map((r) => r.name));
        const page = filterPackages(db, { ...base, limit: 2, offset: 3 });
        expect(page).toEqual({
            total: ROWS.length,
            offset: 3,
            limit: 2,
            packages: [
                {
                    name: "libapt-pkg6.0",
                    architecture: "amd64",
                    summary: "package management runtime library",
                    section: "libs",
                    installedVersion: "2.6.0",
                    candidateVersion: "2.6.1",
                    upgradable: true,
                    origin: DEBIAN,
                    repository: "Debian:stable",
                    tags: [],
                    essential: false,
                    security: false,
                    held: false,
                    keptBack: null,
                    phasedPercentage: null,
                },
                {
                    name: "libc6:i386",
                    architecture: "i386",
                    summary: "GNU C Library: Shared libraries",
                    section: "libs",
                    installedVersion: null,
                    candidateVersion: "2.36-9",
                    upgradable: false,
                    origin: DEBIAN,
                    repository: "Debian:stable",
                    tags: [],
                    essential: false,
                    security: false,
                    held: false,
                    keptBack: null,
                    phasedPercentage: null,
                },
            ],
        });
    });

    it("decodes tags, no origin and a non-ASCII summary", () => {
        const db = fakeDb();
        const r = filterPackages(db, { ...base, offset: 5, limit: 2 });
        expect(r.packages[0]).toMatchObject({
            name: "marine-signalk-server-container",
            summary: "Signal K server for boats — ü",
            section: "contrib/net",
            tags: ["category::navigation", "field::marine", "role::container-app"],
            repository: "Hat Labs:stable",
            origin: HATLABS,
        });
        expect(r.packages[1]).toMatchObject({
            name: "orphan",
            origin: null,
            repository: null,
            installedVersion: "0.1",
            upgradable: false,
        });
    });

    it("search is case-insensitive and ranks names first, then by name", () => {
        const db = fakeDb();
        const lower = filterPackages(db, { ...base, tab: "search", query: "apt" });
        expect(names(lower)).toEqual(["apt", "aptitude", "libapt-pkg6.0", "synaptic", "zapt", "dselect"]);
        expect(lower.total).toBe(6);
        expect(names(filterPackages(db, { ...base, tab: "search", query: "  APT " }))).toEqual(names(lower));
        expect(names(filterPackages(db, { ...base, tab: "search", query: "Package MANAGER" }))).toEqual([
            "apt",
            "aptitude",
            "synaptic",
        ]);
        const page = filterPackages(db, { ...base, tab: "search", query: "apt", offset: 4, limit: 5 });
        expect(names(page)).toEqual(["zapt", "dselect"]);
        expect(page.total).toBe(6);
    });

    it("installed and updates tabs", () => {
        const db = fakeDb();
        expect(names(filterPackages(db, { ...base, tab: "installed" }))).toEqual(["apt", "libapt-pkg6.0", "orphan"]);
        expect(names(filterPackages(db, { ...base, tab: "updates" }))).toEqual(["libapt-pkg6.0"]);
    });

    it("only the Updates tab asks APT why updates are kept back, and its rows say it", () => {
        const db = fakeDb(new Map([["libapt-pkg6.0", "removal"]]));
        for (const tab of ["browse", "installed", "search"] as const)
            filterPackages(db, { ...base, tab, query: "apt" });
        expect(db.keptBackAsked).toBe(0);
        expect(
            filterPackages(db, { ...base, tab: "installed" }).packages.find((p) => p.name === "libapt-pkg6.0")?.keptBack
        ).toBeNull();
        const updates = filterPackages(db, { ...base, tab: "updates" });
        expect(db.keptBackAsked).toBe(1);
        expect(updates.packages.map((p) => [p.name, p.keptBack])).toEqual([["libapt-pkg6.0", "removal"]]);
    });

    it("repository and section filters, and an unknown repository", () => {
        const db = fakeDb();
        expect(names(filterPackages(db, { ...base, repository: "Hat Labs:stable" }))).toEqual([
            "marine-signalk-server-container",
        ]);
        expect(names(filterPackages(db, { ...base, section: "libs" }))).toEqual(["libapt-pkg6.0", "libc6:i386"]);
        expect(names(filterPackages(db, { ...base, section: "net" }))).toEqual(["marine-signalk-server-container"]);
        expect(() => filterPackages(db, { ...base, repository: "Nope:sid" })).toThrow(BridgeError);
    });

    it("a store predicate combines with the query (AND)", () => {
        const db = fakeDb();
        const store = (i: number) => db.table.tags(i).includes("role::program");
        expect(names(filterPackages(db, { ...base, store }))).toEqual(["apt", "aptitude", "synaptic"]);
        expect(names(filterPackages(db, { ...base, store, tab: "search", query: "graphical" }))).toEqual(["synaptic"]);
    });

    it("the essential flag of a row reaches its summary", () => {
        const db = fakeDb();
        expect(
            filterPackages(db, base)
                .packages.filter((p) => p.essential)
                .map((p) => p.name)
        ).toEqual(["zapt"]);
    });

    it("a category keeps only the packages tagged category::<id>", () => {
        const db = fakeDb();
        expect(names(filterPackages(db, { ...base, category: "navigation" }))).toEqual([
            "marine-signalk-server-container",
        ]);
        expect(names(filterPackages(db, { ...base, category: "navigatio" }))).toEqual([]);
        expect(names(filterPackages(db, { ...base, category: "nothing-has-this" }))).toEqual([]);
    });
});

describe("filterPackagesJson", () => {
    /** What the bridge prints for these options. */
    function printed(db: Database, opts: Parameters<typeof filterPackages>[1]): string {
        const parts: Buffer[] = [];
        const w = new JsonWriter((b) => parts.push(Buffer.from(b)));
        streamJson(filterPackagesJson(db, opts), w);
        w.flush();
        return Buffer.concat(parts).toString("utf8");
    }

    it("prints exactly JSON.stringify of the objects filterPackages makes, row by row", () => {
        const optionSets = [
            base,
            { ...base, offset: 3, limit: 4 },
            { ...base, tab: "installed" as const },
            { ...base, tab: "updates" as const },
            { ...base, tab: "search" as const, query: "apt" },
            { ...base, section: "net" },
            { ...base, offset: 100 },
        ];
        for (const opts of optionSets) {
            const expected = JSON.stringify(filterPackages(fakeDb(), opts));
            expect(printed(fakeDb(), opts)).toBe(expected);
        }
    });

    it("with APT's kept-back packages: the rows it names are made anew, the others copied, the same JSON as the objects", () => {
        const up = FLAG_INSTALLED | FLAG_UPGRADABLE;
        // upgradable rows in several places: first, between copied ones, held (a hold wins), last
        const rows: Row[] = ROWS.map((r, k) => ({
            ...r,
            installed: "0",
            flags: k % 2 === 0 || k === ROWS.length - 1 ? up : FLAG_INSTALLED,
        }));
        (rows[2] as Row).flags = up | FLAG_HELD | (KEPT_BACK_CODES.indexOf("held") << KEPT_BACK_SHIFT);
        const keptBack = new Map<string, "phased" | "removal">(
            rows
                .filter((_, k) => k % 2 === 0 || k === rows.length - 1)
                .map((r, k) => [r.name, k % 2 ? "phased" : "removal"])
        );
        const db = (): Database => {
            const table = buildTable(rows);
            const d = { table, repositories: [], withKeptBack: () => (table.useKeptBack(keptBack), d) };
            return d as unknown as Database;
        };
        for (const opts of [
            { ...base, tab: "updates" as const },
            { ...base, tab: "updates" as const, offset: 1, limit: 3 },
            { ...base, tab: "search" as const, query: "a" },
        ]) {
            const shown = filterPackages(db(), opts);
            expect(printed(db(), opts)).toBe(JSON.stringify(shown));
        }
        const shown = filterPackages(db(), { ...base, tab: "updates" });
        expect(shown.packages.find((p) => p.name === (rows[2] as Row).name)?.keptBack).toBe("held");
        expect(shown.packages.filter((p) => p.keptBack === "removal").length).toBeGreaterThan(1);
        expect(shown.packages.filter((p) => p.keptBack === "phased").length).toBeGreaterThan(0);
    });

    it("escapes what JSON must escape and keeps other characters as they are", () => {
        const rows: Row[] = [
            { ...ROWS[0]!, name: "a-quote", summary: 'says "hi" \\ back\tslash \u0001 — ü 🚢 \u2028' },
            // the key the stored JSON is cut at, as text of a summary (escaped quotes: never the key)
            { ...ROWS[1]!, name: "a-trap", summary: 'cut at ,"origin":{"origin":"x"},"tags":[] here' },
            { ...ROWS[6]!, name: "b-orphan", installed: "1:2.0~rc1+dfsg-3", candidate: "" },
            { ...ROWS[2]!, name: "c-phased", phased: 30 },
        ];
        const db = { table: buildTable(rows), repositories: [{ id: "Debian:stable" }] } as unknown as Database;
        const text = printed(db, base);
        expect(text).toBe(JSON.stringify(filterPackages(db, base)));
        expect(JSON.parse(text).packages[3]).toMatchObject({ name: "c-phased", phasedPercentage: 30 });
        expect(JSON.parse(text).packages[2]).toMatchObject({
            name: "b-orphan",
            candidateVersion: null,
            origin: null,
            repository: null,
        });
    });

    it("prints pages bigger than the output buffer, with runs broken anywhere", () => {
        // 600 rows of ~400 bytes of JSON: 240 KB, several 64 KiB buffers, entries cut across them
        const many: Row[] = Array.from({ length: 600 }, (_, k) => ({
            ...ROWS[k % ROWS.length]!,
            name: `pkg-${String(k).padStart(4, "0")}`,
            summary: `${"ü".repeat(k % 7)}summary ${k} ${"x".repeat((k * 37) % 300)}`,
            flags: k % 3 === 0 ? FLAG_INSTALLED : 0,
        }));
        const db = {
            table: buildTable(many),
            repositories: [{ id: "Debian:stable" }, { id: "Hat Labs:stable" }],
        } as unknown as Database;
        for (const opts of [
            base,
            { ...base, tab: "installed" as const },
            { ...base, offset: 77, limit: 333 },
            { ...base, tab: "search" as const, query: "summary 1" },
        ]) {
            expect(printed(db, opts)).toBe(JSON.stringify(filterPackages(db, opts)));
        }
    });

    it("prints a summary that is not UTF-8 as the objects have it (U+FFFD), never as raw bytes", () => {
        const latin1 = Buffer.from("caf\xe9 for boats", "latin1");
        const db = {
            table: buildTable(
                ROWS,
                ROWS.map((r, k) => (k === 2 ? latin1 : Buffer.from(r.summary)))
            ),
            repositories: [{ id: "Debian:stable" }, { id: "Hat Labs:stable" }],
        } as unknown as Database;
        const text = printed(db, base);
        expect(text).toBe(JSON.stringify(filterPackages(db, base)));
        expect(JSON.parse(text).packages[2].summary).toBe("caf\ufffd for boats");
    });
});
