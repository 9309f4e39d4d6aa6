// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge against libapt (python3-apt) on a root with two architectures and
 * pins of every kind apt_preferences(5) documents: exact names, globs, regular
 * expressions (anchored or not), NAME:arch, NAME:any, release a/n/o/l/v/b,
 * version globs, a negative priority and a downgrade above 1000. The
 * subtle part is which architectures a pin reaches: APT pins the native one
 * unless told otherwise, but a pattern that also matches "NAME:any" (the group
 * APT's cache makes for a Multi-Arch: allowed package) reaches every one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageSummary } from "../../src/protocol/index.js";
import { createAptRoot, type AptRoot, type Stanza } from "../support/apt-root.js";
import { bridgePackages, disagreements, ensurePythonApt, oracle } from "./apt-agreement.js";

const pkg = (name: string, version: string, arch: string, multiArch?: string): Stanza => ({
    Package: name,
    Version: version,
    Architecture: arch,
    Maintainer: "Test <test@example.org>",
    Section: "misc",
    Description: `${name} summary`,
    ...(multiArch ? { "Multi-Arch": multiArch } : {}),
});
/** The package in both architectures. */
const both = (name: string, version: string, multiArch?: string): Stanza[] => [
    pkg(name, version, "amd64", multiArch),
    pkg(name, version, "arm64", multiArch),
];

/** Every package, with each Multi-Arch kind where it matters. */
function release(v: string): Stanza[] {
    return [
        ...both("pyallowed", v, "allowed"),
        ...both("pysame", v, "same"),
        ...both("pyno", v),
        ...both("pyforeign", v, "foreign"),
        pkg("pyall", v, "all"),
        ...both("exactallowed", v, "allowed"),
        ...both("exactsame", v, "same"),
        ...both("regexallowed", v, "allowed"),
        ...both("regexsame", v, "same"),
        ...both("anchoredallowed", v, "allowed"),
        ...both("archpinned", v, "same"),
        ...both("anypinned", v, "allowed"),
        ...both("labelled", v, "allowed"),
        ...both("bpinned", v, "same"),
        ...both("verglob", v),
        ...both("neg", v, "allowed"),
        ...both("downgrade", v),
    ];
}

let root: AptRoot;
let bridge: Map<string, PackageSummary>;

beforeAll(() => {
    ensurePythonApt();
    root = createAptRoot({
        architectures: ["amd64", "arm64"],
        repos: [
            {
                name: "stable",
                origin: "Acme",
                label: "Acme Stable",
                suite: "stable",
                codename: "one",
                version: "12.1",
                packages: release("1.0"),
            },
            {
                name: "testing",
                origin: "Acme",
                label: "Acme Testing",
                suite: "testing",
                codename: "two",
                version: "13",
                packages: [...release("2.0"), ...both("verglob", "1.5")],
            },
            {
                name: "other",
                origin: "Other",
                label: "Other",
                suite: "extra",
                packages: [...both("neg", "3.0", "allowed"), ...both("pyno", "3.0")],
            },
        ],
        status: [
            {
                Package: "downgrade",
                Status: "install ok installed",
                Priority: "optional",
                Section: "misc",
                Maintainer: "T <t@example.org>",
                Architecture: "amd64",
                Version: "2.5",
                Description: "installed",
            },
        ],
        preferences: [
            ["Package: *", "Pin: release o=Other", "Pin-Priority: 400"],
            ["Package: py*", "Pin: release n=one", "Pin-Priority: 900"],
            ["Package: exactallowed exactsame", "Pin: release n=one", "Pin-Priority: 900"],
            ["Package: /^regex(allowed|same)/", "Pin: release a=stable", "Pin-Priority: 800"],
            ["Package: /^anchoredallowed$/", "Pin: release a=stable", "Pin-Priority: 800"],
            ["Package: archpinned:arm64", "Pin: release l=Acme Stable", "Pin-Priority: 700"],
            ["Package: anypinned:any", "Pin: release v=12.1", "Pin-Priority: 950"],
            ["Package: labelled", "Pin: release o=Acme, l=Acme Stable", "Pin-Priority: 650"],
            ["Package: bpinned", "Pin: release b=arm64", "Pin-Priority: 600"],
            ["Package: verglob", "Pin: version 1.*", "Pin-Priority: 990"],
            ["Package: neg", "Pin: release o=Other", "Pin-Priority: -1"],
            ["Package: downgrade", "Pin: version 1.0", "Pin-Priority: 1001"],
        ]
            .map((p) => p.join("\n") + "\n")
            .join("\n"),
    });
});

afterAll(() => root?.cleanup());

describe("the bridge agrees with APT on pins across architectures", () => {
    it("on every package", async () => {
        const apt = oracle(root.env);
        bridge = await bridgePackages(root.env);
        expect(apt.size).toBeGreaterThan(30);
        expect(disagreements(bridge, apt)).toEqual([]);
    });

    it("made the choices this root was built to test", () => {
        const cand = (n: string) => bridge.get(n)?.candidateVersion;
        // A glob reaches the foreign architecture of a Multi-Arch: allowed package only.
        expect([
            cand("pyallowed"),
            cand("pyallowed:arm64"),
            cand("pysame:arm64"),
            cand("pyno:arm64"),
            cand("pyforeign:arm64"),
        ]).toEqual(["1.0", "1.0", "2.0", "2.0", "2.0"]);
        // An exact name reaches the native architecture only.
        expect([cand("exactallowed"), cand("exactallowed:arm64"), cand("exactsame:arm64")]).toEqual([
            "1.0",
            "2.0",
            "2.0",
        ]);
        // An unanchored regex matches "regexallowed:any" too; an anchored one does not.
        expect([
            cand("regexallowed:arm64"),
            cand("regexsame:arm64"),
            cand("anchoredallowed"),
            cand("anchoredallowed:arm64"),
        ]).toEqual(["1.0", "2.0", "1.0", "2.0"]);
        expect([cand("archpinned"), cand("archpinned:arm64"), cand("anypinned"), cand("anypinned:arm64")]).toEqual([
            "2.0",
            "1.0",
            "1.0",
            "1.0",
        ]);
        expect(cand("verglob")).toBe("1.5");
        expect([cand("labelled"), cand("labelled:arm64"), cand("neg")]).toEqual(["1.0", "2.0", "2.0"]);
        expect(cand("downgrade")).toBe("1.0");
    });
});
