// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `system status [--quick]`, `system restart-services [--include-cockpit] -- UNIT...`
 * and `system reboot`. Unit names are validated as service names and passed
 * after `--`, one `systemctl restart` each, so one failure does not hide the
 * others; each unit's outcome is in the answer.
 */
import type { RestartServicesResponse } from "../../protocol/index.js";
import { flagOption, parseArgs } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { systemStatus } from "../system/status.js";
import { isCockpitUnit, requireSystemd, systemctl, validateServiceUnit } from "../system/systemd.js";
import { json, type Command } from "./command.js";

const MAX_UNITS = 200;

export const systemCommands: readonly Command[] = [
    {
        words: ["system", "status"],
        usage: "[--quick]   (reboot required, services to restart (needrestart; not with --quick), lists updated, last upgrade)",
        async run(args) {
            const parsed = parseArgs(args, { quick: "flag" }, 0);
            return json(systemStatus({ quick: flagOption(parsed, "quick") }));
        },
    },
    {
        words: ["system", "restart-services"],
        usage: "[--include-cockpit] [--] UNIT.service...   (systemctl restart of each; Cockpit's own only with --include-cockpit, and last)",
        async run(args) {
            const parsed = parseArgs(args, { "include-cockpit": "flag" });
            if (parsed.positionals.length === 0)
                throw new BridgeError("USAGE", "system restart-services needs at least one service name");
            if (parsed.positionals.length > MAX_UNITS)
                throw new BridgeError("INVALID_ARGUMENT", `At most ${MAX_UNITS} services at once`, { max: MAX_UNITS });
            const units = [...new Set(parsed.positionals.map(validateServiceUnit))];
            const cockpit = units.filter(isCockpitUnit);
            if (cockpit.length > 0 && !flagOption(parsed, "include-cockpit")) {
                throw new BridgeError(
                    "INVALID_ARGUMENT",
                    `Restarting ${cockpit.join(", ")} ends the Cockpit session that asked for it: pass --include-cockpit to restart it anyway`,
                    {
                        cockpitUnits: cockpit,
                    }
                );
            }
            requireSystemd();
            // Cockpit's own last: restarting it may end this very process's session.
            const ordered = [...units.filter((u) => !isCockpitUnit(u)), ...cockpit];
            const results: RestartServicesResponse["results"] = [];
            for (const unit of ordered) {
                const r = systemctl(["restart", "--", unit]);
                results.push({ unit, ok: r.ok, message: r.message });
            }
            // Exit 0 with each unit's outcome: the page shows which ones failed, and why.
            const response: RestartServicesResponse = { results };
            return json(response);
        },
    },
    {
        words: ["system", "reboot"],
        usage: "  (systemctl reboot)",
        async run(args) {
            parseArgs(args, {}, 0);
            requireSystemd();
            const r = systemctl(["reboot"]);
            if (!r.ok) throw new BridgeError("OPERATION_FAILED", `systemctl reboot failed: ${r.message}`);
            return json({ rebooting: true });
        },
    },
];
