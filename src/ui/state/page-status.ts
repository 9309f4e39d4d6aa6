// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's status in Cockpit's navigation (the icon beside the menu entry),
 * as Cockpit's own Software Updates page sets it: a "notify" control message
 * with page_status (pkg/lib/notifications.js page_status.set_own). Updates
 * available: info with the count; security updates among them: a warning;
 * none: null (no icon).
 */
import { useEffect, useRef } from "react";
import { packageCounts } from "../api/index.js";
import type { PackageCountsResponse } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { useRequest } from "./useRequest.js";

export interface PageStatus {
    type: "info" | "warning";
    title: string;
    details: { updates: number; security: number };
}

export function pageStatusFor(updates: number, security: number): PageStatus | null {
    if (updates <= 0) return null;
    if (security > 0) {
        return {
            type: "warning",
            title: fmt(ngettext("$0 security update available", "$0 security updates available", security), security),
            details: { updates, security },
        };
    }
    return {
        type: "info",
        title: fmt(ngettext("$0 update available", "$0 updates available", updates), updates),
        details: { updates, security },
    };
}

export function sendPageStatus(status: PageStatus | null): void {
    // An older cockpit.js, or none (tests without it): the page works without the icon.
    window.cockpit?.transport?.control("notify", { page_status: status });
}

/** Sends the status whenever the counts are known and changed (null counts: not known yet, nothing sent). */
export function usePageStatus(updates: number | null, security: number | null): void {
    const last = useRef<string | null>(null);
    useEffect(() => {
        if (updates === null || security === null) return;
        const status = pageStatusFor(updates, security);
        const key = JSON.stringify(status);
        if (key === last.current) return;
        last.current = key;
        sendPageStatus(status);
    }, [updates, security]);
}

/**
 * The whole system's updates (never a store's or a repository's), asked once
 * the page's first list is there (`enabled`) and again after every change
 * (`generation`), and sent as the page status. Counts only (`packages counts`):
 * the list of updates would run APT's kept-back simulation, seconds on a large
 * index, after every operation. `system`: the whole system's counts when the
 * caller already has them (the tabs' counts while no store or repository is
 * chosen), so no second process asks the same.
 */
export function useSystemPageStatus(
    generation: number,
    enabled: boolean,
    system: PackageCountsResponse | null = null,
    systemKnown = false
): void {
    const r = useRequest(
        `page-status:${generation}`,
        enabled && !systemKnown ? (signal) => packageCounts(null, null, { signal }) : null
    );
    const data = systemKnown ? system : r.data;
    usePageStatus(data ? data.upgradable : null, data ? data.security : null);
}
