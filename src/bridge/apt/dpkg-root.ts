// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where dpkg keeps its database and where it installs files, as APT would
 * run it. admindir: the directory of Dir::State::status (dpkg's --admindir
 * is where that status file lives). instdir: a --instdir=/--root= among
 * DPkg::Options if APT passes one, else APT's Dir (RootDir included), so a
 * sandbox root (Dir "<root>/") is honoured as dpkg --root=<root> would be.
 *
 * Paths inside the installed system are resolved within instdir: an absolute
 * symlink (/usr/share/doc/libfoo-dev -> /usr/share/doc/libfoo1, or to
 * another package's directory) points inside the root, never out of it, as
 * if chrooted.
 */
import fs from "node:fs";
import path from "node:path";
import type { AptConfig } from "./config.js";

export interface DpkgRoot {
    admindir: string;
    instdir: string;
}

export function dpkgRoot(config: AptConfig): DpkgRoot {
    const admindir = path.dirname(config.findFile("Dir::State::status", "var/lib/dpkg/status"));
    let instdir: string | null = null;
    for (const option of config.findList("DPkg::Options")) {
        const m = /^--(instdir|root)=(.+)$/.exec(option.trim());
        if (m) instdir = m[2] as string;
    }
    instdir ??= config.findDir("Dir", "/");
    return { admindir, instdir: path.resolve(instdir) };
}

const MAX_SYMLINKS = 40;

/**
 * The host path of `inside` (an absolute path on the managed system) with
 * every symlink followed within `root`; null when it does not exist or loops.
 */
export function resolveInRoot(root: string, inside: string): string | null {
    const todo = inside.split("/").filter((p) => p !== "" && p !== ".");
    const done: string[] = [];
    let links = 0;
    while (todo.length > 0) {
        const part = todo.shift() as string;
        if (part === "..") {
            done.pop(); // never above the root, as in a chroot
            continue;
        }
        const host = path.join(root, ...done, part);
        let st: fs.Stats;
        try {
            st = fs.lstatSync(host);
        } catch {
            return null;
        }
        if (!st.isSymbolicLink()) {
            done.push(part);
            continue;
        }
        if (++links > MAX_SYMLINKS) return null;
        const target = fs.readlinkSync(host);
        const parts = target.split("/").filter((p) => p !== "" && p !== ".");
        if (target.startsWith("/")) done.length = 0;
        todo.unshift(...parts);
    }
    return path.join(root, ...done);
}
