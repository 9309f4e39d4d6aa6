/*
 * `operations preview KIND [NAME...]`: what the change would do, from the
 * same apt-get command run with -s (simulate). Simulation takes no lock and
 * needs no root, so the page can show it before asking for administrative
 * access. Dependency problems are part of the preview (problems[]), not an
 * error: the page shows them instead of a confirm button.
 */
import type { OperationPreview } from "../../protocol/index.js";
import { AptConfig } from "../apt/config.js";
import { BridgeError } from "../cli/errors.js";
import { operationEnv, simulateArgs, type AptGetKind } from "./apt-get.js";
import { checkNames } from "./names.js";
import { runCollect } from "./runner.js";
import { parseSimulation } from "./simulate.js";

export type PreviewKind = "install" | "remove" | "purge" | "upgrade" | "full-upgrade";

export async function previewOperation(kind: PreviewKind, names: readonly string[]): Promise<OperationPreview> {
    if (names.length > 0) {
        const statusFile = AptConfig.load().findFile("Dir::State::status");
        const problem = await checkNames(kind === "full-upgrade" ? "upgrade" : kind, names, statusFile);
        if (problem) throw new BridgeError(problem.code, problem.message, problem.details);
    }
    const r = await runCollect("apt-get", simulateArgs(kind as AptGetKind, names), operationEnv());
    if (r.exitCode === null) throw new BridgeError("INTERNAL", `apt-get -s was stopped by ${r.signal ?? "a signal"}`);
    const preview = parseSimulation(kind, r.stdout, r.stderr);
    if (r.exitCode !== 0 && preview.problems.length === 0) {
        // apt-get refused without saying why in a form we know: never show an empty, harmless-looking plan.
        preview.problems.push(r.stderr.trim() || `apt-get -s exited with status ${r.exitCode}`);
    }
    return preview;
}
