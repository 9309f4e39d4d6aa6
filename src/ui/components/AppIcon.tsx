// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An AppStream app's icon (a data: URL from the bridge; Cockpit's CSP
 * admits no other origin). Packages without one show nothing here: plain
 * Debian packages look as they always did.
 */
import React from "react";
import type { AppSummary } from "../../protocol/index.js";

export function AppIcon({ app, size }: { app: AppSummary | undefined; size: number }) {
    if (!app?.icon || !app.icon.startsWith("data:image/")) return null;
    // Decorative: the app's name is next to it.
    return (
        <img
            src={app.icon}
            alt=""
            width={size}
            height={size}
            className="apt-app-icon"
            data-testid="app-icon"
            draggable={false}
        />
    );
}
