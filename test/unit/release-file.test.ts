// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Release file rules of apt/release-file.ts, case by case, as APT 2.6
 * applies them (gpgv.cc SplitClearSignedFile, strutl.cc StringToBool); the
 * differential test index-targets.test.ts compares whole answers with APT's.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { aptStringToBool, clearSignedMessage, readReleaseInfo } from "../../src/bridge/apt/release-file.js";
import { snapshotsMentioned } from "../../src/bridge/apt/index-targets.js";

const SIG = "-----BEGIN PGP SIGNATURE-----\n\niHUEARYKAB0WIQ\n=abcd\n-----END PGP SIGNATURE-----\n";
const signed = (body: string, tail = SIG) => `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n${body}${tail}`;

describe("clear-signed Release files, as APT splits them", () => {
    it("takes the message between the armor headers and the signature, dash-escapes undone, no final newline", () => {
        expect(clearSignedMessage(signed("Origin: A\n- Label: B\n"), "f")).toBe("Origin: A\nLabel: B");
        // line ends and trailing blanks of every line dropped
        expect(clearSignedMessage(signed("Origin: A  \r\nSuite: s\t\n").replace(/\n/g, "\r\n"), "f")).toBe(
            "Origin: A\nSuite: s"
        );
    });
    it("leaves a file that is not clear-signed as it is", () => {
        expect(clearSignedMessage("Origin: A\n", "f")).toBe("Origin: A\n");
        expect(clearSignedMessage("", "f")).toBe("");
    });
    it("fails where APT fails", () => {
        const cases: Array<[string, RegExp]> = [
            [`Origin: A\n${signed("Origin: B\n")}`, /does not start the file/],
            [signed("Origin: A\n", ""), /incomplete/],
            ["-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n", /incomplete/],
            ["-----BEGIN PGP SIGNED MESSAGE-----\n-Hash: x\n\nOrigin: A\n" + SIG, /armor headers/],
            [signed("Origin: A\n-Label: B\n"), /signed message starts with a dash/],
            [signed("Origin: A\n", SIG + "Origin: B\n"), /unsigned lines/],
            [signed("Origin: A\n", SIG.replace("-----END PGP SIGNATURE-----\n", "")), /not closed/],
            [signed("Origin: A\n", SIG.replace("=abcd", "-x")), /signature starts with a dash/],
        ];
        for (const [text, error] of cases) expect(() => clearSignedMessage(text, "f"), text).toThrow(error);
        // several signatures one after the other are fine
        expect(clearSignedMessage(signed("Origin: A\n", SIG + SIG), "f")).toBe("Origin: A");
    });
});

describe("APT's StringToBool", () => {
    it("numbers 0 and 1 in any base strtol reads, then the words, else unknown", () => {
        for (const t of ["1", "+1", "01", "0x1", "0X01", "yes", "YES", "true", "with", "on", "enable"])
            expect(aptStringToBool(t), t).toBe(true);
        for (const t of ["", "0", "-0", "00", "0x0", "no", "False", "without", "off", "disable"])
            expect(aptStringToBool(t), t).toBe(false);
        for (const t of ["2", "-1", "0x", "08", "y", "1 ", "maybe"]) expect(aptStringToBool(t), t).toBeNull();
    });
});

describe("release data", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-release-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
        const p = path.join(dir, name);
        fs.writeFileSync(p, text);
        return p;
    };

    it("the first stanza's fields and flags; none without a file", () => {
        const p = write(
            "InRelease",
            signed(
                "Origin: O\nLabel: L\nSuite: s\nCodename: c\nVersion: 1.2\nNotAutomatic: Yes\nButAutomaticUpgrades: 1\n\nOrigin: Other\n"
            )
        );
        expect(readReleaseInfo(p)).toEqual({
            origin: "O",
            label: "L",
            suite: "s",
            codename: "c",
            version: "1.2",
            notAutomatic: true,
            butAutomaticUpgrades: true,
        });
        expect(readReleaseInfo(write("Release", "Suite: s\nNotAutomatic: maybe\n"))).toMatchObject({
            suite: "s",
            notAutomatic: false,
            butAutomaticUpgrades: false,
        });
        expect(readReleaseInfo(null)).toMatchObject({ origin: "", notAutomatic: false });
    });
    it("a file APT cannot read is an error, as apt-get's was", () => {
        expect(() => readReleaseInfo(write("Empty", ""))).toThrow(/no stanza/);
        expect(() => readReleaseInfo(path.join(dir, "missing"))).toThrow(/cannot read the release file/);
    });
});

describe("snapshots in APT's files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-snapshots-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
        const p = path.join(dir, name);
        fs.writeFileSync(p, text);
        return p;
    };

    it("are named by APT::Snapshot, a snapshot= option or a Snapshot: field; not by comments or Acquire::Snapshots", () => {
        const plain = write(
            "debian.sources",
            "Types: deb\n# http://snapshot.debian.org/archive/debian/20250520T000000Z\nURIs: http://deb.debian.org/debian\n"
        );
        const commented = write("c.conf", '// APT::Snapshot "x";\n# APT::Snapshot "x";\n');
        const servers = write(
            "servers.conf",
            'Acquire::Snapshots::URI::Host::example.org "https://s/@SNAPSHOTID@/";\n'
        );
        expect(snapshotsMentioned([plain, commented, servers, dir, path.join(dir, "missing")])).toBe(false);
        expect(snapshotsMentioned([write("d.conf", 'APT { Snapshot "20250101T000000Z"; };\n')])).toBe(true);
        expect(snapshotsMentioned([plain, write("a.conf", 'APT::Snapshot "20250101T000000Z";\n')])).toBe(true);
        expect(snapshotsMentioned([write("b.list", "deb [snapshot=yes] http://x/ trixie main\n")])).toBe(true);
        expect(snapshotsMentioned([write("c.sources", "Types: deb\nURIs: http://x/\nSnapshot: enable\n")])).toBe(true);
    });
});
