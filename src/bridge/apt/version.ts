// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Debian version comparison, exactly as dpkg does it (lib/dpkg/version.c:
 * dpkg_version_compare / verrevcmp). No npm package implements it correctly:
 * "~" sorts before everything, even the end of the string; letters sort
 * before non-letters; digit runs compare numerically with leading zeros
 * ignored; a missing epoch is 0 and a missing revision is "" (= "0").
 */

export interface ParsedVersion {
    epoch: number;
    upstream: string;
    revision: string;
}

export function parseVersion(version: string): ParsedVersion {
    const v = version.trim();
    let epoch = 0;
    let rest = v;
    const colon = v.indexOf(":");
    if (colon > 0) {
        const e = v.slice(0, colon);
        if (/^\d+$/.test(e)) {
            epoch = Number(e);
            rest = v.slice(colon + 1);
        }
    }
    const dash = rest.lastIndexOf("-");
    if (dash >= 0) return { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
    return { epoch, upstream: rest, revision: "" };
}

/** dpkg's order(): weight of one non-digit character. */
function order(code: number): number {
    if (code >= 48 && code <= 57) return 0; // digit
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return code; // letter
    if (code === 126) return -1; // '~'
    if (code) return code + 256;
    return 0;
}

function isDigit(code: number): boolean {
    return code >= 48 && code <= 57;
}

/** dpkg's verrevcmp over one part (upstream or revision). */
function verrevcmp(a: string, b: string): number {
    let i = 0;
    let j = 0;
    const la = a.length;
    const lb = b.length;
    while (i < la || j < lb) {
        let firstDiff = 0;
        while ((i < la && !isDigit(a.charCodeAt(i))) || (j < lb && !isDigit(b.charCodeAt(j)))) {
            const ac = i < la ? order(a.charCodeAt(i)) : 0;
            const bc = j < lb ? order(b.charCodeAt(j)) : 0;
            if (ac !== bc) return ac - bc;
            i++;
            j++;
        }
        while (i < la && a.charCodeAt(i) === 48) i++;
        while (j < lb && b.charCodeAt(j) === 48) j++;
        while (i < la && isDigit(a.charCodeAt(i)) && j < lb && isDigit(b.charCodeAt(j))) {
            if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
            i++;
            j++;
        }
        if (i < la && isDigit(a.charCodeAt(i))) return 1;
        if (j < lb && isDigit(b.charCodeAt(j))) return -1;
        if (firstDiff) return firstDiff;
    }
    return 0;
}

/** Negative if a < b, 0 if equal, positive if a > b (as `dpkg --compare-versions`). */
export function compareVersions(a: string, b: string): number {
    if (a === b) return 0;
    const va = parseVersion(a);
    const vb = parseVersion(b);
    if (va.epoch !== vb.epoch) return va.epoch > vb.epoch ? 1 : -1;
    const u = verrevcmp(va.upstream, vb.upstream);
    if (u !== 0) return u;
    return verrevcmp(va.revision, vb.revision);
}

/** Evaluates a dependency relation ("<<", "<=", "=", ">=", ">>"; also the obsolete "<" and ">"). */
export function satisfiesRelation(version: string, relation: string, target: string): boolean {
    const c = compareVersions(version, target);
    switch (relation) {
        case "<<":
            return c < 0;
        case "<=":
        case "<":
            return c <= 0;
        case "=":
            return c === 0;
        case ">=":
        case ">":
            return c >= 0;
        case ">>":
            return c > 0;
        default:
            return false;
    }
}
