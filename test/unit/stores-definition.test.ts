// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every validation rule of a store definition, through parseDefinition (the
 * text of one file) and loadDefinition (a file on disk).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefinition, MAX_DEFINITION_BYTES, parseDefinition } from "../../src/bridge/stores/definition.js";
import { checkAsset } from "../../src/bridge/stores/assets.js";
import { closest, fieldPath } from "../../src/bridge/stores/issues.js";

const VALID = `id: marine
name: Marine Apps
description: Apps for boats.
filters:
  include_tags: [field::marine]
`;

function parse(text: string) {
    return parseDefinition("t.yaml", text);
}
function codes(list: { code: string }[]) {
    return list.map((i) => i.code);
}

let assets: string;
const savedAssets = process.env.COCKPIT_APT_STORE_ASSETS_DIR;
beforeAll(() => {
    // A stand-in for /usr/share/container-stores/ with one icon, a directory and symlinks in and out.
    assets = fs.mkdtempSync(path.join(os.tmpdir(), "store-assets-"));
    fs.mkdirSync(path.join(assets, "marine"));
    fs.writeFileSync(path.join(assets, "marine/icon.svg"), "<svg/>");
    fs.mkdirSync(path.join(assets, "marine/dir"));
    fs.symlinkSync("/etc/passwd", path.join(assets, "marine/escape.svg"));
    fs.symlinkSync("icon.svg", path.join(assets, "marine/inside.svg"));
    process.env.COCKPIT_APT_STORE_ASSETS_DIR = assets;
});
afterAll(() => {
    fs.rmSync(assets, { recursive: true, force: true });
    if (savedAssets === undefined) delete process.env.COCKPIT_APT_STORE_ASSETS_DIR;
    else process.env.COCKPIT_APT_STORE_ASSETS_DIR = savedAssets;
});

describe("a valid definition", () => {
    it("becomes the protocol's store with camelCase filters and defaults", () => {
        const r = parse(VALID);
        expect(r.errors).toEqual([]);
        expect(r.warnings).toEqual([]);
        expect(r.definition).toMatchObject({
            id: "marine",
            name: "Marine Apps",
            description: "Apps for boats.",
            icon: null,
            banner: null,
            filters: { includeOrigins: [], includeSections: [], includeTags: ["field::marine"], includePackages: [] },
            customSections: [],
            categoryMetadata: [],
            browseBy: "sections",
        });
    });

    it("keeps custom sections, category metadata and browse_by", () => {
        const r = parse(`${VALID}browse_by: categories
category_metadata:
  - id: navigation
    label: Navigation
    icon: CompassIcon
custom_sections:
  - id: nav
    label: Nav
    tags: [use::navigating]
`);
        expect(r.errors).toEqual([]);
        expect(r.definition?.browseBy).toBe("categories");
        expect(r.definition?.categoryMetadata).toEqual([
            { id: "navigation", label: "Navigation", description: null, icon: "CompassIcon" },
        ]);
        expect(r.definition?.customSections).toEqual([
            {
                id: "nav",
                label: "Nav",
                description: "",
                icon: null,
                tags: ["use::navigating"],
                sections: [],
                packages: [],
            },
        ]);
        // Custom sections are not shown when browsing by categories: the author is told.
        expect(codes(r.warnings)).toEqual(["UNUSED_FIELD"]);
    });

    it("the shipped example stores are valid", () => {
        for (const f of ["marine.yaml", "devtools.yaml"]) {
            const r = loadDefinition(path.join(import.meta.dirname, "../../stores", f));
            expect(r.errors, f).toEqual([]);
            expect(r.definition?.id).toBe(f.replace(".yaml", ""));
        }
    });
});

describe("required fields and types", () => {
    it("reports each missing required field with its name and line", () => {
        const r = parse("id: x\nfilters:\n  include_tags: [a::b]\n");
        expect(r.definition).toBeNull();
        expect(r.errors.map((e) => [e.code, e.field])).toEqual([
            ["MISSING_FIELD", "name"],
            ["MISSING_FIELD", "description"],
        ]);
        expect(r.errors[0]?.message).toBe("name: is required but missing");
        expect(r.errors[0]?.line).toBe(1);
    });

    it("a filter value of the wrong type names the field, the expectation and what was found", () => {
        const r = parse(VALID.replace("include_tags: [field::marine]", "include_tags: field::marine"));
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0]).toMatchObject({ code: "WRONG_TYPE", field: "filters.include_tags", line: 5 });
        expect(r.errors[0]?.message).toBe("filters.include_tags: expected a list, found a text of 13 characters");
    });

    it("a number where an id belongs", () => {
        const r = parse(VALID.replace("id: marine", "id: 42"));
        expect(r.errors[0]?.message).toBe("id: expected a text, found a number");
    });

    it("the top level must be a mapping", () => {
        expect(codes(parse("- a\n- b\n").errors)).toEqual(["WRONG_TYPE"]);
        expect(codes(parse("").errors)).toEqual(["WRONG_TYPE"]);
    });
});

