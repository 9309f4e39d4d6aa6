// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * AppStream through the built bridge in a sandbox APT root: a local
 * repository carrying a DEP-11 catalog and 64x64 icons (downloaded by the
 * sandbox's apt-get update, the DEP-11 targets enabled in its own APT
 * configuration), and a package that installs its own metainfo file, icon
 * and screenshot. appstreamcli reads the same files as the oracle
 * (support/appstream-oracle.ts), in several languages.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
    AppCategoryListResponse,
    CategoryListResponse,
    SectionListResponse,
    ErrorResponse,
    PackageDetailsResponse,
    PackageListResponse,
    PackageSummary,
    StorePreviewResponse,
} from "../../src/protocol/index.js";
import { appstreamDump } from "../support/appstream-oracle.js";
import { png } from "../support/png.js";
import { createSandbox, type Sandbox } from "../support/sandbox.js";

const ICON = png(64, 64, [20, 90, 160], [250, 250, 250]);
const META_ICON = png(64, 64, [200, 60, 30]);
const SHOT = png(320, 180, [30, 30, 30], [0, 160, 120]);

const CATALOG = `---
File: DEP-11
Version: '0.16'
Origin: apps-stable-main
MediaBaseUrl: https://media.example.org/pool
---
Type: web-application
ID: org.example.WebApp
Package: web-app-container
Name:
  C: Web App
  de: Web-Anwendung
  pt_BR: Aplicativo Web
Summary:
  C: Serves pages & more
  de: Liefert Seiten
Description:
  C: >-
    <p>Web App serves pages.</p><ul><li>Fast</li><li>Small &amp; quiet</li></ul><p>Second paragraph.</p>
  de: >-
    <p>Web-Anwendung liefert Seiten.</p>
Categories:
- Network
- WebDevelopment
Url:
  homepage: https://webapp.example.org
  bugtracker: https://webapp.example.org/issues
  help: https://webapp.example.org/help
  donation: https://webapp.example.org/donate
Icon:
  cached:
  - name: web-app-container_org.example.WebApp.png
    width: 64
    height: 64
Launchable:
  url:
  - http://localhost:8080/
ContentRating:
  oars-1.1:
    social-info: mild
    violence-cartoon: none
Screenshots:
- default: true
  caption:
    C: Main page
    de: Hauptseite
  thumbnails:
  - url: org.example.WebApp/1/main_224x126.png
    width: 224
    height: 126
  - url: org.example.WebApp/1/main_624x351.png
    width: 624
    height: 351
  source-image:
    url: org.example.WebApp/1/main_orig.png
    width: 1280
    height: 720
- caption:
    C: Settings
  source-image:
    url: org.example.WebApp/1/settings_orig.png
    width: 1280
    height: 720
Releases:
- version: '1.10'
  unix-timestamp: 1700000000
  description:
    C: <p>Faster pages.</p>
- version: '1.9'
  unix-timestamp: 1690000000
---
Type: addon
ID: org.example.WebApp.plugin
Package: web-app-plugin
Extends:
- org.example.WebApp
Name:
  C: A plugin
Summary:
  C: Not an app of its own
---
Type: console-application
ID: org.example.Cli
Package: cli-tool
Name:
  C: CLI Tool
Summary:
  C: A tool for the terminal
Categories:
- Utility
`;

/** A second component's catalog with a broken document: it costs only itself (libyaml, appstreamcli's parser, drops the whole file). */
const BROKEN_CATALOG = `---
File: DEP-11
Version: '0.16'
Origin: apps-stable-contrib
---
Type: desktop-application
ID: org.example.Broken
Package: broken-app
Name: [unclosed
---
Type: desktop-application
ID: org.example.AfterBroken
Package: after-broken
Name:
  C: After Broken
Summary:
  C: Still read
`;

