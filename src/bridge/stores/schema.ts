// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The JSON Schema of a store definition file (YAML, snake_case fields) and the
 * TypeScript shape a valid one has. ajv checks the schema; what JSON Schema
 * cannot say well (at least one non-empty filter, duplicate ids, asset files
 * on disk) is checked in definition.ts.
 *
 * Every constrained string carries an "x-hint": the rule in words, which
 * issues.ts puts into the message a store author reads.
 */

import { STORE_ASSET_ROOT } from "../../protocol/index.js";

/** Where store icons and banners live; definitions may not point elsewhere. */
export const ASSET_PREFIX = STORE_ASSET_ROOT;

export const STORE_ID_PATTERN = "^[a-z0-9][a-z0-9-]*$";

export interface RawCustomSection {
    id: string;
    label: string;
    description?: string;
    icon?: string;
    tags?: string[];
    sections?: string[];
    packages?: string[];
}

export interface RawCategoryMetadata {
    id: string;
    label: string;
    description?: string;
    icon?: string;
}

export interface RawFilters {
    include_origins?: string[];
    include_sections?: string[];
    include_tags?: string[];
    include_packages?: string[];
}

/** A store definition file that passed the schema. */
export interface RawStoreDefinition {
    id: string;
    name: string;
    description: string;
    icon?: string;
    banner?: string;
    filters: RawFilters;
    custom_sections?: RawCustomSection[];
    category_metadata?: RawCategoryMetadata[];
    browse_by?: "sections" | "categories";
}

const identifier = {
    type: "string",
    maxLength: 64,
    pattern: STORE_ID_PATTERN,
    "x-hint": "lower-case letters, digits and '-', starting with a letter or digit, at most 64 characters",
};
const text = (max: number) => ({
    type: "string",
    minLength: 1,
    maxLength: max,
    "x-hint": `a non-empty text of at most ${max} characters`,
});
const icon = {
    type: "string",
    maxLength: 4096,
    pattern: `^(${ASSET_PREFIX.replace(/\//g, "\\/")}.+|[A-Z][A-Za-z0-9]*Icon)$`,
    "x-hint": `an absolute path under ${ASSET_PREFIX} (for example ${ASSET_PREFIX}<store-id>/icon.svg) or a PatternFly icon name such as AnchorIcon`,
};
const banner = {
    type: "string",
    maxLength: 4096,
    pattern: `^${ASSET_PREFIX.replace(/\//g, "\\/")}.+$`,
    "x-hint": `an absolute path under ${ASSET_PREFIX}`,
};
const list = (item: object) => ({ type: "array", maxItems: 1000, items: item });
const origin = {
    type: "string",
    minLength: 1,
    maxLength: 200,
    pattern: "^[^\\x00-\\x1f\\x7f]+$",
    "x-hint": "a repository Origin (or Label) as in its Release file, for example Debian",
};
const section = {
    type: "string",
    maxLength: 100,
    pattern: "^[a-z0-9][a-z0-9+._-]*(/[a-z0-9][a-z0-9+._-]*)?$",
    "x-hint": "a Debian section such as net, or with its component such as contrib/net",
};
const tag = {
    type: "string",
    maxLength: 200,
    pattern: "^[a-z0-9][a-z0-9+._-]*::([^\\s,*]+|\\*)$",
    "x-hint": "a debtag facet::value (for example use::navigating), or facet::* for every value of a facet",
};
const packageName = {
    type: "string",
    maxLength: 100,
    pattern: "^[a-z0-9][a-z0-9+.-]+$",
    "x-hint": "a Debian package name: lower-case letters, digits, '+', '-', '.', at least 2 characters",
};
const categoryId = {
    type: "string",
    maxLength: 100,
    pattern: "^[^\\s,:*]+$",
    "x-hint": "the value of a category:: debtag, for example navigation for category::navigation",
};

export const STORE_SCHEMA = {
    $id: "https://cockpit-apt/store-definition.json",
    type: "object",
    required: ["id", "name", "description", "filters"],
    additionalProperties: false,
    properties: {
        id: identifier,
        name: text(100),
        description: text(2000),
        icon,
        banner,
        filters: {
            type: "object",
            additionalProperties: false,
            properties: {
                include_origins: list(origin),
                include_sections: list(section),
                include_tags: list(tag),
                include_packages: list(packageName),
            },
        },
        custom_sections: {
            type: "array",
            maxItems: 200,
            items: {
                type: "object",
                required: ["id", "label"],
                additionalProperties: false,
                properties: {
                    id: identifier,
                    label: text(100),
                    description: text(1000),
                    icon,
                    tags: list(tag),
                    sections: list(section),
                    packages: list(packageName),
                },
            },
        },
        category_metadata: {
            type: "array",
            maxItems: 500,
            items: {
                type: "object",
                required: ["id", "label"],
                additionalProperties: false,
                properties: {
                    id: categoryId,
                    label: text(100),
                    description: text(1000),
                    icon,
                },
            },
        },
        browse_by: { type: "string", enum: ["sections", "categories"], "x-hint": "sections or categories" },
    },
} as const;
