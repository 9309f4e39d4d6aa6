// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's language (cockpit.language: "de", "pt-br", "zh-cn") as the
 * language keys AppStream data carries ("de", "pt_BR", "zh_CN"), and the
 * text of a Localized in the first of them it has: the full locale, then
 * the language alone, then the untranslated "C".
 */
import { BridgeError } from "../cli/errors.js";
import type { Localized } from "./model.js";

const LANG = /^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?(?:\.[A-Za-z0-9-]+)?(?:@([a-z]+))?$/;

/** The --lang value checked, as the keys to try in order; ["C"] without one. */
export function languageKeys(lang: string | undefined): string[] {
    if (lang === undefined || lang === "" || lang === "C" || lang === "POSIX") return ["C"];
    const m = LANG.exec(lang);
    if (!m)
        throw new BridgeError(
            "INVALID_ARGUMENT",
            `--lang must be a language code such as "de" or "pt-br", not ${JSON.stringify(lang)}`,
            { lang }
        );
    const base = (m[1] as string).toLowerCase();
    const region = m[2] ? (m[2].length === 2 ? m[2].toUpperCase() : m[2]) : null;
    const keys: string[] = [];
    if (region) keys.push(`${base}_${region}`);
    keys.push(base, "C");
    return keys;
}

export function pick(text: Localized, keys: readonly string[]): string {
    for (const k of keys) {
        const v = text[k];
        if (v) return v;
    }
    return text.C ?? Object.values(text)[0] ?? "";
}
