// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The selectors the tests use (test/support/selectors.ts) are the page's own:
 * each id and test id is a string the page's sources write, so a renamed or
 * removed one fails here instead of making a test look for nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IDS, PREVIEW_GROUPS, TEST_IDS } from "../support/selectors.js";

const UI = path.join(import.meta.dirname, "../../src/ui");

function sources(dir: string): string {
    let text = "";
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) text += sources(p);
        else if (/\.(tsx?|html)$/.test(e.name)) text += fs.readFileSync(p, "utf8") + "\n";
    }
    return text;
}
const page = sources(UI);
/** The page writes `name` as a whole string literal ("name"), or as the fixed start of a template (`name-${...}`). */
const written = (name: string) => page.includes(`"${name}"`) || page.includes(`\`${name}-`);

describe("the tests' selectors are the page's", () => {
    it("every test id", () => {
        const ids = [...TEST_IDS, ...PREVIEW_GROUPS.map((g) => `preview-${g}`)];
        expect(ids.filter((id) => !written(id))).toEqual([]);
    });

    it("every element id", () => {
        expect(Object.values(IDS).filter((id) => !written(id))).toEqual([]);
        expect(written("store-toggle-system") && page.includes("`store-toggle-${")).toBe(true);
    });

    it("would see one that the page does not write", () => {
        expect(written("no-such-test-id")).toBe(false);
    });
});
