/*
 * Where the bridge keeps what it derives from APT's files and its own code:
 * $COCKPIT_APT_CACHE_DIR, else /var/cache/cockpit-apt for root, else
 * $XDG_CACHE_HOME/cockpit-apt (~/.cache/cockpit-apt). A module of its own
 * because the launcher (launcher.ts) needs it before the bridge is loaded.
 */
import os from "node:os";
import path from "node:path";

export function cacheDirectory(): string {
    const env = process.env.COCKPIT_APT_CACHE_DIR;
    if (env) return env;
    if (typeof process.geteuid === "function" && process.geteuid() === 0) return "/var/cache/cockpit-apt";
    const xdg = process.env.XDG_CACHE_HOME;
    return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache"), "cockpit-apt");
}
