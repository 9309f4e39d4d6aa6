// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `history list`: every entry of the history log and its rotations, newest
 * first, optionally only those naming one package (their other lines left out).
 */
import type { HistoryEntry, HistoryListResponse } from "../../protocol/index.js";
import { historyFiles, readHistoryFile } from "./files.js";
import { parseHistoryLog } from "./parse.js";

export interface HistoryQuery {
    limit: number;
    offset: number;
    /** "name" or "name:arch". */
    package?: string;
}

function forPackage(entry: HistoryEntry, name: string, arch: string | null): HistoryEntry | null {
    const packages = entry.packages.filter((p) => p.name === name && (arch === null || p.architecture === arch));
    return packages.length > 0 ? { ...entry, packages } : null;
}

export function listHistory(logFile: string, query: HistoryQuery): HistoryListResponse {
    let all: HistoryEntry[] = [];
    for (const file of historyFiles(logFile)) {
        const text = readHistoryFile(file);
        if (text === null) continue;
        // Each file is oldest first; the files come newest first.
        all.push(...parseHistoryLog(text).reverse());
    }
    if (query.package !== undefined) {
        const colon = query.package.indexOf(":");
        const name = colon >= 0 ? query.package.slice(0, colon) : query.package;
        const arch = colon >= 0 ? query.package.slice(colon + 1) : null;
        all = all.map((e) => forPackage(e, name, arch)).filter((e): e is HistoryEntry => e !== null);
    }
    return {
        entries: all.slice(query.offset, query.offset + query.limit),
        total: all.length,
        offset: query.offset,
        limit: query.limit,
        file: logFile,
    };
}
