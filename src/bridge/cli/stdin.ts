// SPDX-License-Identifier: LGPL-2.1-or-later
/* Standard input as text, for the commands the page sends a document to (never a file name). */
import fs from "node:fs";
import { BridgeError } from "./errors.js";

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
            throw new BridgeError("USAGE", `Cannot read ${what} from standard input: ${code ?? String(e)}`);
        }
        if (n === 0) break;
        total += n;
        if (total > maxBytes)
            throw new BridgeError("INVALID_ARGUMENT", `${what} is larger than ${maxBytes} bytes`, { maxBytes });
        chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
}
