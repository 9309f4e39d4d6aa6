// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where the files of store asset paths (/usr/share/container-stores/...) are
 * on disk: that directory itself, or the one the bridge reports (the demo's
 * sandbox). Set from the store list, which is where icon paths come from, so
 * it is known before any store icon renders.
 */
import { STORE_ASSET_ROOT } from "../../protocol/index.js";

let assetDirectory = STORE_ASSET_ROOT;

export function setAssetDirectory(dir: string | null | undefined): void {
    assetDirectory = dir ? (dir.endsWith("/") ? dir : `${dir}/`) : STORE_ASSET_ROOT;
}

/** The file to read for an asset path, or null when the path is not a plain one under STORE_ASSET_ROOT. */
export function assetFile(path: string): string | null {
    if (!path.startsWith(STORE_ASSET_ROOT) || path.split("/").some((s) => s === "..")) return null;
    return assetDirectory + path.slice(STORE_ASSET_ROOT.length);
}
