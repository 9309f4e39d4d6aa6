// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "5 minutes ago", "yesterday" in the page's language through
 * Intl.RelativeTimeFormat (what Cockpit's timeformat.distanceToNow uses too).
 */
const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 30],
    ["month", 12],
    ["year", Infinity],
];

function language(): string | undefined {
    const lang = document.documentElement.lang || navigator.language;
    return lang || undefined;
}

export function relativeTime(iso: string, now = Date.now()): string {
    let value = (Date.parse(iso) - now) / 1000;
    const format = new Intl.RelativeTimeFormat(language(), { numeric: "auto" });
    for (const [unit, size] of STEPS) {
        if (Math.abs(value) < size) return format.format(Math.round(value), unit);
        value /= size;
    }
    return format.format(Math.round(value), "year");
}

/** The full local date and time, for a tooltip. */
export function absoluteTime(iso: string): string {
    return new Date(iso).toLocaleString(language());
}
