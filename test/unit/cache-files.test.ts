// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeStaleCacheFiles, signaturesNow, stampFor, stampIsCurrent } from "../../src/bridge/index/index-cache.js";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-cache-files-"));
});
afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

const HOUR = 3600_000;
/** A file `hoursOld` hours old. */
function file(name: string, hoursOld: number, body = "x"): void {
    const p = path.join(dir, name);
    fs.writeFileSync(p, body);
    const t = (Date.now() - hoursOld * HOUR) / 1000;
    fs.utimesSync(p, t, t);
}
/** The name earlier bridges gave their V8 code caches (left behind in caches made before it went). */
const codeCacheFileName = (key: string, group: string) => `code.${key}.${group}.v8cache`;
/** A pid that is surely not running: beyond the kernel's pid range. */
const DEAD_PID = 4_194_305;

describe("removeStaleCacheFiles", () => {
    const KEY = "0123456789abcdef";
    const OTHER = "fedcba9876543210";

    it("removes other bridges' code caches after an hour, keeps this bridge's and every file that is not the cache's", () => {
        file(codeCacheFileName(KEY, "packages"), 500);
        file(codeCacheFileName(OTHER, "packages"), 2);
        file(codeCacheFileName(OTHER, "stores"), 0.1); // an older bridge may be running right now
        file("notes.txt", 500);
        file("code.readme", 500);
        const removed = removeStaleCacheFiles(dir, [], 7, KEY);
        expect(removed).toEqual([codeCacheFileName(OTHER, "packages")]);
        expect(fs.readdirSync(dir).sort()).toEqual([
            "code.0123456789abcdef.packages.v8cache",
            "code.fedcba9876543210.stores.v8cache",
            "code.readme",
            "notes.txt",
        ]);
    });

    it("removes the temporary files of writers that are gone, not of live ones, and never another program's", () => {
        file(`.${codeCacheFileName(KEY, "packages")}.${DEAD_PID}.k3j2.tmp`, 0);
        file(`.${codeCacheFileName(KEY, "stores")}.${process.pid}.a1.tmp`, 0);
        file(`.${codeCacheFileName(KEY, "sections")}.${process.pid}.b2.tmp`, 2); // stuck for hours
        file(`.stores-0123456789abcdef.json.${DEAD_PID}.c3.tmp`, 0);
        file(`.notes.txt.${DEAD_PID}.d4.tmp`, 0);
        file(`.scratch.${DEAD_PID}.e5.tmp`, 0);
        file("stores-0123456789abcdef.json", 24 * 30); // the stores' caches stay
        expect(removeStaleCacheFiles(dir, [], 7, KEY).sort()).toEqual([
            `.${codeCacheFileName(KEY, "packages")}.${DEAD_PID}.k3j2.tmp`,
            `.${codeCacheFileName(KEY, "sections")}.${process.pid}.b2.tmp`,
            `.scratch.${DEAD_PID}.e5.tmp`,
            `.stores-0123456789abcdef.json.${DEAD_PID}.c3.tmp`,
        ]);
    });

    it("keeps the current index files, removes other cache names' after a week and dead writers' temporary files", () => {
        file("0000000000000001.hot", 24 * 8);
        file("0000000000000002.hot", 24 * 8);
        file("0000000000000003.detail", 24);
        file(`.0000000000000003.detail.${DEAD_PID}.abc123.tmp`, 0);
        file("0000000000000001.targets", 24 * 8);
        file("0000000000000002.targets", 24 * 8);
        const removed = removeStaleCacheFiles(dir, ["0000000000000001.hot", "0000000000000001.targets"], 7, KEY);
        expect(removed.sort()).toEqual([
            `.0000000000000003.detail.${DEAD_PID}.abc123.tmp`,
            "0000000000000002.hot",
            "0000000000000002.targets",
            "0000000000000003.detail",
        ]);
    });
});

describe("stampFor", () => {
    const KEY_BUILD = "0123456789abcdef";

    it("takes a signature given from before the read over one taken now: a file changed during a build leaves the cache stale", () => {
        const input = path.join(dir, "status");
        fs.writeFileSync(input, "before");
        const before = signaturesNow([input]);
        fs.writeFileSync(input, "changed while the build read it");
        expect(stampIsCurrent(stampFor(7, KEY_BUILD, [input], before), 7, KEY_BUILD)).toBe(false);
        expect(stampIsCurrent(stampFor(7, KEY_BUILD, [input]), 7, KEY_BUILD)).toBe(true);
    });

    it("notices a file that appears where none was", () => {
        const input = path.join(dir, "preferences");
        const stamp = stampFor(7, KEY_BUILD, [input]);
        expect(stampIsCurrent(stamp, 7, KEY_BUILD)).toBe(true);
        fs.writeFileSync(input, "Package: *\n");
        expect(stampIsCurrent(stamp, 7, KEY_BUILD)).toBe(false);
    });
});
