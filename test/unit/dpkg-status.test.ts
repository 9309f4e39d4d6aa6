// SPDX-License-Identifier: LGPL-2.1-or-later
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isInstalledState, parseStatus, readExtendedStates, readStatus } from "../../src/bridge/apt/dpkg-status.js";

describe("isInstalledState", () => {
    it.each(["installed", "half-installed", "unpacked", "half-configured", "triggers-awaiting", "triggers-pending"])(
        "%s counts as installed",
        (state) => {
            expect(isInstalledState(state)).toBe(true);
        }
    );
    it.each(["not-installed", "config-files"])("%s does not count as installed", (state) => {
        expect(isInstalledState(state)).toBe(false);
    });
});

describe("parseStatus", () => {
    const states = [
        "installed",
        "half-installed",
        "unpacked",
        "half-configured",
        "triggers-awaiting",
        "triggers-pending",
        "not-installed",
        "config-files",
    ];
    const text = states
        .map(
            (s, i) =>
                `Package: pkg${i}\nStatus: ${i % 2 ? "hold" : "install"} ${i === 1 ? "reinstreq" : "ok"} ${s}\nArchitecture: ${i === 2 ? "i386" : "amd64"}\nVersion: 1.${i}-1\n`
        )
        .join("\n");

    it("reads name, architecture, version and the three status words of every stanza", () => {
        const entries = parseStatus(text);
        expect(entries.map((e) => [e.name, e.architecture, e.version, e.want, e.flag, e.state])).toEqual(
            states.map((s, i) => [
                `pkg${i}`,
                i === 2 ? "i386" : "amd64",
                `1.${i}-1`,
                i % 2 ? "hold" : "install",
                i === 1 ? "reinstreq" : "ok",
                s,
            ])
        );
        expect(entries.filter((e) => isInstalledState(e.state)).map((e) => e.name)).toEqual([
            "pkg0",
            "pkg1",
            "pkg2",
            "pkg3",
            "pkg4",
            "pkg5",
        ]);
    });

    it("keeps stanza offsets that slice back to the entry", () => {
        for (const e of parseStatus(text)) {
            const slice = text.slice(e.start, e.end);
            expect(slice.startsWith(`Package: ${e.name}\n`)).toBe(true);
            expect(slice).toContain(`Status: `);
            expect(slice.endsWith(`Version: ${e.version}\n`)).toBe(true);
            expect(e.stanza.get("version")).toBe(e.version);
        }
    });

    it("skips stanzas without Package and defaults a missing Status to not-installed", () => {
        const entries = parseStatus("Version: 1\n\nPackage: noStatus\nVersion: 2\n");
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ name: "noStatus", state: "not-installed", flag: "ok", architecture: "" });
        expect(isInstalledState(entries[0]!.state)).toBe(false);
    });

    it("a config-files remnant keeps its version but is not installed", () => {
        const [e] = parseStatus("Package: old\nStatus: deinstall ok config-files\nVersion: 0.9\nArchitecture: amd64\n");
        expect(e!.version).toBe("0.9");
        expect(isInstalledState(e!.state)).toBe(false);
    });
});

describe("files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dpkg-status-test-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a missing status file means nothing installed", () => {
        expect(readStatus(path.join(dir, "does-not-exist"))).toEqual([]);
    });

    it("readStatus reads the file", () => {
        const f = path.join(dir, "status");
        fs.writeFileSync(f, "Package: a\nStatus: install ok unpacked\nVersion: 1\n");
        expect(readStatus(f).map((e) => [e.name, e.state])).toEqual([["a", "unpacked"]]);
    });

    it("readExtendedStates returns name:arch of Auto-Installed: 1 only", () => {
        const f = path.join(dir, "extended_states");
        fs.writeFileSync(
            f,
            "Package: libfoo\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: manual\nArchitecture: amd64\nAuto-Installed: 0\n\nPackage: libbar\nArchitecture: i386\nAuto-Installed: 1\n\nPackage: noflag\nArchitecture: amd64\n"
        );
        expect([...readExtendedStates(f)].sort()).toEqual(["libbar:i386", "libfoo:amd64"]);
        expect(readExtendedStates(path.join(dir, "missing")).size).toBe(0);
    });
});
