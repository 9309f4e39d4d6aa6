// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The pure parts of operations: Status-Fd lines, apt-get -s output, APT's and
 * dpkg's lock messages, /proc/locks, failure classification, update failures,
 * conffile notices and the apt-get command lines. Inputs are APT's real
 * wording (apt 2.6, C locale).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { aptGetCommand, runArgs, simulateArgs } from "../../src/bridge/apt/apt-get.js";
import { classifyFailure, failedRepositories } from "../../src/bridge/operations/classify.js";
import { interruptedState, isDpkgInterruptedMessage } from "../../src/bridge/operations/dpkg-state.js";
import { parseLockMessage, parseProcLocks } from "../../src/bridge/operations/locks.js";
import { parseAptSize, parseSimulation } from "../../src/bridge/operations/simulate.js";
import {
    ConffileWatcher,
    parseDpkgStatusLine,
    parseStatusFdLine,
    type StatusFdContext,
} from "../../src/bridge/operations/status-fd.js";

const ctx = (): StatusFdContext => ({ downloadPhase: "download", lastPhase: "install" });

describe("Status-Fd", () => {
    it("maps download, dpkg and error lines to events", () => {
        const c = ctx();
        expect(parseStatusFdLine("dlstatus:2:23.1673:Retrieving file 2 of 4", c)).toEqual({
            type: "progress",
            phase: "download",
            package: null,
            percent: 23.2,
            message: "Retrieving file 2 of 4",
        });
        expect(parseStatusFdLine("pmstatus:dpkg-exec:0.0000:Running dpkg", c)).toMatchObject({
            phase: "install",
            package: null,
        });
        expect(parseStatusFdLine("pmstatus:libb:5.8824:Unpacking libb (amd64)", c)).toMatchObject({
            phase: "install",
            package: "libb",
            percent: 5.9,
        });
        expect(parseStatusFdLine("pmstatus:libb:64.7059:Configuring libb (amd64)", c)).toMatchObject({
            phase: "configure",
            package: "libb",
        });
        // "Running dpkg" between unpack and configure keeps the last phase
        expect(parseStatusFdLine("pmstatus:dpkg-exec:70:Running dpkg", c)).toMatchObject({ phase: "configure" });
        expect(parseStatusFdLine("pmstatus:app:10:Removing app (amd64)", c)).toMatchObject({
            phase: "remove",
            package: "app",
        });
        expect(parseStatusFdLine("pmstatus:conf:50:Completely removing conf (amd64)", c)).toMatchObject({
            phase: "remove",
        });
        expect(
            parseStatusFdLine("pmstatus:man-db:90:Running post-installation trigger man-db (amd64)", c)
        ).toMatchObject({ phase: "configure", package: "man-db" });
        expect(
            parseStatusFdLine(
                "pmerror:bad:60.0000:installed bad package post-installation script subprocess returned error exit status 3",
                c
            )
        ).toEqual({
            type: "error",
            code: "OPERATION_FAILED",
            message: "installed bad package post-installation script subprocess returned error exit status 3",
            details: { package: "bad" },
        });
        expect(
            parseStatusFdLine("pmconffile:/etc/foo.conf:40:'/etc/foo.conf' '/etc/foo.conf.dpkg-new' 1 1", c)
        ).toEqual({ type: "conffile", file: "/etc/foo.conf", package: null, action: "kept" });
        expect(parseStatusFdLine("garbage", c)).toBeNull();
    });

    it("keeps an architecture-qualified package name whole and clamps percent", () => {
        expect(parseStatusFdLine("pmstatus:libc6:i386:12.5:Unpacking libc6:i386 (2.36)", ctx())).toMatchObject({
            package: "libc6:i386",
            percent: 12.5,
        });
        expect(parseStatusFdLine("dlstatus:1:130.5:x", ctx())).toMatchObject({ percent: 100 });
    });

    it("reports update downloads as the update phase", () => {
        expect(
            parseStatusFdLine("dlstatus:1:50:Retrieving file 1 of 2", {
                downloadPhase: "update",
                lastPhase: "install",
            })
        ).toMatchObject({ phase: "update" });
    });

    it("reads dpkg --status-fd lines of dpkg --configure -a", () => {
        expect(parseDpkgStatusLine("status: half:all: half-configured")).toMatchObject({
            phase: "configure",
            package: "half:all",
            percent: 50,
        });
        expect(parseDpkgStatusLine("status: half:all: installed")).toMatchObject({ package: "half:all", percent: 100 });
        expect(
            parseDpkgStatusLine(
                "status: bad : error : installed bad package post-installation script subprocess returned error exit status 3"
            )
        ).toMatchObject({
            type: "error",
            details: { package: "bad" },
        });
        expect(parseDpkgStatusLine("processing: configure: half:all")).toBeNull();
    });

    it("sees dpkg keep a modified conffile", () => {
        const w = new ConffileWatcher();
        const lines = [
            "Setting up conf (2.0) ...",
            "",
            "Configuration file '/etc/conf/conf.conf'",
            " ==> Modified (by you or by a script) since installation.",
            " ==> Package distributor has shipped an updated version.",
            " ==> Keeping old config file as default.",
        ];
        expect(lines.map((l) => w.push(l))).toEqual([null, null, null, null, null, "/etc/conf/conf.conf"]);
        // a block that ends otherwise (installing the new version) is not "kept"
        const w2 = new ConffileWatcher();
        expect(
            ["Configuration file '/etc/x'", "Setting up y ...", " ==> Keeping old config file as default."].map((l) =>
                w2.push(l)
            )
        ).toEqual([null, null, null]);
    });
});

