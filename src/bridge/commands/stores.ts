import type { StoreListResponse } from "../../protocol/index.js";
import { parseArgs } from "../cli/args.js";
import { json, type Command } from "./command.js";

// Placeholder until the stores loader lands (issue 3): no stores, no errors.
export const storeCommands: readonly Command[] = [
    {
        words: ["stores", "list"],
        usage: "",
        async run(args) {
            parseArgs(args, {}, 0);
            const response: StoreListResponse = { stores: [], errors: [] };
            return json(response);
        },
    },
];
