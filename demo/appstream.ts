// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The demo's AppStream data, made from demo/catalog.ts: every container app
 * ships a metainfo file (/usr/share/metainfo/<id>.metainfo.xml) with a 64x64
 * icon, local screenshots, its web address as a launchable of type "url"
 * and releases, as a real container-app package should; and the demo
 * repository carries a DEP-11 catalog made from the same data
 * (Components-<arch>.yml.gz, icons-64x64.tar.gz, screenshots under the
 * repository's media/ directory as its MediaBaseUrl), so apps show icons and
 * screenshots before they are installed. One app also names a screenshot on
 * an unreachable host (.invalid never resolves): the page must leave it out quietly.
 */
import type { DebFile } from "../test/support/debs.js";
import type { Dep11Spec } from "../test/support/repository.js";
import { png, type Rgb } from "../test/support/png.js";

export interface AppStreamSource {
    name: string;
    version: string;
    summary: string;
    description: string;
    tags: string[];
    port: number;
    homepage?: string;
}

const NAMES: Record<string, string> = {
    "marine-signalk-server-container": "Signal K Server",
    "marine-avnav-container": "AvNav",
    "marine-freeboard-container": "Freeboard-SK",
    "marine-ais-decoder-container": "AIS Decoder",
    "marine-nmea2000-gateway-container": "NMEA 2000 Gateway",
    "marine-influxdb-container": "InfluxDB",
    "marine-grafana-container": "Grafana",
    "marine-anchor-alarm-container": "Anchor Alarm",
    "marine-battery-monitor-container": "Battery Monitor",
    "marine-weather-grib-container": "Weather GRIB",
    "marine-logbook-container": "Logbook",
    "devtools-gitea-container": "Gitea",
    "devtools-forgejo-container": "Forgejo",
    "devtools-woodpecker-ci-container": "Woodpecker CI",
    "devtools-jenkins-container": "Jenkins",
    "devtools-postgres-console-container": "Postgres Console",
    "devtools-adminer-container": "Adminer",
    "devtools-code-server-container": "code-server",
    "devtools-registry-container": "Container Registry",
    "homeassistant-container": "Home Assistant",
    "pihole-container": "Pi-hole",
    "marine-wind-instruments-container": "Wind Instruments",
    "devtools-forgejo-runner-container": "Forgejo Runner",
};

/** German names and summaries of a few apps: the page asks for its language (--lang). */
const GERMAN: Record<string, { name?: string; summary: string }> = {
    "marine-signalk-server-container": {
        name: "Signal-K-Server",
        summary: "Die Datendrehscheibe des Boots für NMEA 0183 und NMEA 2000",
    },
    "marine-avnav-container": { summary: "AvNav-Kartenplotter im Browser an Bord" },
    "marine-anchor-alarm-container": { name: "Ankeralarm", summary: "Warnt, wenn der Anker slippt" },
};

/** The app that names an unreachable screenshot besides its local ones. */
export const OFFLINE_SCREENSHOT_APP = "marine-avnav-container";
export const OFFLINE_SCREENSHOT_URL = "https://screenshots.invalid/avnav/night-mode.png";

export function appId(pkg: string): string {
    return `org.container_apps.${pkg.replace(/-container$/, "").replace(/[^a-z0-9]+/g, "_")}`;
}

export function appName(pkg: string): string {
    return NAMES[pkg] ?? pkg.replace(/-container$/, "");
}

function categoriesOf(tags: readonly string[]): string[] {
    const out = new Set<string>();
    const has = (t: string) => tags.includes(t);
    if (has("use::navigating") || has("category::navigation")) out.add("Maps");
    if (has("hardware::nmea") || has("category::instruments")) out.add("Network");
    if (has("use::monitor") || has("category::monitoring")) out.add("Monitor");
    if (tags.some((t) => t === "category::databases" || t === "use::storing")) out.add("Database");
    if (tags.some((t) => t === "category::ci" || t === "category::code-hosting" || t === "field::devel"))
        out.add("Development");
    if (has("category::automation")) out.add("HomeAutomation");
    if (has("category::networking")) out.add("Network");
    if (out.size === 0) out.add("Utility");
    return [...out];
}

/** A colour per app from its name: icons and screenshots tell the apps apart. */
function colour(pkg: string, salt: number): Rgb {
    let h = 2166136261 ^ salt;
    for (const c of pkg) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    return [40 + (h & 0x7f), 40 + ((h >> 8) & 0x7f), 60 + ((h >> 16) & 0x7f)];
}

export function iconOf(pkg: string): Buffer {
    return png(64, 64, colour(pkg, 1), [250, 250, 250]);
}

const SHOTS = [
    { file: "dashboard.png", caption: "Dashboard", salt: 2 },
    { file: "settings.png", caption: "Settings", salt: 3 },
];

export function screenshotOf(pkg: string, salt: number): Buffer {
    return png(480, 270, colour(pkg, salt), colour(pkg, salt + 10));
}

const upstream = (version: string) => version.replace(/^\d+:/, "").replace(/-[^-]*$/, "");
const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const screenshotDir = (pkg: string) => `/usr/share/container-apps/${pkg}/screenshots`;
const iconPath = (pkg: string) => `/usr/share/icons/hicolor/64x64/apps/${appId(pkg)}.png`;

function metainfo(a: AppStreamSource): string {
    const id = appId(a.name);
    const de = GERMAN[a.name];
    const shots = SHOTS.map(
        (s, i) =>
            `    <screenshot${i === 0 ? ' type="default"' : ""}>\n      <caption>${s.caption}</caption>\n      <image type="source" width="480" height="270">file://${screenshotDir(a.name)}/${s.file}</image>\n    </screenshot>`
    );
    if (a.name === OFFLINE_SCREENSHOT_APP)
        shots.push(
            `    <screenshot>\n      <caption>Night mode</caption>\n      <image type="source">${OFFLINE_SCREENSHOT_URL}</image>\n    </screenshot>`
        );
    return `<?xml version="1.0" encoding="UTF-8"?>
<component type="web-application">
  <id>${id}</id>
  <metadata_license>CC0-1.0</metadata_license>
  <name>${xml(appName(a.name))}</name>${de?.name ? `\n  <name xml:lang="de">${xml(de.name)}</name>` : ""}
  <summary>${xml(a.summary)}</summary>${de ? `\n  <summary xml:lang="de">${xml(de.summary)}</summary>` : ""}
  <description>
    <p>${xml(a.description)}</p>
    <p>It runs as a container; its web interface listens on port ${a.port}.</p>
  </description>
  <icon type="local" width="64" height="64">${iconPath(a.name)}</icon>
  <categories>
${categoriesOf(a.tags)
    .map((c) => `    <category>${c}</category>`)
    .join("\n")}
  </categories>${a.homepage ? `\n  <url type="homepage">${xml(a.homepage)}</url>` : ""}
  <launchable type="url">http://localhost:${a.port}/</launchable>
  <content_rating type="oars-1.1"/>
  <screenshots>
${shots.join("\n")}
  </screenshots>
  <releases>
    <release version="${xml(upstream(a.version))}" date="2024-06-01">
      <description><p>Packaged for the container apps repository.</p></description>
    </release>
  </releases>
  <pkgname>${a.name}</pkgname>
</component>
`;
}

/** The files a container app installs for AppStream: metainfo, icon, screenshots. */
export function appStreamFiles(a: AppStreamSource): DebFile[] {
    return [
        { path: `/usr/share/metainfo/${appId(a.name)}.metainfo.xml`, content: metainfo(a) },
        { path: iconPath(a.name), content: iconOf(a.name) },
        ...SHOTS.map((s) => ({ path: `${screenshotDir(a.name)}/${s.file}`, content: screenshotOf(a.name, s.salt) })),
    ];
}

const yamlString = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar

/**
 * The DEP-11 catalog of a repository's apps. Screenshots are files under
 * `mediaDir` (the repository's media/ directory, a file: MediaBaseUrl as
 * for a local repository); `media` maps their paths there to their bytes.
 */
export function dep11Catalog(
    apps: readonly AppStreamSource[],
    mediaDir: string,
    origin: string
): Dep11Spec & { media: Record<string, Buffer> } {
    const docs = [`---\nFile: DEP-11\nVersion: '0.16'\nOrigin: ${origin}\nMediaBaseUrl: file://${mediaDir}\n`];
    const icons: Record<string, Uint8Array> = {};
    const media: Record<string, Buffer> = {};
    for (const a of apps) {
        const id = appId(a.name);
        const de = GERMAN[a.name];
        const icon = `${a.name}_${id}.png`;
        icons[icon] = iconOf(a.name);
        const lines = [
            "---",
            "Type: web-application",
            `ID: ${id}`,
            `Package: ${a.name}`,
            "Name:",
            `  C: ${yamlString(appName(a.name))}`,
            ...(de?.name ? [`  de: ${yamlString(de.name)}`] : []),
            "Summary:",
            `  C: ${yamlString(a.summary)}`,
            ...(de ? [`  de: ${yamlString(de.summary)}`] : []),
            "Description:",
            `  C: ${yamlString(`<p>${xml(a.description)}</p><p>It runs as a container; its web interface listens on port ${a.port}.</p>`)}`,
            "Categories:",
            ...categoriesOf(a.tags).map((c) => `- ${c}`),
            ...(a.homepage ? ["Url:", `  homepage: ${yamlString(a.homepage)}`] : []),
            "Icon:",
            "  cached:",
            `  - name: ${icon}`,
            "    width: 64",
            "    height: 64",
            "Launchable:",
            "  url:",
            `  - http://localhost:${a.port}/`,
            "ContentRating:",
            "  oars-1.1: {}",
            "Screenshots:",
        ];
        SHOTS.forEach((s, i) => {
            const rel = `${id}/${s.file}`;
            media[rel] = screenshotOf(a.name, s.salt);
            lines.push(
                ...(i === 0 ? ["- default: true", "  caption:"] : ["- caption:"]),
                `    C: ${s.caption}`,
                "  source-image:",
                `    url: ${rel}`,
                "    width: 480",
                "    height: 270"
            );
        });
        lines.push(
            "Releases:",
            `- version: ${yamlString(upstream(a.version))}`,
            "  unix-timestamp: 1717200000",
            "  description:",
            `    C: ${yamlString("<p>Packaged for the container apps repository.</p>")}`
        );
        docs.push(lines.join("\n") + "\n");
    }
    return { yaml: docs.join(""), icons, media };
}
