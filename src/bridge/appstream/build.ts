// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Builds the AppStream cache's records (cache.ts): the metainfo files of
 * installed packages first (a package's own data, as installed), then every
 * DEP-11 catalog APT downloaded, the first app of a package winning. Loaded
 * only when the cache is stale.
 */
import fs from "node:fs";
import path from "node:path";
import { trace } from "../trace.js";
import type { AppStreamSources } from "./cache.js";
import { parseDep11, type Dep11Component } from "./dep11.js";
import { readTarMembers } from "./icon-tar.js";
import { fileDataUrl, imageDataUrl } from "./local-image.js";
import { metainfoFiles, METAINFO_DIRS, ownersOf, parseMetainfo } from "./metainfo.js";
import { MAX_ICON_BYTES, MAX_SCREENSHOT_BYTES, type AppRecord, type AppScreenshotRecord } from "./model.js";
import { readCompressed } from "./read-compressed.js";
import { loadDep11Targets } from "./targets.js";

/** Icon sizes in the order they are used: the list shows 32-48 px icons, the details header 64 px. */
const ICON_SIZES = ["64x64", "48x48", "128x128", "64x64@2"];

/** Screenshot URLs the page may load: https as they are; a local (file:) repository's media inlined. */
function pageUrl(url: string | null): string | null {
    if (!url) return null;
    if (/^https:\/\//i.test(url)) return url;
    if (/^file:/i.test(url)) {
        try {
            return fileDataUrl(decodeURIComponent(new URL(url).pathname), MAX_SCREENSHOT_BYTES);
        } catch {
            return null;
        }
    }
    return null;
}

function pageScreenshots(shots: readonly AppScreenshotRecord[]): AppScreenshotRecord[] {
    const out: AppScreenshotRecord[] = [];
    for (const s of shots) {
        const thumbnail = pageUrl(s.thumbnail);
        const image = pageUrl(s.image) ?? thumbnail;
        if (image) out.push({ ...s, image, thumbnail });
    }
    return out;
}

function catalogApps(catalog: string, icons: Record<string, string>, sign: (p: string) => void): AppRecord[] {
    sign(catalog);
    let components: Dep11Component[];
    try {
        components = parseDep11(readCompressed(catalog).toString("utf8"));
    } catch {
        return []; // unreadable: as if absent (the next apt-get update replaces it)
    }
    // Each icon from the first size that has it: one pass over each tarball, for the names still missing.
    const iconOf = new Map<Dep11Component, string>();
    for (const size of ICON_SIZES) {
        const tar = icons[size];
        if (!tar) continue;
        sign(tar);
        const missing = components.filter((c) => !iconOf.has(c) && c.cachedIcons[size]);
        const found = readTarMembers(tar, new Set(missing.map((c) => c.cachedIcons[size] as string)), MAX_ICON_BYTES);
        for (const c of missing) {
            const bytes = found.get(c.cachedIcons[size] as string);
            const url = bytes ? imageDataUrl(bytes) : null;
            if (url) iconOf.set(c, url);
        }
    }
    return components.map((component) => {
        const { cachedIcons: _icons, ...c } = component;
        return { ...c, icon: iconOf.get(component) ?? null, screenshots: pageScreenshots(c.screenshots) };
    });
}

function metainfoApps(s: AppStreamSources, sign: (p: string) => void): AppRecord[] {
    for (const dir of METAINFO_DIRS) sign(path.join(s.instdir, dir));
    const files = metainfoFiles(s.instdir);
    const texts = files.map(([inside, host]) => {
        try {
            return { inside, text: fs.readFileSync(host, "utf8") };
        } catch {
            return { inside, text: "" };
        }
    });
    // dpkg's file lists only for the files that do not name their package.
    const owners = ownersOf(
        s.admindir,
        texts.filter((t) => t.text && !t.text.includes("<pkgname>")).map((t) => t.inside)
    );
    const apps: AppRecord[] = [];
    for (const t of texts) {
        const app = t.text ? parseMetainfo(t.text, s.instdir, owners.get(t.inside) ?? null) : null;
        if (app) apps.push(app);
    }
    return apps;
}

export function buildAppStream(s: AppStreamSources, sign: (p: string) => void): AppRecord[] {
    const apps = metainfoApps(s, sign);
    trace("appstream: metainfo read");
    for (const t of loadDep11Targets(s.listsDir, s.aptFiles)) apps.push(...catalogApps(t.catalog, t.icons, sign));
    trace("appstream: catalogs read");
    return apps;
}
