// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge against libapt (python3-apt) on a sandbox root built to hit
 * APT's policy where it is subtle: pins by version, release, origin, glob and
 * source package; NotAutomatic and ButAutomaticUpgrades archives; no
 * downgrade below 1000; dpkg states that are and are not "installed";
 * foreign architectures; packages only in dpkg's status.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageSummary } from "../../src/protocol/index.js";
import { createAptRoot, type AptRoot, type Stanza } from "../support/apt-root.js";
import { bridgePackages, disagreements, ensurePythonApt, oracle } from "./apt-agreement.js";

const pkg = (name: string, version: string, extra: Stanza = {}): Stanza => ({
    Package: name,
    Version: version,
    Architecture: "all",
    Maintainer: "Test <test@example.org>",
    Section: "misc",
    Description: `${name} summary`,
    ...extra,
});
const installed = (name: string, version: string, state = "installed", extra: Stanza = {}): Stanza => ({
    Package: name,
    Status: `install ok ${state}`,
    Priority: "optional",
    Section: "admin",
    Maintainer: "Test <test@example.org>",
    Architecture: "all",
    Version: version,
    Description: `${name} as installed`,
    ...extra,
});

let root: AptRoot;
let bridge: Map<string, PackageSummary>;

beforeAll(() => {
    ensurePythonApt();
    root = createAptRoot({
        architectures: ["amd64", "i386"],
        repos: [
            {
                name: "stable",
                origin: "Acme",
                label: "Acme Stable",
                suite: "stable",
                codename: "anchor",
                packages: [
                    pkg("alpha", "1.0"),
                    pkg("bravo", "1.0", { Tag: "field::marine, use::navigating,\n role::container-app" }),
                    pkg("charlie", "2.0"),
                    pkg("pinned", "1.0"),
                    pkg("pinned", "2.0"),
                    pkg("globbed-one", "1.0"),
                    pkg("fromsrc", "1.0", { Source: "thesource" }),
                    pkg("residue", "3.0"),
                    pkg("halfway", "2.0"),
                    pkg("libfoo", "1.0", { Architecture: "amd64", "Multi-Arch": "same" }),
                    pkg("libfoo", "1.0", { Architecture: "i386", "Multi-Arch": "same" }),
                    pkg("epochal", "1:0.9"),
                    pkg("tilde", "1.0~rc1"),
                    pkg("contrib-net", "1.0", { Section: "contrib/net" }),
                ],
            },
            {
                name: "backports",
                origin: "Acme",
                label: "Acme Backports",
                suite: "stable-backports",
                codename: "anchor-backports",
                notAutomatic: true,
                butAutomaticUpgrades: true,
                packages: [pkg("alpha", "2.0"), pkg("echo", "3.0"), pkg("charlie", "2.1")],
            },
            {
                name: "experimental",
                origin: "Acme",
                label: "Acme Experimental",
                suite: "experimental",
                notAutomatic: true,
                packages: [
                    pkg("bravo", "9.0"),
                    pkg("foxtrot", "9.0"),
                    pkg("globbed-one", "5.0"),
                    pkg("fromsrc", "5.0", { Source: "thesource (5.0)" }),
                    pkg("hotel", "2.0"),
                ],
            },
            {
                name: "thirdparty",
                origin: "Other",
                suite: "main",
                packages: [pkg("charlie", "3.0"), pkg("golf", "1.0"), pkg("tilde", "1.0"), pkg("hotel", "1.0")],
            },
        ],
        status: [
            installed("alpha", "1.5"), // newer than stable, older than backports (100): backports wins
            installed("charlie", "2.1"), // stable 2.0 pinned up to 600 must not downgrade it
            installed("halfway", "1.0", "half-installed"),
            installed("residue", "2.0", "config-files"),
            installed("onlylocal", "0.1"),
            installed("unpacked", "1.0", "unpacked"),
            installed("triggered", "1.0", "triggers-pending"),
            installed("libfoo", "0.9", "installed", { Architecture: "i386", "Multi-Arch": "same" }),
            installed("epochal", "2.0"), // 1:0.9 in the repo is newer (epoch)
        ],
        preferences: [
            "Package: pinned",
            "Pin: version 1.0",
            "Pin-Priority: 1001",
            "",
            "Package: *",
            "Pin: release a=stable",
            "Pin-Priority: 600",
            "",
            "# comments are allowed in preferences",
            "Package: globbed-*",
            "Pin: release a=experimental",
            "Pin-Priority: 700",
            "",
            "Package: src:thesource",
            "Pin: release n=",
            "Pin-Priority: 650",
            "",
            "Package: tilde",
            'Pin: origin ""',
            "Pin-Priority: 400",
            "",
            "Package: golf",
            "Pin: release o=Other",
            "Pin-Priority: -1",
            "",
        ].join("\n"),
    });
});

afterAll(() => root?.cleanup());

describe("the bridge agrees with APT on a sandbox root with pins and odd states", () => {
    it("on every package", async () => {
        const apt = oracle(root.env);
        bridge = await bridgePackages(root.env);
        expect(apt.size).toBeGreaterThan(10);
        expect(disagreements(bridge, apt)).toEqual([]);
    });

    it("made the choices this root was built to test", () => {
        const get = (n: string) => bridge.get(n) as PackageSummary;
        expect(get("alpha")).toMatchObject({ installedVersion: "1.5", candidateVersion: "2.0", upgradable: true });
        expect(get("charlie")).toMatchObject({ installedVersion: "2.1", candidateVersion: "3.0" });
        expect(get("pinned").candidateVersion).toBe("1.0");
        expect(get("bravo").candidateVersion).toBe("1.0");
        expect(get("globbed-one").candidateVersion).toBe("5.0");
        expect(get("echo").candidateVersion).toBe("3.0");
        expect(get("foxtrot").candidateVersion).toBe("9.0");
        expect(get("hotel").candidateVersion).toBe("1.0"); // NotAutomatic (1) loses to a plain archive (500)
        expect(get("halfway").installedVersion).toBe("1.0");
        expect(bridge.has("residue")).toBe(true); // config-files: not installed, but has a candidate
        expect(get("residue").installedVersion).toBe(null);
        expect(get("onlylocal")).toMatchObject({ installedVersion: "0.1", candidateVersion: "0.1", origin: null });
        expect(get("libfoo:i386")).toMatchObject({
            installedVersion: "0.9",
            candidateVersion: "1.0",
            upgradable: true,
        });
        expect(get("epochal")).toMatchObject({ candidateVersion: "1:0.9", upgradable: true });
        expect(get("bravo").tags).toEqual(["field::marine", "role::container-app", "use::navigating"]);
        expect(bridge.has("golf")).toBe(false);
    });
});
