// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The DEP-11 files APT downloaded: `apt-get indextargets` lists them
 * (Created-By: DEP-11 for the catalog, DEP-11-icons* for the icon tarballs)
 * when AppStream's APT configuration (/etc/apt/apt.conf.d/50appstream, from
 * the appstream package) declares the targets and they are enabled. Run only
 * when the AppStream cache is rebuilt (cache.ts), never on a warm request.
 */
import fs from "node:fs";
import { forEachStanza } from "../apt/deb822.js";
import { runAptTool } from "../apt/run.js";

export interface Dep11Target {
    /** The Components-<arch>.yml(.gz) file in the lists directory. */
    catalog: string;
    /** Icon tarballs of the same repository and component, by size ("64x64", "48x48", "128x128", "64x64@2"). */
    icons: Record<string, string>;
}

/** Parses `apt-get indextargets` output: only files that exist (APT skips missing optional targets too). */
export function parseDep11Targets(output: string, exists: (f: string) => boolean = fs.existsSync): Dep11Target[] {
    const catalogs = new Map<string, string>();
    const icons = new Map<string, Record<string, string>>();
    forEachStanza(output, (s) => {
        const createdBy = s.get("created-by") ?? "";
        const filename = s.get("filename") ?? "";
        if (!createdBy.startsWith("DEP-11") || !filename.startsWith("/") || !exists(filename)) return;
        const key = `${s.get("base-uri") ?? ""}\u0000${s.get("component") ?? ""}`;
        if (createdBy === "DEP-11") {
            // Components-<arch>: the native architecture's catalog (NATIVE_ARCHITECTURE in 50appstream) once per component.
            if (!catalogs.has(key)) catalogs.set(key, filename);
            return;
        }
        const size = /icons-(\d+x\d+(?:@\d+)?)\.tar/.exec(filename)?.[1];
        if (!size) return;
        const forKey = icons.get(key) ?? {};
        forKey[size] ??= filename;
        icons.set(key, forKey);
    });
    return [...catalogs].map(([key, catalog]) => ({ catalog, icons: icons.get(key) ?? {} }));
}

export function loadDep11Targets(): Dep11Target[] {
    return parseDep11Targets(runAptTool("apt-get", ["indextargets"]));
}
