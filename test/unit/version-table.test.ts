// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { parseTags, summaryOf, type Stanza } from "../../src/bridge/apt/deb822.js";
import { FieldSet, forEachStanzaIn, type ReadAt } from "../../src/bridge/apt/deb822-stream.js";
import { isInstalledState, STATUS_ENTRY_FIELDS, statusEntry } from "../../src/bridge/apt/dpkg-status.js";
import { latin1ToUtf8 } from "../../src/bridge/apt/list-files.js";
import type { RecordRef } from "../../src/bridge/index/index-data.js";
import { NO_PHASING } from "../../src/bridge/index/index-data.js";
import { UpdateFlags } from "../../src/bridge/index/update-flags.js";
import {
    VERSION_FIELDS,
    VersionTable,
    type BuildPackage,
    type BuildVersion,
} from "../../src/bridge/index/version-table.js";

const NATIVE = "amd64";
const ARCHS = new Set(["amd64", "arm64"]);
const LIST_FIELDS = new FieldSet([...VERSION_FIELDS]);
const STATUS_FIELDS = new FieldSet([...VERSION_FIELDS, ...STATUS_ENTRY_FIELDS]);

/** A reader handing out at most `step` bytes a call, so that stanzas straddle chunks. */
function reader(bytes: Buffer, step = 7): ReadAt {
    return (buf, off, len, pos) => bytes.copy(buf, off, pos, Math.min(bytes.length, pos + Math.min(len, step)));
}

/**
 * The index builder's reading as it was before version-table.ts (one object per version, strings
 * and Maps): the specification the compact table must match, package for package.
 */
class Reference {
    readonly packages = new Map<string, BuildPackage>();
    readonly anyGroups = new Set<string>();
    private readonly tagArrays = new Map<string, string[]>();
    constructor(private readonly updates: UpdateFlags) {}

    private key(name: string, arch: string) {
        return arch === NATIVE ? name : `${name}:${arch}`;
    }

    add(s: Stanza, fileIdx: number, record: RecordRef, listsOnly: boolean): BuildVersion | null {
        const name = s.get("package");
        const version = s.get("version");
        if (!name || !version) return null;
        const stanzaArch = s.get("architecture") ?? "";
        if (listsOnly && stanzaArch !== "all" && !ARCHS.has(stanzaArch)) return null;
        const pkgArch = stanzaArch === "all" || stanzaArch === "" ? NATIVE : stanzaArch;
        const pkg = this.packages.get(this.key(name, pkgArch));
        let ver = pkg?.versions.find((v) => v.version === version);
        if (ver) {
            if (ver.files[ver.files.length - 1] !== fileIdx) ver.files.push(fileIdx);
            ver.records.push(record);
        } else {
            const src = s.get("source");
            const sp = src ? src.indexOf(" ") : -1;
            ver = {
                version,
                arch: stanzaArch || NATIVE,
                files: [fileIdx],
                records: [record],
                source: !src ? name : sp < 0 ? src : src.slice(0, sp),
                section: "",
                summary: "",
                tags: [],
                descriptionMd5: "",
                essential: false,
                phased: NO_PHASING,
            };
            if (pkg) pkg.versions.push(ver);
            else
                this.packages.set(this.key(name, pkgArch), {
                    name,
                    arch: pkgArch,
                    versions: [ver],
                    current: null,
                    state: "not-installed",
                    held: false,
                });
        }
        if (!ver.section) ver.section = s.get("section") ?? "";
        if (!ver.summary) ver.summary = latin1ToUtf8(summaryOf(s.get("description")));
        if (ver.tags.length === 0) {
            const tags = parseTags(s.get("tag"));
            const known = this.tagArrays.get(tags.join(","));
            ver.tags = known ?? tags;
            if (!known) this.tagArrays.set(tags.join(","), tags);
        }
        if (!ver.descriptionMd5) ver.descriptionMd5 = s.get("description-md5") ?? "";
        if (s.get("essential")?.toLowerCase() === "yes") ver.essential = true;
        const phased = s.get("phased-update-percentage");
        if (phased !== undefined) ver.phased = this.updates.phasedPercentage(phased);
        if (s.get("multi-arch")?.toLowerCase() === "allowed") this.anyGroups.add(name);
        return ver;
    }

