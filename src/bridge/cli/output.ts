import fs from "node:fs";

/*
 * stdout carries exactly one JSON document (or JSON Lines for operations).
 * Writes are synchronous so that the document is complete before the process
 * exits, even when stdout is a pipe (Cockpit's spawn channel).
 */

function writeAll(text: string): void {
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    while (off < buf.length) {
        try {
            off += fs.writeSync(1, buf, off, buf.length - off);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === "EAGAIN") continue; // non-blocking pipe is full: try again
            if (code === "EPIPE") return; // reader went away (Cockpit closed the channel)
            throw e;
        }
    }
}

export function writeJson(value: unknown): void {
    writeAll(JSON.stringify(value) + "\n");
}

export function writeText(text: string): void {
    writeAll(text.endsWith("\n") ? text : text + "\n");
}

/** One event of a JSON Lines stream. */
export function writeJsonLine(value: unknown): void {
    writeAll(JSON.stringify(value) + "\n");
}
