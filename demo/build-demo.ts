// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Builds the demo: a sandbox APT root (test/support/sandbox.ts) that the page
 * runs against through APT_CONFIG, COCKPIT_APT_STORES_DIR and
 * COCKPIT_APT_CACHE_DIR and COCKPIT_APT_OPERATIONS_DIR, never the host's own APT or dpkg state.
 *
 *   <dir>/root/                      the sandbox root (aptconfig.conf, etc/, var/, repos/, cache/)
 *   <dir>/root/repos/container-apps  Origin/Label "Container Apps": the apps of demo/catalog.ts
 *                                    and the two example store packages (built by
 *                                    scripts/build-store-deb.mjs from stores/*.yaml)
 *   <dir>/root/repos/container-apps-testing   the same origin's "testing" suite (two beta apps)
 *   <dir>/root/repos/extras          Origin "Example Org": ordinary packages
 *   <dir>/root/etc/container-apps/stores   the stores directory (filled by installing a store package)
 *   <dir>/demo.env                   the environment for cockpit-ws, as shell `export` lines
 *
 * With `hostLists` the sandbox also gets the host's sources, keys, preferences
 * and downloaded index files (copies), and a copy of the host's dpkg status, so
 * real Debian packages show, with the host's installed ones as installed. The
 * sandbox's dpkg wrapper then refuses every .deb that is not one of the demo's
 * own (a real Debian package's maintainer scripts would run on this machine,
 * since the sandbox runs them chrootless); removing a host package in the demo
 * only changes the sandbox's copy of the status.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildDeb, type DebSpec } from "../test/support/debs.js";
import { BRIDGE_JS, createSandbox, PROJECT_ROOT, runProgram, type Sandbox } from "../test/support/sandbox.js";
import {
    APPSTREAM_STABLE,
    APPSTREAM_TESTING,
    CONTAINER_APPS,
    CONTAINER_APPS_ORIGIN,
    CONTAINER_APPS_TESTING,
    DEMO_MAINTAINER,
    EXTRAS,
    EXTRAS_ORIGIN,
    PREINSTALLED_OLD,
} from "./catalog.js";
import { dep11Catalog } from "./appstream.js";

export const STORE_IDS = ["marine", "devtools"] as const;
export type StoreId = (typeof STORE_IDS)[number];

export interface DemoOptions {
    /** Directory of the demo (emptied first); the sandbox root is <dir>/root. */
    dir: string;
    /** Copy the host's sources, index files and dpkg status in (default true). */
    hostLists?: boolean;
    /** Store packages installed from the start (default ["marine"]). */
    installStores?: readonly StoreId[];
    /** Install an older marine-avnav-container, so Updates shows it (default true). */
    preinstallOld?: boolean;
    /** Build the index cache once, so the first page load is quick (default true). */
    warmCache?: boolean;
    /** Progress lines (default: none). */
    log?: (line: string) => void;
}

export interface Demo {
    sandbox: Sandbox;
    root: string;
    storesDir: string;
    /** APT_CONFIG, COCKPIT_APT_STORES_DIR, COCKPIT_APT_CACHE_DIR, COCKPIT_APT_STORE_ASSETS_DIR for cockpit-ws. */
    env: Record<string, string>;
    /** The store packages' file names in the container-apps pool, by store id. */
    storePackages: Record<StoreId, string>;
    /** Whether the host's lists and status were copied in. */
    hostLists: boolean;
}

/** The control of the installed cockpit-apt (the page is running, so it is installed): store packages depend on it. */
const COCKPIT_APT_STATUS = [
    "Package: cockpit-apt",
    "Status: install ok installed",
    "Priority: optional",
    "Section: admin",
    "Maintainer: cockpit-apt maintainers <maintainers@example.org>",
    "Architecture: all",
    `Version: ${(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version}`,
    "Description: Cockpit page for APT package management with container stores",
    " Installed from the working tree (npm start).",
].join("\n");

function nativeArchitecture(): string {
    return execFileSync("dpkg", ["--print-architecture"], { encoding: "utf8" }).trim();
}