const METAINFO = `<?xml version="1.0" encoding="UTF-8"?>
<component type="web-application">
  <id>org.example.MetaApp</id>
  <metadata_license>FSFAP</metadata_license>
  <name>Meta App</name>
  <name xml:lang="de">Meta-Anwendung</name>
  <summary>Ships its own metadata</summary>
  <summary xml:lang="de">Bringt eigene Metadaten mit</summary>
  <description>
    <p>Meta App runs in a container.</p>
    <p xml:lang="de">Meta-Anwendung läuft in einem Container.</p>
    <ul>
      <li>Dashboards</li>
      <li xml:lang="de">Übersichten</li>
    </ul>
  </description>
  <icon type="local" width="64" height="64">/usr/share/icons/hicolor/64x64/apps/org.example.MetaApp.png</icon>
  <categories><category>Monitor</category><category>Network</category></categories>
  <url type="homepage">https://meta.example.org</url>
  <url type="bugtracker">https://meta.example.org/bugs</url>
  <launchable type="url">http://localhost:3100/</launchable>
  <content_rating type="oars-1.1"/>
  <screenshots>
    <screenshot type="default">
      <caption>Dashboard</caption>
      <caption xml:lang="de">Übersicht</caption>
      <image type="source">file:///usr/share/meta-app/dashboard.png</image>
    </screenshot>
    <screenshot>
      <caption>Offline</caption>
      <image type="source">https://screenshots.invalid/meta.png</image>
    </screenshot>
  </screenshots>
  <releases>
    <release version="2.0" date="2026-10-01">
      <description><p>Two.</p><p xml:lang="de">Zwei.</p></description>
    </release>
    <release version="1.0" date="2026-01-15"/>
  </releases>
</component>
`;

let sb: Sandbox;
const bridge = async <T>(...args: string[]) => {
    const r = await sb.bridge(args);
    return { ...r, json: r.json as T };
};
const byName = (r: PackageListResponse, name: string) => r.packages.find((p) => p.name === name) as PackageSummary;
const catalogFile = () => {
    const lists = path.join(sb.root, "var/lib/apt/lists");
    return path.join(
        lists,
        fs.readdirSync(lists).find((n) => n.endsWith("_main_dep11_Components-amd64.yml.gz")) as string
    );
};
const dataUrlBytes = (url: string | null | undefined) =>
    Buffer.from((url ?? "").replace(/^data:image\/png;base64,/, ""), "base64");
const cacheFile = () =>
    path.join(
        sb.root,
        "cache",
        fs.readdirSync(path.join(sb.root, "cache")).find((n) => n.startsWith("appstream-")) as string
    );

beforeAll(async () => {
    sb = await createSandbox({
        repos: [
            {
                name: "apps",
                origin: "Apps",
                label: "Apps",
                suite: "stable",
                packages: [
                    { name: "web-app-container", version: "1.10", section: "net", summary: "web app packaged" },
                    { name: "web-app-plugin", version: "1.0", summary: "plugin" },
                    { name: "cli-tool", version: "1.0", section: "utils", summary: "cli packaged" },
                    { name: "plain-tool", version: "1.0", section: "utils", summary: "plain package" },
                    {
                        name: "meta-app-container",
                        version: "2.0",
                        section: "net",
                        summary: "meta app packaged",
                        files: [
                            { path: "/usr/share/metainfo/org.example.MetaApp.metainfo.xml", content: METAINFO },
                            { path: "/usr/share/icons/hicolor/64x64/apps/org.example.MetaApp.png", content: META_ICON },
                            { path: "/usr/share/meta-app/dashboard.png", content: SHOT },
                        ],
                    },
                ],
                components: ["main", "contrib"],
                componentPackages: {
                    contrib: [
                        { name: "broken-app", version: "1.0" },
                        { name: "after-broken", version: "1.0" },
                    ],
                },
                dep11: {
                    main: { yaml: CATALOG, icons: { "web-app-container_org.example.WebApp.png": ICON } },
                    contrib: { yaml: BROKEN_CATALOG },
                },
            },
        ],
    });
}, 120_000);

afterAll(() => sb?.cleanup());

