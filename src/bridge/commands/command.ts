// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * A bridge command: the words that name it ("packages filter") and what it
 * does with the remaining arguments. A command either returns one JSON value
 * (printed by main.ts) or, for streaming operations, writes JSON Lines itself
 * and returns its exit status.
 */
export type CommandResult =
    | { json: unknown; exitCode?: number }
    /** Human-readable output (e.g. `stores validate --text`), for people rather than the page. */
    | { text: string; exitCode: number }
    | { streamed: true; exitCode: number };

export interface Command {
    words: readonly string[];
    /** One line for `--help`. */
    usage: string;
    run(args: string[]): Promise<CommandResult>;
}

export function json(value: unknown, exitCode = 0): CommandResult {
    return { json: value, exitCode };
}
