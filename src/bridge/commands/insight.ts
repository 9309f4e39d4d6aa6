// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Package insight: `packages dependencies|rdepends|files|changelog NAME`.
 * Each takes exactly one validated package name ("name" or "name:arch").
 */
import { parseArgs, validatePackageName } from "../cli/args.js";
import { BridgeError } from "../cli/errors.js";
import { openDatabase } from "../index/database.js";
import { candidateChangelog } from "../query/candidate-changelog.js";
import { packageDependencies } from "../query/dependencies.js";
import { packageChangelog, packageFiles } from "../query/installed-files.js";
import { reverseDependencies } from "../query/rdepends.js";
import { json, type Command } from "./command.js";

function oneName(args: string[], command: string): string {
    const parsed = parseArgs(args, {}, 1);
    const name = parsed.positionals[0];
    if (name === undefined) throw new BridgeError("USAGE", `packages ${command} needs a package name`);
    return validatePackageName(name);
}

export const insightCommands: readonly Command[] = [
    {
        words: ["packages", "dependencies"],
        usage: "NAME   (relations of the candidate, each target installed/available/virtual/missing)",
        async run(args) {
            const name = oneName(args, "dependencies");
            return json(packageDependencies(openDatabase(), name));
        },
    },
    {
        words: ["packages", "rdepends"],
        usage: "NAME   (installed and available packages that name it, also through Provides)",
        async run(args) {
            const name = oneName(args, "rdepends");
            return json(reverseDependencies(openDatabase(), name));
        },
    },
    {
        words: ["packages", "files"],
        usage: "NAME   (files of an installed package, from dpkg's database)",
        async run(args) {
            const name = oneName(args, "files");
            return json(packageFiles(openDatabase(), name));
        },
    },
    {
        words: ["packages", "changelog"],
        usage: "NAME [--candidate]   (the installed changelog from /usr/share/doc; --candidate: what's new in the version an upgrade installs, from apt-get changelog: needs the network)",
        async run(args) {
            const parsed = parseArgs(args, { candidate: "flag" }, 1);
            const given = parsed.positionals[0];
            if (given === undefined) throw new BridgeError("USAGE", "packages changelog needs a package name");
            const name = validatePackageName(given);
            if (parsed.options.has("candidate")) return json(await candidateChangelog(openDatabase(), name));
            return json(await packageChangelog(openDatabase(), name));
        },
    },
];
