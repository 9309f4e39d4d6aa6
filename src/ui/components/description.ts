// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Debian's long Description format (Debian Policy 5.6.13) as blocks to
 * render, instead of showing the text with its hard line breaks. The bridge
 * has already removed the one space that starts every line and turned " ."
 * into an empty line, so here:
 * - an empty line ends a paragraph;
 * - a line starting with "*", "-", "+" or "o" and a space (after optional
 *   indentation) is a list item; more deeply indented lines after it continue it;
 * - other lines starting with a space are verbatim (Policy: "displayed
 *   verbatim"), kept together as one preformatted block;
 * - all other lines are words of a paragraph, joined with spaces (reflowed).
 */

export type DescriptionBlock =
    { kind: "paragraph"; text: string } | { kind: "list"; items: string[] } | { kind: "verbatim"; text: string };

const BULLET = /^(\s*)[*\-+o]\s+(\S.*)$/;

export function descriptionBlocks(description: string): DescriptionBlock[] {
    const blocks: DescriptionBlock[] = [];
    // The block being added to, and the indentation of the current list item's text.
    let current: DescriptionBlock | null = null;
    let itemIndent = 0;
    const end = () => {
        current = null;
    };
    for (const raw of description.replace(/\r\n?/g, "\n").split("\n")) {
        const line = raw.replace(/\s+$/, "");
        if (line.trim() === "" || line.trim() === ".") {
            end();
            continue;
        }
        const bullet = BULLET.exec(line);
        const indent = line.length - line.trimStart().length;
        const cur = current as DescriptionBlock | null;
        if (bullet) {
            const text = bullet[2]!;
            if (cur?.kind === "list") cur.items.push(text);
            else {
                current = { kind: "list", items: [text] };
                blocks.push(current);
            }
            itemIndent = line.length - text.length;
            continue;
        }
        // A wrapped list item: indented more than its bullet.
        if (cur?.kind === "list" && indent > 0 && indent >= itemIndent - 1) {
            const items = cur.items;
            items[items.length - 1] += " " + line.trim();
            continue;
        }
        if (indent > 0) {
            if (cur?.kind === "verbatim") cur.text += "\n" + line;
            else {
                current = { kind: "verbatim", text: line };
                blocks.push(current);
            }
            continue;
        }
        if (cur?.kind === "paragraph") cur.text += " " + line.trim();
        else {
            current = { kind: "paragraph", text: line.trim() };
            blocks.push(current);
        }
    }
    return blocks;
}
