// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The YAML text of a store made in the page's editor. Every value is written
 * as a JSON string or a JSON list of strings (both are YAML), so no text a
 * user types can change the document's structure; the bridge validates it
 * with the same schema as packaged definitions before saving.
 */
import type { Store, StoreCategoryMetadata, StoreCustomSection } from "../../protocol/index.js";

export interface StoreForm {
    id: string;
    name: string;
    description: string;
    /** A PatternFly icon name, or "" for the default icon. */
    icon: string;
    origins: string[];
    sections: string[];
    tags: string[];
    packages: string[];
    /** What the editor does not show, written back as it was (editing must not lose an imported store's sections). */
    kept: {
        browseBy: Store["browseBy"];
        customSections: StoreCustomSection[];
        categoryMetadata: StoreCategoryMetadata[];
    };
}

export const EMPTY_FORM: StoreForm = {
    id: "",
    name: "",
    description: "",
    icon: "",
    origins: [],
    sections: [],
    tags: [],
    packages: [],
    kept: { browseBy: "sections", customSections: [], categoryMetadata: [] },
};

export const STORE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function formOf(store: Store): StoreForm {
    const f = store.filters;
    return {
        id: store.id,
        name: store.name,
        description: store.description,
        // An asset path of a packaged store stays with the package: a copy offers icon names only.
        icon: store.icon && !store.icon.startsWith("/") ? store.icon : "",
        origins: [...f.includeOrigins],
        sections: [...f.includeSections],
        tags: [...f.includeTags],
        packages: [...f.includePackages],
        kept: {
            browseBy: store.browseBy,
            customSections: store.customSections,
            categoryMetadata: store.categoryMetadata,
        },
    };
}

/** Only the fields given: the schema refuses empty texts, and a null icon is no icon. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(o).filter(([, v]) => v !== null && v !== "" && !(Array.isArray(v) && v.length === 0))
    );
}

export function definitionText(f: StoreForm): string {
    const lines = [
        `id: ${JSON.stringify(f.id)}`,
        `name: ${JSON.stringify(f.name)}`,
        `description: ${JSON.stringify(f.description)}`,
    ];
    if (f.icon) lines.push(`icon: ${JSON.stringify(f.icon)}`);
    lines.push("filters:");
    const list = (key: string, values: string[]) => {
        if (values.length) lines.push(`  ${key}: ${JSON.stringify(values)}`);
    };
    list("include_origins", f.origins);
    list("include_sections", f.sections);
    list("include_tags", f.tags);
    list("include_packages", f.packages);
    const { browseBy, customSections, categoryMetadata } = f.kept;
    if (browseBy !== "sections") lines.push(`browse_by: ${JSON.stringify(browseBy)}`);
    if (customSections.length) {
        lines.push("custom_sections:");
        for (const c of customSections)
            lines.push(
                `  - ${JSON.stringify(compact({ id: c.id, label: c.label, description: c.description, icon: c.icon, tags: c.tags, sections: c.sections, packages: c.packages }))}`
            );
    }
    if (categoryMetadata.length) {
        lines.push("category_metadata:");
        for (const c of categoryMetadata)
            lines.push(
                `  - ${JSON.stringify(compact({ id: c.id, label: c.label, description: c.description, icon: c.icon }))}`
            );
    }
    return `${lines.join("\n")}\n`;
}

/** The id a definition's text declares (for an import's default id), or "". */
export function declaredId(text: string): string {
    const m = /^id:\s*["']?([a-z0-9][a-z0-9-]*)["']?\s*$/m.exec(text);
    return m ? (m[1] as string) : "";
}
