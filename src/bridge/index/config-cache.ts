// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT's configuration (apt/config.ts, `apt-config dump`) kept beside the
 * index cache: every rebuild of the index needs it (paths, architectures,
 * preferences), and the rebuild after dpkg is fast enough now that spawning
 * apt-config was an eighth of it (~45 ms of ~0.4 s on the host's index).
 *
 * What `apt-config dump` answers depends on: the file APT_CONFIG names (the
 * cache's name already does: index-cache.ts cacheName), apt.conf and
 * apt.conf.d (each file, and the directory, for a new one), APT's own build
 * (its defaults: the apt-config program, which every upgrade of apt replaces,
 * and libapt-pkg with it, the exact version apt depends on), and dpkg's
 * foreign architectures (APT asks dpkg for them when APT::Architectures is not
 * set: the `arch` file in dpkg's database beside its status file). The file is
 * stamped with all of those (index-cache.ts) and asked again when any changed.
 * A file changed while apt-config read it (modified since just before the
 * run) leaves nothing cached: the next request asks again.
 */
import fs from "node:fs";
import path from "node:path";
import { AptConfig } from "../apt/config.js";
import { runAptTool } from "../apt/run.js";
import { findProgram } from "../system/exec.js";
import { aptConfigFiles } from "./index-targets-cache.js";
import { cacheDirectory, cacheName, openCacheFile, stampFor, stampIsCurrent, writeCacheFile } from "./index-cache.js";

/** The configuration file of the cache directory `dir`. */
export function configFile(dir = cacheDirectory()): string {
    return path.join(dir, `${cacheName()}.config`);
}

/** Every file and directory whose change could change `config` (see above). */
export function configInputs(config: AptConfig): string[] {
    const program = findProgram("apt-config"); // where PATH has it, as execFile finds it
    let real: string | null = null;
    try {
        real = program ? fs.realpathSync(program) : null;
    } catch {
        /* a link that leads nowhere: its own signature says so */
    }
    const dpkgDir = path.dirname(config.findFile("Dir::State::status"));
    return [
        ...aptConfigFiles(config),
        config.findDir("Dir::Etc::parts"),
        config.findDir("Dir::Etc::sourceparts"),
        ...(program ? [program] : []),
        ...(real && real !== program ? [real] : []),
        path.join(dpkgDir, "arch"),
        "/var/lib/dpkg/arch",
    ];
}

/** APT's configuration, from `file` when it is current, else from apt-config (and then kept there). */
export function cachedAptConfig(file: string, format: number, bridge: string): AptConfig {
    const opened = openCacheFile(file);
    if (opened) {
        try {
            if (stampIsCurrent(opened.stamp, format, bridge)) return new AptConfig(opened.file.body().toString("utf8"));
        } catch {
            /* damaged: asked again */
        } finally {
            opened.file.close();
        }
    }
    const started = Date.now();
    const dump = runAptTool("apt-config", ["dump"]);
    const config = new AptConfig(dump);
    const inputs = configInputs(config);
    // mtime is in whole or coarse ticks on some file systems: a second's margin
    const changedMeanwhile = inputs.some(
        (p) => (fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= started - 1000
    );
    if (!changedMeanwhile) writeCacheFile(file, stampFor(format, bridge, inputs), [Buffer.from(dump, "utf8")]);
    return config;
}
