// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { Policy, type PolicyFile, type PolicyPackage, type PolicyVersion } from "../../src/bridge/apt/policy.js";
import {
    NEVER_PIN,
    ReleaseMatcher,
    parsePreferences,
    versionPinMatches,
    type PinRecord,
} from "../../src/bridge/apt/preferences.js";
import { BridgeError } from "../../src/bridge/cli/errors.js";

function file(o: Partial<PolicyFile> = {}): PolicyFile {
    return {
        hasRelease: true,
        origin: "Debian",
        label: "Debian",
        archive: "stable",
        codename: "bookworm",
        version: "12.5",
        component: "main",
        architecture: "amd64",
        site: "deb.debian.org",
        isStatus: false,
        notAutomatic: false,
        butAutomaticUpgrades: false,
        ...o,
    };
}
const STATUS = file({
    hasRelease: false,
    isStatus: true,
    origin: "",
    label: "",
    archive: "now",
    codename: "",
    version: "",
    component: "now",
    site: "",
});

function pin(packages: string[], type: PinRecord["type"], data: string, priority: number): PinRecord {
    return { packages, type, data, priority, file: "test.pref" };
}

/** A package; versions given highest first as [version, file indexes]. */
function pkg(
    name: string,
    versions: Array<[string, number[]]>,
    installed: string | null = null,
    arch = "amd64",
    source = name
): PolicyPackage {
    const vs: PolicyVersion[] = versions.map(([version, files]) => ({ version, files, source }));
    return {
        name,
        arch,
        versions: vs,
        current: installed === null ? null : (vs.find((v) => v.version === installed) ?? null),
    };
}

const cand = (p: Policy, k: PolicyPackage) => p.candidate(k)?.version ?? null;

describe("file priorities", () => {
    it("500 by default, 100 for the status file, 1 NotAutomatic, 100 NotAutomatic+ButAutomaticUpgrades", () => {
        const p = new Policy(
            [
                file(),
                STATUS,
                file({ archive: "experimental", notAutomatic: true }),
                file({ archive: "bookworm-backports", notAutomatic: true, butAutomaticUpgrades: true }),
            ],
            [],
            "amd64"
        );
        expect(p.filePriorities).toEqual([500, 100, 1, 100]);
    });

    it("Default-Release gives 990 to files whose archive or codename matches", () => {
        const files = [file(), file({ archive: "testing", codename: "trixie" }), STATUS];
        expect(new Policy(files, [], "amd64", "stable").filePriorities).toEqual([990, 500, 100]);
        expect(new Policy(files, [], "amd64", "trixie").filePriorities).toEqual([500, 990, 100]);
    });

    it("Default-Release comes before Package: * pins", () => {
        const p = new Policy(
            [file(), file({ archive: "testing" })],
            [pin([], "release", "a=stable", 700), pin([], "release", "o=Debian", 200)],
            "amd64",
            "stable"
        );
        expect(p.filePriorities).toEqual([990, 200]);
    });

    it("the first matching Package: * pin fixes a file's priority", () => {
        const p = new Policy(
            [file(), file({ archive: "testing" }), file({ origin: "Other", label: "Other", archive: "other" })],
            [pin([], "release", "a=stable", 700), pin([], "release", "o=Debian", 200)],
            "amd64"
        );
        expect(p.filePriorities).toEqual([700, 200, 500]);
    });

    const releasePins: Array<[string, Partial<PolicyFile>]> = [
        ["a=stable", { archive: "stable" }],
        ["n=bookworm", { codename: "bookworm" }],
        ["o=Debian", { origin: "Debian" }],
        ["l=Debian-Security", { label: "Debian-Security" }],
        ["c=contrib", { component: "contrib" }],
        ["b=arm64", { architecture: "arm64" }],
        ["stable", { archive: "stable" }],
        ["bookworm", { codename: "bookworm" }],
        ["12.5", { version: "12.5" }],
        ["v=12*", { version: "12.5" }],
        ["o=Debian,a=stable,c=main", { origin: "Debian", archive: "stable", component: "main" }],
        ["a=stable*", { archive: "stable-updates" }],
        ["a=/^stable-/", { archive: "stable-updates" }],
    ];
    it.each(releasePins)("release pin %s matches only its file", (data, matching) => {
        const other = file({
            origin: "Other",
            label: "Other",
            archive: "unstable",
            codename: "sid",
            version: "13",
            component: "non-free",
            architecture: "i386",
        });
        const p = new Policy(
            [file({ ...other, ...matching }), other, STATUS],
            [pin([], "release", data, 650)],
            "amd64"
        );
        expect(p.filePriorities).toEqual([650, 500, 100]);
    });

    it("release fields match case-insensitively", () => {
        expect(new ReleaseMatcher("release", "o=debian").matches(file())).toBe(true);
    });

    it("a release pin without a recognised field matches nothing; '*' matches everything", () => {
        expect(new ReleaseMatcher("release", "x=1").matches(file())).toBe(false);
        expect(new ReleaseMatcher("release", "*").matches(file())).toBe(true);
        expect(new ReleaseMatcher("release", "*").matches(STATUS)).toBe(true);
    });

    it("the status file matches a=now and plain 'now' but not origin/label/version", () => {
        expect(new ReleaseMatcher("release", "a=now").matches(STATUS)).toBe(true);
        expect(new ReleaseMatcher("release", "now").matches(STATUS)).toBe(true);
        expect(new ReleaseMatcher("release", "a=stable").matches(STATUS)).toBe(false);
        expect(new ReleaseMatcher("release", "o=Debian").matches(STATUS)).toBe(false);
        expect(new ReleaseMatcher("origin", "").matches(STATUS)).toBe(false);
    });

    it("origin pins match the site, quoted or not, '' for local repositories", () => {
        const local = file({ site: "" });
        const p = new Policy(
            [file(), local, file({ site: "packages.example.org" })],
            [pin([], "origin", "deb.debian.org", 600), pin([], "origin", '""', 300)],
            "amd64"
        );
        expect(p.filePriorities).toEqual([600, 300, 500]);
        expect(new ReleaseMatcher("origin", '"deb.debian.org"').matches(file())).toBe(true);
    });

    it("Pin-Priority: never wins over an earlier pin and a package pin cannot lift it", () => {
        const files = [file(), file({ archive: "unstable" })];
        const p = new Policy(
            files,
            [
                pin([], "release", "o=Debian", 700),
                pin([], "release", "a=unstable", NEVER_PIN),
                pin(["foo"], "release", "a=unstable", 900),
            ],
            "amd64"
        );
        expect(p.filePriorities).toEqual([700, NEVER_PIN]);
        const foo = pkg("foo", [
            ["2.0", [1]],
            ["1.0", [0]],
        ]);
        expect(cand(p, foo)).toBe("1.0");
    });
});

