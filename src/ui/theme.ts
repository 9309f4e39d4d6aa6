// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Cockpit's light/dark theme for this iframe, as Cockpit's own pages do it
 * (pkg/lib/cockpit-dark-theme): the shell stores the choice in localStorage
 * "shell:style" ("auto" | "light" | "dark") and announces changes with a
 * "cockpit-style" event; "auto" follows the operating system.
 */
export function applyTheme(style?: string): void {
    let chosen = style;
    try {
        chosen = chosen || localStorage.getItem("shell:style") || "auto";
    } catch {
        chosen = chosen || "auto";
    }
    const systemDark =
        typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
    const dark = chosen === "dark" || (chosen === "auto" && systemDark);
    document.documentElement.classList.toggle("pf-v6-theme-dark", dark);
}

export function followCockpitTheme(): void {
    window.addEventListener("storage", (e) => {
        if (e.key === "shell:style") applyTheme();
    });
    window.addEventListener("cockpit-style", (e) => {
        const detail = (e as CustomEvent<{ style?: string }>).detail;
        applyTheme(detail?.style);
    });
    if (typeof window.matchMedia === "function")
        window.matchMedia("(prefers-color-scheme: dark)").addEventListener?.("change", () => applyTheme());
    applyTheme();
}
