// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /usr/share/metainfo/*.metainfo.xml (and the older *.appdata.xml) of
 * installed packages: where a container-app package ships its own AppStream
 * data. Parsed with fast-xml-parser (order preserved: a description's
 * translated paragraphs follow their originals, each with its xml:lang).
 * Icons (local files, or stock names in the hicolor theme) and local
 * screenshots are read within the dpkg root and inlined (local-image.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { fastXmlParser } from "../lazy-modules.js";
import { resolveInRoot } from "../apt/dpkg-root.js";
import { decodeEntities } from "./markup.js";
import { fileDataUrl, systemImage } from "./local-image.js";
import {
    APP_TYPES,
    MAX_ICON_BYTES,
    MAX_SCREENSHOT_BYTES,
    URL_KINDS,
    type AppRecord,
    type AppReleaseRecord,
    type AppScreenshotRecord,
    type Localized,
} from "./model.js";

/** A node of fast-xml-parser's ordered output: { tag: children, ":@": attributes } or { "#text": text }. */
type XNode = Record<string, unknown>;

const ATTR = ":@";
const TEXT = "#text";

function tagOf(n: XNode): string | null {
    for (const k of Object.keys(n)) if (k !== ATTR) return k;
    return null;
}
function children(n: XNode): XNode[] {
    const tag = tagOf(n);
    const c = tag ? n[tag] : undefined;
    return Array.isArray(c) ? (c as XNode[]) : [];
}
function attr(n: XNode, name: string): string | undefined {
    const a = n[ATTR] as Record<string, unknown> | undefined;
    const v = a?.[`@_${name}`];
    return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}
/** The text inside a node, nested markup flattened. */
function textOf(n: XNode): string {
    if (typeof n[TEXT] === "string" || typeof n[TEXT] === "number") return String(n[TEXT]);
    return children(n).map(textOf).join("");
}
function named(nodes: XNode[], tag: string): XNode[] {
    return nodes.filter((n) => tagOf(n) === tag);
}
const langOf = (n: XNode) => attr(n, "xml:lang") ?? "C";

/** <name>, <name xml:lang="de"> ... as one Localized. */
function localized(nodes: XNode[], tag: string): Localized {
    const out: Localized = {};
    for (const n of named(nodes, tag)) out[langOf(n)] ??= decodeEntities(textOf(n)).replace(/\s+/g, " ").trim();
    return out;
}

/** A <description> as plain text per language: each paragraph / item in the language that has one, else untranslated. */
function description(node: XNode | undefined): Localized {
    if (!node) return {};
    const langs = new Set<string>(["C"]);
    const blocks: Array<{ kind: "p" | "li"; texts: Localized }> = [];
    const add = (kind: "p" | "li", n: XNode) => {
        const lang = langOf(n);
        langs.add(lang);
        const text = decodeEntities(textOf(n)).replace(/\s+/g, " ").trim();
        const last = blocks[blocks.length - 1];
        // A translation follows its original: it joins that block.
        if (lang !== "C" && last && last.kind === kind && last.texts[lang] === undefined) last.texts[lang] = text;
        else blocks.push({ kind, texts: { [lang]: text } });
    };
    for (const c of children(node)) {
        const tag = tagOf(c);
        if (tag === "p") add("p", c);
        else if (tag === "ul" || tag === "ol") for (const li of named(children(c), "li")) add("li", li);
    }
    const out: Localized = {};
    for (const lang of langs) {
        let text = "";
        for (const b of blocks) {
            const t = b.texts[lang] ?? b.texts.C;
            if (t === undefined) continue;
            text += b.kind === "li" ? `• ${t}\n` : `${text && !text.endsWith("\n\n") ? "\n" : ""}${t}\n\n`;
        }
        out[lang] = text.replace(/\n{3,}/g, "\n\n").trim();
    }
    return out;
}

const ICON_SIZES = ["64x64", "128x128", "48x48", "256x256", "scalable"];

function iconOf(nodes: XNode[], root: string): string | null {
    const icons = named(nodes, "icon");
    for (const n of icons.filter((i) => attr(i, "type") === "local")) {
        const url = systemImage(root, textOf(n).trim(), MAX_ICON_BYTES);
        if (url) return url;
    }
    for (const n of icons.filter((i) => attr(i, "type") === "stock")) {
        const name = textOf(n).trim();
        if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name)) continue; // a name, never a path
        for (const size of ICON_SIZES) {
            for (const ext of size === "scalable" ? ["svg"] : ["png"]) {
                const host = resolveInRoot(root, `/usr/share/icons/hicolor/${size}/apps/${name}.${ext}`);
                const url = host ? fileDataUrl(host, MAX_ICON_BYTES) : null;
                if (url) return url;
            }
        }
    }
    return null;
}

