// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kept-back packages (kept-back.ts), kept on disk beside the index cache
 * like the index targets (index-targets-cache.ts): "<stamp line>\n<JSON>",
 * stamped with every file the simulation depends on (dpkg's status, the
 * lists, the preferences, APT's configuration), so the simulation (0.5-4 s
 * on a full Debian index) runs only when one of them changed and a request
 * shows kept-back packages (Database.withKeptBack): never on the build's path.
 */
import type { KeptBackReason } from "../../protocol/index.js";
import { openCacheFile, signaturesNow, stampFor, stampIsCurrent, writeCacheFile } from "./index-cache.js";
import { findKeptBack, type KeptBack } from "../apt/kept-back.js";
import { openOrBuild } from "./build-lock.js";

/** What the simulation depends on: `inputs` the files and directories APT reads for it; `lists` the list files (signed now: their directory's earlier signature covers renames). */
export interface KeptBackInputs {
    inputs: readonly string[];
    lists: readonly string[];
}

/**
 * The kept-back packages, from `file` when current (its stamp names what it
 * depends on: no configuration is read then), else from APT (and saved there).
 * One simulation at a time per cache (`<file>.build-lock`, build-lock.ts): the
 * background refresh after an apt-get update (commands/cache.ts) and a page's
 * Updates tab asking at the same moment would otherwise both run it, each
 * with the memory of a whole apt-get (~250 MB on a Raspberry Pi's index).
 */
export function cachedKeptBack(
    file: string,
    format: number,
    bridge: string,
    listsHavePhasing: boolean,
    dependsOn: () => KeptBackInputs
): KeptBack {
    return openOrBuild(
        `${file}.build-lock`,
        () => readKeptBack(file, format, bridge, listsHavePhasing),
        (keptBack) => keptBack,
        () => {
            const { inputs, lists } = dependsOn();
            const before = signaturesNow(inputs);
            const keptBack = findKeptBack(listsHavePhasing);
            const stamp = stampFor(format, bridge, [...inputs, ...lists], before);
            // Failure to write (read-only cache directory) only costs the next request a simulation.
            writeCacheFile(file, stamp, [
                Buffer.from(JSON.stringify({ listsHavePhasing, keptBack: [...keptBack] }), "utf8"),
            ]);
            return keptBack;
        }
    );
}

const REASONS: readonly KeptBackReason[] = ["phased", "removal"];

/** The kept-back packages from `file` when it is current, else null (never asks APT). */
export function readKeptBack(file: string, format: number, bridge: string, listsHavePhasing: boolean): KeptBack | null {
    const opened = openCacheFile(file);
    if (!opened) return null;
    try {
        if (!stampIsCurrent(opened.stamp, format, bridge)) return null;
        const body = opened.file.body();
        const data = JSON.parse(body.toString("utf8")) as { listsHavePhasing?: unknown; keptBack?: unknown };
        if (data.listsHavePhasing !== listsHavePhasing || !Array.isArray(data.keptBack)) return null;
        const valid = (e: unknown): e is [string, "phased" | "removal"] =>
            Array.isArray(e) &&
            e.length === 2 &&
            typeof e[0] === "string" &&
            (REASONS as readonly unknown[]).includes(e[1]);
        return data.keptBack.every(valid) ? new Map(data.keptBack) : null;
    } catch {
        return null; // damaged: ask APT again
    } finally {
        opened.file.close();
    }
}
