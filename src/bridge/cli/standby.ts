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
import { readStdinWithin } from "./stdin.js";

const MAX_INPUT_BYTES = 64 * 1024;

/** The idle time: COCKPIT_APT_STANDBY_IDLE_MS (tests), else STANDBY_IDLE_MS. */
function idleMs(): number {
    const n = Number(process.env.COCKPIT_APT_STANDBY_IDLE_MS);
    return Number.isFinite(n) && n > 0 ? n : STANDBY_IDLE_MS;
}

/**
 * The argument vector a standby process was sent (one of STANDBY_COMMANDS), or null when it got
 * none (exit quietly). `args`: what followed `standby` on the command line (nothing is allowed).
 */
export async function standbyRequest(args: readonly string[]): Promise<string[] | null> {
    if (args.length > 0) throw new BridgeError("USAGE", "standby takes its request on standard input");
    const text = await readStdinWithin(MAX_INPUT_BYTES, "The request", idleMs());
    if (text === null) return null;
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new BridgeError("USAGE", "standby: standard input is not JSON (an argument vector)");
    }
    return requestVector(value, STANDBY_COMMANDS, "standby: the request");
}
