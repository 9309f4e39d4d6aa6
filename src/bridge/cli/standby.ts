// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `cockpit-apt-bridge standby` (protocol STANDBY_COMMANDS): the page starts a
 * bridge process while the user is still typing or pointing, and sends it
 * its request on standard input once the request is known. Node's start and
 * this bundle's load (~150-200 ms on a small machine, most of what a search
 * waited for) then happen before the request, not after it. The request is
 * answered exactly as the same argument vector on the command line (main.ts
 * runs it through the same parser and commands); still one request per
 * process, and nothing is read before the request comes, so the answer is as
 * fresh as any other. A standby that gets nothing within its idle time, or
 * whose standard input is closed empty (the page let it go), exits quietly:
 * status 0, no output.
 */
import { STANDBY_COMMANDS, STANDBY_IDLE_MS } from "../../protocol/index.js";
import { BridgeError } from "./errors.js";
import { requestVector } from "./request-vector.js";

const MAX_INPUT_BYTES = 64 * 1024;

/** The idle time: COCKPIT_APT_STANDBY_IDLE_MS (tests), else STANDBY_IDLE_MS. */
function idleMs(): number {
    const n = Number(process.env.COCKPIT_APT_STANDBY_IDLE_MS);
    return Number.isFinite(n) && n > 0 ? n : STANDBY_IDLE_MS;
}

/** Standard input until its end, or null when nothing came within `ms` (or it ended empty). */
function readRequestText(ms: number): Promise<string | null> {
    return new Promise((resolve, reject) => {
        const stdin = process.stdin;
        const chunks: Buffer[] = [];
        let total = 0;
        const finish = (outcome: () => void) => {
            clearTimeout(timer);
            stdin.removeAllListeners("data").removeAllListeners("end").removeAllListeners("error");
            stdin.destroy();
            outcome();
        };
        const timer = setTimeout(() => finish(() => resolve(null)), ms);
        stdin.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > MAX_INPUT_BYTES)
                finish(() =>
                    reject(
                        new BridgeError("INVALID_ARGUMENT", `The request is larger than ${MAX_INPUT_BYTES} bytes`, {
                            maxBytes: MAX_INPUT_BYTES,
                        })
                    )
                );
            else chunks.push(chunk);
        });
        stdin.on("end", () => finish(() => resolve(total === 0 ? null : Buffer.concat(chunks).toString("utf8"))));
        stdin.on("error", (e: NodeJS.ErrnoException) =>
            finish(() =>
                reject(new BridgeError("USAGE", `Cannot read the request from standard input: ${e.code ?? e.message}`))
            )
        );
    });
}

/**
 * The argument vector a standby process was sent (one of STANDBY_COMMANDS), or null when it got
 * none (exit quietly). `args`: what followed `standby` on the command line (nothing is allowed).
 */
export async function standbyRequest(args: readonly string[]): Promise<string[] | null> {
    if (args.length > 0) throw new BridgeError("USAGE", "standby takes its request on standard input");
    const text = await readRequestText(idleMs());
    if (text === null) return null;
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new BridgeError("USAGE", "standby: standard input is not JSON (an argument vector)");
    }
    return requestVector(value, STANDBY_COMMANDS, "standby: the request");
}
