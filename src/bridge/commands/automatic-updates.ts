// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `automatic-updates show`, `automatic-updates set [--mode off|download|security|all]
 * [--time HH:MM] [--reboot on|off] [--reboot-time HH:MM] [--remove-unused on|off]`
 * and `automatic-updates preview` (unattended-upgrade --dry-run).
 */
import type { AutomaticUpdatesMode, AutomaticUpdatesSettings } from "../../protocol/index.js";
import { oneOf, parseArgs, stringOption } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { previewNextRun } from "../autoupdates/preview.js";
import { setAutomaticUpdates, showAutomaticUpdates } from "../autoupdates/show-set.js";
import { json, type Command } from "./command.js";

const MODES: readonly AutomaticUpdatesMode[] = ["off", "download", "security", "all"];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function time(value: string | undefined, name: string): string | undefined {
    if (value === undefined) return undefined;
    if (!HH_MM.test(value))
        throw new BridgeError("INVALID_ARGUMENT", `--${name} must be a time of day as HH:MM (00:00 to 23:59)`, {
            option: name,
            value: value.slice(0, 50),
        });
    return value;
}

function onOff(value: string | undefined, name: string): boolean | undefined {
    if (value === undefined) return undefined;
    return oneOf(value, name, ["on", "off"] as const, "off") === "on";
}

export const automaticUpdatesCommands: readonly Command[] = [
    {
        words: ["automatic-updates", "show"],
        usage: "  (effective settings through apt-config and systemd, what overrides ours, the last run)",
        async run(args) {
            parseArgs(args, {}, 0);
            return json(showAutomaticUpdates());
        },
    },
    {
        words: ["automatic-updates", "set"],
        usage: "[--mode off|download|security|all] [--time HH:MM] [--reboot on|off] [--reboot-time HH:MM] [--remove-unused on|off]",
        async run(args) {
            const parsed = parseArgs(
                args,
                {
                    mode: "string",
                    time: "string",
                    reboot: "string",
                    "reboot-time": "string",
                    "remove-unused": "string",
                },
                0
            );
            const changes: Partial<AutomaticUpdatesSettings> = {};
            const mode = stringOption(parsed, "mode");
            if (mode !== undefined) changes.mode = oneOf(mode, "mode", MODES, "off");
            const t = time(stringOption(parsed, "time"), "time");
            if (t !== undefined) changes.time = t;
            const reboot = onOff(stringOption(parsed, "reboot"), "reboot");
            if (reboot !== undefined) changes.reboot = reboot;
            const rebootTime = time(stringOption(parsed, "reboot-time"), "reboot-time");
            if (rebootTime !== undefined) changes.rebootTime = rebootTime;
            const removeUnused = onOff(stringOption(parsed, "remove-unused"), "remove-unused");
            if (removeUnused !== undefined) changes.removeUnused = removeUnused;
            if (Object.keys(changes).length === 0)
                throw new BridgeError("USAGE", "automatic-updates set needs at least one setting");
            return json(setAutomaticUpdates(changes));
        },
    },
    {
        words: ["automatic-updates", "preview"],
        usage: "  (unattended-upgrade --dry-run: what the next automatic run would upgrade)",
        async run(args) {
            parseArgs(args, {}, 0);
            return json(previewNextRun());
        },
    },
];
