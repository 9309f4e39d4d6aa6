// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `operations ...`: previews (one JSON document) and changes (JSON Lines of
 * OperationEvent, see operations/operation.ts), which run detached from the
 * bridge (operations/detached.ts) and can be found again: current, follow,
 * cancel. Every name and id is validated here before anything else sees it.
 */
import {
    isPreviewKind,
    PREVIEW_KINDS,
    type OperationKind,
    type OperationPreviewResponse,
} from "../../protocol/index.js";
import { parseArgs, validatePackageName } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import {
    cancelOperation,
    currentOperation,
    followOperation,
    runRunner,
    startOperation,
} from "../operations/detached.js";
import { validateOperationId } from "../operations/journal.js";
import { previewOperation } from "../operations/preview.js";
import { json, type Command } from "./command.js";
import { holdCommands } from "./hold.js";

/** At most this many names in one request: a page never sends more, and apt-get's command line stays sane. */
const MAX_NAMES = 1000;

function names(positionals: readonly string[], kind: string, required: boolean): string[] {
    if (required && positionals.length === 0)
        throw new BridgeError("USAGE", `operations ${kind} needs at least one package name`);
    if (positionals.length > MAX_NAMES)
        throw new BridgeError("INVALID_ARGUMENT", `At most ${MAX_NAMES} package names at once`, { max: MAX_NAMES });
    const out = positionals.map(validatePackageName);
    return [...new Set(out)];
}

function streaming(kind: OperationKind, usage: string, nameRule: "required" | "optional" | "none"): Command {
    return {
        words: ["operations", kind],
        usage,
        async run(args) {
            const parsed = parseArgs(args, {}, nameRule === "none" ? 0 : Infinity);
            const list = names(parsed.positionals, kind, nameRule === "required");
            const exitCode = await startOperation(kind, list);
            return { streamed: true, exitCode };
        },
    };
}

export const operationCommands: readonly Command[] = [
    {
        words: ["operations", "preview"],
        usage: "install|remove|purge|upgrade|autoremove|full-upgrade [--] [NAME...]   (autoremove and full-upgrade take no names)",
        async run(args) {
            const parsed = parseArgs(args, {});
            const [kind, ...rest] = parsed.positionals;
            if (kind === undefined || !isPreviewKind(kind)) {
                throw new BridgeError("USAGE", `operations preview needs one of ${PREVIEW_KINDS.join(", ")}`, {
                    allowed: PREVIEW_KINDS,
                });
            }
            if ((kind === "autoremove" || kind === "full-upgrade") && rest.length > 0)
                throw new BridgeError("USAGE", `operations preview ${kind} takes no package names`);
            const list = names(rest, kind, kind !== "upgrade" && kind !== "autoremove" && kind !== "full-upgrade");
            const response: OperationPreviewResponse = { preview: await previewOperation(kind, list) };
            return json(response);
        },
    },
    streaming("install", "[--] NAME...   (JSON Lines)", "required"),
    streaming("remove", "[--] NAME...   (JSON Lines)", "required"),
    streaming("purge", "[--] NAME...   (JSON Lines)", "required"),
    streaming("upgrade", "[--] [NAME...]   (no names: the whole system; JSON Lines)", "optional"),
    streaming("full-upgrade", "  (apt-get dist-upgrade: may remove packages; preview it first; JSON Lines)", "none"),
    streaming("update", "  (apt-get update; JSON Lines)", "none"),
    ...holdCommands,
    streaming("autoremove", "  (JSON Lines)", "none"),
    streaming(
        "repair",
        "  (reinstall what is half-installed, dpkg --configure -a, apt-get -f install, then dpkg --audit; JSON Lines)",
        "none"
    ),
    {
        words: ["operations", "current"],
        usage: "  (the running operation, else the most recent one)",
        async run(args) {
            parseArgs(args, {}, 0);
            return json(currentOperation());
        },
    },
    {
        words: ["operations", "follow"],
        usage: "ID   (its events from the beginning until its result; JSON Lines)",
        async run(args) {
            const parsed = parseArgs(args, {}, 1);
            return { streamed: true, exitCode: await followOperation(validateOperationId(parsed.positionals[0])) };
        },
    },
    {
        words: ["operations", "cancel"],
        usage: "ID   (stops it while APT is still downloading)",
        async run(args) {
            const parsed = parseArgs(args, {}, 1);
            return json(cancelOperation(validateOperationId(parsed.positionals[0])));
        },
    },
    {
        words: ["operations", "runner"],
        usage: "ID   (internal: the detached process that runs a started operation)",
        async run(args) {
            const parsed = parseArgs(args, {}, 1);
            return { streamed: true, exitCode: await runRunner(validateOperationId(parsed.positionals[0])) };
        },
    },
];
