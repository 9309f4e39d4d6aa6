// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `batch`: several read requests answered by one process (protocol
 * BatchResponse). Each request is run exactly as it would be alone (the same
 * command, the same arguments) and answered with the document it would print,
 * or its error, so the page can take each answer for the request it stands
 * for (ui/api/preload.ts). Only the read commands BATCH_COMMANDS names: an
 * operation, a command that streams or prints text, or anything else is
 * refused before any request runs. The requests come on standard input as
 * JSON, never as options of this process.
 */
import { BATCH_COMMANDS, BATCH_MAX, type BatchResponse } from "../../protocol/index.js";
import { BridgeError, errorResponse } from "../cli/errors.js";
import { allowedWords, requestVector } from "../cli/request-vector.js";
import { readStdin } from "../cli/stdin.js";
import { CacheDamagedError } from "../verified-file.js";
import { sharingIndexFiles } from "../index/database.js";
import { trace } from "../trace.js";
import { json, type Command } from "./command.js";

const MAX_INPUT_BYTES = 64 * 1024;

/** The requests on standard input: each an argument vector naming a batchable command (USAGE otherwise). */
export function parseBatch(text: string): string[][] {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new BridgeError("USAGE", "batch: standard input is not JSON (an array of argument vectors)");
    }
    if (!Array.isArray(value) || value.length === 0 || value.length > BATCH_MAX)
        throw new BridgeError("USAGE", `batch: expected an array of 1 to ${BATCH_MAX} argument vectors`);
    return value.map((args, i) => requestVector(args, BATCH_COMMANDS, `batch: request ${i}`));
}

/** The batch command over `commands` (the bridge's others: commands/index.ts). */
export function batchCommand(commands: () => readonly Command[]): Command {
    return {
        words: ["batch"],
        usage: "< JSON array of requests (stores list, repositories list, packages counts, sections list, ...)",
        async run(args) {
            if (args.length > 0) throw new BridgeError("USAGE", "batch takes its requests on standard input");
            const requests = parseBatch(readStdin(MAX_INPUT_BYTES, "The batch"));
            const results: BatchResponse["results"] = [];
            // One snapshot of the index for the whole batch: its files are opened and checked once.
            await sharingIndexFiles(async () => {
                for (const request of requests) {
                    const words = allowedWords(request, BATCH_COMMANDS) as readonly string[];
                    const command = commands().find(
                        (c) => c.words.length === words.length && c.words.every((w, k) => w === words[k])
                    );
                    try {
                        if (!command) throw new BridgeError("INTERNAL", `batch: no command ${words.join(" ")}`);
                        const result = await command.run(request.slice(words.length));
                        if (!("json" in result))
                            throw new BridgeError("INTERNAL", `batch: ${words.join(" ")} printed no document`);
                        results.push({ ok: result.json });
                        trace(`batch: ${words.join(" ")} answered`);
                    } catch (e) {
                        // a damaged cache file: the whole batch starts again without it (main.ts)
                        if (e instanceof CacheDamagedError) throw e;
                        results.push(errorResponse(e).body);
                    }
                }
            });
            const response: BatchResponse = { results };
            return json(response);
        },
    };
}
