// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Icon and banner paths of a store: they must name files under
 * /usr/share/container-stores/, and stay there after symlinks are followed,
 * because the page reads them with the user's privileges through Cockpit and
 * a definition must not be able to point it at any other file.
 *
 * COCKPIT_APT_STORE_ASSETS_DIR stands in for /usr/share/container-stores/ on
 * disk (tests, the demo); the paths in definitions stay as written.
 */
import fs from "node:fs";
import path from "node:path";
import { ASSET_PREFIX } from "./schema.js";

export function assetRoot(): string {
    return process.env.COCKPIT_APT_STORE_ASSETS_DIR || ASSET_PREFIX;
}

export interface AssetFinding {
    severity: "error" | "warning";
    code: string;
    message: string;
}

/** PatternFly icon names ("AnchorIcon") are not files. */
export function isIconName(value: string): boolean {
    return !value.startsWith("/");
}

/**
 * What is wrong with an asset path, or null. The path text is checked first
 * (no "..", ".", empty segments), then the file on disk: a missing file is a
 * warning (the page shows a default icon), a file reached through a symlink
 * that leaves the asset directory is an error.
 */
export function checkAsset(value: string, root = assetRoot()): AssetFinding | null {
    if (isIconName(value)) return null;
    const rest = value.slice(ASSET_PREFIX.length);
    if (!value.startsWith(ASSET_PREFIX) || rest.split("/").some((s) => s === "" || s === "." || s === "..")) {
        return {
            severity: "error",
            code: "ASSET_OUTSIDE",
            message: `${JSON.stringify(value)} must be a plain path under ${ASSET_PREFIX} (no "..", "." or empty parts)`,
        };
    }
    const onDisk = path.join(root, rest);
    let real: string;
    let realRoot: string;
    try {
        realRoot = fs.realpathSync(root);
    } catch {
        return {
            severity: "warning",
            code: "ASSET_MISSING",
            message: `${value} does not exist (${ASSET_PREFIX} is missing); a default icon is shown`,
        };
    }
    try {
        real = fs.realpathSync(onDisk);
    } catch {
        return {
            severity: "warning",
            code: "ASSET_MISSING",
            message: `${value} does not exist; a default icon is shown`,
        };
    }
    if (real !== realRoot && !real.startsWith(realRoot.endsWith("/") ? realRoot : `${realRoot}/`)) {
        return {
            severity: "error",
            code: "ASSET_OUTSIDE",
            message: `${value} leads outside ${ASSET_PREFIX} through a symbolic link (to ${real})`,
        };
    }
    try {
        if (!fs.statSync(real).isFile())
            return {
                severity: "warning",
                code: "ASSET_NOT_FILE",
                message: `${value} is not a regular file; a default icon is shown`,
            };
    } catch {
        return {
            severity: "warning",
            code: "ASSET_MISSING",
            message: `${value} cannot be read; a default icon is shown`,
        };
    }
    return null;
}