/** The dpkg wrapper of the demo: the sandbox's, plus a refusal of any .deb that is not one of the demo's own. */
function guardWrapper(sb: Sandbox): void {
    const original = fs.readFileSync(sb.dpkgWrapper, "utf8");
    const marker = 'export DPKG_ROOT="$ROOT"\n';
    if (!original.includes(marker)) throw new Error(`unexpected dpkg wrapper in ${sb.dpkgWrapper}`);
    const guard = [
        "# The demo installs only its own packages (repos/*/pool): a real Debian package's maintainer",
        "# scripts would run chrootless on this machine.",
        'for arg in "$@"; do',
        '    case "$arg" in',
        "        *.deb)",
        '            base=$(basename "$arg"); ok=',
        '            for own in "$ROOT"/repos/*/pool/*/"$base"; do',
        '                [ -f "$own" ] && cmp -s "$own" "$arg" && ok=1',
        "            done",
        '            if [ -z "$ok" ]; then',
        '                echo "cockpit-apt demo: $base is not a package of the demo repositories; the demo installs only its own packages (their scripts would run on this machine). Use npm start -- --system for the real system." >&2',
        "                exit 2",
        "            fi ;;",
        "    esac",
        "done",
        "",
    ].join("\n");
    fs.writeFileSync(sb.dpkgWrapper, original.replace(marker, marker + guard), { mode: 0o755 });
}

/** Builds the two example store packages with the project's own tool (which validates them with the bridge). */
function buildStorePackages(outDir: string, log: (line: string) => void): Record<StoreId, string> {
    const out = {} as Record<StoreId, string>;
    for (const id of STORE_IDS) {
        const definition = path.join(PROJECT_ROOT, "stores", `${id}.yaml`);
        const assets = path.join(PROJECT_ROOT, "stores", id);
        const args = [
            path.join(PROJECT_ROOT, "scripts/build-store-deb.mjs"),
            "--definition",
            definition,
            "--out",
            outDir,
            "--maintainer",
            DEMO_MAINTAINER,
        ];
        if (fs.existsSync(assets)) args.push("--assets", assets);
        try {
            const file = execFileSync(process.execPath, args, {
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
                env: { ...process.env, SOURCE_DATE_EPOCH: "1717200000" },
            }).trim();
            out[id] = path.resolve(PROJECT_ROOT, file.split("\n").pop() ?? "");
        } catch (error) {
            const err = error as { stderr?: string; message: string };
            // TODO(stores): drop this fallback once the bridge has `stores validate` (issue 3).
            if (!/Unknown command: stores validate/.test(err.stderr ?? ""))
                throw new Error(`building the ${id} store package failed: ${err.stderr ?? err.message}`);
            log(
                `  note: this bridge cannot validate store definitions yet; ${id}-container-store built without validation`
            );
            out[id] = buildUnvalidatedStoreDeb(id, definition, fs.existsSync(assets) ? assets : null, outDir);
        }
    }
    return out;
}

function buildUnvalidatedStoreDeb(id: StoreId, definition: string, assets: string | null, outDir: string): string {
    const files = [{ path: `/etc/container-apps/stores/${id}.yaml`, content: fs.readFileSync(definition, "utf8") }];
    const assetFiles = assets
        ? fs.readdirSync(assets).map((f) => ({
              path: `/usr/share/container-stores/${id}/${f}`,
              content: fs.readFileSync(path.join(assets, f), "utf8"),
          }))
        : [];
    const spec: DebSpec = {
        name: `${id}-container-store`,
        version: "1.0",
        section: "admin",
        maintainer: DEMO_MAINTAINER,
        depends: "cockpit-apt",
        summary: `container store "${id}" for Cockpit`,
        tags: ["role::container-store"],
        conffiles: files,
        files: assetFiles,
    };
    return buildDeb(spec, outDir);
}

// apt-config's /f and /d give a key as a full file or directory path.
function hostConfig(key: string, fallback: string): string {
    try {
        const out = execFileSync("apt-config", ["shell", "V", key + (fallback.endsWith("/") ? "/d" : "/f")], {
            encoding: "utf8",
            env: { ...process.env, APT_CONFIG: "" },
        });
        return /V='(.*)'/.exec(out)?.[1] ?? fallback;
    } catch {
        return fallback;
    }
}

function copy(from: string, to: string): void {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE);
}

