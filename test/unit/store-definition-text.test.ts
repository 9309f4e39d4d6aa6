// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's store editor writes a definition's text (src/ui/state/definition-text.ts);
 * the bridge's own parser and schema must read back exactly the store it was made from,
 * including what the editor does not show (custom sections, category metadata), whatever
 * characters the user typed.
 */
import { describe, expect, it } from "vitest";
import type { Store } from "../../src/protocol/index.js";
import { parseDefinition } from "../../src/bridge/stores/definition.js";
import { declaredId, definitionText, formOf } from "../../src/ui/state/definition-text.js";

const store: Store = {
    id: "my-boat",
    name: 'Boat: "quotes", #hash, - dash\nand a newline?',
    description: "key: value\n- item\n{flow}",
    icon: "ShipIcon",
    banner: null,
    filters: {
        includeOrigins: ["Container Apps"],
        includeSections: ["contrib/net"],
        includeTags: ["use::navigating", "use::*"],
        includePackages: ["a-b", "c.d"],
    },
    customSections: [
        {
            id: "nav",
            label: "Navigation",
            description: "",
            icon: "MapIcon",
            tags: ["use::navigating"],
            sections: [],
            packages: [],
        },
    ],
    categoryMetadata: [{ id: "ci", label: "CI", description: null, icon: null }],
    browseBy: "sections",
    packageCount: 0,
    enabled: true,
    userDefined: true,
};

describe("the editor's definition text", () => {
    it("is read back by the bridge's schema as the very store it was made from", () => {
        const text = definitionText(formOf(store));
        const r = parseDefinition("my-boat.yaml", text);
        expect(r.errors).toEqual([]);
        expect(r.warnings).toEqual([]);
        const { file: _file, ...def } = r.definition!;
        const { packageCount: _n, enabled: _e, userDefined: _u, ...expected } = store;
        expect(def).toEqual(expected);
        expect(declaredId(text)).toBe("my-boat");
    });
});
