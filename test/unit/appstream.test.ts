// SPDX-License-Identifier: LGPL-2.1-or-later
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDep11 } from "../../src/bridge/appstream/dep11.js";
import { readTarMembers } from "../../src/bridge/appstream/icon-tar.js";
import { imageDataUrl } from "../../src/bridge/appstream/local-image.js";
import { languageKeys, pick } from "../../src/bridge/appstream/localize.js";
import { markupToText } from "../../src/bridge/appstream/markup.js";
import { ownersOf, parseMetainfo } from "../../src/bridge/appstream/metainfo.js";
import { dep11TargetsOf } from "../../src/bridge/appstream/targets.js";
import type { IndexTarget } from "../../src/bridge/apt/index-targets.js";
import { png } from "../support/png.js";

describe("DEP-11 parsing", () => {
    const text = `---
File: DEP-11
MediaBaseUrl: https://m.example.org/
---
Type: desktop-application
ID: a
Package: pkg-a
Name: {C: A}
Releases:
- version: 1.10
  unix-timestamp: 0
Screenshots:
- thumbnails: [{url: /t.png, width: 624}]
---
Type: font
ID: f
Package: fonts-f
Name: {C: F}
---
Name: [broken
---
Type: web-application
ID: b
Package: pkg-b
Name: {C: B}
Icon: {cached: [{name: b.png, width: 64, height: 64}, {name: b2.png, width: 64, height: 64, scale: 2}]}
`;
    it("keeps versions as written, joins relative media URLs, skips non-apps and broken documents", () => {
        const apps = parseDep11(text);
        expect(apps.map((a) => a.id)).toEqual(["a", "b"]);
        expect(apps[0]?.releases).toEqual([{ version: "1.10", date: "1970-01-01T00:00:00.000Z", description: {} }]);
        expect(apps[0]?.screenshots).toEqual([
            {
                caption: {},
                image: "https://m.example.org/t.png",
                thumbnail: "https://m.example.org/t.png",
                isDefault: false,
            },
        ]);
        expect(apps[1]?.cachedIcons).toEqual({ "64x64": "b.png", "64x64@2": "b2.png" });
    });
});

describe("text", () => {
    it("markup becomes plain paragraphs and bullet lines", () => {
        expect(markupToText("<p>One &amp; <em>two</em>.</p>\n<ul><li>x</li><li>y &lt;z&gt;</li></ul><p>End</p>")).toBe(
            "One & two.\n\n• x\n• y <z>\n\nEnd"
        );
    });
    it("--lang: region, language, C; anything else refused", () => {
        expect(languageKeys("pt-br")).toEqual(["pt_BR", "pt", "C"]);
        expect(languageKeys("de")).toEqual(["de", "C"]);
        expect(languageKeys(undefined)).toEqual(["C"]);
        expect(() => languageKeys("-x")).toThrow(/language code/);
        expect(() => languageKeys("de;rm")).toThrow(/language code/);
        expect(pick({ C: "c", de: "d" }, ["de_AT", "de", "C"])).toBe("d");
        expect(pick({ C: "c" }, ["fr", "C"])).toBe("c");
    });
});