const UPGRADE_SIM = `Reading package lists...
Building dependency tree...
Reading state information...
Calculating upgrade...
The following packages were automatically installed and are no longer required:
  liba libb
Use 'apt autoremove' to remove them.
The following NEW packages will be installed:
  libnew
The following packages have been kept back:
  held1 held2
The following packages will be upgraded:
  conf libc6:i386
The following packages will be DOWNGRADED:
  old
2 upgraded, 1 newly installed, 1 downgraded, 1 to remove and 2 not upgraded.
Need to get 1,234 kB/2.5 MB of archives.
After this operation, 12.3 MB of additional disk space will be used.
Inst libnew (1.0 stable [amd64])
Inst conf [1.0] (2.0 stable [all])
Inst libc6:i386 [2.36-9] (2.36-9+deb12u1 Debian-Security:12/stable-security [i386])
Inst old [2.0] (1:0.9 stable [all])
Remv gone [3.0]
Purg cfg [1.0]
Conf libnew (1.0 stable [amd64])
Conf conf (2.0 stable [all])
`;

describe("apt-get -s", () => {
    it("reads installs, upgrades, downgrades, removals, sizes, held back and autoremovable", () => {
        const p = parseSimulation("upgrade", UPGRADE_SIM);
        expect(p.install).toEqual([{ name: "libnew", architecture: "amd64", oldVersion: null, newVersion: "1.0" }]);
        expect(p.upgrade).toEqual([
            { name: "conf", architecture: "all", oldVersion: "1.0", newVersion: "2.0" },
            { name: "libc6:i386", architecture: "i386", oldVersion: "2.36-9", newVersion: "2.36-9+deb12u1" },
            // 1:0.9 is higher than 2.0 by its epoch: an upgrade, not a downgrade
            { name: "old", architecture: "all", oldVersion: "2.0", newVersion: "1:0.9" },
        ]);
        expect(p.downgrade).toEqual([]);
        expect(p.remove).toEqual([{ name: "gone", architecture: "", oldVersion: "3.0", newVersion: null }]);
        expect(p.purge).toEqual([{ name: "cfg", architecture: "", oldVersion: "1.0", newVersion: null }]);
        expect(p.heldBack).toEqual(["held1", "held2"]);
        expect(p.autoremovable).toEqual(["liba", "libb"]);
        expect(p.downloadSize).toBe(1_234_000);
        expect(p.diskSpaceChange).toBe(12_300_000);
        expect(p.problems).toEqual([]);
    });

    it("no 'Need to get' line leaves the size unknown (apt 2.6 prints none with -s: it is measured with --print-uris)", () => {
        expect(
            parseSimulation("install", "Inst local (1.0 Local:stable [all])\nConf local (1.0 Local:stable [all])\n")
                .downloadSize
        ).toBeNull();
        expect(parseSimulation("install", "", "E: Unable to locate package nope\n").downloadSize).toBeNull();
    });

    it("tells a downgrade by dpkg's version order", () => {
        const p = parseSimulation(
            "install",
            "Inst old [2.0~rc1] (1.9 stable [all])\nInst tilde [1.0] (1.0~beta stable [all])\n"
        );
        expect(p.downgrade.map((x) => x.name)).toEqual(["old", "tilde"]);
    });

    it("reads freed space and a plain download size", () => {
        const p = parseSimulation(
            "remove",
            "Need to get 754 B of archives.\nAfter this operation, 5,120 kB disk space will be freed.\n"
        );
        expect(p.downloadSize).toBe(754);
        expect(p.diskSpaceChange).toBe(-5_120_000);
        expect(parseAptSize("1.5 GB")).toBe(1_500_000_000);
        expect(parseAptSize("nonsense")).toBeNull();
    });

    it("collects unmet dependencies and errors as problems", () => {
        const out = `The following packages have unmet dependencies:
 other : Conflicts: app but 1.0 is to be installed
 app : Depends: liba (>= 2) but 1.0 is to be installed
       Depends: libz but it is not installable
`;
        const p = parseSimulation("install", out, "E: Unable to correct problems, you have held broken packages.\n");
        expect(p.problems).toEqual([
            "other : Conflicts: app but 1.0 is to be installed",
            "app : Depends: libz but it is not installable",
            "app : Depends: liba (>= 2) but 1.0 is to be installed",
            "Unable to correct problems, you have held broken packages.",
        ]);
    });
});

