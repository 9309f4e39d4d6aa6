// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `history list [--limit N] [--offset N] [--package NAME]`: what APT did
 * when, by whom, from /var/log/apt/history.log (Dir::Log::History) and its
 * rotated files. Reading the log needs no root (it is 0644 on Debian).
 */
import { AptConfig } from "../apt/config.js";
import { parseArgs, parseIntInRange, stringOption, validatePackageName } from "../cli/args.js";
import { listHistory } from "../history/list.js";
import { json, type Command } from "./command.js";

export const HISTORY_MAX_LIMIT = 1000;

export const historyCommands: readonly Command[] = [
    {
        words: ["history", "list"],
        usage: "[--limit N] [--offset N] [--package NAME]   (APT's history log and its rotated files, newest first)",
        async run(args) {
            const parsed = parseArgs(args, { limit: "string", offset: "string", package: "string" }, 0);
            const limit = parseIntInRange(stringOption(parsed, "limit"), "limit", 1, HISTORY_MAX_LIMIT, 50);
            const offset = parseIntInRange(stringOption(parsed, "offset"), "offset", 0, 10_000_000, 0);
            const pkg = stringOption(parsed, "package");
            if (pkg !== undefined) validatePackageName(pkg);
            const logFile = AptConfig.load().findFile("Dir::Log::History");
            return json(listHistory(logFile, { limit, offset, package: pkg }));
        },
    },
];