describe("values", () => {
    const withId = (id: string) => VALID.replace("id: marine", `id: ${id}`);
    const withFilters = (lines: string) => VALID.replace("  include_tags: [field::marine]\n", lines);
    it.each([
        ["id with upper case", withId("Marine"), "id"],
        ["id with a slash", withId("../x"), "id"],
        ["tag without facet", withFilters("  include_tags: [marine]\n"), "filters.include_tags[0]"],
        ["tag with a space", withFilters("  include_tags: ['field:: marine']\n"), "filters.include_tags[0]"],
        ["section with a space", withFilters("  include_sections: ['my section']\n"), "filters.include_sections[0]"],
        ["package name with upper case", withFilters("  include_packages: [Foo]\n"), "filters.include_packages[0]"],
        [
            "package name that is an option",
            withFilters("  include_packages: ['-oAPT::x=1']\n"),
            "filters.include_packages[0]",
        ],
        ["origin with a newline", withFilters('  include_origins: ["a\\nb"]\n'), "filters.include_origins[0]"],
    ])("refuses an invalid %s, saying what is expected", (_what, text, field) => {
        const r = parse(text);
        expect(r.definition).toBeNull();
        const e = r.errors.find((x) => x.field === field);
        expect(e, JSON.stringify(r.errors)).toBeDefined();
        expect(e?.code).toBe("INVALID_VALUE");
        expect(e?.message).toMatch(/is not valid; expected /);
    });

    it("facet::* is a whole facet and values may hold ':'", () => {
        const r = parse(VALID.replace("[field::marine]", "[field::*, 'implemented-in::c++', 'x::a:b']"));
        expect(r.errors).toEqual([]);
    });

    it("browse_by must be sections or categories", () => {
        const r = parse(`${VALID}browse_by: tags\n`);
        expect(r.errors[0]).toMatchObject({ code: "INVALID_VALUE", field: "browse_by" });
        expect(r.errors[0]?.message).toContain("sections, categories");
    });
});

describe("filters", () => {
    it("need at least one category with at least one value", () => {
        for (const filters of [
            "filters: {}",
            "filters:\n  include_tags: []",
            "filters:\n  include_tags: []\n  include_origins: []",
        ]) {
            const r = parse(`id: x\nname: X\ndescription: d\n${filters}\n`);
            expect(r.definition, filters).toBeNull();
            expect(codes(r.errors), filters).toEqual(["NO_FILTERS"]);
            expect(r.errors[0]?.field).toBe("filters");
        }
    });

    it("an empty list next to a real one is a warning and is ignored", () => {
        const r = parse(VALID + "  include_origins: []\n");
        expect(r.errors).toEqual([]);
        expect(r.warnings.map((w) => [w.code, w.field])).toEqual([["EMPTY_FILTER", "filters.include_origins"]]);
        expect(r.definition?.filters.includeOrigins).toEqual([]);
    });
});

describe("unknown fields", () => {
    it("are warnings with a suggestion; the store still loads", () => {
        const r = parse(VALID + "  include_tag: [x::y]\nhomepage: https://example.org\n");
        expect(r.errors).toEqual([]);
        expect(r.definition?.id).toBe("marine");
        expect(r.warnings.map((w) => [w.code, w.field])).toEqual([
            ["UNKNOWN_FIELD", "homepage"],
            ["UNKNOWN_FIELD", "filters.include_tag"],
        ]);
        expect(r.warnings[1]?.message).toContain("did you mean include_tags?");
        expect(r.warnings[1]?.line).toBe(6);
    });

    it("in custom sections too", () => {
        const r = parse(`${VALID}custom_sections:\n  - id: a\n    label: A\n    colour: red\n`);
        expect(r.warnings.map((w) => w.field)).toEqual(["custom_sections[0].colour"]);
    });
});

describe("duplicates inside one file", () => {
    it("custom section ids and category ids must be unique", () => {
        const r = parse(
            `${VALID}custom_sections:\n  - {id: a, label: A}\n  - {id: a, label: B}\ncategory_metadata:\n  - {id: c, label: C}\n  - {id: c, label: D}\n`
        );
        expect(r.errors.map((e) => [e.code, e.field])).toEqual([
            ["DUPLICATE_ID", "custom_sections[1].id"],
            ["DUPLICATE_ID", "category_metadata[1].id"],
        ]);
    });

    it("a key given twice is a YAML error with its line", () => {
        const r = parse(VALID + "name: Again\n");
        expect(r.errors[0]).toMatchObject({ code: "YAML_SYNTAX", line: 6 });
    });
});

