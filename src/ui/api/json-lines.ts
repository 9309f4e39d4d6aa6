// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Splits a stream of text chunks into JSON Lines. Chunks from cockpit.spawn's
 * .stream() end anywhere (in the middle of a line, even of a UTF-8 character's
 * JSON escape), so the partial last line is kept until its newline arrives.
 */
export class JsonLinesParser<T> {
    private partial = "";
    /** Lines that were not valid JSON (the bridge should never print them; kept for the log). */
    readonly garbage: string[] = [];

    /** Feed a chunk; returns the complete objects it finished. */
    push(chunk: string): T[] {
        const text = this.partial + chunk;
        const lines = text.split("\n");
        this.partial = lines.pop() ?? "";
        return this.parse(lines);
    }

    /** End of stream: a last line without newline still counts. */
    flush(): T[] {
        const rest = this.partial;
        this.partial = "";
        return this.parse([rest]);
    }

    private parse(lines: string[]): T[] {
        const out: T[] = [];
        for (const raw of lines) {
            const line = raw.trim();
            if (line === "") continue;
            try {
                out.push(JSON.parse(line) as T);
            } catch {
                this.garbage.push(line);
            }
        }
        return out;
    }
}
