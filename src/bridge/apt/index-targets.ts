// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which index files APT uses, and their release data, from
 * `apt-get indextargets`: the real file name (compressed or not) and the
 * Origin/Label/Suite/Codename/Component/Architecture of the Release file.
 * NotAutomatic/ButAutomaticUpgrades are not printed there, so they are read
 * from the InRelease/Release file next to the lists (the same file APT read).
 */
import fs from "node:fs";
import path from "node:path";
import { forEachStanza } from "./deb822.js";
import { readListFile, uriToFileName } from "./list-files.js";
import { runAptTool } from "./run.js";

export interface IndexTarget {
    /** "Packages" or "Translations" */
    createdBy: string;
    filename: string;
    origin: string;
    label: string;
    suite: string;
    codename: string;
    version: string;
    component: string;
    architecture: string;
    language: string;
    /** Host of the repository ("deb.debian.org"), "" for file: and cdrom: sources. */
    site: string;
    baseUri: string;
    /** The InRelease/Release file APT read for this target, or null (flat repository without one). */
    releaseFile: string | null;
    notAutomatic: boolean;
    butAutomaticUpgrades: boolean;
}

function siteOf(repoUri: string): string {
    const m = /^[a-z0-9+.-]+:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(repoUri);
    return m ? (m[1] as string) : "";
}

function findReleaseFile(listsDir: string, baseUri: string): string | null {
    for (const name of ["InRelease", "Release"]) {
        const p = path.join(listsDir, uriToFileName(baseUri + name));
        if (fs.existsSync(p)) return p;
    }
    return null;
}

interface ReleaseFlags {
    notAutomatic: boolean;
    butAutomaticUpgrades: boolean;
}

function readReleaseFlags(file: string | null): ReleaseFlags {
    if (!file) return { notAutomatic: false, butAutomaticUpgrades: false };
    let text = readListFile(file);
    // InRelease is clear-signed: the stanza sits between the armor header block and the signature.
    const begin = text.indexOf("-----BEGIN PGP SIGNED MESSAGE-----");
    if (begin >= 0) {
        const body = text.indexOf("\n\n", begin);
        const sig = text.indexOf("-----BEGIN PGP SIGNATURE-----");
        text = text.slice(body + 2, sig >= 0 ? sig : undefined);
    }
    let flags: ReleaseFlags = { notAutomatic: false, butAutomaticUpgrades: false };
    let first = true;
    forEachStanza(text, (s) => {
        if (!first) return;
        first = false;
        const yes = (v: string | undefined) => (v ?? "").toLowerCase() === "yes";
        flags = { notAutomatic: yes(s.get("notautomatic")), butAutomaticUpgrades: yes(s.get("butautomaticupgrades")) };
    });
    // APT only honours ButAutomaticUpgrades together with NotAutomatic.
    if (!flags.notAutomatic) flags.butAutomaticUpgrades = false;
    return flags;
}

export function parseIndexTargets(output: string, listsDir: string): IndexTarget[] {
    const targets: IndexTarget[] = [];
    const flagsByRelease = new Map<string, ReleaseFlags>();
    forEachStanza(output, (s) => {
        const createdBy = s.get("created-by") ?? "";
        if (createdBy !== "Packages" && createdBy !== "Translations") return;
        const filename = s.get("filename") ?? "";
        if (!filename) return;
        const baseUri = s.get("base-uri") ?? "";
        const releaseFile = baseUri ? findReleaseFile(listsDir, baseUri) : null;
        const key = releaseFile ?? "";
        let flags = flagsByRelease.get(key);
        if (!flags) {
            flags = readReleaseFlags(releaseFile);
            flagsByRelease.set(key, flags);
        }
        targets.push({
            createdBy,
            filename,
            origin: s.get("origin") ?? "",
            label: s.get("label") ?? "",
            suite: s.get("suite") ?? "",
            codename: s.get("codename") ?? "",
            version: s.get("version") ?? "",
            component: s.get("component") ?? "",
            architecture: s.get("architecture") ?? "",
            language: s.get("language") ?? "",
            site: siteOf(s.get("repo-uri") ?? ""),
            baseUri,
            releaseFile,
            ...flags,
        });
    });
    return targets;
}

/** Only targets whose file exists: APT skips missing (not yet downloaded, optional) indexes too. */
export function loadIndexTargets(listsDir: string): IndexTarget[] {
    const out = runAptTool("apt-get", ["indextargets"]);
    return parseIndexTargets(out, listsDir).filter((t) => fs.existsSync(t.filename));
}
