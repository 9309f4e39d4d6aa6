// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { historyFiles } from "../../src/bridge/history/files.js";
import { entriesNewerThan } from "../../src/bridge/query/candidate-changelog.js";
import { listHistory } from "../../src/bridge/history/list.js";
import {
    isUnattendedUpgrade,
    localDateToIso,
    parseHistoryLog,
    parsePackageList,
} from "../../src/bridge/history/parse.js";

const savedTz = process.env.TZ;
afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
});

const LOG = `
Start-Date: 2026-11-28  09:00:01
Commandline: apt-get install nginx
Requested-By: alice (1000)
Install: nginx:amd64 (1.22.1-9), libnginx-mod-http-geoip:amd64 (1.22.1-9, automatic)
Upgrade: curl:amd64 (7.88.1-10, 7.88.1-10+deb12u5), libc6:i386 (2.36-9, 2.36-9+deb12u4)
End-Date: 2026-11-28  09:00:20

Start-Date: 2026-11-28  10:00:00
Commandline: /usr/bin/unattended-upgrade
Upgrade: openssl:amd64 (3.0.11-1~deb12u1, 3.0.11-1~deb12u2)
End-Date: 2026-11-28  10:00:09

this line is garbage
Install: stray:amd64 (1.0)

Start-Date: 2026-11-28  11:00:00
Downgrade: tool:amd64 (2.0, 1:1.0)
Reinstall: bash:amd64 (5.2.15-2+b2)
Remove: vim:amd64 (2:9.0.1378-2)
Purge: oldconf:amd64 (1.0)
Error: Sub-process /usr/bin/dpkg returned an error code (1)
End-Date: 2026-11-28  11:00:05

Start-Date: not a date
Install: lost:amd64 (1.0)
End-Date: 2026-11-28  11:30:00

Start-Date: 2026-11-28  12:00:00
Commandline: apt-get install big
Install: big:amd64 (1.0), half:amd64 (2.`;

describe("history log parser", () => {
    it("reads every field of APT's entries, oldest first, skipping garbage", () => {
        process.env.TZ = "UTC";
        const e = parseHistoryLog(LOG);
        expect(e.map((x) => x.start)).toEqual([
            "2026-11-28T09:00:01+00:00",
            "2026-11-28T10:00:00+00:00",
            "2026-11-28T11:00:00+00:00",
            "2026-11-28T12:00:00+00:00",
        ]);
        expect(e[0]).toEqual({
            start: "2026-11-28T09:00:01+00:00",
            end: "2026-11-28T09:00:20+00:00",
            commandLine: "apt-get install nginx",
            requestedBy: "alice",
            requestedByUid: 1000,
            automatic: false,
            error: null,
            packages: [
                {
                    name: "nginx",
                    architecture: "amd64",
                    action: "install",
                    version: "1.22.1-9",
                    oldVersion: null,
                    automatic: false,
                },
                {
                    name: "libnginx-mod-http-geoip",
                    architecture: "amd64",
                    action: "install",
                    version: "1.22.1-9",
                    oldVersion: null,
                    automatic: true,
                },
                {
                    name: "curl",
                    architecture: "amd64",
                    action: "upgrade",
                    version: "7.88.1-10+deb12u5",
                    oldVersion: "7.88.1-10",
                    automatic: false,
                },
                {
                    name: "libc6",
                    architecture: "i386",
                    action: "upgrade",
                    version: "2.36-9+deb12u4",
                    oldVersion: "2.36-9",
                    automatic: false,
                },
            ],
        });
        expect(e[1]).toMatchObject({ commandLine: "/usr/bin/unattended-upgrade", requestedBy: null, automatic: true });
        expect(e[2]).toMatchObject({
            commandLine: null,
            error: "Sub-process /usr/bin/dpkg returned an error code (1)",
        });
        expect(e[2]!.packages.map((p) => [p.action, p.name, p.oldVersion, p.version])).toEqual([
            ["downgrade", "tool", "2.0", "1:1.0"],
            ["reinstall", "bash", null, "5.2.15-2+b2"],
            ["remove", "vim", null, "2:9.0.1378-2"],
            ["purge", "oldconf", null, "1.0"],
        ]);
        // the last entry is still being written: no End-Date, its cut-off package left out
        expect(e[3]).toMatchObject({ end: null, commandLine: "apt-get install big" });
        expect(e[3]!.packages.map((p) => p.name)).toEqual(["big"]);
        // the stray Install line outside an entry, and the entry without a readable start, are gone
        expect(e.flatMap((x) => x.packages).map((p) => p.name)).not.toContain("stray");
        expect(e.flatMap((x) => x.packages).map((p) => p.name)).not.toContain("lost");
    });

    it("survives empty, binary and CRLF input", () => {
        expect(parseHistoryLog("")).toEqual([]);
        expect(parseHistoryLog("\u0000\u0001: \u0002\n: :\nStart-Date:\n")).toEqual([]);
        process.env.TZ = "UTC";
        const crlf = parseHistoryLog(
            "Start-Date: 2026-01-02  03:04:05\r\nInstall: a:amd64 (1)\r\nEnd-Date: 2026-01-02  03:04:06\r\n"
        );
        expect(crlf).toEqual([
            expect.objectContaining({
                end: "2026-01-02T03:04:06+00:00",
                packages: [expect.objectContaining({ name: "a", version: "1" })],
            }),
        ]);
    });

    it("writes APT's local times with the host's offset at that date (summer and winter time)", () => {
        process.env.TZ = "Europe/Helsinki";
        expect(localDateToIso("2026-07-01  12:00:00")).toBe("2026-07-01T12:00:00+03:00");
        expect(localDateToIso("2026-01-01  12:00:00")).toBe("2026-01-01T12:00:00+02:00");
        process.env.TZ = "America/St_Johns";
        expect(localDateToIso("2026-01-01  00:00:00")).toBe("2026-01-01T00:00:00-03:30");
        expect(localDateToIso("2026-13-01  00:00:00")).toBeNull();
        expect(localDateToIso("yesterday")).toBeNull();
    });

    it("reads package lists, and knows unattended-upgrades by its program", () => {
        expect(parsePackageList("install", "a:amd64 (1.0, automatic), b (2.0)")).toEqual([
            { name: "a", architecture: "amd64", action: "install", version: "1.0", oldVersion: null, automatic: true },
            { name: "b", architecture: "", action: "install", version: "2.0", oldVersion: null, automatic: false },
        ]);
        expect(parsePackageList("upgrade", "x:arm64 (1.0)")).toEqual([
            { name: "x", architecture: "arm64", action: "upgrade", version: "1.0", oldVersion: null, automatic: false },
        ]);
        expect(isUnattendedUpgrade("/usr/bin/unattended-upgrade")).toBe(true);
        expect(isUnattendedUpgrade("/usr/bin/unattended-upgrade --verbose")).toBe(true);
        expect(isUnattendedUpgrade("apt-get install unattended-upgrades")).toBe(false);
        expect(isUnattendedUpgrade(null)).toBe(false);
    });
});