describe("locks", () => {
    it("reads APT's lock message with the holder's pid and name", () => {
        const l = parseLockMessage(
            "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 999999 (unattended-upgr)\nN: Be aware that removing the lock file is not a solution and may break your system.\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?\n"
        );
        expect(l).toMatchObject({ lockFile: "/var/lib/dpkg/lock-frontend", pid: 999999, command: "unattended-upgr" });
    });

    it("reads dpkg's own lock message and a message without a pid", () => {
        expect(
            parseLockMessage(
                "dpkg: error: dpkg frontend lock was locked by another process with pid 999998\nNote: removing the lock file is always wrong"
            )
        ).toMatchObject({ pid: 999998 });
        expect(
            parseLockMessage(
                "E: Unable to lock the administration directory (/nonexistent/dpkg/), is another process using it?"
            )
        ).toMatchObject({ lockFile: "/nonexistent/dpkg/", pid: null });
        expect(parseLockMessage("E: Unable to locate package foo")).toBeNull();
    });

    it("parses /proc/locks", () => {
        const text =
            "1: POSIX  ADVISORY  WRITE 1234 08:01:131090 0 EOF\n1: -> POSIX  ADVISORY  WRITE 99 08:01:131090 0 EOF\n2: OFDLCK ADVISORY  READ  -1 00:2f:77 0 EOF\n3: FLOCK  ADVISORY  WRITE 4321 fd:00:42 0 EOF\n";
        expect(parseProcLocks(text)).toEqual([
            { pid: 1234, major: 8, minor: 1, inode: 131090 },
            { pid: -1, major: 0, minor: 0x2f, inode: 77 },
            { pid: 4321, major: 0xfd, minor: 0, inode: 42 },
        ]);
    });
});

