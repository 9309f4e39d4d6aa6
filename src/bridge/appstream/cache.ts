// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The AppStream cache: every app of the DEP-11 catalogs APT downloaded and
 * of the installed metainfo files, by package, in one verified file in the
 * index cache directory (verified-file.ts, written atomically). It is made
 * again only when one of its inputs changed (the catalogs' and icon
 * tarballs' identity, the lists and metainfo directories, APT's
 * configuration), so a warm request pays a few stat() calls and the rows it
 * shows.
 *
 * File: head = JSON { format, bridge, inputs: [[path, signature]], index:
 * { package: [summaryPos, summaryLen, detailPos, detailLen] } }, body = the
 * records' JSON one after another. A list reads only its rows' summary
 * records (name, summary, icon), details one detail record.
 */
import fs from "node:fs";
import path from "node:path";
import { AptConfig } from "../apt/config.js";
import { cacheDirectory, cacheName, sharedCacheDirectory } from "../index/index-cache.js";
import { dpkgRoot } from "../apt/dpkg-root.js";
import { aptConfigFiles } from "../index/index-targets-cache.js";
import { openVerified, writeVerified, type VerifiedFile } from "../verified-file.js";
import type { AppRecord, Localized } from "./model.js";

declare const __COCKPIT_APT_BUILD__: string | undefined;
const BRIDGE_BUILD = typeof __COCKPIT_APT_BUILD__ === "string" ? __COCKPIT_APT_BUILD__ : "dev";
/** Bump when the records' layout changes. */
export const APPSTREAM_FORMAT = 1;

export type AppSummaryRecord = Pick<AppRecord, "id" | "name" | "summary" | "icon">;
export type AppDetailRecord = Omit<AppRecord, "id" | "name" | "summary" | "icon" | "packageName">;

interface Head {
    format: number;
    bridge: string;
    inputs: Array<[string, string]>;
    index: Record<string, [number, number, number, number]>;
    /** AppStream category -> the packages whose app is in it. */
    categories: Record<string, string[]>;
}

function signature(p: string): string {
    try {
        const st = fs.statSync(p, { throwIfNoEntry: false });
        return st ? `${st.isDirectory() ? "d" : "f"}:${st.size}:${st.mtimeMs}:${st.ino}` : "-";
    } catch {
        return "-";
    }
}

export function appStreamCacheFile(dir = cacheDirectory()): string {
    return path.join(dir, `appstream-${cacheName()}.cache`);
}

/** Read access to the apps, from the cache file or from a build just made. */
export class AppStreamData {
    private constructor(
        private readonly head: Head,
        private readonly read: (pos: number, len: number) => Buffer,
        private readonly close: () => void
    ) {}

    static fromFile(file: VerifiedFile, head: Head): AppStreamData {
        return new AppStreamData(
            head,
            (pos, len) => file.read(pos, len),
            () => file.close()
        );
    }

    static fromBuffer(head: Head, body: Buffer): AppStreamData {
        return new AppStreamData(
            head,
            (pos, len) => body.subarray(pos, pos + len),
            () => undefined
        );
    }

    get size(): number {
        return Object.keys(this.head.index).length;
    }

    /** AppStream category -> the packages whose app is in it. */
    get categories(): Readonly<Record<string, readonly string[]>> {
        return this.head.categories;
    }

    /** The names of the packages that have an app. */
    packageNames(): string[] {
        return Object.keys(this.head.index);
    }

    /** Package names ("name", or "name:arch" whose "name" has an app) that have an app. */
    has(pkg: string): boolean {
        return Object.hasOwn(this.head.index, baseName(pkg));
    }

    summary(pkg: string): AppSummaryRecord | null {
        const at = Object.hasOwn(this.head.index, baseName(pkg)) ? this.head.index[baseName(pkg)] : undefined;
        return at ? (JSON.parse(this.read(at[0], at[1]).toString("utf8")) as AppSummaryRecord) : null;
    }

    detail(pkg: string): AppDetailRecord | null {
        const at = Object.hasOwn(this.head.index, baseName(pkg)) ? this.head.index[baseName(pkg)] : undefined;
        return at ? (JSON.parse(this.read(at[2], at[3]).toString("utf8")) as AppDetailRecord) : null;
    }