/** The host's dpkg status (and APT's auto-installed marks) as the sandbox's, with cockpit-apt added. */
function copyHostStatus(sb: Sandbox, log: (line: string) => void): void {
    const status = hostConfig("Dir::State::status", "/var/lib/dpkg/status");
    const extendedStates = hostConfig("Dir::State::extended_states", "/var/lib/apt/extended_states");
    if (fs.existsSync(extendedStates)) copy(extendedStates, path.join(sb.root, "var/lib/apt/extended_states"));
    const hostStatus = fs.readFileSync(status, "utf8").replace(/\n+$/, "\n");
    fs.writeFileSync(sb.statusFile, `${hostStatus}\n${COCKPIT_APT_STATUS}\n`);
    // dpkg wants a files list per package: empty ones (none of their files are in the sandbox).
    const info = path.join(sb.root, "var/lib/dpkg/info");
    let packages = 0;
    for (const stanza of hostStatus.split(/\n\s*\n/)) {
        const name = /^Package: (\S+)/m.exec(stanza)?.[1];
        if (!name) continue;
        const sameArch = /^Multi-Arch: same$/m.test(stanza) ? /^Architecture: (\S+)/m.exec(stanza)?.[1] : undefined;
        fs.writeFileSync(path.join(info, sameArch ? `${name}:${sameArch}.list` : `${name}.list`), "");
        packages++;
    }
    log(`  host dpkg status: ${packages} packages copied (a copy: the host's database is never written)`);
}

/** The host's APT sources, keys, preferences and downloaded index files, copied into the sandbox. */
function copyHostSources(sb: Sandbox, log: (line: string) => void): void {
    const root = sb.root;
    const sourceList = hostConfig("Dir::Etc::sourcelist", "/etc/apt/sources.list");
    const sourceParts = hostConfig("Dir::Etc::sourceparts", "/etc/apt/sources.list.d/");
    const lists = hostConfig("Dir::State::lists", "/var/lib/apt/lists/");
    const trustedParts = hostConfig("Dir::Etc::trustedparts", "/etc/apt/trusted.gpg.d/");
    const preferencesParts = hostConfig("Dir::Etc::preferencesparts", "/etc/apt/preferences.d/");
    const preferences = hostConfig("Dir::Etc::preferences", "/etc/apt/preferences");

    const etc = path.join(root, "etc/apt");
    if (fs.existsSync(sourceList) && fs.statSync(sourceList).isFile())
        copy(sourceList, path.join(etc, "sources.list.d/host.list"));
    const parts: Array<[string, string, RegExp]> = [
        [sourceParts, "sources.list.d", /^[\w.-]+\.(list|sources)$/],
        [trustedParts, "trusted.gpg.d", /^[\w.-]+\.(gpg|asc)$/],
        [preferencesParts, "preferences.d", /^[\w.-]+$/],
    ];
    for (const [dir, target, valid] of parts) {
        if (!fs.existsSync(dir)) continue;
        for (const f of fs.readdirSync(dir)) {
            const from = path.join(dir, f);
            if (valid.test(f) && fs.statSync(from).isFile())
                copy(from, path.join(etc, target, target === "sources.list.d" ? `host-${f}` : f));
        }
    }
    if (fs.existsSync(preferences) && fs.statSync(preferences).isFile())
        copy(preferences, path.join(etc, "preferences"));
    let files = 0;
    for (const f of fs.readdirSync(lists)) {
        const from = path.join(lists, f);
        if (f === "lock" || !fs.statSync(from).isFile()) continue;
        copy(from, path.join(root, "var/lib/apt/lists", f));
        files++;
    }
    log(`  host APT: sources and ${files} index files copied`);
}