describe("candidate", () => {
    const files = [
        file(),
        file({ archive: "testing", codename: "trixie" }),
        STATUS,
        file({ archive: "experimental", notAutomatic: true }),
    ];

    it("highest priority wins, then highest version", () => {
        const p = new Policy(files, [], "amd64", "stable");
        expect(
            cand(
                p,
                pkg("foo", [
                    ["3.0", [1]],
                    ["2.0", [0]],
                ])
            )
        ).toBe("2.0");
        const q = new Policy(files, [], "amd64");
        expect(
            cand(
                q,
                pkg("foo", [
                    ["3.0", [1]],
                    ["2.0", [0]],
                ])
            )
        ).toBe("3.0");
        expect(
            cand(
                q,
                pkg("foo", [
                    ["4.0", [3]],
                    ["2.0", [0]],
                ])
            )
        ).toBe("2.0");
        expect(cand(q, pkg("foo", [["4.0", [3]]]))).toBe("4.0");
    });

    it("the installed version (status 100) beats a lower-priority newer version", () => {
        const p = new Policy(files, [], "amd64");
        expect(
            cand(
                p,
                pkg(
                    "foo",
                    [
                        ["4.0", [3]],
                        ["2.0", [0, 2]],
                    ],
                    "2.0"
                )
            )
        ).toBe("2.0");
        expect(
            cand(
                p,
                pkg(
                    "foo",
                    [
                        ["3.0", [1]],
                        ["2.0", [0, 2]],
                    ],
                    "2.0"
                )
            )
        ).toBe("3.0");
    });

    it("a status-file version that is not installed counts -1", () => {
        const p = new Policy(files, [], "amd64");
        const remnant = pkg("foo", [["1.0", [2]]]);
        expect(p.versionPriority(remnant, remnant.versions[0]!)).toBe(-1);
        expect(cand(p, remnant)).toBeNull();
        const both = pkg("foo", [["1.0", [0, 2]]]);
        expect(p.versionPriority(both, both.versions[0]!)).toBe(500);
        const installed = pkg("foo", [["1.0", [2]]], "1.0");
        expect(p.versionPriority(installed, installed.versions[0]!)).toBe(100);
        expect(cand(p, installed)).toBe("1.0");
    });

    it("never a downgrade below priority 1000", () => {
        const p = new Policy(files, [pin(["foo"], "version", "1.0", 999)], "amd64");
        expect(
            cand(
                p,
                pkg(
                    "foo",
                    [
                        ["2.0", [2]],
                        ["1.0", [0]],
                    ],
                    "2.0"
                )
            )
        ).toBe("2.0");
    });

    it("a pin of 1000 or more downgrades", () => {
        const p = new Policy(files, [pin(["foo"], "version", "1.0", 1000)], "amd64");
        expect(
            cand(
                p,
                pkg(
                    "foo",
                    [
                        ["2.0", [2]],
                        ["1.0", [0]],
                    ],
                    "2.0"
                )
            )
        ).toBe("1.0");
    });

    it("negative and zero priorities are never candidates", () => {
        const neg = new Policy(files, [pin(["foo"], "release", "a=stable", -1)], "amd64");
        expect(cand(neg, pkg("foo", [["2.0", [0]]]))).toBeNull();
        expect(
            cand(
                neg,
                pkg("foo", [
                    ["2.0", [0]],
                    ["1.0", [1]],
                ])
            )
        ).toBe("1.0");
        const zero = new Policy(files, [pin(["foo"], "release", "a=stable", 0)], "amd64");
        expect(cand(zero, pkg("foo", [["2.0", [0]]]))).toBeNull();
        // an installed package with a negative pin keeps no candidate from that file, but its status entry
        expect(cand(neg, pkg("foo", [["2.0", [0, 2]]], "2.0"))).toBeNull();
    });

    it("version pins: exact, trailing '*' prefix, first matching pin wins", () => {
        const p = new Policy(
            files,
            [pin(["foo"], "version", "2.1*", 600), pin(["foo"], "version", "2.*", 300)],
            "amd64"
        );
        const foo = pkg("foo", [
            ["2.2", [1]],
            ["2.1.5", [1]],
            ["2.0", [0]],
        ]);
        expect(foo.versions.map((v) => p.versionPriority(foo, v))).toEqual([300, 600, 300]);
        expect(cand(p, foo)).toBe("2.1.5");
    });

    it("release pins apply to the versions in matching files only", () => {
        const p = new Policy(files, [pin(["foo"], "release", "n=trixie", 995)], "amd64", "stable");
        const foo = pkg("foo", [
            ["3.0", [1]],
            ["2.0", [0]],
        ]);
        expect(cand(p, foo)).toBe("3.0");
        expect(
            cand(
                p,
                pkg("bar", [
                    ["3.0", [1]],
                    ["2.0", [0]],
                ])
            )
        ).toBe("2.0");
    });

    it("glob and /regex/ package names, case-insensitive", () => {
        const p = new Policy(
            files,
            [pin(["lib*"], "release", "a=testing", 800), pin(["/^py.*3$/"], "release", "a=testing", 800)],
            "amd64"
        );
        const v = (name: string) =>
            cand(
                p,
                pkg(name, [
                    ["3.0", [3]],
                    ["2.0", [1]],
                    ["1.0", [0]],
                ])
            );
        // testing (2.0) pinned 800 vs stable 500 vs experimental 1
        expect(v("libfoo")).toBe("2.0");
        expect(v("python3")).toBe("2.0");
        expect(v("foolib")).toBe("2.0"); // no pin: highest of 500/500 is the higher version
        const q = new Policy(
            files,
            [pin(["lib*"], "release", "a=stable", 800), pin(["/^PY.*3$/"], "release", "a=stable", 800)],
            "amd64"
        );
        const w = (name: string) =>
            cand(
                q,
                pkg(name, [
                    ["2.0", [1]],
                    ["1.0", [0]],
                ])
            );
        expect(w("libfoo")).toBe("1.0");
        expect(w("python3")).toBe("1.0");
        expect(w("foolib")).toBe("2.0");
        expect(w("python")).toBe("2.0");
    });

    it("src: pins match the source package", () => {
        const p = new Policy(
            files,
            [pin(["src:glibc"], "release", "a=stable", 800), pin(["src:open*"], "release", "a=stable", 800)],
            "amd64"
        );
        expect(
            cand(
                p,
                pkg(
                    "libc6",
                    [
                        ["2.0", [1]],
                        ["1.0", [0]],
                    ],
                    null,
                    "amd64",
                    "glibc"
                )
            )
        ).toBe("1.0");
        expect(
            cand(
                p,
                pkg(
                    "glibc",
                    [
                        ["2.0", [1]],
                        ["1.0", [0]],
                    ],
                    null,
                    "amd64",
                    "other"
                )
            )
        ).toBe("2.0");
        expect(
            cand(
                p,
                pkg(
                    "libssl3",
                    [
                        ["2.0", [1]],
                        ["1.0", [0]],
                    ],
                    null,
                    "amd64",
                    "openssl"
                )
            )
        ).toBe("1.0");
    });

    it("pins apply to the native architecture unless they name one", () => {
        const p = new Policy(
            files,
            [
                pin(["foo"], "release", "a=stable", 800),
                pin(["bar:i386"], "release", "a=stable", 800),
                pin(["baz:any"], "release", "a=stable", 800),
            ],
            "amd64"
        );
        const v = (name: string, arch: string) =>
            cand(
                p,
                pkg(
                    name,
                    [
                        ["2.0", [1]],
                        ["1.0", [0]],
                    ],
                    null,
                    arch
                )
            );
        expect(v("foo", "amd64")).toBe("1.0");
        expect(v("foo", "i386")).toBe("2.0");
        expect(v("bar", "i386")).toBe("1.0");
        expect(v("bar", "amd64")).toBe("2.0");
        expect(v("baz", "i386")).toBe("1.0");
        expect(v("baz", "amd64")).toBe("1.0");
    });
});