describe("DEP-11 catalogs", () => {
    it("apt-get update in the sandbox downloaded the catalog and icons as DEP-11 index targets", async () => {
        const r = await sb.aptGet(["indextargets", "--format", "$(CREATED_BY) $(FILENAME)"]);
        expect(r.stdout).toMatch(/^DEP-11 \S+_dep11_Components-amd64\.yml\.gz$/m);
        expect(r.stdout).toMatch(/^DEP-11-icons \S+_dep11_icons-64x64\.tar\.gz$/m);
        expect(fs.existsSync(catalogFile())).toBe(true);
        expect(
            fs.readdirSync(path.join(sb.root, "var/lib/apt/lists")).some((n) => n.endsWith("_dep11_icons-64x64.tar.gz"))
        ).toBe(true);
    });

    it("list rows gain app (name, summary, icon from the tarball); packages without AppStream data do not", async () => {
        const r = await bridge<PackageListResponse>("packages", "filter");
        expect(r.status).toBe(0);
        const web = byName(r.json, "web-app-container");
        expect(web.app).toMatchObject({ id: "org.example.WebApp", name: "Web App", summary: "Serves pages & more" });
        expect(web.app?.icon).toMatch(/^data:image\/png;base64,/);
        expect(dataUrlBytes(web.app?.icon).equals(ICON)).toBe(true);
        expect(byName(r.json, "cli-tool").app).toEqual({
            id: "org.example.Cli",
            name: "CLI Tool",
            summary: "A tool for the terminal",
            icon: null,
        });
        // An addon is not an app; a broken document costs only itself; a plain package is printed as before.
        expect(byName(r.json, "web-app-plugin")).not.toHaveProperty("app");
        expect(byName(r.json, "broken-app")).not.toHaveProperty("app");
        expect(byName(r.json, "after-broken").app?.name).toBe("After Broken");
        expect(Object.keys(byName(r.json, "plain-tool"))).not.toContain("app");
        expect(r.stdout).toContain(JSON.stringify(byName(r.json, "plain-tool")));
    });

    it("--lang picks the page's language: region, then language, then untranslated", async () => {
        const de = await bridge<PackageListResponse>("packages", "search", "web-app", "--lang", "de");
        expect(byName(de.json, "web-app-container").app).toMatchObject({
            name: "Web-Anwendung",
            summary: "Liefert Seiten",
        });
        const deAt = await bridge<PackageListResponse>("packages", "search", "web-app", "--lang", "de-at");
        expect(byName(deAt.json, "web-app-container").app?.name).toBe("Web-Anwendung");
        const pt = await bridge<PackageListResponse>("packages", "search", "web-app", "--lang", "pt-br");
        expect(byName(pt.json, "web-app-container").app).toMatchObject({
            name: "Aplicativo Web",
            summary: "Serves pages & more",
        });
        const fr = await bridge<PackageListResponse>("packages", "search", "web-app", "--lang", "fr");
        expect(byName(fr.json, "web-app-container").app?.name).toBe("Web App");
        const bad = await bridge<ErrorResponse>("packages", "filter", "--lang", "../etc");
        expect(bad.status).not.toBe(0);
        expect(bad.json.error.code).toBe("INVALID_ARGUMENT");
    });

    it("details carry screenshots, urls, launchable, categories, content rating and releases", async () => {
        const r = await bridge<PackageDetailsResponse>("packages", "details", "web-app-container");
        expect(r.json.package.app).toEqual({
            id: "org.example.WebApp",
            name: "Web App",
            summary: "Serves pages & more",
            icon: expect.stringMatching(/^data:image\/png;base64,/) as unknown as string,
            type: "web-application",
            description: "Web App serves pages.\n\n• Fast\n• Small & quiet\n\nSecond paragraph.",
            screenshots: [
                {
                    caption: "Main page",
                    image: "https://media.example.org/pool/org.example.WebApp/1/main_orig.png",
                    thumbnail: "https://media.example.org/pool/org.example.WebApp/1/main_624x351.png",
                },
                {
                    caption: "Settings",
                    image: "https://media.example.org/pool/org.example.WebApp/1/settings_orig.png",
                    thumbnail: null,
                },
            ],
            urls: {
                homepage: "https://webapp.example.org",
                bugtracker: "https://webapp.example.org/issues",
                help: "https://webapp.example.org/help",
                donation: "https://webapp.example.org/donate",
            },
            launchable: "http://localhost:8080/",
            categories: ["Network", "WebDevelopment"],
            contentRating: { type: "oars-1.1", attributes: { "social-info": "mild" } },
            releases: [
                { version: "1.10", date: "2023-11-14T22:13:20.000Z", description: "Faster pages." },
                { version: "1.9", date: "2023-07-22T04:26:40.000Z", description: "" },
            ],
        });
        const plain = await bridge<PackageDetailsResponse>("packages", "details", "plain-tool");
        expect(plain.json.package).not.toHaveProperty("app");
    });

    for (const [language, lang] of [
        ["C", undefined],
        ["de", "de"],
        ["pt_BR", "pt-br"],
    ] as const) {
        it(`agrees with appstreamcli dump on the same catalog (${language})`, async () => {
            const oracle = appstreamDump("org.example.WebApp", [catalogFile()], null, language);
            const r = await bridge<PackageDetailsResponse>(
                "packages",
                "details",
                "web-app-container",
                ...(lang ? ["--lang", lang] : [])
            );
            const app = r.json.package.app;
            expect(app?.name).toBe(oracle.name);
            expect(app?.summary).toBe(oracle.summary);
            expect(oracle["@_type"]).toBe(app?.type);
            expect(oracle.pkgname).toBe("web-app-container");
            const desc = oracle.description as { p: string[]; ul?: { li: string[] } };
            for (const p of desc.p) expect(app?.description).toContain(p);
            for (const li of desc.ul?.li ?? []) expect(app?.description).toContain(`• ${li}`);
            expect((oracle.categories as { category: string[] }).category).toEqual(app?.categories);
            const urls = Object.fromEntries(
                (oracle.url as Array<{ "@_type": string; "#text": string }>).map((u) => [u["@_type"], u["#text"]])
            );
            expect(urls).toEqual(app?.urls);
            expect((oracle.launchable as Array<{ "#text": string }>)[0]?.["#text"]).toBe(app?.launchable);
            const shots = (
                oracle.screenshots as {
                    screenshot: Array<{ caption: string; image: Array<{ "@_type": string; "#text": string }> }>;
                }
            ).screenshot;
            expect(shots.map((s) => s.caption)).toEqual(app?.screenshots.map((s) => s.caption));
            expect(shots.map((s) => s.image.find((i) => i["@_type"] === "source")?.["#text"])).toEqual(
                app?.screenshots.map((s) => s.image)
            );
            expect(shots[0]?.image.map((i) => i["#text"])).toContain(app?.screenshots[0]?.thumbnail);
            const releases = (oracle.releases as { release: Array<{ "@_version": string; "@_date": string }> }).release;
            expect(releases.map((x) => x["@_version"])).toEqual(app?.releases.map((x) => x.version));
            expect(releases.map((x) => Date.parse(x["@_date"]))).toEqual(
                app?.releases.map((x) => Date.parse(x.date as string))
            );
            const rating = oracle.content_rating as {
                "@_type": string;
                content_attribute: Array<{ "@_id": string; "#text": string }>;
            };
            expect(rating["@_type"]).toBe(app?.contentRating?.type);
            expect(
                Object.fromEntries(
                    rating.content_attribute.filter((a) => a["#text"] !== "none").map((a) => [a["@_id"], a["#text"]])
                )
            ).toEqual(app?.contentRating?.attributes);
        });
    }

    it("AppStream categories: counts, and --app-category as a browse filter", async () => {
        const cats = await bridge<AppCategoryListResponse>("categories", "apps");
        expect(cats.json.categories).toEqual([
            { id: "Network", packageCount: 1 },
            { id: "Utility", packageCount: 1 },
            { id: "WebDevelopment", packageCount: 1 },
        ]);
        const network = await bridge<PackageListResponse>("packages", "filter", "--app-category", "Network");
        expect(network.json.packages.map((p) => p.name)).toEqual(["web-app-container"]);
        // The Browse page asks for both grids in one answer (no grid arriving after the other).
        const sections = await bridge<SectionListResponse>("sections", "list", "--with-apps");
        expect(sections.json.appCategories).toEqual(cats.json.categories);
        expect(sections.json.sections.length).toBeGreaterThan(0);
        const plain = await bridge<SectionListResponse>("sections", "list");
        expect(plain.json.appCategories).toBeUndefined();
        expect(plain.json.sections).toEqual(sections.json.sections);
        const categories = await bridge<CategoryListResponse>("categories", "list", "--with-apps");
        expect(categories.json.appCategories).toEqual(cats.json.categories);
    });

    it("stores preview names the selected packages that lack AppStream data", async () => {
        const file = path.join(sb.root, "apps.yaml");
        fs.writeFileSync(
            file,
            "id: apps\nname: Apps\ndescription: Apps\nfilters:\n  include_packages: [web-app-container, cli-tool, plain-tool, web-app-plugin]\n"
        );
        const r = await bridge<StorePreviewResponse>("stores", "preview", file);
        expect(r.json.total).toBe(4);
        const lacking = r.json.warnings.filter((w) => w.code === "LACKS_APPSTREAM");
        expect(lacking).toHaveLength(1);
        expect(lacking[0]?.message).toMatch(
            /^2 of 4 selected packages lack AppStream data .*: plain-tool, web-app-plugin$/
        );
        const text = await sb.bridge(["stores", "preview", file, "--text"]);
        expect(text.stdout).toContain("lack AppStream data");
    });
});

