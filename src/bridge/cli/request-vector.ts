// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A request's argument vector that came on standard input (`batch`,
 * `standby`) rather than as this process's arguments: checked to be strings
 * naming one of the commands the caller allows, before anything runs. It then
 * goes through the same command parser as the command line: nothing of it
 * reaches a shell or another program's options.
 */
import { BridgeError } from "./errors.js";

/** Longest argument accepted (a search text is far shorter). */
const MAX_ARG_LENGTH = 4096;
/** Most arguments in one vector. */
const MAX_ARGS = 64;

/** The words of `allowed` that `args` starts with, or undefined. */
export function allowedWords(
    args: readonly string[],
    allowed: ReadonlyArray<readonly string[]>
): readonly string[] | undefined {
    return allowed.find((words) => words.every((w, k) => args[k] === w));
}

/** `value` as an argument vector naming one of `allowed`; USAGE (naming `what`) otherwise. */
export function requestVector(value: unknown, allowed: ReadonlyArray<readonly string[]>, what: string): string[] {
    if (
        !Array.isArray(value) ||
        value.length > MAX_ARGS ||
        !value.every((a): a is string => typeof a === "string" && a.length <= MAX_ARG_LENGTH)
    )
        throw new BridgeError("USAGE", `${what} is not an array of strings`);
    if (!allowedWords(value, allowed))
        throw new BridgeError("USAGE", `${what} is not one of the commands allowed here`, {
            commands: allowed.map((w) => w.join(" ")),
        });
    return value;
}
