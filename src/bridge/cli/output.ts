// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";

/*
 * stdout carries exactly one JSON document (or JSON Lines for operations).
 * Writes are synchronous so that the document is complete before the process
 * exits, even when stdout is a pipe (Cockpit's spawn channel).
 *
 * A page of 1,000 packages is ~450 KB of JSON. Made as one string and then
 * one Buffer, it is 1.4 MB of fresh memory (the string is UTF-16 as soon as
 * one summary has a non-Latin-1 character), and on a small virtual machine
 * touching a fresh page costs ~14 us: ~5 ms, more than making the JSON. So
 * a document is written as it is made, piece by piece, through one reused
 * 64 KiB buffer; a package list copies its rows' JSON from the index cache
 * into that buffer (JsonWritable, PackageTable.writeSummaries).
 */

const CHUNK = 64 * 1024;

/** JSON text written through one buffer to a sink (stdout, or a test's list). */
export class JsonWriter {
    private readonly buf = Buffer.allocUnsafe(CHUNK);
    private used = 0;

    constructor(private readonly sink: (bytes: Buffer) => void) {}

    /** Appends JSON text as it is. */
    put(text: string): void {
        // UTF-8 takes at most 3 bytes per UTF-16 unit
        if (this.used + text.length * 3 > CHUNK) {
            this.flush();
            if (text.length * 3 > CHUNK) {
                this.sink(Buffer.from(text, "utf8"));
                return;
            }
        }
        this.used += this.buf.write(text, this.used, "utf8");
    }

    /** Appends bytes [start, end) of `bytes` (JSON text) as they are, after a comma when `comma`. */
    putBytes(bytes: Buffer, start = 0, end = bytes.length, comma = false): void {
        const n = end - start + (comma ? 1 : 0);
        if (this.used + n > CHUNK) {
            this.flush();
            if (n > CHUNK) {
                if (comma) this.sink(Buffer.from(","));
                this.sink(Buffer.from(bytes.subarray(start, end)));
                return;
            }
        }
        if (comma) this.buf[this.used++] = 0x2c;
        // Buffer.copy: no view object per call (a list puts two pieces per row)
        this.used += bytes.copy(this.buf, this.used, start, end);
    }

    flush(): void {
        if (this.used > 0) this.sink(this.buf.subarray(0, this.used));
        this.used = 0;
    }
}

/** A value that writes its own JSON (what JSON.stringify would make of toJSON()), without building it. */
export const WRITE_JSON: unique symbol = Symbol("writeJson");

export interface JsonWritable<T = unknown> {
    [WRITE_JSON](w: JsonWriter): void;
    toJSON(): T;
}

function isWritable(v: unknown): v is JsonWritable {
    return typeof v === "object" && v !== null && WRITE_JSON in v;
}

function writeAll(fd: number, buf: Buffer): void {
    let off = 0;
    while (off < buf.length) {
        try {
            off += fs.writeSync(fd, buf, off, buf.length - off);
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === "EAGAIN") continue; // non-blocking pipe is full: try again
            if (code === "EPIPE") return; // reader went away (Cockpit closed the channel)
            throw e;
        }
    }
}

/** Whether JSON.stringify leaves this property out of an object. */
const omitted = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";

/**
 * Writes exactly what JSON.stringify(value) makes, in pieces: the top-level
 * object's members one by one, the elements of arrays at the top two levels
 * (a response's package list) one by one, and JsonWritable values by
 * themselves.
 */
export function streamJson(value: unknown, w: JsonWriter, depth = 0): void {
    if (depth < 3 && isWritable(value)) {
        value[WRITE_JSON](w);
        return;
    }
    if (depth < 2 && Array.isArray(value)) {
        w.put("[");
        value.forEach((v: unknown, i) => {
            if (i > 0) w.put(",");
            if (omitted(v)) w.put("null");
            else streamJson(v, w, depth + 1);
        });
        w.put("]");
        return;
    }
    if (
        depth < 1 &&
        value !== null &&
        typeof value === "object" &&
        typeof (value as { toJSON?: unknown }).toJSON !== "function"
    ) {
        w.put("{");
        let first = true;
        for (const [k, v] of Object.entries(value)) {
            if (omitted(v)) continue;
            w.put(`${first ? "" : ","}${JSON.stringify(k)}:`);
            first = false;
            streamJson(v, w, depth + 1);
        }
        w.put("}");
        return;
    }
    w.put(JSON.stringify(value) ?? "null");
}

export function writeJson(value: unknown): void {
    writeJsonTo(1, value);
}

/** writeJson to another descriptor (the tests' files). */
export function writeJsonTo(fd: number, value: unknown): void {
    const w = new JsonWriter((bytes) => writeAll(fd, bytes));
    streamJson(value, w);
    w.put("\n");
    w.flush();
}

export function writeText(text: string): void {
    writeAll(1, Buffer.from(text.endsWith("\n") ? text : text + "\n", "utf8"));
}

/** One event of a JSON Lines stream. */
export function writeJsonLine(value: unknown): void {
    writeAll(1, Buffer.from(JSON.stringify(value) + "\n", "utf8"));
}
