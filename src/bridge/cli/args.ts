// SPDX-License-Identifier: LGPL-2.1-or-later
import { MAX_SEARCH_LENGTH } from "../../protocol/index.js";
import { BridgeError } from "./errors.js";

/*
 * Argument parsing and validation for every command. Nothing a caller passes
 * is used before it has been checked here, and nothing is ever handed to a
 * shell: commands run other programs with execFile-style argument arrays only.
 */

/** "list": the option may be repeated (`--store a --store b`), its values kept in order. */
export type OptionKind = "string" | "flag" | "list";

export interface OptionSpec {
    [name: string]: OptionKind;
}

/** More values of one repeated option than any page asks for (every store at once, a handful of facets). */
export const MAX_LIST_VALUES = 100;

export interface ParsedArgs {
    options: Map<string, string | true | string[]>;
    positionals: string[];
}

/**
 * Parses `--name value`, `--name=value` and `--flag`. Unknown options are a
 * USAGE error. `--` ends option parsing, so a search for "-foo" is written
 * `packages search -- -foo`; a lone positional starting with "-" is rejected
 * rather than guessed at.
 */
export function parseArgs(args: readonly string[], spec: OptionSpec, maxPositionals = Infinity): ParsedArgs {
    const options = new Map<string, string | true | string[]>();
    const positionals: string[] = [];
    let onlyPositionals = false;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i] as string;
        if (onlyPositionals || !arg.startsWith("-") || arg === "-") {
            positionals.push(arg);
            continue;
        }
        if (arg === "--") {
            onlyPositionals = true;
            continue;
        }
        if (!arg.startsWith("--"))
            throw new BridgeError("USAGE", `Unknown option ${JSON.stringify(arg)}`, { option: arg });
        const eq = arg.indexOf("=");
        const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
        const kind = spec[name];
        if (kind === undefined) {
            throw new BridgeError("USAGE", `Unknown option --${name}`, {
                option: name,
                known: Object.keys(spec).map((k) => `--${k}`),
            });
        }
        if (options.has(name) && kind !== "list")
            throw new BridgeError("USAGE", `Option --${name} given twice`, { option: name });
        if (kind === "flag") {
            if (eq >= 0) throw new BridgeError("USAGE", `Option --${name} takes no value`, { option: name });
            options.set(name, true);
            continue;
        }
        let value: string;
        if (eq >= 0) value = arg.slice(eq + 1);
        else {
            const next = args[i + 1];
            if (next === undefined) throw new BridgeError("USAGE", `Option --${name} needs a value`, { option: name });
            value = next;
            i++;
        }
        if (kind === "list") {
            const list = (options.get(name) as string[] | undefined) ?? [];
            if (list.length >= MAX_LIST_VALUES)
                throw new BridgeError("USAGE", `Option --${name} given more than ${MAX_LIST_VALUES} times`, {
                    option: name,
                });
            options.set(name, [...list, value]);
        } else options.set(name, value);
    }
    if (positionals.length > maxPositionals) {
        throw new BridgeError("USAGE", `Too many arguments: ${positionals.slice(maxPositionals).join(" ")}`);
    }
    return { options, positionals };
}

export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
    const v = parsed.options.get(name);
    return typeof v === "string" ? v : undefined;
}

/** The values of a repeatable ("list") option, in order; [] when absent. */
export function listOption(parsed: ParsedArgs, name: string): string[] {
    const v = parsed.options.get(name);
    return Array.isArray(v) ? v : [];
}

export function flagOption(parsed: ParsedArgs, name: string): boolean {
    return parsed.options.get(name) === true;
}

// Debian policy 5.6.7: at least two characters, lower case letters, digits,
// "+", "-", "." and starting with an alphanumeric. dpkg allows names up to 255
// bytes in practice; APT's own limit is the same order, so 128 is generous.
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const ARCH_NAME = /^[a-z0-9][a-z0-9-]*$/;
export const MAX_PACKAGE_NAME = 128;

/** Validates "name" or "name:arch" and returns it unchanged. */
export function validatePackageName(value: string): string {
    const colon = value.indexOf(":");
    const name = colon >= 0 ? value.slice(0, colon) : value;
    const arch = colon >= 0 ? value.slice(colon + 1) : null;
    if (value.length > MAX_PACKAGE_NAME || !PACKAGE_NAME.test(name) || (arch !== null && !ARCH_NAME.test(arch))) {
        throw new BridgeError("INVALID_ARGUMENT", `Invalid package name ${JSON.stringify(value.slice(0, 200))}`, {
            name: value.slice(0, 200),
            rule: "lower-case letters, digits, '+', '-', '.'; at least 2 characters, starting with a letter or digit; optionally ':arch'",
        });
    }
    return value;
}

const STORE_ID = /^[a-z0-9][a-z0-9-]*$/;
export function validateStoreId(value: string): string {
    if (value.length > 64 || !STORE_ID.test(value)) {
        throw new BridgeError("INVALID_ARGUMENT", `Invalid store id ${JSON.stringify(value.slice(0, 100))}`, {
            id: value.slice(0, 100),
            rule: "[a-z0-9][a-z0-9-]*, at most 64 characters",
        });
    }
    return value;
}

