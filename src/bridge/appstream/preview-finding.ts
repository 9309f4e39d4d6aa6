// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `stores preview`: which selected packages lack AppStream data, so a store
 * author sees which apps will show a plain package icon and no screenshots
 * (the page's app store look needs a DEP-11 catalog entry or a metainfo file).
 * Only where the host has AppStream data at all: elsewhere every package
 * would be named, and the finding would say nothing about the store.
 */
import type { StoreLoadIssue, StorePreviewResponse } from "../../protocol/index.js";
import type { Database } from "../index/database.js";
import { openAppStream } from "./cache.js";

const NAMED = 20;

export async function lacksAppStreamFinding(
    db: Database,
    preview: StorePreviewResponse
): Promise<StoreLoadIssue | null> {
    if (preview.packages.length === 0) return null;
    const apps = await openAppStream(() => db.config());
    // A host without any AppStream data (no DEP-11 catalog downloaded, no metainfo) says nothing about apps at all.
    if (apps.size === 0) return null;
    const lacking = preview.packages.map((p) => p.name).filter((name) => !apps.has(name));
    if (lacking.length === 0) return null;
    const shown =
        lacking.slice(0, NAMED).join(", ") + (lacking.length > NAMED ? `, ... (${lacking.length - NAMED} more)` : "");
    return {
        file: preview.file,
        code: "LACKS_APPSTREAM",
        message: `${lacking.length} of ${preview.packages.length} selected package${preview.packages.length === 1 ? "" : "s"} lack${lacking.length === 1 ? "s" : ""} AppStream data (no icon, screenshots or translated name; ship a metainfo file or a DEP-11 catalog): ${shown}`,
    };
}
