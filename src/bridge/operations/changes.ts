// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What an operation did, for its result: the packages whose dpkg status
 * changed between before and after the run ("Installed foo 1.2; removed
 * bar"), and the words of a failing maintainer script, which dpkg passes
 * through on stderr between its own lines.
 */
import type { OperationChange, OperationKind } from "../../protocol/index.js";
import { isInstalledState, type StatusEntry } from "../apt/dpkg-status.js";
import { compareVersions } from "../apt/version.js";

const key = (e: { name: string; architecture: string }) => `${e.name}:${e.architecture}`;

export function statusChanges(
    before: readonly StatusEntry[],
    after: readonly StatusEntry[],
    kind: OperationKind
): OperationChange[] {
    const old = new Map(before.map((e) => [key(e), e]));
    const now = new Map(after.map((e) => [key(e), e]));
    const out: OperationChange[] = [];
    for (const k of new Set([...old.keys(), ...now.keys()])) {
        const a = old.get(k);
        const b = now.get(k);
        const name = (a ?? b)!.name;
        const architecture = (a ?? b)!.architecture;
        const wasInstalled = a !== undefined && isInstalledState(a.state);
        const isInstalled = b !== undefined && isInstalledState(b.state);
        const wasPresent = a !== undefined && a.state !== "not-installed";
        const isPresent = b !== undefined && b.state !== "not-installed";
        const change = (action: OperationChange["action"], oldVersion: string | null, newVersion: string | null) =>
            out.push({ name, architecture, action, oldVersion, newVersion });
        // Left between states (a failing script): not "installed"; the failure says what happened.
        if (b !== undefined && isInstalled && b.state !== "installed") continue;
        if (!wasInstalled && isInstalled && b) {
            change("installed", null, b.version);
        } else if (wasInstalled && !isInstalled && a) {
            change(kind === "purge" && !isPresent ? "purged" : "removed", a.version, null);
        } else if (!wasInstalled && !isInstalled && wasPresent && !isPresent && a) {
            change("purged", a.version, null);
        } else if (wasInstalled && isInstalled && a && b) {
            const cmp = compareVersions(b.version, a.version);
            if (cmp > 0) change("upgraded", a.version, b.version);
            else if (cmp < 0) change("downgraded", a.version, b.version);
            else if (a.state !== b.state && b.state === "installed")
                change(
                    a.flag === "reinstreq" || a.state === "half-installed" ? "reinstalled" : "configured",
                    a.version,
                    b.version
                );
            else if (kind === "repair" && a.flag !== b.flag && b.flag === "ok")
                change("reinstalled", a.version, b.version);
        }
    }
    const order: Record<OperationChange["action"], number> = {
        installed: 0,
        upgraded: 1,
        downgraded: 2,
        reinstalled: 3,
        configured: 4,
        removed: 5,
        purged: 6,
    };
    return out.sort((x, y) => order[x.action] - order[y.action] || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** dpkg's and APT's own lines on stderr; whatever else is there came from a maintainer script. */
const OWN_LINE =
    /^(?:dpkg(?:-deb|-divert|-statoverride|-trigger)?: |[EWN]: |debconf: |Errors were encountered while processing:|Processing was halted because|Extracting templates from packages|Preconfiguring packages|cockpit-apt-bridge: | )/;

/** The last lines (at most 20) a maintainer script wrote to stderr. */
export function scriptOutput(stderr: string): string[] {
    return stderr
        .split("\n")
        .map((l) => l.replace(/\r$/, ""))
        .filter((l) => l.trim() !== "" && !OWN_LINE.test(l))
        .slice(-20);
}
