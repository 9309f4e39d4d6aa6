// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Hooks over Cockpit's global services: administrative access (the
 * cockpit.Superuser D-Bus proxy), the page location (deep links), and
 * watching the store definitions directory.
 */
import { useEffect, useState } from "react";
import { cockpit, type CockpitChannel, type CockpitDBusProxy } from "../cockpit.js";
import { currentLocation, type PageLocation } from "./opening.js";

/**
 * "unknown" while Cockpit has not told us (proxy loading, or "init"), "none"
 * when known absent, "admin" otherwise. Cockpit's rule: hide admin-only
 * actions unless "admin", show a limited-access notice only for "none".
 */
export type AdminAccess = "unknown" | "none" | "admin";

export function accessFromCurrent(current: unknown): AdminAccess {
    if (typeof current !== "string" || current === "" || current === "init") return "unknown";
    return current === "none" ? "none" : "admin";
}

export function useAdminAccess(): AdminAccess {
    const [access, setAccess] = useState<AdminAccess>("unknown");
    useEffect(() => {
        let proxy: CockpitDBusProxy | null = null;
        let client: ReturnType<ReturnType<typeof cockpit>["dbus"]> | null = null;
        const update = () => setAccess(accessFromCurrent(proxy?.Current));
        try {
            client = cockpit().dbus(null, { bus: "internal" });
            proxy = client.proxy("cockpit.Superuser", "/superuser");
            proxy.addEventListener("changed", update);
            proxy.wait(update);
            update();
        } catch {
            // No internal bus (very old Cockpit): stay "unknown", admin actions hidden.
        }
        return () => {
            proxy?.removeEventListener("changed", update);
            client?.close();
        };
    }, []);
    return access;
}

function sameLocation(a: PageLocation, b: PageLocation): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** cockpit.location, re-read on every "locationchanged" (Back and Forward included). */
export function useLocation(): PageLocation {
    const [location, setLocation] = useState<PageLocation>(currentLocation);
    useEffect(() => {
        const c = window.cockpit;
        if (!c) return;
        const update = () => {
            const next = currentLocation();
            setLocation((prev) => (sameLocation(prev, next) ? prev : next));
        };
        c.addEventListener("locationchanged", update);
        update();
        return () => c.removeEventListener("locationchanged", update);
    }, []);
    return location;
}

/** cockpit.location.path, re-read on every "locationchanged". */
export function useLocationPath(): string[] {
    return useLocation().path;
}

/**
 * Navigate inside the page; pushes a history entry so the back button works.
 * Going where the page already is adds no entry.
 */
export function navigate(path: string[], options: Record<string, string> = {}): void {
    const c = window.cockpit;
    if (!c) return;
    if (sameLocation(currentLocation(), { path, options })) return;
    c.location.go(path, options);
}

/** Change the location without a history entry (the state it names is already shown). */
export function replaceLocation(path: string[], options: Record<string, string> = {}): void {
    window.cockpit?.location.replace(path, options);
}

/** A package install touches the directory several times; reload once it is quiet. */
export const STORES_WATCH_DEBOUNCE_MS = 500;

/**
 * Calls `onChange` when a file in the store directory changes (a store
 * package was installed or removed outside this page), through an "fswatch1"
 * channel on the directory: cockpit.file().watch only reports changes of the
 * watched path itself, not of the files in a directory. Failures to watch are
 * ignored: the page also reloads stores after its own operations and when it
 * becomes visible again.
 */
export function useStoresDirWatch(directory: string, onChange: () => void): void {
    useEffect(() => {
        let channel: CockpitChannel | null = null;
        let timer: ReturnType<typeof setTimeout> | null = null;
        try {
            channel = cockpit().channel({ payload: "fswatch1", path: directory });
            channel.addEventListener("message", () => {
                if (timer) clearTimeout(timer);
                timer = setTimeout(onChange, STORES_WATCH_DEBOUNCE_MS);
            });
        } catch {
            /* see above */
        }
        const onVisible = () => {
            if (document.visibilityState === "visible") onChange();
        };
        document.addEventListener("visibilitychange", onVisible);
        return () => {
            document.removeEventListener("visibilitychange", onVisible);
            if (timer) clearTimeout(timer);
            channel?.close();
        };
    }, [directory, onChange]);
}
