// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The DEP-11 files APT downloaded: APT's index targets list them (Created-By:
 * DEP-11 for the catalog, DEP-11-icons* for the icon tarballs) when
 * AppStream's APT configuration (/etc/apt/apt.conf.d/50appstream, from the
 * appstream package) declares the targets and they are enabled. Read only
 * when the AppStream cache is rebuilt (cache.ts), never on a warm request:
 * from the index targets the index build kept (index-targets-cache.ts) when
 * they are current, else asked of APT (a fraction of a second).
 */
import { indexTargetsFile, indexTargetsNow } from "../index/index-targets-cache.js";
import { sharedCacheDirectory } from "../index/index-cache.js";
import { INDEX_FORMAT } from "../index/index-data.js";
import type { IndexTarget } from "../apt/index-targets.js";

declare const __COCKPIT_APT_BUILD__: string | undefined;
const BRIDGE_BUILD = typeof __COCKPIT_APT_BUILD__ === "string" ? __COCKPIT_APT_BUILD__ : "dev";

export interface Dep11Target {
    /** The Components-<arch>.yml(.gz) file in the lists directory. */
    catalog: string;
    /** Icon tarballs of the same repository and component, by size ("64x64", "48x48", "128x128", "64x64@2"). */
    icons: Record<string, string>;
}

/** The catalogs among APT's index targets (files that exist: APT skips missing optional targets too), with their icons. */
export function dep11TargetsOf(targets: readonly IndexTarget[]): Dep11Target[] {
    const catalogs = new Map<string, string>();
    const icons = new Map<string, Record<string, string>>();
    for (const t of targets) {
        if (!t.createdBy.startsWith("DEP-11") || !t.filename.startsWith("/")) continue;
        const key = `${t.baseUri}\u0000${t.component}`;
        if (t.createdBy === "DEP-11") {
            // Components-<arch>: the native architecture's catalog (NATIVE_ARCHITECTURE in 50appstream) once per component.
            if (!catalogs.has(key)) catalogs.set(key, t.filename);
            continue;
        }
        const size = /icons-(\d+x\d+(?:@\d+)?)\.tar/.exec(t.filename)?.[1];
        if (!size) continue;
        const forKey = icons.get(key) ?? {};
        forKey[size] ??= t.filename;
        icons.set(key, forKey);
    }
    return [...catalogs].map(([key, catalog]) => ({ catalog, icons: icons.get(key) ?? {} }));
}

/**
 * `listsDir`: APT's Dir::State::lists; `aptFiles`: its configuration and
 * sources files. Our own kept targets first, then root's (shared), else APT now.
 */
export function loadDep11Targets(listsDir: string, aptFiles: readonly string[]): Dep11Target[] {
    const shared = sharedCacheDirectory();
    const files = [indexTargetsFile(), ...(shared !== null ? [indexTargetsFile(shared)] : [])];
    return dep11TargetsOf(indexTargetsNow(files, INDEX_FORMAT, BRIDGE_BUILD, listsDir, aptFiles));
}
