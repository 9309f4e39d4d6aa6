/*
 * Hooks over Cockpit's global services: administrative access (the
 * cockpit.Superuser D-Bus proxy), the page location (deep links), and
 * watching the store definitions directory.
 */
import { useEffect, useState } from "react";
import { cockpit, type CockpitDBusProxy } from "../cockpit.js";

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

/** cockpit.location.path, re-read on every "locationchanged". */
export function useLocationPath(): string[] {
    const [path, setPath] = useState<string[]>(() => [...(window.cockpit?.location.path ?? [])]);
    useEffect(() => {
        const c = window.cockpit;
        if (!c) return;
        const update = () => setPath([...c.location.path]);
        c.addEventListener("locationchanged", update);
        update();
        return () => c.removeEventListener("locationchanged", update);
    }, []);
    return path;
}

/** Navigate inside the page; pushes a history entry so the back button works. */
export function navigate(path: string[]): void {
    window.cockpit?.location.go(path);
}

export const STORES_DIR = "/etc/container-apps/stores";

/**
 * Calls `onChange` when the store directory changes (a store package
 * was installed or removed outside this page). Failures to watch are ignored:
 * the page also reloads stores after its own operations and when it regains focus.
 */
export function useStoresDirWatch(directory: string, onChange: () => void): void {
    useEffect(() => {
        let handle: ReturnType<ReturnType<typeof cockpit>["file"]> | null = null;
        let watch: { remove(): void } | null = null;
        try {
            handle = cockpit().file(directory);
            // With read: false Cockpit only reports changes (an fswatch on the directory).
            watch = handle.watch(() => onChange(), { read: false });
        } catch {
            /* see above */
        }
        const onFocus = () => {
            if (document.visibilityState === "visible") onChange();
        };
        document.addEventListener("visibilitychange", onFocus);
        return () => {
            document.removeEventListener("visibilitychange", onFocus);
            watch?.remove();
            handle?.close();
        };
    }, [directory, onChange]);
}
