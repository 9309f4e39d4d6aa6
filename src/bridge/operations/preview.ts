// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `operations preview KIND [NAME...]`: what the change would do, from the
 * same apt-get command run with -s (simulate). Simulation takes no lock and
 * needs no root, so the page can show it before asking for administrative
 * access. Dependency problems are part of the preview (problems[]), not an
 * error: the page shows them instead of a confirm button.
 *
 * Sizes: apt-get -s says nothing about them on Debian 12, so the same command
 * runs with --print-uris beside it (download-size.ts: what is not yet in the
 * archive cache), and the disk space is summed from the Installed-Size of the
 * versions the simulation names (disk-space.ts).
 */
import type { OperationPreview, PreviewKind } from "../../protocol/index.js";
import { AptConfig } from "../apt/config.js";
import { openDatabase } from "../index/database.js";
import { BridgeError } from "../cli/errors.js";
import { operationEnv, simulateArgs, type AptGetKind } from "../apt/apt-get.js";
import { diskSpaceChange } from "./disk-space.js";
import { aptDiskSpaceLine, bytesToFetch, parsePrintedUris, printUrisArgs } from "./download-size.js";
import { checkNames } from "./names.js";
import { runCollect } from "./runner.js";
import { parseSimulation } from "./simulate.js";

export async function previewOperation(kind: PreviewKind, names: readonly string[]): Promise<OperationPreview> {
    const config = AptConfig.load();
    if (names.length > 0) {
        const problem = await checkNames(
            kind === "autoremove" ? "remove" : kind === "full-upgrade" ? "upgrade" : kind,
            names,
            config.findFile("Dir::State::status")
        );
        if (problem) throw new BridgeError(problem.code, problem.message, problem.details);
    }
    const env = operationEnv();
    const printUris = () => runCollect("apt-get", printUrisArgs(kind as AptGetKind, names), env);
    // A change that installs runs both at once (the wall time of one apt-get on two cores); a removal
    // rarely installs anything, so it asks for the URIs only when its simulation says it does.
    const installs = kind === "install" || kind === "upgrade" || kind === "full-upgrade";
    const early = installs ? printUris() : null;
    // Awaited below; this only keeps a failure to start it from being an unhandled rejection meanwhile.
    early?.catch(() => undefined);
    const r = await runCollect("apt-get", simulateArgs(kind as AptGetKind, names), env);
    if (r.exitCode === null) throw new BridgeError("INTERNAL", `apt-get -s was stopped by ${r.signal ?? "a signal"}`);
    const preview = parseSimulation(kind, r.stdout, r.stderr);
    if (r.exitCode !== 0 && preview.problems.length === 0) {
        // apt-get refused without saying why in a form we know: never show an empty, harmless-looking plan.
        preview.problems.push(r.stderr.trim() || `apt-get -s exited with status ${r.exitCode}`);
    }
    if (preview.problems.length > 0) {
        await early;
        return preview;
    }
    const fetches = preview.install.length + preview.upgrade.length + preview.downgrade.length > 0;
    const uris = early ? await early : fetches ? await printUris() : null;
    if (uris && uris.exitCode !== 0) return preview;
    preview.downloadSize = uris
        ? bytesToFetch(parsePrintedUris(uris.stdout), config.findDir("Dir::Cache::archives"))
        : 0;
    preview.diskSpaceChange =
        exactDiskSpace(preview) ?? (uris ? aptDiskSpaceLine(uris.stdout) : null) ?? preview.diskSpaceChange;
    return preview;
}

function exactDiskSpace(preview: OperationPreview): number | null {
    try {
        return diskSpaceChange(openDatabase(), preview);
    } catch {
        // The index could not be opened (a broken list, say): APT's own rounded figure is still there.
        return null;
    }
}
