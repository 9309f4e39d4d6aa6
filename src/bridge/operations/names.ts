// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Checks the names of an operation against what APT and dpkg know, before
 * apt-get sees them. Syntax is already validated (validatePackageName); this
 * is about meaning: apt-get reads a name it does not know as a pattern
 * ("foo-" removes foo, "foo+" installs it, "lib.c" is a regular expression
 * matching many packages). Only an exact, known name is passed on.
 */
import type { ErrorCode } from "../../protocol/index.js";
import { isInstalledState, readStatus } from "../apt/dpkg-status.js";
import { operationEnv } from "../apt/apt-get.js";
import { runCollect } from "./runner.js";

export interface NameProblem {
    code: ErrorCode;
    message: string;
    details: Record<string, unknown>;
}

function split(name: string): { pkg: string; arch: string | null } {
    const colon = name.indexOf(":");
    return colon >= 0 ? { pkg: name.slice(0, colon), arch: name.slice(colon + 1) } : { pkg: name, arch: null };
}

/** Package names APT has versions for (`apt-cache pkgnames PREFIX` lists real packages only, by prefix, no patterns). */
async function knownToApt(name: string): Promise<boolean> {
    const { pkg, arch } = split(name);
    const r = await runCollect("apt-cache", ["pkgnames", "--", pkg], operationEnv());
    if (r.exitCode !== 0) return false;
    const names = new Set(r.stdout.split("\n"));
    return names.has(pkg) || (arch !== null && names.has(`${pkg}:${arch}`));
}

export async function checkNames(
    kind: "install" | "remove" | "purge" | "upgrade",
    names: readonly string[],
    statusFile: string
): Promise<NameProblem | null> {
    const status = readStatus(statusFile);
    const state = (name: string): string | null => {
        const { pkg, arch } = split(name);
        const e = status.find(
            (s) => s.name === pkg && (arch === null || s.architecture === arch || s.architecture === "all")
        );
        return e ? e.state : null;
    };
    for (const name of names) {
        const st = state(name);
        if (kind === "remove" || kind === "purge" || kind === "upgrade") {
            const present = st !== null && (isInstalledState(st) || (kind === "purge" && st === "config-files"));
            if (!present) {
                if (st !== null || (await knownToApt(name))) {
                    return {
                        code: "PACKAGE_NOT_INSTALLED",
                        message: `Package ${name} is not installed`,
                        details: { name },
                    };
                }
                return { code: "PACKAGE_NOT_FOUND", message: `Package ${name} was not found`, details: { name } };
            }
            continue;
        }
        if (!(await knownToApt(name))) {
            return {
                code: "PACKAGE_NOT_FOUND",
                message: `Package ${name} was not found in the package lists`,
                details: { name },
            };
        }
    }
    return null;
}
