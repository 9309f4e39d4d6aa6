// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's stable selectors, for every test that finds something on it (the UI
 * tests in jsdom, the end-to-end tests in Chromium). Each name here is checked
 * against the page's sources (test/ui/selectors.test.ts): a test id or element id
 * that the page stops rendering fails that test instead of silently matching nothing.
 * Deep links: #/package/<name>, #/store/<id>, #/history; the page itself at
 * /cockpit/@localhost/apt/index.html.
 */

/** Element ids (`#id`), by what they are. */
export const IDS = {
    root: "app", // index.html
    page: "apt-page", // the PatternFly Page
    title: "apt-title", // page heading ("Software" or the store name)
    storeToggle: "store-toggle", // store ToggleGroup (absent without stores); buttons #store-toggle-system, #store-toggle-<storeId> (aria-pressed)
    repositorySelect: "repository-select", // native <select>: "" = all, else "origin:suite"
    packageTabs: "package-tabs", // tab buttons #pf-tab-<browse|search|installed|updates>-package-tabs (PatternFly's ids, role=tab)
    tabBrowse: "tab-browse",
    tabSearch: "tab-search",
    tabInstalled: "tab-installed",
    tabUpdates: "tab-updates",
    packageSearch: "package-search", // input; aria-label "Search packages"; debounced 300 ms
    limitedAccess: "limited-access", // shown only when superuser is known absent
    packageDetails: "package-details", // details view (#/package/NAME), with data-package
    packageTitle: "package-title",
    detailsTabs: "details-tabs", // Overview, Dependencies, Versions, Files, Changelog, History
    historyPage: "history-page", // #/history
    // Operation flow: one dialog per step, each role=dialog with its title in #apt-op-title
    previewDialog: "apt-preview-dialog",
    progressDialog: "apt-progress-dialog",
    resultDialog: "apt-result-dialog",
    lockedDialog: "apt-locked-dialog", // lock held by another process
    repairDialog: "apt-repair-dialog", // dpkg interrupted
    errorDialog: "apt-error-dialog", // the preview failed
    operationTitle: "apt-op-title",
} as const;

/** `data-testid` values, grouped as the page is. */
export const TEST_IDS = [
    // store, repository, lists
    "store-toggle",
    "store-issues",
    "repository-select",
    "section-grid",
    "section-card",
    "section-grid-loading",
    "back-to-sections",
    "package-search",
    "search-prompt",
    "package-list",
    "package-row",
    "list-count",
    "load-more",
    "list-loading",
    "list-error",
    "no-match",
    "clear-filters",
    "no-packages",
    "no-repositories",
    "update-lists",
    "no-updates",
    "no-installed",
    "upgrade-all",
    "autoremove",
    "limited-access",
    // package details
    "whats-new",
    "load-whats-new",
    "whats-new-text",
    "whats-new-unavailable",
    "package-history",
    "package-history-row",
    "package-link",
    "dependencies",
    "reverse-dependencies",
    "versions",
    "package-files",
    "package-changelog",
    "changelog-unavailable",
    "details-install",
    "details-remove",
    "details-upgrade",
    "details-back",
    "details-error",
    // history
    "open-history",
    "header-overflow", // a phone's menu of the header's actions (Presets, Stores, History): they are its items there
    "history-list",
    "history-entry",
    "history-summary",
    "history-command",
    "history-automatic",
    "history-package",
    "history-pagination",
    // operations
    "confirm-operation",
    "preview-download-size",
    "preview-disk-space",
    "preview-problems",
    "operation-progress",
    "operation-log",
    "cancel-operation",
    "operation-result",
    "close-operation",
    "retry-operation",
    "repair-operation",
    "failure-message",
    "toasts",
    "error-boundary",
] as const;

/** The groups of the preview dialog, each `[data-testid=preview-<group>][data-count]`. */
export const PREVIEW_GROUPS = [
    "install",
    "remove",
    "upgrade",
    "downgrade",
    "purge",
    "held-back",
    "autoremovable",
] as const;

export type TestId = (typeof TEST_IDS)[number];

/** `[data-testid=<id>]`, optionally for one package (`[data-package=<name>]`). */
export function byTestId(id: TestId, pkg?: string): string {
    return pkg === undefined ? `[data-testid=${id}]` : `[data-testid=${id}][data-package="${pkg}"]`;
}

/** A row's button: data-action open|install|remove|upgrade (aria-label "Install <name>", ...). */
export function rowAction(action: "open" | "install" | "remove" | "upgrade", pkg: string): string {
    return `button[data-action=${action}][data-package="${pkg}"]`;
}