describe("history files", () => {
    let dir = "";
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const entry = (day: number, name: string) =>
        `Start-Date: 2026-11-${String(day).padStart(2, "0")}  10:00:00\nCommandline: apt-get install ${name}\nInstall: ${name}:amd64 (1.0)\nEnd-Date: 2026-11-${String(day).padStart(2, "0")}  10:00:01\n\n`;

    it("orders the live log and its rotations newest first, gunzips, skips a corrupt file, pages and filters", () => {
        process.env.TZ = "UTC";
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "apt-history-"));
        const log = path.join(dir, "history.log");
        fs.writeFileSync(log, entry(20, "e") + entry(21, "f"));
        fs.writeFileSync(`${log}.1`, entry(15, "c") + entry(16, "d"));
        fs.writeFileSync(`${log}.2.gz`, zlib.gzipSync(entry(10, "b")));
        fs.writeFileSync(`${log}.10.gz`, zlib.gzipSync(entry(1, "a")));
        fs.writeFileSync(`${log}.3.gz`, "not gzip at all");
        fs.writeFileSync(path.join(dir, "term.log"), "not history");
        expect(historyFiles(log).map((f) => path.basename(f.path))).toEqual([
            "history.log",
            "history.log.1",
            "history.log.2.gz",
            "history.log.3.gz",
            "history.log.10.gz",
        ]);
        const all = listHistory(log, { limit: 100, offset: 0 });
        expect(all.total).toBe(6);
        expect(all.entries.map((e) => e.packages[0]!.name)).toEqual(["f", "e", "d", "c", "b", "a"]);
        const page = listHistory(log, { limit: 2, offset: 3 });
        expect(page).toMatchObject({ total: 6, offset: 3, limit: 2 });
        expect(page.entries.map((e) => e.packages[0]!.name)).toEqual(["c", "b"]);
        expect(listHistory(log, { limit: 10, offset: 0, package: "b" }).entries.map((e) => e.start)).toEqual([
            "2026-11-10T10:00:00+00:00",
        ]);
        expect(listHistory(log, { limit: 10, offset: 0, package: "b:i386" }).total).toBe(0);
        expect(listHistory(path.join(dir, "missing", "history.log"), { limit: 10, offset: 0 })).toMatchObject({
            entries: [],
            total: 0,
        });
    });

    it("dateext rotations come after the numbered ones, newest date first", () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "apt-history-"));
        const log = path.join(dir, "history.log");
        for (const f of ["history.log", "history.log-20261001.gz", "history.log-20261101.gz"])
            fs.writeFileSync(path.join(dir, f), "");
        expect(historyFiles(log).map((f) => path.basename(f.path))).toEqual([
            "history.log",
            "history.log-20261101.gz",
            "history.log-20261001.gz",
        ]);
    });
});

describe("what's new in a candidate's changelog", () => {
    const entry = (v: string) =>
        `pkg (${v}) unstable; urgency=medium\n\n  * Change in ${v}.\n\n -- M <m@example.org>  Sun, 29 Nov 2026 10:00:00 +0000\n\n`;
    it("keeps the entries above the installed version's (dpkg's order: epochs, tildes)", () => {
        const text = entry("1:2.0") + entry("1:2.0~rc1") + entry("1.9") + entry("1.0");
        expect(entriesNewerThan(text, "1:2.0~rc1")).toBe(entry("1:2.0").trimEnd() + "\n");
        // the installed version is not in the changelog (a backport, say): the first older one ends it
        expect(entriesNewerThan(text, "1.5")).toBe(
            (entry("1:2.0") + entry("1:2.0~rc1") + entry("1.9")).trimEnd() + "\n"
        );
        expect(entriesNewerThan(text, null)).toBe(text);
        expect(entriesNewerThan(text, "1:2.0")).toBe("");
        expect(entriesNewerThan("no headers at all\n", "1.0")).toBe("no headers at all\n");
    });
});
