/*
 * What the index cache and the launcher's V8 code cache (launch/code-cache.ts)
 * must both know, kept here so that neither imports the other: the code cache
 * files' names (the index cache's clean-up removes other builds' ones), and the
 * mark a request leaves when it changed V8's flags (the index build does:
 * index/save-memory.ts), after which the launcher writes no code cache.
 */

/** `code.<bridge key>.<command group>.v8cache` */
export const CODE_CACHE_FILE = /^code\.([0-9a-f]{16}|dev)\.[a-z]+\.v8cache$/;

export function codeCacheFileName(key: string, group: string): string {
    return `code.${key}.${group}.v8cache`;
}

/**
 * Set (on globalThis: the launcher and the bridge are compiled apart) by a
 * request that changed V8's flags: V8 stamps code cache data with the flags,
 * so data made then would be refused by every other request.
 */
export const V8_FLAGS_CHANGED = Symbol.for("cockpit-apt-bridge.v8-flags-changed");

export function noteV8FlagsChanged(): void {
    (globalThis as Record<symbol, unknown>)[V8_FLAGS_CHANGED] = true;
}

export function v8FlagsChanged(): boolean {
    return (globalThis as Record<symbol, unknown>)[V8_FLAGS_CHANGED] === true;
}
