// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one protocol between cockpit-apt-bridge (prints it) and the page (reads it).
 *
 * Every command prints exactly one JSON document on stdout (or JSON Lines for
 * the streaming operations), and these types are the only definition of it.
 * Field names are camelCase. Nothing in this folder may import from bridge/ or ui/.
 */

// ---------------------------------------------------------------------------
// Errors

export const ERROR_CODES = [
    "USAGE",
    "INVALID_ARGUMENT",
    "PACKAGE_NOT_FOUND",
    "PACKAGE_NOT_INSTALLED",
    "STORE_NOT_FOUND",
    /** A store-scoped command named a store that is disabled (see "Store management"). */
    "STORE_DISABLED",
    "REPOSITORY_NOT_FOUND",
    "APT_UNAVAILABLE",
    "PERMISSION_DENIED",
    "LOCKED",
    "DPKG_INTERRUPTED",
    "OPERATION_FAILED",
    "CANCELLED",
    "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Printed on stdout with a non-zero exit status. */
export interface ErrorResponse {
    error: {
        code: ErrorCode;
        message: string;
        details?: Record<string, unknown>;
    };
}

// ---------------------------------------------------------------------------
// Packages

/** Release data of one index file (from `apt-get indextargets` / the Release file). */
export interface PackageOrigin {
    origin: string;
    label: string;
    suite: string;
    codename: string;
    component: string;
    /** The host the index came from ("deb.debian.org"), "" for local files. */
    site: string;
}

export type PackageTab = "browse" | "search" | "installed" | "updates";

/** One row of a package list. */
export interface PackageSummary {
    /** Package name; a foreign-architecture package is "name:arch". */
    name: string;
    architecture: string;
    summary: string;
    /** Section as in the index, including a component prefix ("contrib/net"); "" if none. */
    section: string;
    installedVersion: string | null;
    candidateVersion: string | null;
    /** Installed and the candidate is newer than the installed version. */
    upgradable: boolean;
    /** Release data of the candidate's best index file (or null: no candidate, or only in dpkg status). */
    origin: PackageOrigin | null;
    /** Repository id ("origin:suite") of `origin`, or null. */
    repository: string | null;
    /** Sorted "facet::value" debtags. */
    tags: string[];
    /** In a list scoped to stores (`--store`, repeatable): the named stores that select this package (see "Store management"). */
    stores?: string[];
    /** Essential: yes (of the installed version, else the candidate): APT will not remove it; the page offers no Remove. */
    essential: boolean;
    /** The candidate comes from a security archive (see the "Updates: security, held, kept back" section). */
    security: boolean;
    /** dpkg's selection is "hold" (`apt-mark hold`): APT never upgrades or removes it on its own. */
    held: boolean;
    /** For an upgradable package: why "Upgrade all" (`apt-get upgrade --with-new-pkgs`) would not upgrade it now, else null. */
    keptBack: KeptBackReason | null;
    /** The candidate's Phased-Update-Percentage (0-100), or null when it carries none. */
    phasedPercentage: number | null;
    /** The package's AppStream app, when it has one (see the "AppStream" section); absent for plain packages. */
    app?: AppSummary;
}

export interface PackageListResponse {
    packages: PackageSummary[];
    total: number;
    offset: number;
    limit: number;
    /**
     * Only with `--tab updates --no-kept-back`, when APT's simulation of "Upgrade all" has no answer
     * for the current files yet (it takes seconds, on a Raspberry Pi a minute): the rows' keptBack
     * says only "held"; the same request without --no-kept-back asks APT for the rest.
     */
    keptBackPending?: true;
}

/** "pkg (>= 1.0) | other" is one group of two alternatives. */
export interface DependencyAlternative {
    name: string;
    /** e.g. ">=", "<<", "=", or null when unversioned */
    relation: string | null;
    version: string | null;
    /** ":any", ":native" or a concrete architecture qualifier, or null */
    architecture: string | null;
}
export type DependencyGroup = DependencyAlternative[];

export interface PackageRelations {
    depends: DependencyGroup[];
    preDepends: DependencyGroup[];
    recommends: DependencyGroup[];
    suggests: DependencyGroup[];
    enhances: DependencyGroup[];
    conflicts: DependencyGroup[];
    breaks: DependencyGroup[];
    replaces: DependencyGroup[];
    provides: DependencyGroup[];
}

export interface PackageVersionInfo {
    version: string;
    architecture: string;
    /** APT's pin priority of this version (`apt-cache policy`). */
    priority: number;
    installed: boolean;
    candidate: boolean;
    /** Every index this version is in; the dpkg status file appears as origin "now"-less entry with `local: true`. */
    sources: Array<PackageOrigin & { repository: string | null; priority: number; local: boolean }>;
}

export interface PackageDetails extends PackageSummary {
    description: string;
    maintainer: string;
    homepage: string | null;
    priority: string;
    source: string;
    /** Download size of the candidate in bytes, or null. */
    size: number | null;
    /** Installed-Size in KiB (as in the index), of the installed version if installed else the candidate. */
    installedSize: number | null;
    filename: string | null;
    multiArch: string | null;
    /** dpkg's state of the package ("installed", "config-files", "half-installed", ...), or "not-installed". */
    status: string;
    /** Installed with conffiles: removing it leaves its configuration behind (state config-files) until purged. */
    keepsConfiguration: boolean;
    /** Marked automatically installed in APT's extended_states. */
    automaticallyInstalled: boolean;
    relations: PackageRelations;
    versions: PackageVersionInfo[];
    /** The package's AppStream app in full, when it has one (see the "AppStream" section). */
    app?: AppDetails;
}

export interface PackageDetailsResponse {
    package: PackageDetails;
    /**
     * Only with `--no-kept-back`, for an update whose reason to be kept back needs APT's simulation
     * of "Upgrade all" and it has no answer for the current files yet: `keptBack` says only "held";
     * the same request without --no-kept-back asks APT (PackageListResponse.keptBackPending).
     */
    keptBackPending?: true;
}

// ---------------------------------------------------------------------------
// Repositories and sections

export interface Repository {
    /** "origin:suite" */
    id: string;
    /** Origin, else Label, else the site */
    name: string;
    origin: string;
    label: string;
    suite: string;
    codename: string;
    components: string[];
    architectures: string[];
    packageCount: number;
}

export interface RepositoryListResponse {
    repositories: Repository[];
}

export interface SectionInfo {
    /** Section name without component prefix ("net"), or the custom section id. */
    name: string;
    label: string;
    description: string | null;
    /** PatternFly icon name or an absolute asset path, for custom sections. */
    icon: string | null;
    custom: boolean;
    packageCount: number;
}

export interface SectionListResponse {
    sections: SectionInfo[];
    /** With `--with-apps`: the AppStream categories of the apps in the same scope ([] without AppStream data). */
    appCategories?: AppCategoryInfo[];
}

// ---------------------------------------------------------------------------
// Stores

export interface StoreFilters {
    includeOrigins: string[];
    includeSections: string[];
    includeTags: string[];
    includePackages: string[];
}

export interface StoreCustomSection {
    id: string;
    label: string;
    description: string;
    icon: string | null;
    /** Which packages belong to it: debtags, sections or names (any of them matches). */
    tags: string[];
    sections: string[];
    packages: string[];
}

export interface StoreCategoryMetadata {
    id: string;
    label: string;
    description: string | null;
    icon: string | null;
}

export interface Store {
    id: string;
    name: string;
    description: string;
    icon: string | null;
    banner: string | null;
    filters: StoreFilters;
    customSections: StoreCustomSection[];
    categoryMetadata: StoreCategoryMetadata[];
    browseBy: "sections" | "categories";
    packageCount: number;
    /** False when disabled in the stores' state file (see "Store management"): listed, never in scope. */
    enabled: boolean;
    /** A user store (saved by `stores save`): editable and deletable from the page; a packaged one is read-only. */
    userDefined: boolean;
}

export interface StoreLoadIssue {
    file: string;
    code: string;
    message: string;
    /** Field path in the definition ("filters.include_tags[0]"), when the issue is about one field. */
    field?: string;
    /** 1-based line in the file, when known. */
    line?: number;
}

export interface StoreListResponse {
    stores: Store[];
    errors: StoreLoadIssue[];
    warnings?: StoreLoadIssue[];
    /** The stores directory that was read (COCKPIT_APT_STORES_DIR or the default); the page watches it to reload stores. */
    directory?: string;
    /**
     * Where the files of asset paths (/usr/share/container-stores/...) are on disk: that directory itself,
     * or COCKPIT_APT_STORE_ASSETS_DIR (the demo's sandbox). The page reads icons from there.
     */
    assetDirectory?: string;
    /** Definitions that are conffiles of removed, not purged packages: not stores (see "Left behind"). */
    leftBehind?: StoreLeftBehind[];
}

export interface StoreValidateResponse {
    files: Array<{ file: string; valid: boolean; errors: StoreLoadIssue[]; warnings: StoreLoadIssue[] }>;
}

export interface StorePreviewResponse {
    file: string;
    valid: boolean;
    errors: StoreLoadIssue[];
    warnings: StoreLoadIssue[];
    total: number;
    /** For each filter value: how many packages of this host it matches on its own. */
    byFilter: {
        includeOrigins: Record<string, number>;
        includeSections: Record<string, number>;
        includeTags: Record<string, number>;
        includePackages: Record<string, number>;
    };
    packages: Array<Pick<PackageSummary, "name" | "summary" | "section" | "candidateVersion" | "installedVersion">>;
}

// ---------------------------------------------------------------------------
// Store management (issue 17): several stores at once, debtag facets,
// enable/disable (a state file of ours), user stores, import and export.
//
// Every store-scoped command (packages filter/search/facets, repositories,
// sections and categories list) takes `--store ID` repeated: the union of the
// stores' selections, a package once. Naming a disabled store is refused
// with STORE_DISABLED (never silently widened to "all packages").

/** One value of a debtag facet among the packages in scope. */
export interface FacetValueCount {
    /** "use::routing" */
    tag: string;
    /** "routing" */
    value: string;
    count: number;
}

/** A debtag facet ("use", "interface", "role", "field") with its values, most packages first. */
export interface FacetCount {
    facet: string;
    values: FacetValueCount[];
}

/**
 * `packages facets` (the options of `packages filter` but paging): what is in the current scope.
 * Facet values of a facet that is selected (`--tag`) are counted without that facet's own choice.
 */
export interface PackageFacetsResponse {
    total: number;
    facets: FacetCount[];
    sections: SectionInfo[];
    repositories: Array<{ id: string; name: string; count: number }>;
    installed: number;
    upgradable: number;
}

/** `stores enable ID` / `stores disable ID` */
export interface StoreStateResponse {
    id: string;
    enabled: boolean;
}

/** `stores save ID [--check]` (the definition's YAML on stdin): validated, then written as ID.yaml unless --check. */
export interface StoreSaveResponse {
    id: string;
    /** Where it is (or would be) written: always `<stores directory>/<id>.yaml`. */
    file: string;
    valid: boolean;
    saved: boolean;
    /** Each with its 1-based line in the text when known. */
    errors: StoreLoadIssue[];
    warnings: StoreLoadIssue[];
}

/** `stores delete ID` (user stores only) */
export interface StoreDeleteResponse {
    id: string;
    deleted: boolean;
}

/** `stores export ID`: the definition file's text, as it is on disk. */
export interface StoreExportResponse {
    id: string;
    fileName: string;
    text: string;
}

// ---------------------------------------------------------------------------
// Categories (debtags category::*)

export interface CategoryInfo {
    id: string;
    label: string;
    description: string | null;
    icon: string | null;
    packageCount: number;
}

export interface CategoryListResponse {
    categories: CategoryInfo[];
    /** With `--with-apps`: the AppStream categories of the apps in the same scope ([] without AppStream data). */
    appCategories?: AppCategoryInfo[];
}

// ---------------------------------------------------------------------------
// Package insight

/**
 * installed: a real package of that name is installed; available: it is not installed but has a
 * candidate; virtual: no real package has that name, but packages provide it; missing: neither.
 */
export type DependencyTargetState = "installed" | "available" | "virtual" | "missing";

export interface ResolvedDependencyAlternative extends DependencyAlternative {
    state: DependencyTargetState;
    /** For a virtual target: the packages that provide it (at a matching version, for a versioned relation), sorted. */
    providers: string[];
    /** Those of `providers` that are installed. */
    installedProviders: string[];
    /** Installed and candidate version of the named package (null when none, and for virtual names). */
    installedVersion: string | null;
    candidateVersion: string | null;
    /**
     * What is installed now matches this alternative, version included: the named package, or a
     * package providing it. For Depends that means "satisfied"; for Conflicts/Breaks "in effect".
     */
    satisfied: boolean;
}

/** `packages dependencies NAME`: the relations of the candidate (else the installed version), resolved. */
export interface DependenciesResponse {
    package: string;
    /** The version whose relations these are. */
    version: string;
    relations: Record<keyof PackageRelations, ResolvedDependencyAlternative[][]>;
}

/** One package that names this one in its relations (of its installed or candidate version). */
export interface ReverseDependency {
    name: string;
    /** How it names it: "depends", "preDepends", "recommends", "suggests", "enhances", "conflicts", "breaks", "replaces", "provides". */
    relation: keyof PackageRelations;
    installed: boolean;
    /** Set when the relation is on a virtual package this one provides. */
    via: string | null;
    /** The version constraint, e.g. ">= 2.36", or null when unversioned. */
    constraint: string | null;
    /** The other alternatives of the same "a | b" group (any of them would do), or empty. */
    alternatives: string[];
}

/** `packages rdepends NAME`, sorted by relation (Pre-Depends, Depends, Recommends, Suggests, Enhances, Breaks, Conflicts, Replaces, Provides), then name. */
export interface ReverseDependenciesResponse {
    package: string;
    reverseDependencies: ReverseDependency[];
}

/** `packages files NAME`: what dpkg lists for the installed package (dpkg -L), without "/.". */
export interface FilesResponse {
    package: string;
    files: string[];
    /** More than the bridge returns (FILES_MAX entries): the list was cut. */
    truncated: boolean;
    /**
     * Unknown files (issue 15, "facts that are guesses"): false when dpkg has no
     * file list for the installed package, so `files` is empty because nothing
     * could be read, not because it installs nothing. Absent (older bridges): true.
     */
    listed?: boolean;
}

/** `packages changelog NAME`: the installed changelog from /usr/share/doc (never fetched from the network). */
export interface ChangelogResponse {
    package: string;
    available: boolean;
    text: string | null;
    /** Why there is none: the package is not installed, or it installed no changelog. */
    reason: "not-installed" | "absent" | null;
    /** The file it was read from, as a path on the managed system. */
    file: string | null;
    /** Longer than the bridge returns (CHANGELOG_MAX_BYTES): only the newest entries are in `text`. */
    truncated: boolean;
}

// ---------------------------------------------------------------------------
// Operations

export type OperationKind =
    "install" | "remove" | "purge" | "upgrade" | "update" | "autoremove" | "repair" | "full-upgrade";

export interface PreviewPackage {
    name: string;
    architecture: string;
    /** Version being replaced (upgrade/remove), or null. */
    oldVersion: string | null;
    /** Version being installed, or null for a removal. */
    newVersion: string | null;
}

export interface OperationPreview {
    operation: OperationKind;
    install: PreviewPackage[];
    upgrade: PreviewPackage[];
    downgrade: PreviewPackage[];
    remove: PreviewPackage[];
    /** Removed with --purge. */
    purge: PreviewPackage[];
    heldBack: string[];
    /** Installed packages that `autoremove` would take away afterwards. */
    autoremovable: string[];
    /** Bytes to download, or null if APT did not say. */
    downloadSize: number | null;
    /** Change of used disk space in bytes (negative when freed), or null. */
    diskSpaceChange: number | null;
    /** Broken dependencies or other reasons APT refuses; empty when the change can go ahead. */
    problems: string[];
}

export interface OperationPreviewResponse {
    preview: OperationPreview;
}

export type ProgressPhase = "download" | "install" | "remove" | "configure" | "update";

/** One JSON Lines event of a running operation. */
export type OperationEvent =
    | { type: "progress"; phase: ProgressPhase; package: string | null; percent: number; message: string }
    | { type: "log"; stream: "stdout" | "stderr"; line: string }
    | { type: "conffile"; file: string; package: string | null; action: "kept" }
    | { type: "error"; code: ErrorCode; message: string; details?: Record<string, unknown> }
    | {
          type: "result";
          ok: boolean;
          operation: OperationKind;
          exitCode: number | null;
          code?: ErrorCode;
          message?: string;
          details?: Record<string, unknown>;
      };

// ---------------------------------------------------------------------------
// Left behind: configuration of removed, not purged packages (issue 12 item 7, issue 13 Purge)

/** A store definition file that is a conffile of a package in dpkg's config-files state. */
export interface StoreLeftBehind {
    file: string;
    /** The removed package that left it ("name" or "name:arch"); `operations purge` removes it. */
    package: string;
}

/** A package in dpkg's config-files state (`dpkg -l`: "rc"): removed, its configuration kept. */
export interface ResidualPackage {
    /** As `operations purge` takes it: "name", or "name:arch" for another architecture than the native one. */
    name: string;
    architecture: string;
    version: string;
    summary: string;
    /** How many conffiles dpkg still records for it. */
    conffiles: number;
}

export interface ResidualPackagesResponse {
    packages: ResidualPackage[];
}

// ---------------------------------------------------------------------------
// Operations that outlive the page and the bridge (issue 12)
//
// A change runs in a detached runner that writes every OperationEvent as a JSON
// line to a journal file; the bridge that started it, and `operations follow
// ID`, print that journal as the usual JSON Lines. These events come in
// addition to OperationEvent (a reader that does not know them skips them).

/** First line of a followed operation: which one it is (for `operations cancel ID` and reattaching). */
export interface OperationStartedEvent {
    type: "started";
    id: string;
    operation: OperationKind;
    names: string[];
    /** The runner's process id. */
    pid: number | null;
    /** ISO 8601. */
    startedAt: string;
}

/** What one package went through, from dpkg's status before and after the run. */
export interface OperationChange {
    name: string;
    architecture: string;
    action: "installed" | "upgraded" | "downgraded" | "reinstalled" | "configured" | "removed" | "purged";
    oldVersion: string | null;
    newVersion: string | null;
}

/** Just before the result: every package the operation changed (empty when none). */
export interface OperationChangesEvent {
    type: "changes";
    changes: OperationChange[];
}

/** Any line of an operation's JSON Lines stream. */
export type OperationStreamEvent = OperationEvent | OperationStartedEvent | OperationChangesEvent;

/**
 * Typed view of a failed result's `details` (all optional): the lines a
 * maintainer script printed before dpkg reported it failing, and, for
 * `repair`, what is still broken afterwards.
 */
export interface OperationFailureDetails {
    package?: string;
    scriptOutput?: string[];
    stillBroken?: Array<{ name: string; state: string; reason: string }>;
    /** Packages repair could not reinstall: no version to download or in the archive cache. Remove them. */
    noCandidate?: string[];
}

/**
 * running: the runner is alive; finished: its result is in the journal;
 * interrupted: the runner died without a result (killed): the package system may need Repair.
 */
export type OperationState = "running" | "finished" | "interrupted";

export interface OperationRecord {
    id: string;
    kind: OperationKind;
    names: string[];
    pid: number | null;
    startedAt: string;
    finishedAt: string | null;
    state: OperationState;
    progress: Extract<OperationEvent, { type: "progress" }> | null;
    result: Extract<OperationEvent, { type: "result" }> | null;
    changes: OperationChange[];
    /** For "interrupted": what happened and what to do (Repair). */
    message: string | null;
    /** The last lines of its log. */
    logTail: string[];
}

/** `operations current`: the running operation, else the most recent one, else null. */
export interface OperationCurrentResponse {
    operation: OperationRecord | null;
}

/**
 * `batch` (standard input: a JSON array of argument vectors, each one of the
 * read commands BATCH_COMMANDS names): their answers in one process, in order,
 * each the JSON document the command alone prints, or its error. The page
 * opens with one: four Node starts at once on a small machine took longer
 * than one start doing the four requests.
 */
export interface BatchResponse {
    results: Array<{ ok: unknown } | ErrorResponse>;
}

/** The commands `batch` runs (read-only, one document each): their words. */
export const BATCH_COMMANDS: ReadonlyArray<readonly string[]> = [
    ["stores", "list"],
    ["repositories", "list"],
    ["packages", "counts"],
    ["sections", "list"],
    ["categories", "list"],
    ["operations", "current"],
];

/** `batch` takes at most this many requests. */
export const BATCH_MAX = 8;

/**
 * `standby`: a bridge process started before its request is known, which
 * waits for it on standard input (a JSON argument vector, one of
 * STANDBY_COMMANDS) and then answers it exactly as `cockpit-apt-bridge ARGS...`
 * would. Node's start (~150 ms on a small machine, most of a search's wait)
 * is then behind the user's typing, not after it. Still one request per
 * process. A standby that gets no request within STANDBY_IDLE_MS exits
 * quietly (status 0, no output); the page uses one only while it is younger
 * than STANDBY_USE_MS.
 */
export const STANDBY_COMMANDS: ReadonlyArray<readonly string[]> = [
    ["packages", "filter"],
    ["packages", "counts"],
    ["packages", "details"],
    ["packages", "facets"],
    ["sections", "list"],
    ["categories", "list"],
    ["categories", "apps"],
    ["repositories", "list"],
    ["stores", "list"],
];
export const STANDBY_IDLE_MS = 60_000;
export const STANDBY_USE_MS = 45_000;

/** `operations cancel ID`: whether the stop was requested (only while APT is still downloading). */
export interface OperationCancelResponse {
    id: string;
    requested: boolean;
    message: string;
}

// ---------------------------------------------------------------------------
// Limits shared by the page and the bridge (issue 15: a search longer than the
// bridge accepts must not be typed at all)

/** The longest search text `packages filter --query` accepts (UTF-16 units); the search field's maxLength. */
export const MAX_SEARCH_LENGTH = 200;

// ---------------------------------------------------------------------------
// System status, restarting services, reboot and automatic updates (issue 14):
// `system status`, `system restart-services`, `system reboot`,
// `automatic-updates show|set|preview`.

/** A service that still runs replaced code (needrestart's NEEDRESTART-SVC). */
export interface ServiceToRestart {
    unit: string;
    /** The packages whose files it still uses, when known; needrestart's batch output does not name them, so usually []. */
    packages: string[];
}

/** `system status [--quick]` */
export interface SystemStatus {
    rebootRequired: boolean;
    /** Package names from /run/reboot-required.pkgs, "kernel" (a newer kernel is installed) and "microcode". */
    rebootReasons: string[];
    /** `uname -r` of the running kernel, null when unknown. */
    runningKernel: string | null;
    /** The newest installed kernel of the same flavour, null when none is found. */
    newestKernel: string | null;
    servicesToRestart: ServiceToRestart[];
    /** False with --quick or when needrestart is missing or failed: servicesToRestart says nothing then. */
    servicesChecked: boolean;
    needrestartAvailable: boolean;
    /** systemd runs this system (/run/systemd/system): restarting services, rebooting and timers work. */
    systemdAvailable: boolean;
    /** When the package lists were last downloaded (ISO 8601), null when never. */
    listsUpdated: string | null;
    /** End of the last transaction that upgraded packages (APT's history log, ISO 8601), null when none is logged. */
    lastUpgrade: string | null;
}

/** `system restart-services [--include-cockpit] -- UNIT...` */
export interface RestartServicesResponse {
    results: Array<{ unit: string; ok: boolean; message: string }>;
}

export type AutomaticUpdatesMode = "off" | "download" | "security" | "all";

export interface AutomaticUpdatesSettings {
    mode: AutomaticUpdatesMode;
    /** "HH:MM" when apt-daily-upgrade.timer runs once a day at a fixed time, null otherwise (Debian's default: 06:00 plus a random delay). */
    time: string | null;
    reboot: boolean;
    /** "HH:MM", "now", or null when not set. */
    rebootTime: string | null;
    removeUnused: boolean;
}

export type AutomaticUpdatesSetting = keyof AutomaticUpdatesSettings;

/** A setting whose effective value is not the one our own file gives it. */
export interface AutomaticUpdatesOverride {
    setting: AutomaticUpdatesSetting;
    /** The file that sets it last, or "" when it could not be found. */
    file: string;
}

export interface AutomaticUpdatesLastRun {
    /** Start of the last run in unattended-upgrades.log (ISO 8601). */
    time: string | null;
    /** That run's lines of the log (at most 200). */
    log: string[];
    logFile: string;
}

/** `automatic-updates show` */
export interface AutomaticUpdatesResponse {
    /** unattended-upgrades is installed (/usr/bin/unattended-upgrade). */
    installed: boolean;
    /** What APT and systemd will actually do (apt-config dump, systemctl cat). */
    effective: AutomaticUpdatesSettings;
    /** What our file says, null when we have not written one. */
    ours: AutomaticUpdatesSettings | null;
    overrides: AutomaticUpdatesOverride[];
    configFile: string;
    timerDropIn: string;
    systemdAvailable: boolean;
    /** The OnCalendar= values in effect for apt-daily-upgrade.timer (systemctl cat), null without systemd. */
    timerCalendar: string[] | null;
    lastRun: AutomaticUpdatesLastRun;
}

/** `automatic-updates preview`: `unattended-upgrade --dry-run`. */
export interface AutomaticUpdatesPreview {
    /** Packages the next run would upgrade ("Packages that will be upgraded:" of its log). */
    packages: string[];
    /** Its output, for the details. */
    output: string[];
    ok: boolean;
}

// ---------------------------------------------------------------------------
// History (issue 13: `history list`, the changelog of the version an upgrade installs)

export type HistoryAction = "install" | "upgrade" | "downgrade" | "reinstall" | "remove" | "purge";

/** One package line of an APT history entry ("name:arch (version, automatic)", "name:arch (old, new)"). */
export interface HistoryPackage {
    /** Without the architecture qualifier. */
    name: string;
    /** As APT wrote it ("amd64" also for Architecture: all packages), "" when it wrote none. */
    architecture: string;
    action: HistoryAction;
    /** The version installed by the run, or the version removed (remove/purge). */
    version: string;
    /** The version replaced by an upgrade or downgrade, else null. */
    oldVersion: string | null;
    /** Installed as a dependency (APT marked it automatically installed). */
    automatic: boolean;
}

/** One run of apt/apt-get/unattended-upgrades, as /var/log/apt/history.log records it. */
export interface HistoryEntry {
    /** ISO 8601 with the host's UTC offset ("2026-11-29T13:33:16+01:00"); APT writes local time. */
    start: string;
    /** null: no End-Date (still running, or the run was cut off). */
    end: string | null;
    /** "apt-get install nginx"; null when the program wrote none (PackageKit, python-apt). */
    commandLine: string | null;
    /** The user who ran it through sudo/pkexec ("Requested-By: alice (1000)"), or null. */
    requestedBy: string | null;
    requestedByUid: number | null;
    /** A run of unattended-upgrades (the page says "Automatic updates"). */
    automatic: boolean;
    /** With `--package NAME`: only that package's lines. */
    packages: HistoryPackage[];
    /** APT's "Error:" line: the run failed. */
    error: string | null;
}

/** `history list [--limit N] [--offset N] [--package NAME]`: newest first. */
export interface HistoryListResponse {
    entries: HistoryEntry[];
    /** Entries in all the logs (that name the package, with --package). */
    total: number;
    offset: number;
    limit: number;
    /** The history log's path (Dir::Log::History); its rotated files are beside it. */
    file: string;
}

/**
 * `packages changelog NAME --candidate`: the changelog of the version an upgrade would install, from
 * `apt-get changelog` (it needs the network: reason "unreachable" says the server could not be reached).
 */
export interface CandidateChangelogResponse {
    package: string;
    /** The candidate version, or null when there is none. */
    version: string | null;
    installedVersion: string | null;
    available: boolean;
    /** The entries newer than the installed version (the whole changelog when that version is not in it). */
    text: string | null;
    /** no-candidate: nothing to install; unreachable: no network / server down / timed out; unavailable: the server has none. */
    reason: "no-candidate" | "unreachable" | "unavailable" | null;
    /** APT's own message when it failed. */
    message: string | null;
    truncated: boolean;
}

// ---------------------------------------------------------------------------
// Updates: security, held, kept back (issue 13)

/**
 * Why `apt-get upgrade --with-new-pkgs` (the page's "Upgrade all") leaves an
 * upgradable package alone, as APT itself decides it:
 *  - held: dpkg's selection is "hold" (`apt-mark hold`); Unhold lets it upgrade;
 *  - phased: APT defers it (Phased-Update-Percentage, Ubuntu's phased updates; this machine's turn has not come);
 *  - removal: kept back because upgrading it needs something removed (or another change
 *    `upgrade` never makes); a full upgrade (`apt-get dist-upgrade`) can, and its preview names every removal.
 * A security update is one whose candidate is in a security archive: Debian's
 * "Debian-Security" label or a "*-security" suite, Ubuntu's "-security" pocket.
 */
export type KeptBackReason = "held" | "phased" | "removal";

/** `operations hold NAME...` / `operations unhold NAME...` (apt-mark hold/unhold): one JSON document. */
export interface HoldResponse {
    action: "hold" | "unhold";
    /** Every name asked for, in order: whether it is held now, and whether this request changed that. */
    packages: Array<{ name: string; held: boolean; changed: boolean }>;
}

// ---------------------------------------------------------------------------
// Shared facts (issue 19: one home for what the bridge and the page both know)

/** The operations that have a preview: `operations preview KIND [-- NAMES]`. */
export const PREVIEW_KINDS = [
    "install",
    "remove",
    "purge",
    "upgrade",
    "autoremove",
    "full-upgrade",
] as const satisfies readonly OperationKind[];
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

export function isPreviewKind(kind: string): kind is PreviewKind {
    return (PREVIEW_KINDS as readonly string[]).includes(kind);
}

/** Where store definitions are installed (the bridge's COCKPIT_APT_STORES_DIR stands in for it in tests and the demo). */
export const STORES_DIRECTORY = "/etc/container-apps/stores";

/** The directory every store asset path (icon, banner) must be under; with the trailing slash. */
export const STORE_ASSET_ROOT = "/usr/share/container-stores/";

// ----------------------------------------------------------------------------
// AppStream: icons, screenshots and "Open" for apps (issue 16)
//
// From the DEP-11 catalogs APT downloads beside the package lists
// (Components-<arch>.yml.gz, icons-64x64.tar.gz) and the metainfo files of
// installed packages (/usr/share/metainfo). Texts are in the language the page
// asks for (`--lang`, e.g. "de" or "pt-br"), else untranslated. Images are
// data: URLs (Cockpit's CSP admits no other origin), except screenshots from
// the network, which are https URLs the page loads only when reachable.

/** `app` of a package summary (`packages filter|search|details ... --lang L`). */
export interface AppSummary {
    /** The AppStream component id ("org.signalk.SignalKServer"). */
    id: string;
    name: string;
    summary: string;
    /** A data: URL, or null when the data names no icon the bridge could read. */
    icon: string | null;
}

export interface AppScreenshot {
    caption: string;
    /** The full image: an https URL or a data: URL. */
    image: string;
    /** A smaller image for the carousel (same kinds of URL), or null. */
    thumbnail: string | null;
}

export interface AppRelease {
    version: string;
    /** ISO 8601 date or timestamp, or null. */
    date: string | null;
    /** Plain text (paragraphs separated by a blank line, list items starting "• "), "" when none. */
    description: string;
}

/** `app` of package details. */
export interface AppDetails extends AppSummary {
    /** "desktop-application", "web-application", "console-application", "service". */
    type: string;
    /** Plain text like AppRelease.description; "" when the data has none (the package's own description applies). */
    description: string;
    screenshots: AppScreenshot[];
    urls: { homepage?: string; help?: string; bugtracker?: string; donation?: string };
    /**
     * The app's web address (launchable of type "url") as the data writes it,
     * "localhost" and all: the page puts the host it runs on in its place.
     */
    launchable: string | null;
    /** AppStream (freedesktop menu) categories: "Network", "Utility", ... */
    categories: string[];
    /** Open Age Ratings Service: its version ("oars-1.1") and the attributes rated other than "none". */
    contentRating: { type: string; attributes: Record<string, string> } | null;
    /** Newest first, as the data lists them. */
    releases: AppRelease[];
}

/** `appstream categories [--store ID] [--lang L]`: the AppStream categories of apps, with counts. */
export interface AppCategoryInfo {
    id: string;
    packageCount: number;
}

export interface AppCategoryListResponse {
    categories: AppCategoryInfo[];
}

// ---------------------------------------------------------------------------
// Counts without the list (issue 20, the page's part): the tabs' numbers and
// the page status in Cockpit's navigation, straight from the index's flags.
// Never APT's kept-back simulation (`apt-get -s upgrade`, seconds on a large
// index): kept-back updates are still updates, counted like the others.

/** `packages counts [--store ID]... [--repo ID]`: how many packages of the scope are installed / upgradable. */
/** `cache refresh`: what the caches now hold (commands/cache.ts), and how long bringing them up to date took. */
export interface CacheRefreshResponse {
    /** Rows of the package index (packages with a candidate or an installed version). */
    packages: number;
    /** Of them, those with a newer candidate (the Updates tab's). */
    upgradable: number;
    /** Of those, the ones "Upgrade all" would keep back (APT's simulation); null: not asked (--no-kept-back). */
    keptBack: number | null;
    /** Stores defined (stores list's). */
    stores: number;
    /** Apps in the AppStream data. */
    apps: number;
    seconds: number;
}

export interface PackageCountsResponse {
    /** Packages installed (dpkg's status "installed" and the like), as the Installed tab lists them. */
    installed: number;
    /** Packages with a newer candidate, as the Updates tab lists them (kept-back ones included). */
    upgradable: number;
    /** Of `upgradable`, those whose candidate is a security update. */
    security: number;
}
