// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Standard input as text, for the commands the page sends a document to (never a file name):
 * read at once (readStdin), or waited for (readStdinWithin: a `standby` process).
 */
import fs from "node:fs";
import { BridgeError } from "./errors.js";

const tooLarge = (what: string, maxBytes: number) =>
    new BridgeError("INVALID_ARGUMENT", `${what} is larger than ${maxBytes} bytes`, { maxBytes });
/** (`what` starts a sentence elsewhere: "The definition is larger than ...".) */
const unreadable = (what: string, code: string) =>
    new BridgeError(
        "USAGE",
        `Cannot read ${what.charAt(0).toLowerCase()}${what.slice(1)} from standard input: ${code}`
    );

/** All of standard input as UTF-8, at most `maxBytes` (INVALID_ARGUMENT beyond); `what` names it in errors. */
export function readStdin(maxBytes: number, what: string): string {
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
        let n: number;
        try {
            n = fs.readSync(0, buf, 0, buf.length, null);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === "EAGAIN") continue;
            if (code === "EOF") break;
            throw unreadable(what, code ?? String(e));
        }
        if (n === 0) break;
        total += n;
        if (total > maxBytes) throw tooLarge(what, maxBytes);
        chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
}

/**
 * All of standard input as UTF-8 once it ends, as readStdin; null when nothing came within `ms`
 * or it ended empty. Waits without blocking, so that the timer can end the wait.
 */
export function readStdinWithin(maxBytes: number, what: string, ms: number): Promise<string | null> {
    return new Promise((resolve, reject) => {
        const stdin = process.stdin;
        const chunks: Buffer[] = [];
        let total = 0;
        const finish = (outcome: () => void) => {
            clearTimeout(timer);
            stdin.removeAllListeners("data").removeAllListeners("end").removeAllListeners("error");
            stdin.destroy(); // (a pipe left open would keep the process alive)
            outcome();
        };
        const timer = setTimeout(() => finish(() => resolve(null)), ms);
        stdin.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > maxBytes) finish(() => reject(tooLarge(what, maxBytes)));
            else chunks.push(chunk);
        });
        stdin.on("end", () => finish(() => resolve(total === 0 ? null : Buffer.concat(chunks).toString("utf8"))));
        stdin.on("error", (e: NodeJS.ErrnoException) => finish(() => reject(unreadable(what, e.code ?? e.message))));
    });
}