describe("metainfo of installed packages", () => {
    it("the cache is kept while nothing changes, and made again when a package installs a metainfo file", async () => {
        await bridge("packages", "filter", "--limit", "1");
        const before = fs.statSync(cacheFile());
        await bridge("packages", "filter", "--limit", "1");
        expect(fs.statSync(cacheFile()).mtimeMs).toBe(before.mtimeMs);
        const listed = await bridge<PackageListResponse>("packages", "search", "meta-app");
        expect(byName(listed.json, "meta-app-container")).not.toHaveProperty("app");

        const install = await sb.aptGet(["install", "-y", "meta-app-container"]);
        expect(install.status, install.stderr).toBe(0);
        const after = await bridge<PackageListResponse>("packages", "search", "meta-app");
        expect(fs.statSync(cacheFile()).ino).not.toBe(before.ino);
        const app = byName(after.json, "meta-app-container").app;
        expect(app).toMatchObject({ id: "org.example.MetaApp", name: "Meta App", summary: "Ships its own metadata" });
        expect(dataUrlBytes(app?.icon).equals(META_ICON)).toBe(true);
    });

    it("details of a metainfo app: a local screenshot inlined, a network one kept as its URL, translations", async () => {
        const r = await bridge<PackageDetailsResponse>("packages", "details", "meta-app-container", "--lang", "de");
        const app = r.json.package.app;
        expect(app).toMatchObject({
            name: "Meta-Anwendung",
            summary: "Bringt eigene Metadaten mit",
            description: "Meta-Anwendung läuft in einem Container.\n\n• Übersichten",
            launchable: "http://localhost:3100/",
            categories: ["Monitor", "Network"],
            urls: { homepage: "https://meta.example.org", bugtracker: "https://meta.example.org/bugs" },
            contentRating: { type: "oars-1.1", attributes: {} },
            releases: [
                { version: "2.0", date: "2026-10-01", description: "Zwei." },
                { version: "1.0", date: "2026-01-15", description: "" },
            ],
        });
        expect(app?.screenshots.map((s) => s.caption)).toEqual(["Übersicht", "Offline"]);
        expect(dataUrlBytes(app?.screenshots[0]?.image).equals(SHOT)).toBe(true);
        expect(app?.screenshots[1]?.image).toBe("https://screenshots.invalid/meta.png");
    });

    for (const language of ["C", "de"]) {
        it(`agrees with appstreamcli dump on the installed metainfo file (${language})`, async () => {
            const oracle = appstreamDump("org.example.MetaApp", [], path.join(sb.root, "usr/share/metainfo"), language);
            const r = await bridge<PackageDetailsResponse>(
                "packages",
                "details",
                "meta-app-container",
                "--lang",
                language
            );
            const app = r.json.package.app;
            expect(app?.name).toBe(oracle.name);
            expect(app?.summary).toBe(oracle.summary);
            const desc = oracle.description as { p: string[]; ul?: { li: string[] } };
            expect(app?.description).toBe(
                [...desc.p, ...(desc.ul?.li ?? []).map((li) => `• ${li}`)].join("\n\n").replace(/\n\n• /g, "\n\n• ")
            );
            expect((oracle.categories as { category: string[] }).category).toEqual(app?.categories);
            expect((oracle.launchable as Array<{ "#text": string }>)[0]?.["#text"]).toBe(app?.launchable);
            const releases = (oracle.releases as { release: Array<{ "@_version": string }> }).release;
            expect(releases.map((x) => x["@_version"])).toEqual(app?.releases.map((x) => x.version));
        });
    }

    it("removing the package takes its app away", async () => {
        const remove = await sb.aptGet(["remove", "-y", "meta-app-container"]);
        expect(remove.status, remove.stderr).toBe(0);
        const r = await bridge<PackageListResponse>("packages", "search", "meta-app");
        expect(byName(r.json, "meta-app-container")).not.toHaveProperty("app");
    });
});