    /** The packages whose app is in AppStream category `category`. */
    packagesIn(category: string): Set<string> {
        return new Set(Object.hasOwn(this.head.categories, category) ? this.head.categories[category] : []);
    }

    dispose(): void {
        this.close();
    }
}

const baseName = (pkg: string) => pkg.split(":")[0] as string;

function headOf(file: VerifiedFile): Head | null {
    try {
        const head = JSON.parse(file.head.toString("utf8")) as Head;
        if (
            head.format !== APPSTREAM_FORMAT ||
            head.bridge !== BRIDGE_BUILD ||
            !Array.isArray(head.inputs) ||
            typeof head.index !== "object"
        )
            return null;
        for (const [p, sig] of head.inputs) if (signature(p) !== sig) return null;
        return head;
    } catch {
        return null;
    }
}

function openCurrent(file: string): AppStreamData | null {
    const opened = openVerified(file);
    if (!opened) return null;
    const head = headOf(opened);
    if (!head) {
        opened.close();
        return null;
    }
    return AppStreamData.fromFile(opened, head);
}

/** The layout of a build: records into one body, their places in the head. */
export function layout(apps: readonly AppRecord[], inputs: Array<[string, string]>): { head: Head; body: Buffer } {
    const chunks: Buffer[] = [];
    let pos = 0;
    const index: Head["index"] = {};
    const categories: Record<string, string[]> = {};
    const put = (value: unknown): [number, number] => {
        const b = Buffer.from(JSON.stringify(value), "utf8");
        chunks.push(b);
        pos += b.length;
        return [pos - b.length, b.length];
    };
    for (const app of apps) {
        if (Object.hasOwn(index, app.packageName)) continue; // the first app of a package (callers order them)
        const { id, name, summary, icon, packageName: _p, ...detail } = app;
        const s = put({ id, name, summary, icon } satisfies AppSummaryRecord);
        const d = put(detail satisfies AppDetailRecord);
        index[app.packageName] = [s[0], s[1], d[0], d[1]];
        for (const c of new Set(app.categories)) (categories[c] ??= []).push(app.packageName);
    }
    return {
        head: { format: APPSTREAM_FORMAT, bridge: BRIDGE_BUILD, inputs, index, categories },
        body: Buffer.concat(chunks),
    };
}

/** What a build reads, from APT's configuration. */
export interface AppStreamSources {
    listsDir: string;
    /** dpkg's root (where /usr/share/metainfo is) and admin directory. */
    instdir: string;
    admindir: string;
    /** Files and directories whose change means a new build besides the ones read. */
    configInputs: string[];
    /** APT's configuration and sources files (for its index targets, targets.ts). */
    aptFiles: string[];
}

export function sourcesOf(config: AptConfig): AppStreamSources {
    const { instdir, admindir } = dpkgRoot(config);
    const configInputs = [config.findDir("Dir::Etc::parts"), config.findFile("Dir::Etc::main")];
    if (process.env.APT_CONFIG) configInputs.push(process.env.APT_CONFIG);
    return {
        listsDir: config.findDir("Dir::State::lists"),
        instdir,
        admindir,
        configInputs: configInputs.filter((p) => p !== ""),
        aptFiles: aptConfigFiles(config),
    };
}

/**
 * The apps of this system: the cache when it is current (root's, for
 * another user, when that one is), else a new build (build.ts, loaded only
 * then), saved for the next request.
 */
export async function openAppStream(config?: () => AptConfig): Promise<AppStreamData> {
    const shared = sharedCacheDirectory();
    if (shared !== null) {
        const data = openCurrent(appStreamCacheFile(shared));
        if (data) return data;
    }
    const file = appStreamCacheFile();
    const cached = openCurrent(file);
    if (cached) return cached;
    const sources = sourcesOf(config ? config() : AptConfig.load());
    const { buildAppStream } = await import("./build.js");
    const before = new Map<string, string>();
    const sign = (p: string) => {
        if (!before.has(p)) before.set(p, signature(p));
    };
    // Signed before they are read: a file that changes during the build then no longer matches.
    for (const p of [sources.listsDir, ...sources.configInputs]) sign(p);
    const built = buildAppStream(sources, sign);
    const { head, body } = layout(built, [...before]);
    writeVerified(file, body, Buffer.from(JSON.stringify(head), "utf8"));
    return AppStreamData.fromBuffer(head, body);
}

export type { Localized };
