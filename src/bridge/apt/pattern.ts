// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT's pkgVersionMatch::ExpressionMatches: "/regex/" is a case-insensitive
 * POSIX extended regular expression, anything else an fnmatch(3) glob with
 * FNM_CASEFOLD (and without FNM_PATHNAME: "*" also matches "/").
 */

const cache = new Map<string, RegExp | null>();

function globToRegExp(glob: string): RegExp {
    let re = "^";
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i] as string;
        if (c === "*") re += "[\\s\\S]*";
        else if (c === "?") re += "[\\s\\S]";
        else if (c === "\\" && i + 1 < glob.length) re += "\\" + glob[++i];
        else if (c === "[") {
            const close = glob.indexOf("]", i + 2);
            if (close < 0) {
                re += "\\[";
                continue;
            }
            let body = glob.slice(i + 1, close);
            if (body.startsWith("!")) body = "^" + body.slice(1);
            re += "[" + body.replace(/\\/g, "\\\\") + "]";
            i = close;
        } else re += c.replace(/[.+^${}()|\\/]/g, "\\$&");
    }
    return new RegExp(re + "$", "i");
}

function compile(pattern: string): RegExp | null {
    let re = cache.get(pattern);
    if (re !== undefined) return re;
    try {
        re =
            pattern.length >= 2 && pattern.startsWith("/") && pattern.endsWith("/")
                ? new RegExp(pattern.slice(1, -1), "i")
                : globToRegExp(pattern);
    } catch {
        re = null; // APT warns "Invalid regular expression" and treats it as no match
    }
    cache.set(pattern, re);
    return re;
}

export function expressionMatches(pattern: string, value: string | null | undefined): boolean {
    if (value === null || value === undefined) return false;
    const re = compile(pattern);
    return re ? re.test(value) : false;
}

/** A package-name pattern in a preferences file: "/regex/" or a glob with *, [ or ?. */
export function isNamePattern(name: string): boolean {
    return (name.length >= 2 && name.startsWith("/") && name.endsWith("/")) || /[*[?]/.test(name);
}