    packageOf(name: string, stanzaArch: string): BuildPackage {
        const arch = stanzaArch === "all" || stanzaArch === "" ? NATIVE : stanzaArch;
        return this.packages.get(this.key(name, arch)) as BuildPackage;
    }
}

const LISTS = [
    [
        "Package: alpha",
        "Version: 1.0-1",
        "Architecture: amd64",
        "Description: the first\xa0", // trailing NBSP: summaryOf's trim took it
        "Description-md5: 0123456789abcdef0123456789abcdef",
        "Tag: role::program,",
        " use::b, use::a,",
        " use::b",
        "",
        "Package: alpha",
        "Version: 2.0",
        "Architecture: amd64",
        "Source: alpha-src (1.9)",
        "Section: admin",
        "Description: voil\xc3\xa0", // UTF-8 "voilà" ends in byte A0: trimmed too, as summaryOf did
        "Multi-Arch: Allowed",
        "",
        "Package: beta",
        "Version: 3",
        "Architecture: all",
        "Essential: YES",
        "Section: multi",
        " line",
        "Description:",
        " only a long description",
        "",
        "Package: gamma",
        "Version: 1",
        "Architecture: arm64",
        "Source: gamma-src",
        "Description:   Gr\xc3\xbc\xc3\x9fe  ", // UTF-8 bytes
        "Phased-Update-Percentage: 30",
        "",
        // names whose order depends on the ":ARCH" suffix being compared as bytes ("-" < "0" < ":" < "z")
        "Package: gamma-doc",
        "Version: 1",
        "Architecture: all",
        "",
        "Package: gammaz",
        "Version: 1",
        "Architecture: amd64",
        "",
        "Package: gamma0",
        "Version: 1",
        "Architecture: arm64",
        "",
        "Package: gamma",
        "Version: 2",
        "Architecture: amd64",
        "",
        "Package: delta",
        "Version: 1",
        "Architecture: i386",
        "",
        "Package: epsilon",
        "Architecture: amd64",
        "",
        "Package: zeta",
        "Version: 1",
        "",
        "package: CRLF\r",
        "VERSION: 1.2\r",
        "architecture: amd64\r",
        "tag: a::b, a::b\r",
        "description:  crlf summary \r",
        "\r",
    ],
    [
        "Package: alpha",
        "Version: 1.0-1",
        "Architecture: amd64",
        "Section: later",
        "Description: not the first",
        "Description-md5: ffffffffffffffffffffffffffffffff",
        "Phased-Update-Percentage: 10",
        "",
        "Package: beta",
        "Version: 3",
        "Architecture: all",
        "Essential: no",
        "Tag: x::y",
        "",
        "Package: gamma",
        "Version: 1",
        "Architecture: arm64",
        "Phased-Update-Percentage: junk",
        "Multi-Arch: same",
        "",
        "Package: gamma",
        "Version: 1:1",
        "Architecture: arm64",
        "Source: gamma-src",
        "Tag: ",
        "",
        "Package: alpha",
        "Version: 1.0-1",
        "Architecture: amd64",
        "Tag: role::program, use::a",
    ],
];
const STATUS = [
    "Package: alpha",
    "Status: hold ok installed",
    "Version: 1.0-1",
    "Architecture: amd64",
    "Description: installed alpha",
    " long",
    "",
    "Package: omega",
    "Status: deinstall ok config-files",
    "Version: 0.9",
    "",
    "Package: beta",
    "Status: install ok installed",
    "Version: 3",
    "Architecture: all",
    "",
    "Package: nothing",
    "Status: purge ok not-installed",
    "Architecture: amd64",
];

/** A package's name as the index shows it. */
function display(p: BuildPackage): string {
    return p.arch === NATIVE ? p.name : `${p.name}:${p.arch}`;
}

function bytesOf(lines: string[]): Buffer {
    return Buffer.from(lines.join("\n"), "latin1"); // the strings hold the bytes, one per character
}

