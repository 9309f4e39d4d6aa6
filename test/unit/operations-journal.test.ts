// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The journal of a detached operation (operations/journal.ts) and what the
 * result says about it (changes.ts, repair.ts parseAudit): the reader holds a
 * partial last line back, the follower ends at the result or, when the runner
 * is gone without one, with null; the "running" slot is claimed once and a
 * dead (or pid-reused) holder does not keep it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OperationStreamEvent } from "../../src/protocol/index.js";
import { parseStatus } from "../../src/bridge/apt/dpkg-status.js";
import { scriptOutput, statusChanges } from "../../src/bridge/operations/changes.js";
import {
    claimRunning,
    followJournal,
    isOperationId,
    newOperationId,
    parseJournal,
    processRef,
    pruneJournals,
    readRunning,
    releaseRunning,
    summarize,
    writeMeta,
} from "../../src/bridge/operations/journal.js";
import { parseAudit } from "../../src/bridge/operations/repair.js";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-journal-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const line = (e: OperationStreamEvent) => JSON.stringify(e) + "\n";
const progress = (phase: "download" | "install", percent: number): OperationStreamEvent => ({
    type: "progress",
    phase,
    package: "foo",
    percent,
    message: "m",
});
const result: OperationStreamEvent = { type: "result", ok: true, operation: "install", exitCode: 0 };

describe("parseJournal", () => {
    it("returns the complete lines and holds back a partial last line", () => {
        const text = line(progress("download", 10)) + line(progress("install", 50)) + '{"type":"log","str';
        const { events, rest } = parseJournal(text);
        expect(events.map((e) => e.type)).toEqual(["progress", "progress"]);
        expect(rest).toBe('{"type":"log","str');
        // a torn line in the middle (a crash while writing) is skipped, not fatal
        expect(parseJournal('{"type":"pro\n' + line(result)).events).toEqual([result]);
    });
    it("summarizes: last progress, the result, and whether dpkg started", () => {
        const s = summarize(parseJournal(line(progress("download", 10)) + line(progress("install", 50))).events);
        expect(s).toMatchObject({ result: null, dpkgStarted: true, progress: { phase: "install", percent: 50 } });
        expect(summarize(parseJournal(line(progress("download", 10))).events).dpkgStarted).toBe(false);
    });
});

describe("followJournal", () => {
    it("delivers whole lines as they are written, a line split across writes once it is finished, and ends at the result", async () => {
        const file = path.join(dir, "op.jsonl");
        fs.writeFileSync(file, "");
        const seen: string[] = [];
        const whole = line(progress("install", 40));
        const following = followJournal(file, { line: (text) => seen.push(text), alive: () => true, intervalMs: 10 });
        fs.appendFileSync(file, line(progress("download", 5)) + whole.slice(0, 20));
        await new Promise((r) => setTimeout(r, 60));
        expect(seen).toEqual([line(progress("download", 5)).trimEnd()]);
        fs.appendFileSync(file, whole.slice(20) + line(result) + line(progress("install", 99)));
        const r = await following;
        expect(r).toEqual(result);
        // nothing after the result is printed
        expect(seen.map((s) => JSON.parse(s).type)).toEqual(["progress", "progress", "result"]);
    });
    it("a journal without result whose runner is gone ends with null, after every complete line", async () => {
        const file = path.join(dir, "op.jsonl");
        fs.writeFileSync(
            file,
            line(progress("download", 5)) + line(progress("install", 30)) + '{"type":"log","stream":"std'
        );
        const seen: OperationStreamEvent[] = [];
        const r = await followJournal(file, { line: (_t, e) => seen.push(e), alive: () => false, intervalMs: 10 });
        expect(r).toBeNull();
        expect(seen.map((e) => e.type)).toEqual(["progress", "progress"]);
    });
    it("waits for a journal that does not exist yet", async () => {
        const file = path.join(dir, "later.jsonl");
        let alive = true;
        const following = followJournal(file, { line: () => undefined, alive: () => alive, intervalMs: 10 });
        await new Promise((r) => setTimeout(r, 40));
        fs.writeFileSync(file, line(result));
        expect(await following).toEqual(result);
        alive = false;
    });
});

