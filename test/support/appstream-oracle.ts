// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * appstreamcli (Debian's appstream package) as the oracle for the bridge's
 * AppStream reading. It reads catalogs only from the system's catalog
 * locations and metainfo only from /usr/share/metainfo, so it runs in a
 * private mount namespace (`unshare -m`, tests run as root) in which a tmpfs
 * covers /var/cache, /var/cache/app-info/yaml holds the catalog files under
 * test, and the sandbox's usr/share/metainfo is bound over the host's. The
 * host's files are never touched: the mounts vanish with the namespace.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";

const SCRIPT = [
    "set -e",
    "mount -t tmpfs none /var/cache",
    "mkdir -p /var/cache/app-info /var/cache/oracle",
    'mount --bind "$1" /var/cache/app-info',
    '[ -z "$2" ] || mount --bind "$2" /usr/share/metainfo',
    "shift 2",
    'exec appstreamcli "$@" --cachepath /var/cache/oracle --no-cache',
].join("\n");

/**
 * `appstreamcli dump ID` over `catalogs` (DEP-11 .yml.gz files) and a metainfo
 * directory, in `language` (LANGUAGE): the component as AppStream's XML, parsed.
 */
export function appstreamDump(
    id: string,
    catalogs: readonly string[],
    metainfoDir: string | null,
    language = "C"
): Record<string, unknown> {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-oracle-"));
    try {
        fs.mkdirSync(path.join(data, "yaml"));
        catalogs.forEach((c, i) => fs.copyFileSync(c, path.join(data, "yaml", `catalog-${i}.yml.gz`)));
        // The id is a fixed test value (appstreamcli knows no "--").
        const r = spawnSync(
            "unshare",
            ["-m", "--", "sh", "-c", SCRIPT, "oracle", data, metainfoDir ?? "", "dump", id],
            {
                encoding: "utf8",
                env: { PATH: process.env.PATH, LANGUAGE: language, LC_ALL: "C.UTF-8" },
            }
        );
        if (r.status !== 0) throw new Error(`appstreamcli dump ${id} failed (${r.status}): ${r.stdout} ${r.stderr}`);
        const parser = new XMLParser({
            ignoreAttributes: false,
            attributeNamePrefix: "@_",
            parseTagValue: false,
            isArray: (name) =>
                [
                    "url",
                    "category",
                    "screenshot",
                    "image",
                    "release",
                    "p",
                    "li",
                    "launchable",
                    "content_attribute",
                    "icon",
                ].includes(name),
        });
        return (parser.parse(r.stdout) as { component: Record<string, unknown> }).component;
    } finally {
        fs.rmSync(data, { recursive: true, force: true });
    }
}