describe("versionPinMatches", () => {
    it("exact (case-insensitive), prefix with '*', and glob", () => {
        expect(versionPinMatches("1.2-1", "1.2-1")).toBe(true);
        expect(versionPinMatches("1.2-1", "1.2-10")).toBe(false);
        expect(versionPinMatches("1.2*", "1.2-10")).toBe(true);
        expect(versionPinMatches("1.2*", "1.3")).toBe(false);
        expect(versionPinMatches("1.0~RC1", "1.0~rc1")).toBe(true);
        expect(versionPinMatches("1.?-1", "1.5-1")).toBe(true);
        expect(versionPinMatches("/^2\\.[0-9]+$/", "2.15")).toBe(true);
        expect(versionPinMatches("/^2\\.[0-9]+$/", "2.15-1")).toBe(false);
    });
});

describe("parsePreferences", () => {
    it("reads package, type, data and priority; Package: * is a default pin", () => {
        const pins = parsePreferences(
            '# comment\nExplanation: x\nPackage: foo bar:i386\nPin: version 1.2*\nPin-Priority: 1001\n\nPackage: *\nPin: release o=Debian,a=stable\nPin-Priority: -10\n\nPackage: *\nPin: origin "deb.example.org"\nPin-Priority: 300\n',
            "p.pref"
        );
        expect(pins).toEqual([
            { packages: ["foo", "bar:i386"], type: "version", data: "1.2*", priority: 1001, file: "p.pref" },
            { packages: [], type: "release", data: "o=Debian,a=stable", priority: -10, file: "p.pref" },
            { packages: [], type: "origin", data: '"deb.example.org"', priority: 300, file: "p.pref" },
        ]);
    });

    it("Pin-Priority: never for Package: *", () => {
        const [p] = parsePreferences("Package: *\nPin: release a=unstable\nPin-Priority: never\n", "f");
        expect(p!.priority).toBe(NEVER_PIN);
        expect(() => parsePreferences("Package: foo\nPin: release a=unstable\nPin-Priority: never\n", "f")).toThrow(
            BridgeError
        );
    });

    it("ignores unknown pin types, a version pin for Package: * and records without Pin", () => {
        expect(
            parsePreferences(
                "Package: foo\nPin: weird x\nPin-Priority: 5\n\nPackage: *\nPin: version 1.0\nPin-Priority: 5\n\nPackage: foo\nPin-Priority: 5\n",
                "f"
            )
        ).toEqual([]);
    });

    it("throws BridgeError for a record without Package, a zero or missing priority and an out-of-range one", () => {
        for (const text of [
            "Pin: release a=stable\nPin-Priority: 500\n",
            "Package: foo\nPin: release a=stable\nPin-Priority: 0\n",
            "Package: foo\nPin: release a=stable\n",
            "Package: foo\nPin: release a=stable\nPin-Priority: high\n",
            "Package: foo\nPin: release a=stable\nPin-Priority: 40000\n",
        ]) {
            expect(() => parsePreferences(text, "bad.pref"), text).toThrow(BridgeError);
        }
    });

    it("a parsed file drives the policy end to end", () => {
        const pins = parsePreferences(
            "Package: *\nPin: release a=testing\nPin-Priority: 100\n\nPackage: foo\nPin: release a=testing\nPin-Priority: 600\n",
            "f"
        );
        const p = new Policy([file(), file({ archive: "testing" })], pins, "amd64");
        expect(p.filePriorities).toEqual([500, 100]);
        expect(
            cand(
                p,
                pkg("foo", [
                    ["2.0", [1]],
                    ["1.0", [0]],
                ])
            )
        ).toBe("2.0");
        expect(
            cand(
                p,
                pkg("bar", [
                    ["2.0", [1]],
                    ["1.0", [0]],
                ])
            )
        ).toBe("1.0");
    });
});