describe("files", () => {
    it("reads only the wanted members of an icon tarball", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "appstream-unit-"));
        try {
            fs.mkdirSync(path.join(dir, "in"));
            fs.writeFileSync(path.join(dir, "in", "a.png"), png(4, 4, [1, 2, 3]));
            fs.writeFileSync(path.join(dir, "in", "b.png"), "not wanted");
            execFileSync("tar", ["-C", path.join(dir, "in"), "-czf", path.join(dir, "icons.tar.gz"), "a.png", "b.png"]);
            const found = readTarMembers(path.join(dir, "icons.tar.gz"), new Set(["a.png", "c.png"]), 1 << 20);
            expect([...found.keys()]).toEqual(["a.png"]);
            expect(found.get("a.png")?.equals(png(4, 4, [1, 2, 3]))).toBe(true);
            expect(readTarMembers(path.join(dir, "missing.tar.gz"), new Set(["a.png"]), 1 << 20).size).toBe(0);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    it("inlines images only: a text file named .png is not one", () => {
        expect(imageDataUrl(png(2, 2, [0, 0, 0]))).toMatch(/^data:image\/png;base64,/);
        expect(imageDataUrl(Buffer.from("root:x:0:0::/root:/bin/bash\n"))).toBeNull();
        expect(imageDataUrl(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatch(
            /^data:image\/svg\+xml;base64,/
        );
    });
    it("DEP-11 targets: catalogs with their icon tarballs, by repository and component", () => {
        const t = (createdBy: string, component: string, filename: string, baseUri = "http://x/"): IndexTarget => ({
            createdBy,
            filename,
            origin: "",
            label: "",
            suite: "",
            codename: "",
            version: "",
            component,
            architecture: "",
            language: "",
            site: "x",
            baseUri,
            releaseFile: null,
            notAutomatic: false,
            butAutomaticUpgrades: false,
        });
        expect(
            dep11TargetsOf([
                t("DEP-11", "main", "/l/main_Components-amd64.yml.gz"),
                t("DEP-11-icons", "main", "/l/main_icons-64x64.tar.gz"),
                t("DEP-11", "main", "/l/main_Components-all.yml.gz"),
                t("DEP-11-icons-hidpi", "main", "/l/main_icons-64x64@2.tar.gz"),
                t("DEP-11", "main", "/m/main_Components-amd64.yml.gz", "http://y/"),
                t("Packages", "main", "/l/main_Packages"),
            ])
        ).toEqual([
            {
                catalog: "/l/main_Components-amd64.yml.gz",
                icons: { "64x64": "/l/main_icons-64x64.tar.gz", "64x64@2": "/l/main_icons-64x64@2.tar.gz" },
            },
            { catalog: "/m/main_Components-amd64.yml.gz", icons: {} },
        ]);
    });
    it("metainfo: addons are not apps; a file without <pkgname> takes its owner", () => {
        const xml = (type: string, extra = "") =>
            `<component type="${type}"><id>x</id><name>X</name>${extra}</component>`;
        expect(parseMetainfo(xml("addon"), "/nonexistent", "p")).toBeNull();
        expect(parseMetainfo(xml("desktop-application"), "/nonexistent", null)).toBeNull();
        expect(parseMetainfo(xml("desktop-application"), "/nonexistent", "owner")?.packageName).toBe("owner");
        expect(parseMetainfo(xml("service", "<pkgname>own</pkgname>"), "/nonexistent", "owner")?.packageName).toBe(
            "own"
        );
        expect(parseMetainfo("<component type=", "/nonexistent", "p")).toBeNull();
    });
    it("metainfo: a file's owner is the package whose dpkg file list has that whole line", () => {
        const admin = fs.mkdtempSync(path.join(os.tmpdir(), "owners-"));
        const info = path.join(admin, "info");
        fs.mkdirSync(info);
        const m = "/usr/share/metainfo";
        fs.writeFileSync(path.join(info, "decoy.list"), `/.\n${m}\n${m}/a.metainfo.xml.bak\nx${m}/b.appdata.xml\n`);
        fs.writeFileSync(path.join(info, "first:arm64.list"), `${m}/a.metainfo.xml\n/usr\n`);
        fs.writeFileSync(path.join(info, "last.list"), `/.\n/usr/share/appdata/c.appdata.xml`); // no final newline
        fs.writeFileSync(path.join(info, "ignored.md5sums"), `${m}/b.appdata.xml\n`);
        const wanted = [`${m}/a.metainfo.xml`, `${m}/b.appdata.xml`, "/usr/share/appdata/c.appdata.xml"];
        expect(Object.fromEntries(ownersOf(admin, wanted))).toEqual({
            [`${m}/a.metainfo.xml`]: "first",
            "/usr/share/appdata/c.appdata.xml": "last",
        });
        expect(ownersOf(path.join(admin, "missing"), wanted).size).toBe(0);
        fs.rmSync(admin, { recursive: true });
    });
});