/** A screenshot image URL as the page may load it: https as it is, local files inlined; else null. */
function screenshotUrl(url: string, root: string): string | null {
    if (/^https:\/\//i.test(url)) return url;
    if (url.startsWith("/") || /^file:/i.test(url)) return systemImage(root, url, MAX_SCREENSHOT_BYTES);
    return null;
}

function screenshotsOf(node: XNode | undefined, root: string): AppScreenshotRecord[] {
    const out: AppScreenshotRecord[] = [];
    for (const s of named(node ? children(node) : [], "screenshot")) {
        const images = named(children(s), "image");
        const source = images.find((i) => (attr(i, "type") ?? "source") === "source");
        const thumb = images.find((i) => attr(i, "type") === "thumbnail");
        const image = source ? screenshotUrl(textOf(source).trim(), root) : null;
        const thumbnail = thumb ? screenshotUrl(textOf(thumb).trim(), root) : null;
        if (!image && !thumbnail) continue;
        out.push({
            caption: localized(children(s), "caption"),
            image: (image ?? thumbnail) as string,
            thumbnail,
            isDefault: attr(s, "type") === "default",
        });
    }
    return out.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

function releasesOf(node: XNode | undefined): AppReleaseRecord[] {
    const out: AppReleaseRecord[] = [];
    for (const r of named(node ? children(node) : [], "release")) {
        const version = attr(r, "version");
        if (!version) continue;
        const ts = attr(r, "timestamp");
        const date = attr(r, "date") ?? (ts && /^\d+$/.test(ts) ? new Date(Number(ts) * 1000).toISOString() : null);
        out.push({ version, date, description: description(named(children(r), "description")[0]) });
    }
    return out;
}

function contentRatingOf(node: XNode | undefined): AppRecord["contentRating"] {
    if (!node) return null;
    const attributes: Record<string, string> = {};
    for (const a of named(children(node), "content_attribute")) {
        const id = attr(a, "id");
        const value = textOf(a).trim();
        if (id && value && value !== "none") attributes[id] = value;
    }
    return { type: attr(node, "type") ?? "oars-1.0", attributes };
}

/**
 * The app of one metainfo document, or null when it is not an app (an
 * addon, a font, ...) or has no id or name. `owner`: the package that
 * installed the file (when the file names none with <pkgname>).
 */
export function parseMetainfo(xml: string, root: string, owner: string | null): AppRecord | null {
    const parser = new (fastXmlParser().XMLParser)({
        preserveOrder: true,
        ignoreAttributes: false,
        attributeNamePrefix: "@_",
        trimValues: false,
        parseTagValue: false,
        parseAttributeValue: false,
        processEntities: false,
        htmlEntities: false,
    });
    let doc: XNode[];
    try {
        doc = parser.parse(xml) as XNode[];
    } catch {
        return null;
    }
    const component = doc.find((n) => tagOf(n) === "component");
    if (!component) return null;
    const type = attr(component, "type") ?? "generic";
    const nodes = children(component);
    const one = (tag: string) => named(nodes, tag)[0];
    const id = one("id") ? textOf(one("id") as XNode).trim() : "";
    const name = localized(nodes, "name");
    const pkgname = one("pkgname") ? textOf(one("pkgname") as XNode).trim() : "";
    const packageName = pkgname || owner || "";
    if (!APP_TYPES.has(type) || !id || !name.C || !packageName) return null;
    const urls: AppRecord["urls"] = {};
    for (const u of named(nodes, "url")) {
        const kind = attr(u, "type") as (typeof URL_KINDS)[number] | undefined;
        if (kind && URL_KINDS.includes(kind)) urls[kind] ??= textOf(u).trim();
    }
    const launch = named(nodes, "launchable").find((l) => attr(l, "type") === "url");
    const categories = named(one("categories") ? children(one("categories") as XNode) : [], "category")
        .map((c) => textOf(c).trim())
        .filter(Boolean);
    return {
        id,
        type,
        packageName,
        name,
        summary: localized(nodes, "summary"),
        description: description(one("description")),
        icon: iconOf(nodes, root),
        categories,
        urls,
        launchableUrl: launch ? textOf(launch).trim() : null,
        contentRating: contentRatingOf(one("content_rating")),
        screenshots: screenshotsOf(one("screenshots"), root),
        releases: releasesOf(one("releases")),
    };
}

export const METAINFO_DIRS = ["/usr/share/metainfo", "/usr/share/appdata"];

/** The metainfo files of the system at `root`: [path inside the system, host path]. */
export function metainfoFiles(root: string): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const dir of METAINFO_DIRS) {
        const host = resolveInRoot(root, dir);
        if (!host) continue;
        let names: string[];
        try {
            names = fs.readdirSync(host).sort();
        } catch {
            continue;
        }
        for (const n of names) if (/\.(metainfo|appdata)\.xml$/.test(n)) out.push([`${dir}/${n}`, path.join(host, n)]);
    }
    return out;
}

/**
 * The packages that installed `files` (paths inside the system), from dpkg's
 * file lists (<admindir>/info/*.list), read only when a file names no
 * package itself. A system has hundreds of lists (~900 here, 7.7 MB): each is
 * searched as bytes (no text decoded, no line split), only when it names a
 * metainfo directory at all, and the search ends once every file has its owner.
 */
export function ownersOf(admindir: string, files: readonly string[]): Map<string, string> {
    const owners = new Map<string, string>();
    if (files.length === 0) return owners;
    const wanted = files.map((f) => ({ file: f, line: Buffer.from(`\n${f}\n`) }));
    const info = path.join(admindir, "info");
    let names: string[];
    try {
        names = fs.readdirSync(info);
    } catch {
        return owners;
    }
    for (const n of names) {
        if (!n.endsWith(".list")) continue;
        let data: Buffer;
        try {
            data = fs.readFileSync(path.join(info, n));
        } catch {
            continue;
        }
        if (data.indexOf("/meta") < 0 && data.indexOf("/appdata") < 0) continue;
        // Each path is a whole line: the list's first line has no newline before it.
        const lines = Buffer.concat([NEWLINE, data, data[data.length - 1] === 10 ? EMPTY : NEWLINE]);
        for (const w of wanted)
            if (!owners.has(w.file) && lines.indexOf(w.line) >= 0)
                owners.set(w.file, n.slice(0, -5).split(":")[0] as string);
        if (owners.size === wanted.length) break;
    }
    return owners;
}

const NEWLINE = Buffer.from("\n");
const EMPTY = Buffer.alloc(0);
