// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * AppStream descriptions are a small markup (<p>, <ul>/<ol> with <li>, <em>,
 * <code>): the page shows plain text, so paragraphs become blank-line
 * separated text and list items "• " lines. Used for DEP-11 (where the markup
 * is a string) and for metainfo (where it is XML, flattened by metainfo.ts).
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
        if (name[0] === "#") {
            const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
            return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
        }
        return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

/** Markup text ("<p>One</p><ul><li>a</li></ul>") as plain text. */
export function markupToText(markup: string): string {
    const text = markup
        .replace(/\s+/g, " ")
        .replace(/<li\b[^>]*>/gi, "\n• ")
        .replace(/<\/(p|ul|ol)>/gi, "\n\n")
        .replace(/<[^>]*>/g, "");
    return decodeEntities(text)
        .split("\n")
        .map((l) => l.trim())
        .join("\n")
        .replace(/\n{3,}/g, "\n\n")
        .trim();
}