function readBoth() {
    const tableFlags = new UpdateFlags([false, false, false]);
    const referenceFlags = new UpdateFlags([false, false, false]);
    const table = new VersionTable(NATIVE, ARCHS, tableFlags);
    const reference = new Reference(referenceFlags);
    let stanza = 0;
    LISTS.forEach((lines, fileIdx) => {
        forEachStanzaIn(reader(bytesOf(lines)), LIST_FIELDS, (s) => {
            const expected = reference.add(s.toMap(), fileIdx, [fileIdx, stanza], true);
            const ver = table.add(s, true);
            expect(ver >= 0).toBe(expected !== null);
            if (ver >= 0) table.addStanza(ver, fileIdx, stanza++);
        });
    });
    const statusIdx = LISTS.length;
    forEachStanzaIn(reader(bytesOf(STATUS), 5), STATUS_FIELDS, (s, _data, start, end) => {
        const e = statusEntry(s.toMap(), start, end);
        if (!e?.version) return;
        const ver = reference.add(e.stanza, statusIdx, [statusIdx, stanza], false) as BuildVersion;
        const pkg = reference.packageOf(e.name, e.architecture);
        pkg.state = e.state;
        pkg.held = e.want === "hold";
        if (isInstalledState(e.state)) pkg.current = ver;
        const v = table.add(s, false);
        table.addStanza(v, statusIdx, stanza++);
        table.setStatus(v, e.state, e.want === "hold", isInstalledState(e.state));
    });
    return { table, reference, tableFlags, referenceFlags };
}

describe("VersionTable", () => {
    it("holds what the builder's former objects held, package for package, in name order", () => {
        const { table, reference, tableFlags, referenceFlags } = readBoth();
        const expected = [...reference.packages.values()].sort((a, b) => (display(a) < display(b) ? -1 : 1));
        const got = Array.from(table.finish(), (pkg) => table.package(pkg));
        expect(got.map(display)).toEqual(expected.map(display));
        expect(got.map(display).filter((d) => d.startsWith("gamma"))).toEqual([
            "gamma",
            "gamma-doc",
            "gamma0:arm64",
            "gamma:arm64",
            "gammaz",
        ]);
        expect(got).toEqual(expected);
        expect([...table.anyGroups]).toEqual([...reference.anyGroups]);
        expect(tableFlags.listsHavePhasing).toBe(referenceFlags.listsHavePhasing);
    });

    it("reads the tricky fields as the former code did", () => {
        const { table } = readBoth();
        const byName = new Map(Array.from(table.finish(), (pkg) => [display(table.package(pkg)), table.package(pkg)]));
        const alpha = byName.get("alpha") as BuildPackage;
        const [a1, a2] = alpha.versions;
        expect(a1?.summary).toBe("the first");
        expect(a1?.section).toBe("later"); // empty in the first file: the second fills it
        expect(a1?.descriptionMd5).toBe("0123456789abcdef0123456789abcdef"); // the first's wins
        expect(a1?.tags).toEqual(["role::program", "use::a", "use::b"]);
        expect(a1?.phased).toBe(10);
        expect(a1?.files).toEqual([0, 1, 2]);
        expect(a1?.records).toEqual([
            [0, 0],
            [1, 9],
            [1, 13],
            [2, 14],
        ]);
        expect(alpha.current).toBe(a1);
        expect(alpha.held).toBe(true);
        expect(a2?.source).toBe("alpha-src");
        expect(a2?.summary).toBe("voil\ufffd");
        const beta = byName.get("beta") as BuildPackage;
        expect(beta.versions[0]?.essential).toBe(true);
        expect(beta.versions[0]?.section).toBe("multi\nline");
        expect(beta.versions[0]?.summary).toBe("");
        expect(beta.versions[0]?.arch).toBe("all");
        expect(byName.get("gamma:arm64")?.versions[0]?.summary).toBe("Grüße");
        expect(byName.get("gamma:arm64")?.versions[0]?.phased).toBe(NO_PHASING);
        expect(byName.get("CRLF")?.versions[0]?.summary).toBe("crlf summary");
        expect(byName.get("CRLF")?.versions[0]?.tags).toEqual(["a::b"]);
        expect(byName.get("omega")?.state).toBe("config-files");
        expect(byName.get("omega")?.current).toBe(null);
        expect([...byName.keys()]).not.toContain("delta:i386");
        expect([...byName.keys()]).not.toContain("zeta");
        expect([...table.anyGroups]).toEqual(["alpha"]);
    });
});
