// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cockpit-apt-bridge: the stateless backend of the Cockpit APT page.
 * One process per request: `cockpit-apt-bridge <command words> [options]`,
 * one JSON document on stdout (JSON Lines for operations), nothing else there.
 * Diagnostics, if any, go to stderr.
 */
import { BridgeError, errorResponse } from "./cli/errors.js";
import { writeJson, writeText } from "./cli/output.js";
import { standbyRequest } from "./cli/standby.js";
import { commands } from "./commands/index.js";
import type { Command } from "./commands/command.js";
import { trace } from "./trace.js";
import { CacheDamagedError, VERIFY_ALL_ENV } from "./verified-file.js";
import { childProcess } from "./lazy-modules.js";

/** package.json's version, defined by build.mjs; "dev" when run from the sources (tests). */
declare const __COCKPIT_APT_VERSION__: string | undefined;
const VERSION = typeof __COCKPIT_APT_VERSION__ === "string" ? __COCKPIT_APT_VERSION__ : "dev";

function usageText(): string {
    return [
        "usage: cockpit-apt-bridge <command> [options]",
        "       cockpit-apt-bridge --help | --version",
        "       cockpit-apt-bridge standby < JSON argument vector (one of the read commands; for the page)",
        "",
        "Prints one JSON document on stdout (JSON Lines for operations).",
        "",
        "commands:",
        ...commands.map((c) => `  ${c.words.join(" ")} ${c.usage}`),
    ].join("\n");
}

/** The command argv names: the longest whose words it starts with. */
function findCommand(argv: string[]): { command: Command; rest: string[] } {
    let best: Command | undefined;
    for (const c of commands) {
        if (c.words.every((w, i) => argv[i] === w) && (!best || c.words.length > best.words.length)) best = c;
    }
    if (!best) {
        const given = argv.slice(0, 2).join(" ").slice(0, 100);
        throw new BridgeError("USAGE", argv.length ? `Unknown command: ${given}` : "No command given", {
            commands: commands.map((c) => c.words.join(" ")),
        });
    }
    return { command: best, rest: argv.slice(best.words.length) };
}

/**
 * The same request again, in a new process that checks every cache file whole
 * before using it (verified-file.ts VERIFY_ALL_ENV): a damaged one has been
 * removed (or, root's read by another user, is passed by) and is built anew.
 * Nothing is on stdout yet: cache reads are checked before output starts.
 */
function startAgain(argv: string[], e: CacheDamagedError): number {
    process.stderr.write(`cockpit-apt-bridge: ${e.message}: answering without it\n`);
    const r = childProcess().spawnSync(process.execPath, [...process.execArgv, process.argv[1] as string, ...argv], {
        stdio: "inherit",
        env: { ...process.env, [VERIFY_ALL_ENV]: "1" },
    });
    return r.status ?? 1;
}

async function main(given: string[]): Promise<number> {
    let argv = given;
    // Asked-for help is the output (stdout, so `--help | less` shows it); a usage error is still JSON.
    if (argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
        writeText(usageText());
        return 0;
    }
    if (argv[0] === "--version") {
        writeText(`cockpit-apt-bridge ${VERSION}`);
        return 0;
    }
    try {
        if (given[0] === "standby") {
            const request = await standbyRequest(given.slice(1));
            if (request === null) return 0; // let go unused: nothing to say
            argv = request;
            trace("standby: request read");
        }
        const { command, rest } = findCommand(argv);
        trace("command loaded");
        const result = await command.run(rest);
        trace("command run");
        if ("streamed" in result) return result.exitCode;
        if ("text" in result) {
            writeText(result.text);
            return result.exitCode;
        }
        writeJson(result.json);
        trace("written");
        return result.exitCode ?? 0;
    } catch (e) {
        if (e instanceof CacheDamagedError && !process.env[VERIFY_ALL_ENV]) return startAgain(argv, e);
        const { body, status } = errorResponse(e);
        writeJson(body);
        return status;
    }
}

main(process.argv.slice(2)).then(
    (status) => {
        process.exitCode = status;
    },
    (e: unknown) => {
        process.stderr.write(`cockpit-apt-bridge: ${String(e)}\n`);
        process.exitCode = 1;
    }
);