describe("YAML safety", () => {
    it("malformed YAML is an error with its line, not an exception", () => {
        const r = parse("id: x\nname: [unclosed\ndescription: d\n");
        expect(r.definition).toBeNull();
        expect(r.errors[0]?.code).toBe("YAML_SYNTAX");
        expect(r.errors[0]?.line).toBeGreaterThan(1);
    });

    it("language-specific tags build nothing (no code, no objects)", () => {
        const r = parse(VALID.replace("Apps for boats.", "!!js/function 'function(){}'"));
        expect(r.definition).toBeNull();
    });

    it("alias bombs are refused", () => {
        const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
        for (let i = 1; i < 10; i++)
            bomb.push(
                `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
                    .fill(`*${String.fromCharCode(96 + i)}`)
                    .join(", ")}]`
            );
        const r = parse(bomb.join("\n") + "\n");
        expect(r.definition).toBeNull();
        expect(r.errors.length).toBeGreaterThan(0);
    });

    it("several documents in one file are an error", () => {
        expect(codes(parse(`${VALID}---\n${VALID}`).errors)).toContain("YAML_SYNTAX");
    });
});

describe("assets", () => {
    const icon = (v: string) => parse(`${VALID}icon: ${v}\n`);

    it("an existing icon under the asset directory is kept", () => {
        expect(icon("/usr/share/container-stores/marine/icon.svg").definition?.icon).toBe(
            "/usr/share/container-stores/marine/icon.svg"
        );
        expect(icon("/usr/share/container-stores/marine/inside.svg").definition?.icon).toBe(
            "/usr/share/container-stores/marine/inside.svg"
        );
    });

    it("a missing icon is a warning and is dropped (the page shows a default)", () => {
        const r = icon("/usr/share/container-stores/marine/none.svg");
        expect(r.errors).toEqual([]);
        expect(r.warnings.map((w) => [w.code, w.field])).toEqual([["ASSET_MISSING", "icon"]]);
        expect(r.definition?.icon).toBeNull();
    });

    it("a directory is not an icon", () => {
        expect(codes(icon("/usr/share/container-stores/marine/dir").warnings)).toEqual(["ASSET_NOT_FILE"]);
    });

    it("paths outside the asset directory, with '..', or through a symlink out are errors", () => {
        expect(icon("/etc/passwd").errors[0]).toMatchObject({ code: "INVALID_VALUE", field: "icon" });
        expect(icon("/usr/share/container-stores/../../../etc/passwd").errors[0]).toMatchObject({
            code: "ASSET_OUTSIDE",
            field: "icon",
        });
        expect(icon("/usr/share/container-stores/marine//icon.svg").errors[0]?.code).toBe("ASSET_OUTSIDE");
        const escape = icon("/usr/share/container-stores/marine/escape.svg");
        expect(escape.errors[0]).toMatchObject({ code: "ASSET_OUTSIDE", field: "icon" });
        expect(escape.errors[0]?.message).toContain("symbolic link");
        expect(escape.definition).toBeNull();
    });

    it("banners must be paths; icons may also be PatternFly icon names", () => {
        expect(icon("AnchorIcon").definition?.icon).toBe("AnchorIcon");
        expect(icon("anchor").errors[0]?.field).toBe("icon");
        expect(parse(`${VALID}banner: AnchorIcon\n`).errors[0]?.field).toBe("banner");
    });

    it("custom section and category icons are checked the same way", () => {
        const r = parse(
            `${VALID}custom_sections:\n  - id: a\n    label: A\n    icon: /usr/share/container-stores/marine/escape.svg\n`
        );
        expect(r.errors[0]).toMatchObject({ code: "ASSET_OUTSIDE", field: "custom_sections[0].icon" });
        expect(checkAsset("/usr/share/container-stores/marine/icon.svg", "/nonexistent-root")?.code).toBe(
            "ASSET_MISSING"
        );
    });
});

