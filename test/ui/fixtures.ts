// SPDX-License-Identifier: LGPL-2.1-or-later
/* Bridge answers for the component tests, typed with the real protocol. */
import type {
    OperationPreview,
    PackageDetails,
    PackageSummary,
    Repository,
    SectionInfo,
    Store,
} from "../../src/protocol/index.js";
import { STORAGE_KEY, STORAGE_VERSION } from "../../src/ui/state/persist.js";
import { json, type FakeCockpit } from "./fake-cockpit.js";

/** The view the page left in localStorage (persist.ts): it opens with it. */
export function persisted(view: Record<string, unknown>) {
    localStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({
            version: STORAGE_VERSION,
            store: null,
            repository: null,
            tab: "browse",
            query: "",
            section: null,
            ...view,
        })
    );
}

export function pkg(name: string, over: Partial<PackageSummary> = {}): PackageSummary {
    return {
        name,
        architecture: "amd64",
        summary: `${name} summary`,
        section: "net",
        installedVersion: null,
        candidateVersion: "1.0-1",
        upgradable: false,
        origin: {
            origin: "Debian",
            label: "Debian",
            suite: "stable",
            codename: "bookworm",
            component: "main",
            site: "deb.debian.org",
        },
        repository: "Debian:stable",
        tags: [],
        essential: false,
        security: false,
        held: false,
        keptBack: null,
        phasedPercentage: null,
        ...over,
    };
}

export function store(id: string, name: string, over: Partial<Store> = {}): Store {
    return {
        id,
        name,
        description: `${name} description`,
        icon: "MapIcon",
        banner: null,
        filters: { includeOrigins: [], includeSections: [], includeTags: ["field::marine"], includePackages: [] },
        customSections: [],
        categoryMetadata: [],
        browseBy: "sections",
        packageCount: 3,
        enabled: true,
        userDefined: false,
        ...over,
    };
}

export function repo(id: string, count = 10): Repository {
    const [origin, suite] = id.split(":") as [string, string];
    return {
        id,
        name: origin,
        origin,
        label: origin,
        suite,
        codename: suite,
        components: ["main"],
        architectures: ["amd64"],
        packageCount: count,
    };
}

export function section(name: string, count: number, over: Partial<SectionInfo> = {}): SectionInfo {
    return { name, label: name, description: null, icon: null, custom: false, packageCount: count, ...over };
}

export function details(name: string, over: Partial<PackageDetails> = {}): PackageDetails {
    // A summary's `app` is the short one; details carry AppDetails (given in `over`).
    const { app: _app, ...summary } = pkg(name);
    return {
        ...summary,
        description: `${name} long description`,
        maintainer: "Jane <jane@example.org>",
        homepage: "https://example.org",
        priority: "optional",
        source: name,
        size: 123456,
        installedSize: 400,
        filename: `pool/main/${name}.deb`,
        multiArch: null,
        essential: false,
        status: "not-installed",
        keepsConfiguration: false,
        automaticallyInstalled: false,
        relations: {
            depends: [[{ name: "libc6", relation: ">=", version: "2.36", architecture: null }]],
            preDepends: [],
            recommends: [],
            suggests: [],
            enhances: [],
            conflicts: [],
            breaks: [],
            replaces: [],
            provides: [],
        },
        versions: [
            {
                version: "1.0-1",
                architecture: "amd64",
                priority: 500,
                installed: false,
                candidate: true,
                sources: [
                    {
                        origin: "Debian",
                        label: "Debian",
                        suite: "stable",
                        codename: "bookworm",
                        component: "main",
                        site: "deb.debian.org",
                        repository: "Debian:stable",
                        priority: 500,
                        local: false,
                    },
                ],
            },
        ],
        ...over,
    };
}

export function preview(over: Partial<OperationPreview> = {}): OperationPreview {
    return {
        operation: "install",
        install: [],
        upgrade: [],
        downgrade: [],
        remove: [],
        purge: [],
        heldBack: [],
        autoremovable: [],
        downloadSize: 2_500_000,
        diskSpaceChange: 7_000_000,
        problems: [],
        ...over,
    };
}

/** A system with Debian packages and, optionally, stores. Returns the fake for more handlers. */
export function standardSystem(
    fake: FakeCockpit,
    opts: { stores?: Store[]; repositories?: Repository[]; packages?: PackageSummary[] } = {}
): FakeCockpit {
    const packages = opts.packages ?? [
        pkg("nginx"),
        pkg("curl", { installedVersion: "7.0", candidateVersion: "7.1", upgradable: true }),
        pkg("vim", { installedVersion: "9.0", candidateVersion: "9.0" }),
    ];
    fake.on("stores list", json({ stores: opts.stores ?? [], errors: [] }));
    fake.on(
        "repositories list",
        json({
            repositories: opts.repositories ?? [
                repo("Debian:stable", 60000),
                repo("Debian-Security:stable-security", 500),
            ],
        })
    );
    fake.on("sections list", json({ sections: [section("net", 800), section("editors", 120)] }));
    fake.on("categories list", json({ categories: [] }));
    fake.on("packages residual", json({ packages: [] }));
    fake.on("packages filter", (args) => {
        const tab = args.find((a) => a.startsWith("--tab="))?.slice(6) ?? "browse";
        const query = args.find((a) => a.startsWith("--query="))?.slice(8);
        let list = packages;
        if (tab === "installed") list = list.filter((p) => p.installedVersion !== null);
        if (tab === "updates") list = list.filter((p) => p.upgradable);
        if (tab === "search" && query) list = list.filter((p) => p.name.includes(query));
        // Like the bridge: --category keeps the packages tagged category::<id>.
        const category = args.find((a) => a.startsWith("--category="))?.slice(11);
        if (category) list = list.filter((p) => p.tags.includes(`category::${category}`));
        const limit = Number(args.find((a) => a.startsWith("--limit="))?.slice(8) ?? 1000);
        const offset = Number(args.find((a) => a.startsWith("--offset="))?.slice(9) ?? 0);
        return json({ packages: list.slice(offset, offset + limit), total: list.length, offset, limit });
    });
    // Like the bridge: the counts of the whole list (a fixture has no scopes), from the same rows.
    fake.on("packages counts", () =>
        json({
            installed: packages.filter((p) => p.installedVersion !== null).length,
            upgradable: packages.filter((p) => p.upgradable).length,
            security: packages.filter((p) => p.upgradable && p.security).length,
        })
    );
    return fake;
}
