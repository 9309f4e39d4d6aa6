// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * Layout and accessibility checks of the page in a real browser: rows whose
 * parts overlap or are squeezed to a letter per line, content wider than the
 * screen, and axe-core's rules (run in the module's frame).
 */
import { createRequire } from "node:module";
import fs from "node:fs";
import type { Frame, Page } from "playwright-core";

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };
export type Theme = "light" | "dark";

/**
 * Cockpit's theme choice, as the shell keeps it (localStorage "shell:style",
 * read by src/ui/theme.ts), taking effect at the next load of the page.
 */
export async function chooseTheme(page: Page, theme: Theme): Promise<void> {
    await page.evaluate((style) => localStorage.setItem("shell:style", style), theme);
}

/** Whether the module's document is in Cockpit's dark theme. */
export async function isDark(frame: Frame): Promise<boolean> {
    return frame.evaluate(() => document.documentElement.classList.contains("pf-v6-theme-dark"));
}

/** What is wrong with the visible package rows; [] when nothing is. */
export async function rowLayoutProblems(frame: Frame): Promise<string[]> {
    return frame.evaluate(() => {
        const problems: string[] = [];
        type Box = { left: number; right: number; top: number; bottom: number; width: number; height: number };
        const box = (el: Element): Box => {
            const r = el.getBoundingClientRect();
            return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
        };
        // Half a pixel of slack for subpixel rounding.
        const intersect = (a: Box, b: Box) =>
            a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        const list = document.querySelector("[data-testid=package-list]");
        if (!list) return ["no package list"];
        const view = box(list);
        const rows = Array.from(list.querySelectorAll("[data-testid=package-row]")).filter((row) => {
            const b = box(row);
            return b.bottom > view.top && b.top < view.bottom;
        });
        if (rows.length === 0) return ["no visible package row"];
        const boxes = rows.map(box);
        for (let i = 1; i < boxes.length; i++) {
            if (intersect(boxes[i - 1]!, boxes[i]!))
                problems.push(
                    `rows ${rows[i - 1]!.getAttribute("data-package")} and ${rows[i]!.getAttribute("data-package")} overlap`
                );
        }
        for (const row of rows) {
            const name = row.getAttribute("data-package") ?? "?";
            const rowBox = box(row);
            const parts: [string, Element | null][] = [
                ["name", row.querySelector("[data-action=open]")],
                ["summary", row.querySelector("td[data-label=Summary]")],
                ["version", row.querySelector("td[data-label=Version]")],
                ["status", row.querySelector(".pf-v6-c-label")],
                ...Array.from(row.querySelectorAll("button[data-action]:not([data-action=open])")).map(
                    (b, i): [string, Element] => [`action ${i + 1} (${b.textContent ?? ""})`, b]
                ),
            ];
            const present = parts.filter((p): p is [string, Element] => p[1] !== null);
            for (const label of ["name", "summary", "status"]) {
                if (!present.some(([l]) => l === label)) problems.push(`${name}: no ${label}`);
            }
            const shown = present.map(([label, el]) => ({ label, el, b: box(el) }));
            for (const { label, el, b } of shown) {
                const style = getComputedStyle(el);
                const fontSize = parseFloat(style.fontSize) || 16;
                const text = (el.textContent ?? "").trim();
                if (b.width === 0 || b.height === 0 || style.visibility === "hidden" || style.display === "none") {
                    problems.push(`${name}: ${label} is hidden`);
                    continue;
                }
                // Four characters' width at least (a character is about half the font size wide),
                // unless the text is shorter: no column of one letter per line.
                const minWidth = Math.min(4, text.length) * fontSize * 0.5;
                if (b.width < minWidth)
                    problems.push(`${name}: ${label} is ${b.width.toFixed(1)} px wide (text "${text.slice(0, 20)}")`);
                // At most two lines of text.
                const lineHeight = parseFloat(style.lineHeight) || fontSize * 1.5;
                if (text.length > 0 && b.height > lineHeight * 2.5 && label !== "status" && !label.startsWith("action"))
                    problems.push(`${name}: ${label} is ${b.height.toFixed(1)} px high: its text wraps`);
                if (
                    b.left < rowBox.left - 0.5 ||
                    b.right > rowBox.right + 0.5 ||
                    b.top < rowBox.top - 0.5 ||
                    b.bottom > rowBox.bottom + 0.5
                )
                    problems.push(`${name}: ${label} sticks out of its row`);
                if (b.right > window.innerWidth + 0.5 || b.left < -0.5)
                    problems.push(`${name}: ${label} is off the screen (${b.left.toFixed(0)}..${b.right.toFixed(0)})`);
            }
            for (let i = 0; i < shown.length; i++) {
                for (let j = i + 1; j < shown.length; j++) {
                    if (intersect(shown[i]!.b, shown[j]!.b))
                        problems.push(`${name}: ${shown[i]!.label} and ${shown[j]!.label} overlap`);
                }
            }
        }
        return problems;
    });
}

/** How far the module's document is wider than its window (0 when nothing scrolls sideways). */
export async function pageOverflow(frame: Frame): Promise<number> {
    return frame.evaluate(() => {
        const el = document.scrollingElement ?? document.documentElement;
        return el.scrollWidth - el.clientWidth;
    });
}

/** Elements whose box reaches past the window's right edge (not inside something that scrolls sideways). */
export async function offscreen(frame: Frame, selector: string): Promise<string[]> {
    return frame.evaluate((sel) => {
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5))
                out.push(
                    `${sel} ${el.id || el.className}: ${r.left.toFixed(0)}..${r.right.toFixed(0)} of ${window.innerWidth}`
                );
        }
        return out;
    }, selector);
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's violations in the module's frame, one line each ("rule: target ...").
 * Injected with evaluate (the DevTools protocol), which Cockpit's CSP does not stop.
 */
export async function axeViolations(frame: Frame): Promise<string[]> {
    const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
    if (!loaded) await frame.evaluate(axeSource);
    return frame.evaluate(async () => {
        interface AxeNode {
            target: unknown[];
            failureSummary?: string;
        }
        interface AxeResult {
            id: string;
            impact?: string;
            help: string;
            nodes: AxeNode[];
        }
        const axe = (
            window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeResult[] }> } }
        ).axe;
        const result = await axe.run(document, { resultTypes: ["violations"] });
        return result.violations.map(
            (v) =>
                `${v.id} (${v.impact ?? "?"}): ${v.help}: ${v.nodes
                    .map((n) => JSON.stringify(n.target))
                    .slice(0, 5)
                    .join(", ")}`
        );
    });
}