describe("the running slot", () => {
    it("is claimed once; a live holder is named; a dead or pid-reused holder is replaced", () => {
        const me = processRef(process.pid)!;
        const a = newOperationId();
        const b = newOperationId();
        expect(isOperationId(a)).toBe(true);
        expect(claimRunning(dir, a, me)).toBeNull();
        expect(claimRunning(dir, b, me)).toMatchObject({ id: a, pid: process.pid });
        releaseRunning(dir, b); // not its slot: nothing happens
        expect(readRunning(dir)?.id).toBe(a);
        // the same pid with another start time: a reused pid, not the holder
        fs.writeFileSync(path.join(dir, "running"), JSON.stringify({ id: a, pid: process.pid, start: "1" }));
        expect(claimRunning(dir, b, me)).toBeNull();
        expect(readRunning(dir)?.id).toBe(b);
        releaseRunning(dir, b);
        expect(readRunning(dir)).toBeNull();
    });
    it("old journals are pruned, the running one never", () => {
        const ids = Array.from({ length: 5 }, (_, i) => `2026112${i}T000000Z-0000000${i}`);
        for (const id of ids) {
            writeMeta(dir, { id, kind: "install", names: ["x"], startedAt: "", finishedAt: null });
            fs.writeFileSync(path.join(dir, `${id}.jsonl`), "");
        }
        fs.writeFileSync(path.join(dir, "running"), JSON.stringify({ id: ids[0], ...processRef(process.pid)! }));
        pruneJournals(dir, 2);
        expect(
            fs
                .readdirSync(dir)
                .filter((f) => f.endsWith(".json"))
                .sort()
        ).toEqual([ids[0], ids[3], ids[4]].map((i) => `${i}.json`));
    });
});

describe("what an operation changed", () => {
    const st = (text: string) => parseStatus(text);
    const stanza = (name: string, status: string, version: string) =>
        `Package: ${name}\nStatus: ${status}\nArchitecture: all\nVersion: ${version}\n`;
    it("compares dpkg's status before and after", () => {
        const before = st(
            [
                stanza("up", "install ok installed", "1.0"),
                stanza("gone", "install ok installed", "2.0"),
                stanza("cfg", "install ok installed", "1"),
                stanza("broken", "install reinstreq half-installed", "3"),
            ].join("\n")
        );
        const after = st(
            [
                stanza("up", "install ok installed", "1.1"),
                stanza("new", "install ok installed", "0.5"),
                stanza("cfg", "deinstall ok config-files", "1"),
                stanza("broken", "install ok installed", "3"),
            ].join("\n")
        );
        expect(
            statusChanges(before, after, "upgrade").map((c) => [c.action, c.name, c.oldVersion, c.newVersion])
        ).toEqual([
            ["installed", "new", null, "0.5"],
            ["upgraded", "up", "1.0", "1.1"],
            ["reinstalled", "broken", "3", "3"],
            ["removed", "cfg", "1", null],
            ["removed", "gone", "2.0", null],
        ]);
        expect(statusChanges(before, after, "purge").find((c) => c.name === "gone")?.action).toBe("purged");
        // a package whose postinst failed is not "installed"
        expect(statusChanges([], st(stanza("bad", "install ok half-configured", "1")), "install")).toEqual([]);
    });
    it("keeps a maintainer script's lines, not dpkg's or APT's own", () => {
        const stderr = [
            "bad postinst: cannot start the frobnicator",
            "dpkg: error processing package bad (--configure):",
            " installed bad package post-installation script subprocess returned error exit status 3",
            "Errors were encountered while processing:",
            " bad",
            "E: Sub-process /usr/bin/dpkg returned an error code (1)",
        ].join("\n");
        expect(scriptOutput(stderr)).toEqual(["bad postinst: cannot start the frobnicator"]);
    });
    it("parses dpkg --audit: each package with dpkg's reason", () => {
        const text = [
            "The following packages are in a mess due to serious problems during",
            "installation.  They must be reinstalled for them (and any packages",
            "that depend on them) to function properly:",
            " oom                  an example",
            "",
            "The following packages are only half configured, probably due to problems",
            "configuring them the first time.  The configuration should be retried using",
            "dpkg --configure <package> or the configure menu option in dselect:",
            " bad                  another",
            "",
        ].join("\n");
        const audit = parseAudit(text);
        expect(audit.map((a) => a.name)).toEqual(["oom", "bad"]);
        expect(audit[0]!.reason).toMatch(/^The following packages are in a mess .* must be reinstalled/);
        expect(audit[1]!.reason).toMatch(/only half configured/);
        expect(parseAudit("")).toEqual([]);
    });
});
