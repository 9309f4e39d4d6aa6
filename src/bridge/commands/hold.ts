// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `operations hold NAME...` and `operations unhold NAME...` (operations/hold.ts):
 * one JSON document (HoldResponse), not a stream: apt-mark takes a moment.
 */
import { parseArgs, validatePackageName } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { setHold, type HoldAction } from "../operations/hold.js";
import { json, type Command } from "./command.js";

const MAX_NAMES = 1000;

function holdCommand(action: HoldAction): Command {
    return {
        words: ["operations", action],
        usage: `[--] NAME...   (apt-mark ${action}; JSON)`,
        async run(args) {
            const parsed = parseArgs(args, {});
            if (parsed.positionals.length === 0)
                throw new BridgeError("USAGE", `operations ${action} needs at least one package name`);
            if (parsed.positionals.length > MAX_NAMES)
                throw new BridgeError("INVALID_ARGUMENT", `At most ${MAX_NAMES} package names at once`, {
                    max: MAX_NAMES,
                });
            const names = [...new Set(parsed.positionals.map(validatePackageName))];
            return json(await setHold(action, names));
        },
    };
}

export const holdCommands: readonly Command[] = [holdCommand("hold"), holdCommand("unhold")];