export async function buildDemo(options: DemoOptions): Promise<Demo> {
    const log = options.log ?? (() => undefined);
    const hostLists = options.hostLists ?? true;
    const dir = path.resolve(options.dir);
    fs.mkdirSync(dir, { recursive: true });
    const arch = nativeArchitecture();

    log("  building the demo repositories (dpkg-deb)");
    // The apps' AppStream catalogs (DEP-11), their screenshots under each repository's media/ (a file: MediaBaseUrl).
    const reposDir = path.join(dir, "root", "repos");
    const stableCatalog = dep11Catalog(
        APPSTREAM_STABLE,
        path.join(reposDir, "container-apps", "media"),
        "container-apps-stable-main"
    );
    const testingCatalog = dep11Catalog(
        APPSTREAM_TESTING,
        path.join(reposDir, "container-apps-testing", "media"),
        "container-apps-testing-main"
    );
    const sb = await createSandbox({
        root: path.join(dir, "root"),
        architectures: [arch],
        repos: [
            {
                name: "container-apps",
                origin: CONTAINER_APPS_ORIGIN,
                label: CONTAINER_APPS_ORIGIN,
                suite: "stable",
                codename: "apps",
                architectures: [arch],
                packages: CONTAINER_APPS,
                dep11: { main: stableCatalog },
            },
            {
                name: "container-apps-testing",
                origin: CONTAINER_APPS_ORIGIN,
                label: CONTAINER_APPS_ORIGIN,
                suite: "testing",
                codename: "apps-testing",
                architectures: [arch],
                packages: CONTAINER_APPS_TESTING,
                dep11: { main: testingCatalog },
            },
            {
                name: "extras",
                origin: EXTRAS_ORIGIN,
                label: "Example Extras",
                suite: "stable",
                codename: "extras",
                architectures: [arch],
                packages: EXTRAS,
            },
        ],
        statusStanzas: [COCKPIT_APT_STATUS],
        update: false,
    });
    fs.writeFileSync(path.join(sb.root, "var/lib/dpkg/info/cockpit-apt.list"), "");
    for (const [repo, catalog] of [
        ["container-apps", stableCatalog],
        ["container-apps-testing", testingCatalog],
    ] as const) {
        for (const [rel, bytes] of Object.entries(catalog.media)) {
            const file = path.join(reposDir, repo, "media", rel);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, bytes);
        }
    }
    guardWrapper(sb);
    if (hostLists) copyHostStatus(sb, log);

    const storeDebs = buildStorePackages(path.join(dir, "store-debs"), log);
    const appsRepo = sb.repos.get("container-apps");
    if (!appsRepo) throw new Error("no container-apps repository");
    const appsPool = path.join(appsRepo.dir, "pool", "main");
    const storePackages = {} as Record<StoreId, string>;
    for (const id of STORE_IDS) {
        const file = storeDebs[id];
        fs.copyFileSync(file, path.join(appsPool, path.basename(file)));
        storePackages[id] = path.basename(file);
    }
    appsRepo.regenerate();

    const storesDir = path.join(sb.root, "etc/container-apps/stores");
    fs.mkdirSync(storesDir, { recursive: true });

    log("  apt-get update (the demo repositories)");
    await sb.update();

    if (options.preinstallOld ?? true) {
        const held = path.join(sb.root, "repos/preinstalled/pool/main");
        const file = buildDeb(PREINSTALLED_OLD, held);
        const r = await sb.dpkg(["-i", file]);
        if (r.status !== 0)
            throw new Error(`installing ${PREINSTALLED_OLD.name} ${PREINSTALLED_OLD.version} failed: ${r.stderr}`);
    }
    for (const id of options.installStores ?? ["marine"]) {
        const r = await sb.aptGet(["install", "-y", "-q", `${id}-container-store`]);
        if (r.status !== 0) throw new Error(`installing ${id}-container-store in the demo failed: ${r.stderr}`);
    }

    // After the demo's own update: an update from here on would also fetch the host's sources (as the host does).
    if (hostLists) copyHostSources(sb, log);

    const env = {
        APT_CONFIG: sb.aptConfigPath,
        COCKPIT_APT_CACHE_DIR: sb.env.COCKPIT_APT_CACHE_DIR ?? path.join(sb.root, "cache"),
        COCKPIT_APT_STORES_DIR: storesDir,
        // Operations run detached and keep their journals here, not in the host's /run.
        COCKPIT_APT_OPERATIONS_DIR: sb.env.COCKPIT_APT_OPERATIONS_DIR ?? path.join(sb.root, "run/operations"),
        // Store packages install their icons inside the sandbox; the bridge checks them there and tells the page.
        COCKPIT_APT_STORE_ASSETS_DIR: path.join(sb.root, "usr/share/container-stores"),
    };
    fs.writeFileSync(
        path.join(dir, "demo.env"),
        Object.entries(env)
            .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`)
            .join("\n") + "\n"
    );
    if (options.warmCache ?? true) {
        log("  building the bridge's index cache");
        // With cockpit-ws's environment (no LC_ALL=C of the test helpers): the cache key includes the language.
        const child = runProgram(process.execPath, [BRIDGE_JS, "packages", "filter", "--limit", "1"], {
            ...process.env,
            ...env,
        });
        const r = await child.done;
        if (r.status !== 0) throw new Error(`the bridge failed on the demo root: ${r.stdout} ${r.stderr}`);
    }
    return { sandbox: sb, root: sb.root, storesDir, env, storePackages, hostLists };
}
