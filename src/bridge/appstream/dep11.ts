// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DEP-11: the AppStream catalog Debian and Ubuntu publish beside each
 * component's package lists (<component>/dep11/Components-<arch>.yml.gz), a
 * YAML stream whose first document is a header (File: DEP-11, MediaBaseUrl)
 * and every further document one component. Parsed with the project's YAML
 * library, one document at a time: a broken document costs only itself.
 * Icons are named here (Icon: cached:) and found in the icons-<size>.tar.gz
 * of the same target (icon-tar.ts).
 */
import { yaml } from "../lazy-modules.js";
import { markupToText } from "./markup.js";
import {
    APP_TYPES,
    URL_KINDS,
    type AppRecord,
    type AppReleaseRecord,
    type AppScreenshotRecord,
    type Localized,
} from "./model.js";

/** A DEP-11 component before its icon is looked up: the name of its cached icon instead. */
export interface Dep11Component extends Omit<AppRecord, "icon"> {
    /** Cached icon file names by size ("64x64"), as the icons tarballs name them. */
    cachedIcons: Record<string, string>;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function localized(v: unknown, transform: (s: string) => string = (s) => s.trim()): Localized {
    const out: Localized = {};
    if (isObj(v)) {
        for (const [lang, text] of Object.entries(v)) {
            const s = str(text);
            if (s !== null && /^[A-Za-z_@0-9-]+$/.test(lang)) out[lang] = transform(s);
        }
    } else if (typeof v === "string") out.C = transform(v);
    return out;
}

function absoluteUrl(url: string, base: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
    return base ? `${base.replace(/\/+$/, "")}/${url.replace(/^\/+/, "")}` : url;
}

/** The thumbnail shown in the carousel: the one closest to 624 px wide (GNOME Software's size). */
function pickThumbnail(thumbs: unknown[], base: string): string | null {
    let best: { url: string; d: number } | null = null;
    for (const t of thumbs) {
        if (!isObj(t)) continue;
        const url = str(t.url);
        if (!url) continue;
        const d = Math.abs((Number(t.width) || 0) - 624);
        if (!best || d < best.d) best = { url: absoluteUrl(url, base), d };
    }
    return best?.url ?? null;
}

function screenshotsOf(v: unknown, base: string): AppScreenshotRecord[] {
    const out: AppScreenshotRecord[] = [];
    for (const s of list(v)) {
        if (!isObj(s)) continue;
        const source = isObj(s["source-image"]) ? str(s["source-image"].url) : null;
        const thumbnail = pickThumbnail(list(s.thumbnails), base);
        const image = source ? absoluteUrl(source, base) : thumbnail;
        if (!image) continue; // a video-only screenshot
        out.push({ caption: localized(s.caption), image, thumbnail, isDefault: s.default === "true" });
    }
    // The default screenshot first, as AppStream orders them.
    return out.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

function dateOf(r: Obj): string | null {
    const ts = Number(r["unix-timestamp"]);
    if (typeof r["unix-timestamp"] === "string" && r["unix-timestamp"] !== "" && Number.isFinite(ts))
        return new Date(ts * 1000).toISOString();
    return str(r.date);
}

function releasesOf(v: unknown): AppReleaseRecord[] {
    const out: AppReleaseRecord[] = [];
    for (const r of list(v)) {
        if (!isObj(r)) continue;
        const version = str(r.version);
        if (!version) continue;
        out.push({ version, date: dateOf(r), description: localized(r.description, markupToText) });
    }
    return out;
}

function contentRatingOf(v: unknown): AppRecord["contentRating"] {
    if (!isObj(v)) return null;
    for (const [type, attrs] of Object.entries(v)) {
        const attributes: Record<string, string> = {};
        if (isObj(attrs))
            for (const [k, value] of Object.entries(attrs))
                if (typeof value === "string" && value !== "none") attributes[k] = value;
        return { type, attributes };
    }
    return null;
}

function cachedIconsOf(v: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isObj(v)) return out;
    for (const c of list(v.cached)) {
        if (!isObj(c)) continue;
        const name = str(c.name);
        if (!name) continue;
        const scale = Number(c.scale ?? 1);
        const size = `${Number(c.width)}x${Number(c.height)}${scale > 1 ? `@${scale}` : ""}`;
        out[size] ??= name;
    }
    return out;
}

/** One component document, or null when it is not an app (or not a component at all). */
export function dep11Component(doc: unknown, mediaBaseUrl: string): Dep11Component | null {
    if (!isObj(doc)) return null;
    const id = str(doc.ID);
    const packageName = str(doc.Package);
    const type = str(doc.Type) ?? "";
    if (!id || !packageName || !APP_TYPES.has(type)) return null;
    const name = localized(doc.Name);
    if (!name.C) return null;
    const urls: AppRecord["urls"] = {};
    if (isObj(doc.Url)) for (const k of URL_KINDS) if (typeof doc.Url[k] === "string") urls[k] = doc.Url[k];
    const launch = isObj(doc.Launchable)
        ? list(doc.Launchable.url)
              .map(str)
              .find((u): u is string => !!u)
        : undefined;
    return {
        id,
        type,
        packageName,
        name,
        summary: localized(doc.Summary),
        description: localized(doc.Description, markupToText),
        categories: list(doc.Categories)
            .map(str)
            .filter((c): c is string => !!c),
        urls,
        launchableUrl: launch ?? null,
        contentRating: contentRatingOf(doc.ContentRating),
        screenshots: screenshotsOf(doc.Screenshots, mediaBaseUrl),
        releases: releasesOf(doc.Releases),
        cachedIcons: cachedIconsOf(doc.Icon),
    };
}

/**
 * Every app component of a DEP-11 file's text. Documents are split at their
 * "---" lines and each is parsed on its own (a YAML error costs only that
 * document), the header's MediaBaseUrl applied to screenshot URLs.
 */
export function parseDep11(text: string): Dep11Component[] {
    const out: Dep11Component[] = [];
    let mediaBaseUrl = "";
    const docs = text.split(/^---[ \t]*$/m);
    for (const piece of docs) {
        if (piece.trim() === "") continue;
        let doc: unknown;
        try {
            // The "failsafe" schema: every scalar stays a string, as AppStream reads them ("version: 1.10" is not 1.1).
            doc = yaml().parse(piece, { schema: "failsafe", uniqueKeys: false, maxAliasCount: 100 });
        } catch {
            continue;
        }
        if (isObj(doc) && doc.File === "DEP-11") {
            mediaBaseUrl = str(doc.MediaBaseUrl) ?? "";
            continue;
        }
        const c = dep11Component(doc, mediaBaseUrl);
        if (c) out.push(c);
    }
    return out;
}