describe("files", () => {
    let dir: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-files-"));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a missing file, a directory, a FIFO and a huge file are reported, never read", () => {
        expect(codes(loadDefinition(path.join(dir, "none.yaml")).errors)).toEqual(["NOT_FOUND"]);
        fs.mkdirSync(path.join(dir, "d.yaml"));
        expect(codes(loadDefinition(path.join(dir, "d.yaml")).errors)).toEqual(["NOT_A_FILE"]);
        const fifo = path.join(dir, "f.yaml");
        // A FIFO would block a plain read forever.
        expect(() => fs.statSync(fifo)).toThrow();
        execFileSync("mkfifo", [fifo]);
        expect(codes(loadDefinition(fifo).errors)).toEqual(["NOT_A_FILE"]);
        fs.writeFileSync(path.join(dir, "big.yaml"), VALID + "#".repeat(MAX_DEFINITION_BYTES));
        expect(codes(loadDefinition(path.join(dir, "big.yaml")).errors)).toEqual(["TOO_LARGE"]);
    });

    it("a symbolic link loop is unreadable, not a crash", () => {
        fs.symlinkSync("loop.yaml", path.join(dir, "loop.yaml"));
        expect(codes(loadDefinition(path.join(dir, "loop.yaml")).errors)).toEqual(["UNREADABLE"]);
    });
});

describe("message helpers", () => {
    it("field paths and suggestions", () => {
        expect(fieldPath(["filters", "include_tags", 0])).toBe("filters.include_tags[0]");
        expect(fieldPath([])).toBe("");
        expect(closest("include_tag", ["include_tags", "include_origins"])).toBe("include_tags");
        expect(closest("zzzzzz", ["include_tags"])).toBeUndefined();
    });
});

describe("findings carry no file content and are capped (issue 12, items 5 and 6)", () => {
    it("a key name is quoted cut to 40 characters with control characters escaped; a value is described by its kind only", () => {
        const secret = "S3CRET-VALUE-0123456789";
        const longKey = `root:$y$j9T$${"x".repeat(80)}`;
        const r = parse(
            `${VALID}"${longKey}\\u0007": 1\nname2: ${secret}\n`.replace("id: marine", `id: "${secret} Bad"`)
        );
        const text = JSON.stringify(r);
        expect(text).not.toContain(secret);
        expect(text).not.toContain("x".repeat(41));
        const unknown = r.warnings.find((w) => w.field?.startsWith('"root'));
        expect(unknown?.field).toBe(`"${longKey.slice(0, 40)}..."`);
        expect(r.errors.find((e) => e.field === "id")?.message).toBe(
            `id: a text of ${secret.length + 4} characters is not valid; expected lower-case letters, digits and '-', starting with a letter or digit, at most 64 characters`
        );
    });

    it("20,000 unknown keys: 50 findings and one 'and N more', in well under a second", () => {
        let text = VALID;
        for (let i = 0; i < 20_000; i++) text += `k${i}: 1\n`;
        const cpu0 = process.cpuUsage();
        const r = parse(text);
        const cpu = process.cpuUsage(cpu0);
        const ms = (cpu.user + cpu.system) / 1000;
        expect(r.definition?.id).toBe("marine");
        expect(r.warnings).toHaveLength(51);
        expect(r.warnings.slice(0, 50).every((w) => w.code === "UNKNOWN_FIELD")).toBe(true);
        expect(r.warnings[0]).toMatchObject({ field: "k0", line: 6 });
        expect(r.warnings[49]).toMatchObject({ field: "k49", line: 55 });
        expect(r.warnings[50]).toMatchObject({
            code: "MORE_FINDINGS",
            message: "and 19950 more findings in this file (only the first 50 are shown)",
        });
        // CPU time, not wall time (the machine may be busy); loose: ~0.6 s here, the old code took ~10 s.
        expect(ms).toBeLessThan(2500);
    }, 60_000);

    it("a key given twice among thousands is still found, at its line", () => {
        let text = VALID;
        for (let i = 0; i < 5000; i++) text += `k${i}: 1\n`;
        text += "k17: again\n";
        const r = parse(text);
        expect(r.definition).toBeNull();
        expect(r.errors).toEqual([
            { file: "t.yaml", code: "YAML_SYNTAX", line: 5006, message: "line 5006: Map keys must be unique" },
        ]);
    });

    it("errors come before warnings when the cap is reached, and the last finding says how many more", () => {
        let text = "id: Bad Id\nname: x\ndescription: d\nfilters:\n  include_tags: [field::marine]\n";
        for (let i = 0; i < 30; i++) text += `k${i}: 1\n`;
        text += "custom_sections:\n";
        for (let i = 0; i < 40; i++) text += `  - {id: "Bad ${i}", label: L}\n`;
        const r = parse(text);
        // 41 errors (the id, 40 section ids) and 30 unknown fields: all errors, 9 warnings, "and 21 more".
        expect(r.errors).toHaveLength(41);
        expect(r.warnings).toHaveLength(10);
        expect(r.warnings.at(-1)).toMatchObject({
            code: "MORE_FINDINGS",
            message: "and 21 more findings in this file (only the first 50 are shown)",
        });
    });
});