/** Repository ids are "origin:suite"; origins may hold spaces and most printable characters. */
export function validateRepositoryId(value: string): string {
    // eslint-disable-next-line no-control-regex
    if (value.length === 0 || value.length > 256 || /[\u0000-\u001f\u007f]/.test(value)) {
        throw new BridgeError("INVALID_ARGUMENT", "Invalid repository id", { id: value.slice(0, 256) });
    }
    return value;
}

/** The page limits its search field to the same constant. */
export const MAX_QUERY_LENGTH = MAX_SEARCH_LENGTH;
export function validateQuery(value: string): string {
    // eslint-disable-next-line no-control-regex
    if (value.length > MAX_QUERY_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
        throw new BridgeError(
            "INVALID_ARGUMENT",
            `Search text must be at most ${MAX_QUERY_LENGTH} printable characters`,
            {
                maxLength: MAX_QUERY_LENGTH,
            }
        );
    }
    return value;
}

export function validateSectionName(value: string): string {
    if (value.length === 0 || value.length > 100 || !/^[A-Za-z0-9][A-Za-z0-9+._/-]*$/.test(value)) {
        throw new BridgeError("INVALID_ARGUMENT", `Invalid section ${JSON.stringify(value.slice(0, 100))}`, {
            section: value.slice(0, 100),
        });
    }
    return value;
}

/** The value of a category:: debtag ("navigation" for category::navigation). */
export function validateCategoryId(value: string): string {
    // eslint-disable-next-line no-control-regex
    if (value.length === 0 || value.length > 100 || !/^[^\s,:*]+$/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) {
        throw new BridgeError("INVALID_ARGUMENT", `Invalid category ${JSON.stringify(value.slice(0, 100))}`, {
            category: value.slice(0, 100),
        });
    }
    return value;
}

export function parseIntInRange(
    value: string | undefined,
    name: string,
    min: number,
    max: number,
    fallback: number
): number {
    if (value === undefined) return fallback;
    if (!/^\d{1,9}$/.test(value)) {
        throw new BridgeError("INVALID_ARGUMENT", `--${name} must be a whole number from ${min} to ${max}`, {
            option: name,
            value: value.slice(0, 50),
        });
    }
    const n = Number(value);
    if (n < min || n > max) {
        throw new BridgeError("INVALID_ARGUMENT", `--${name} must be a whole number from ${min} to ${max}`, {
            option: name,
            value: n,
            min,
            max,
        });
    }
    return n;
}

export function oneOf<T extends string>(
    value: string | undefined,
    name: string,
    allowed: readonly T[],
    fallback: T
): T {
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
        throw new BridgeError("INVALID_ARGUMENT", `--${name} must be one of ${allowed.join(", ")}`, {
            option: name,
            value: value.slice(0, 50),
            allowed,
        });
    }
    return value as T;
}

/**
 * A debtag facet filter, FACET::VALUE (values may hold ':'), as `packages filter --tag`
 * takes it; FACET::* stands for any value of the facet, as in store definitions.
 */
export function validateTag(value: string): string {
    const sep = value.indexOf("::");
    if (
        value.length > 200 ||
        sep <= 0 ||
        sep + 2 >= value.length ||
        // eslint-disable-next-line no-control-regex
        /[\s,\u0000-\u001f\u007f]/.test(value) ||
        value.startsWith("-")
    ) {
        throw new BridgeError("INVALID_ARGUMENT", `Invalid tag ${JSON.stringify(value.slice(0, 200))}`, {
            tag: value.slice(0, 200),
            rule: "facet::value (or facet::*), no spaces or commas",
        });
    }
    return value;
}

/** Each store id of a repeated `--store`, validated, duplicates dropped (first order kept). */
export function storeIdsOption(parsed: ParsedArgs): string[] {
    return [...new Set(listOption(parsed, "store").map(validateStoreId))];
}

const SCOPE_OPTIONS: OptionSpec = { store: "list", repo: "string" };

function scopeOf(parsed: ParsedArgs): { storeIds: string[]; repo: string | undefined } {
    const repo = stringOption(parsed, "repo");
    return { storeIds: storeIdsOption(parsed), repo: repo === undefined ? undefined : validateRepositoryId(repo) };
}

/** Commands that count within a scope (`--store ID`..., `--repo ID`): both validated. */
export function parseScopeOptions(args: readonly string[]): { storeIds: string[]; repo: string | undefined } {
    return scopeOf(parseArgs(args, SCOPE_OPTIONS, 0));
}

/**
 * The Browse grids (`sections list`, `categories list`): a scope, and `--with-apps` to answer the
 * AppStream categories too, so that the page shows both grids at once (no grid jumping down under
 * a finger when the other arrives) from one bridge process.
 */
export function parseGridOptions(args: readonly string[]): {
    storeIds: string[];
    repo: string | undefined;
    withApps: boolean;
} {
    const parsed = parseArgs(args, { ...SCOPE_OPTIONS, "with-apps": "flag" }, 0);
    return { ...scopeOf(parsed), withApps: flagOption(parsed, "with-apps") };
}

/** Commands whose only option is `--store ID` (repeatable): the validated ids, [] for none. */
export function parseStoreOnly(args: readonly string[]): string[] {
    return storeIdsOption(parseArgs(args, { store: "list" }, 0));
}
