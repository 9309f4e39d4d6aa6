// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { parseUpgradeSimulation, UPGRADE_SIMULATION_ARGS } from "../../src/bridge/apt/kept-back.js";
import {
    FLAG_HELD,
    FLAG_SECURITY,
    KEPT_BACK_CODES,
    KEPT_BACK_MASK,
    KEPT_BACK_SHIFT,
    NO_PHASING,
} from "../../src/bridge/index/index-data.js";
import { isSecurityOrigin } from "../../src/bridge/apt/security.js";
import { UpdateFlags } from "../../src/bridge/index/update-flags.js";
import { simulateArgs } from "../../src/bridge/apt/apt-get.js";

describe("the kept-back simulation", () => {
    it("is the very command of Upgrade all's preview", () => {
        expect(UPGRADE_SIMULATION_ARGS).toEqual(simulateArgs("upgrade", []));
        expect(UPGRADE_SIMULATION_ARGS.slice(-2)).toEqual(["upgrade", "--with-new-pkgs"]);
    });

    it("reads APT >= 2.7's 'deferred due to phasing' apart from 'kept back' (Ubuntu 24.04)", () => {
        const out = [
            "Reading package lists...",
            "Calculating upgrade...",
            "The following upgrades have been deferred due to phasing:",
            "  libfoo1 foo-tools",
            "The following packages have been kept back:",
            "  bar:i386",
            "The following packages will be upgraded:",
            "  baz",
            "1 upgraded, 0 newly installed, 0 to remove and 3 not upgraded.",
            "Inst baz [1.0] (2.0 Ubuntu:24.04/noble-updates [amd64])",
            "Conf baz (2.0 Ubuntu:24.04/noble-updates [amd64])",
        ].join("\n");
        const s = parseUpgradeSimulation(out);
        expect(s.deferred).toEqual(["libfoo1", "foo-tools"]);
        expect(s.keptBack).toEqual(["bar:i386"]);
        expect([...s.upgraded]).toEqual(["baz"]);
    });
});

describe("security archives", () => {
    it("Debian's label and *-security suites or codenames", () => {
        expect(
            isSecurityOrigin({ label: "Debian-Security", suite: "stable-security", codename: "bookworm-security" })
        ).toBe(true);
        expect(isSecurityOrigin({ label: "Ubuntu", suite: "noble-security", codename: "noble" })).toBe(true);
        expect(isSecurityOrigin({ label: "Debian", suite: "stable", codename: "bookworm" })).toBe(false);
        expect(isSecurityOrigin({ label: "Debian", suite: "stable-updates", codename: "bookworm-updates" })).toBe(
            false
        );
    });
});

describe("a row's update flags", () => {
    const reason = (flags: number) => KEPT_BACK_CODES[(flags & KEPT_BACK_MASK) >> KEPT_BACK_SHIFT];

    it("the build knows only held (a hold wins whatever APT would say); security from the candidate's files", () => {
        const u = new UpdateFlags([false, true]);
        expect(u.flags(false, false, [0])).toBe(0);
        expect(reason(u.flags(false, true, [0]))).toBeNull();
        const held = u.flags(true, true, [0]);
        expect(reason(held)).toBe("held");
        expect(held & FLAG_HELD).toBe(FLAG_HELD);
        // held but nothing to upgrade: held, not kept back
        expect(reason(u.flags(true, false, [0]))).toBeNull();
        expect(u.flags(false, true, [0, 1]) & FLAG_SECURITY).toBe(FLAG_SECURITY);
    });

    it("records whether the lists carry phasing at all (the simulation asks APT about phasing only then)", () => {
        const u = new UpdateFlags([]);
        expect(u.listsHavePhasing).toBe(false);
        expect(u.phasedPercentage("junk")).toBe(NO_PHASING);
        expect(u.listsHavePhasing).toBe(false);
        expect(u.phasedPercentage("30")).toBe(30);
        expect(u.listsHavePhasing).toBe(true);
    });
});
