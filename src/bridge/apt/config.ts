// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * APT's configuration, read through `apt-config dump` so that APT_CONFIG,
 * apt.conf.d and every default are exactly what apt-get itself uses. Paths
 * are resolved the way APT's Configuration::FindFile/FindDir do: a relative
 * value is prefixed by its parent's value ("Dir::State::lists" = "lists/"
 * under "Dir::State" = "var/lib/apt" under "Dir" = "/").
 */
import { runAptTool } from "./run.js";

export class AptConfig {
    /** Lower-cased key -> value; list items ("Key::") are kept in `lists`. */
    private readonly values = new Map<string, string>();
    private readonly lists = new Map<string, string[]>();

    constructor(dump: string) {
        for (const line of dump.split("\n")) {
            const m = /^(\S+) "((?:[^"\\]|\\.)*)";$/.exec(line);
            if (!m) continue;
            const key = (m[1] as string).toLowerCase();
            const value = m[2] as string;
            if (key.endsWith("::")) {
                const k = key.slice(0, -2);
                const l = this.lists.get(k);
                if (l) l.push(value);
                else this.lists.set(k, [value]);
            } else {
                this.values.set(key, value);
            }
        }
    }

    static load(): AptConfig {
        return new AptConfig(runAptTool("apt-config", ["dump"]));
    }

    find(key: string, fallback = ""): string {
        return this.values.get(key.toLowerCase()) ?? fallback;
    }

    findList(key: string): string[] {
        return this.lists.get(key.toLowerCase()) ?? [];
    }

    findBool(key: string, fallback = false): boolean {
        const v = this.values.get(key.toLowerCase());
        if (v === undefined) return fallback;
        return ["1", "yes", "true", "with", "on", "enable"].includes(v.toLowerCase());
    }

    /** Configuration::FindFile */
    findFile(key: string, fallback = ""): string {
        const root = this.find("RootDir");
        let result = root && !root.endsWith("/") ? root + "/" : root;
        const parts = key.split("::");
        let val = this.find(key);
        if (!val) return result + fallback;
        for (let depth = parts.length - 1; depth > 0; depth--) {
            const parentKey = parts.slice(0, depth).join("::");
            const parent = this.find(parentKey);
            if (!parent) continue;
            if (val.startsWith("/")) {
                if (val.startsWith("/dev/null")) val = "/dev/null";
                break;
            }
            if (/^[~.]\//.test(val) || val.startsWith("../")) break;
            val = (parent.endsWith("/") ? parent : parent + "/") + val;
        }
        val = val.replace(/\/\.\//g, "/").replace(/\/{2,}/g, "/");
        if (result && val.startsWith("/")) result = result.slice(0, -1);
        return result + val;
    }

    /** Configuration::FindDir: FindFile with a trailing slash. */
    findDir(key: string, fallback = ""): string {
        const f = this.findFile(key, fallback);
        if (f === "/dev/null") return f;
        return f.endsWith("/") ? f : f + "/";
    }

    /** dpkg's native architecture as APT sees it, and all configured ones. */
    get nativeArchitecture(): string {
        return this.find("APT::Architecture");
    }

    get architectures(): string[] {
        const l = this.findList("APT::Architectures");
        return l.length ? l : [this.nativeArchitecture];
    }
}
