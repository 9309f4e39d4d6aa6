// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deb822 control-file parsing (Packages, dpkg status, Release, Translation-*,
 * preferences, `apt-get indextargets` output).
 *
 * A stanza is a run of non-empty lines; a line starting with a space or tab
 * continues the previous field. Field names are case-insensitive, so stanzas
 * are keyed by the lower-cased name. Values keep their continuation lines
 * joined with "\n" (each without its first leading space) so that long
 * descriptions can be rendered and folded lists (Tag:, Depends:) split.
 */

export type Stanza = Map<string, string>;

export interface StanzaOptions {
    /** Skip lines starting with "#" (preferences files, sources). */
    comments?: boolean;
}

/** Calls `fn` for every stanza, with its byte-free character offsets in `text`. */
export function forEachStanza(
    text: string,
    fn: (stanza: Stanza, start: number, end: number) => void,
    options: StanzaOptions = {}
): void {
    const len = text.length;
    let pos = 0;
    while (pos < len) {
        // Skip blank lines between stanzas (also lines of only spaces/tabs, and comments).
        for (;;) {
            if (pos >= len) return;
            const nl = text.indexOf("\n", pos);
            const lineEnd = nl < 0 ? len : nl;
            const line = text.slice(pos, lineEnd);
            if (line.trim() === "" || (options.comments && line.startsWith("#"))) {
                pos = lineEnd + 1;
                continue;
            }
            break;
        }
        const start = pos;
        const stanza: Stanza = new Map();
        let key: string | null = null;
        let value = "";
        while (pos < len) {
            const nl = text.indexOf("\n", pos);
            const lineEnd = nl < 0 ? len : nl;
            let line = text.slice(pos, lineEnd);
            if (line.endsWith("\r")) line = line.slice(0, -1);
            if (line.trim() === "") break;
            pos = lineEnd + 1;
            if (options.comments && line.startsWith("#")) continue;
            const first = line.charCodeAt(0);
            if (first === 32 || first === 9) {
                if (key !== null) value += "\n" + line.slice(1);
                continue;
            }
            if (key !== null) stanza.set(key, value);
            const colon = line.indexOf(":");
            if (colon <= 0) {
                key = null; // not a field: ignore the line, as APT's tag parser would reject it
                continue;
            }
            key = line.slice(0, colon).toLowerCase();
            value = line.slice(colon + 1).trim();
        }
        if (key !== null) stanza.set(key, value);
        fn(stanza, start, Math.min(pos, len));
        pos = Math.min(pos, len);
    }
}

/** Splits a comma-separated, possibly folded field (Tag:, Architectures lists use spaces). */
export function splitCommaList(value: string | undefined): string[] {
    if (!value) return [];
    const out: string[] = [];
    for (const part of value.split(",")) {
        const t = part.trim();
        if (t) out.push(t);
    }
    return out;
}

export function splitWhitespaceList(value: string | undefined): string[] {
    if (!value) return [];
    return value.split(/\s+/).filter((s) => s.length > 0);
}

/** Debtags: "facet::value, facet::value" folded over lines; values may contain ':'. Sorted, unique. */
export function parseTags(value: string | undefined): string[] {
    if (!value) return [];
    const tags = splitCommaList(value);
    return [...new Set(tags)].sort();
}

/** The first line of a Description field. */
export function summaryOf(description: string | undefined): string {
    if (!description) return "";
    const nl = description.indexOf("\n");
    return (nl < 0 ? description : description.slice(0, nl)).trim();
}

/**
 * The extended description of a Description field, as plain text: " ." lines
 * are paragraph breaks, lines starting with two spaces are verbatim (Debian
 * policy 5.6.13).
 */
export function longDescriptionOf(description: string | undefined): string {
    if (!description) return "";
    const nl = description.indexOf("\n");
    if (nl < 0) return "";
    return description
        .slice(nl + 1)
        .split("\n")
        .map((l) => (l.trim() === "." ? "" : l.startsWith(" ") ? l : l))
        .join("\n");
}
