// SPDX-License-Identifier: LGPL-2.1-or-later
/** Runs the built bridge (dist/cockpit-apt-bridge.js) as Cockpit would: one process, JSON on stdout. */
import { execFile } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BRIDGE = path.join(ROOT, "dist/cockpit-apt-bridge.js");

export interface BridgeResult<T = unknown> {
    status: number;
    stdout: string;
    stderr: string;
    json: T;
}

export function runBridge<T = unknown>(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<BridgeResult<T>> {
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [BRIDGE, ...args],
            { env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" },
            (error, stdout, stderr) => {
                const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                let json: T;
                try {
                    json = JSON.parse(stdout) as T;
                } catch {
                    reject(
                        new Error(
                            `bridge ${args.join(" ")} printed no JSON (status ${status}): ${stdout.slice(0, 500)} ${stderr.slice(0, 2000)}`
                        )
                    );
                    return;
                }
                resolve({ status, stdout, stderr, json });
            }
        );
    });
}