describe("failures", () => {
    const base = { exitCode: 100, stdout: "", stderr: "", packageErrors: [] };

    it("classifies lock, interrupted dpkg, unknown package, permission and maintainer scripts", () => {
        expect(
            classifyFailure({
                ...base,
                stderr: "E: Could not get lock /r/var/lib/dpkg/lock-frontend. It is held by process 999997 (apt-get)\n",
            })
        ).toMatchObject({
            code: "LOCKED",
            details: { pid: 999997, command: "apt-get", lockFile: "/r/var/lib/dpkg/lock-frontend" },
        });
        const interrupted =
            "E: dpkg was interrupted, you must manually run 'dpkg --configure -a' to correct the problem. \n";
        expect(isDpkgInterruptedMessage(interrupted)).toBe(true);
        expect(classifyFailure({ ...base, stderr: interrupted }).code).toBe("DPKG_INTERRUPTED");
        expect(classifyFailure({ ...base, stderr: "E: Unable to locate package foo\n" })).toMatchObject({
            code: "PACKAGE_NOT_FOUND",
            details: { name: "foo" },
        });
        expect(
            classifyFailure({
                ...base,
                stderr: "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n",
            }).code
        ).toBe("PERMISSION_DENIED");
        const script = classifyFailure({
            ...base,
            stderr: "E: Sub-process /usr/bin/dpkg returned an error code (1)\n",
            packageErrors: [
                {
                    package: "bad",
                    message: "installed bad package post-installation script subprocess returned error exit status 3",
                },
            ],
        });
        expect(script).toMatchObject({ code: "OPERATION_FAILED", details: { package: "bad" } });
        expect(script.message).toBe(
            "bad: installed bad package post-installation script subprocess returned error exit status 3"
        );
        expect(classifyFailure({ ...base, stderr: "E: Something else\n" })).toMatchObject({
            code: "OPERATION_FAILED",
            message: "Something else",
        });
    });

    it("names the repositories apt-get update could not fetch", () => {
        const stdout =
            "Hit:1 file:/r stable InRelease\nErr:2 http://127.0.0.1:9/debian stable InRelease\n  Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)\nReading package lists...\n";
        const stderr =
            "W: Failed to fetch http://127.0.0.1:9/debian/dists/stable/InRelease  Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)\nE: Failed to fetch file:/gone/dists/stable/main/binary-amd64/Packages  File not found - /gone/dists/stable/main/binary-amd64/Packages (2: No such file or directory)\nW: Some index files failed to download. They have been ignored, or old ones used instead.\n";
        expect(failedRepositories(stdout, stderr)).toEqual([
            {
                uri: "http://127.0.0.1:9/debian stable InRelease",
                message: "Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)",
            },
            {
                uri: "file:/gone/dists/stable/main/binary-amd64/Packages",
                message:
                    "File not found - /gone/dists/stable/main/binary-amd64/Packages (2: No such file or directory)",
            },
        ]);
        expect(failedRepositories("Hit:1 file:/r stable InRelease\n", "")).toEqual([]);
    });
});

describe("interrupted dpkg", () => {
    it("sees a dirty journal and packages left between states", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-unit-"));
        try {
            fs.mkdirSync(path.join(dir, "updates"));
            const status = path.join(dir, "status");
            fs.writeFileSync(
                status,
                "Package: ok\nStatus: install ok installed\nVersion: 1\n\nPackage: cf\nStatus: deinstall ok config-files\nVersion: 1\n"
            );
            expect(interruptedState(status)).toBeNull();
            fs.writeFileSync(path.join(dir, "updates/tmp.i"), "");
            expect(interruptedState(status)).toBeNull();
            fs.writeFileSync(path.join(dir, "updates/0001"), "");
            expect(interruptedState(status)).toEqual({ journal: true, packages: [] });
            fs.rmSync(path.join(dir, "updates/0001"));
            fs.appendFileSync(status, "\nPackage: half\nStatus: install ok unpacked\nArchitecture: all\nVersion: 1\n");
            expect(interruptedState(status)).toEqual({
                journal: false,
                packages: [{ name: "half", architecture: "all", state: "unpacked" }],
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("apt-get command lines", () => {
    it("puts every name after -- and runs the same command for preview and change", () => {
        expect(aptGetCommand("install", ["a", "b"])).toEqual(["install", "--", "a", "b"]);
        expect(aptGetCommand("upgrade", [])).toEqual(["upgrade", "--with-new-pkgs"]);
        expect(aptGetCommand("upgrade", ["a"])).toEqual(["install", "--only-upgrade", "--", "a"]);
        const run = runArgs("purge", ["x"]);
        const sim = simulateArgs("purge", ["x"]);
        expect(run.slice(-3)).toEqual(sim.slice(-3));
        expect(run).toContain("APT::Status-Fd=3");
        expect(run).toContain("Dpkg::Options::=--force-confold");
        expect(run).toContain("-y");
        expect(sim[0]).toBe("-s");
        expect(runArgs("update", [])).not.toContain("-y");
    });
});
