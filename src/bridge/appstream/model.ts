// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One AppStream component as the bridge keeps it, whichever file it came
 * from (a DEP-11 catalog of a repository, or a metainfo file of an installed
 * package): every language the data carries ("C" is the untranslated text),
 * so one cache serves pages in any language; localize.ts picks one per request.
 */

/** Text by language: "C" (untranslated), "de", "pt_BR", ... */
export type Localized = Record<string, string>;

export interface AppScreenshotRecord {
    caption: Localized;
    /** The full image: an https URL, or a data: URL of a local file. */
    image: string;
    thumbnail: string | null;
    isDefault: boolean;
}

export interface AppReleaseRecord {
    version: string;
    /** ISO 8601 (YYYY-MM-DD or a full timestamp), or null. */
    date: string | null;
    description: Localized;
}

export interface AppRecord {
    id: string;
    /** "desktop-application", "web-application", "console-application", "service", ... */
    type: string;
    packageName: string;
    name: Localized;
    summary: Localized;
    /** Plain text (paragraphs separated by a blank line, list items "• "), by language. */
    description: Localized;
    /** A data: URL (Cockpit's CSP admits no other origin), or null. */
    icon: string | null;
    categories: string[];
    urls: Partial<Record<"homepage" | "help" | "bugtracker" | "donation", string>>;
    /** The first launchable of type "url", or null. */
    launchableUrl: string | null;
    /** OARS rating: its type ("oars-1.1") and the attributes that are not "none". */
    contentRating: { type: string; attributes: Record<string, string> } | null;
    screenshots: AppScreenshotRecord[];
    releases: AppReleaseRecord[];
}

/** Component types shown as apps; addons, fonts, codecs, runtimes, firmware, ... are not. */
export const APP_TYPES: ReadonlySet<string> = new Set([
    "desktop",
    "desktop-application",
    "console-application",
    "web-application",
    "service",
]);

export const URL_KINDS = ["homepage", "help", "bugtracker", "donation"] as const;

/** Bytes of a data: URL with its MIME type. */
export function dataUrl(mime: string, bytes: Buffer): string {
    return `data:${mime};base64,${bytes.toString("base64")}`;
}

const MIME: Record<string, string> = {
    png: "image/png",
    svg: "image/svg+xml",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    webp: "image/webp",
    gif: "image/gif",
};

/** The image MIME type of a file name, or null when it is not an image format the page shows. */
export function imageMime(file: string): string | null {
    const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? "";
    return MIME[ext] ?? null;
}

/** Icons larger than this are not inlined (a list of 1,000 rows carries them). */
export const MAX_ICON_BYTES = 256 * 1024;
/** Local screenshots larger than this are left out (details carry them inline). */
export const MAX_SCREENSHOT_BYTES = 4 * 1024 * 1024;
