/*
 * Entry point of the Cockpit module "apt" (the "Software" page).
 *
 * Stable selectors for the end-to-end tests (ids, data-testid, aria-labels):
 *   #app                          root element (index.html)
 *   #apt-page                     the PatternFly Page
 *   #apt-title                    page heading ("Software" or the store name)
 *   #store-toggle / [data-testid=store-toggle]      store ToggleGroup (absent without stores)
 *   #store-toggle-system, #store-toggle-<storeId>   its buttons (aria-pressed tells which is active)
 *   #repository-select / [data-testid=repository-select]  native <select>, value "" = all, else "origin:suite"
 *   #package-tabs                 the tabs; tab buttons are #pf-tab-<browse|search|installed|updates>-package-tabs
 *                                 (PatternFly's ids, role=tab) and contain #tab-browse, #tab-search, #tab-installed, #tab-updates
 *   [data-testid=tab-installed-count], [data-testid=tab-updates-count]   counts on the tabs
 *   [data-testid=section-grid], [data-testid=section-card][data-section=<name>]  Browse grid (a card's link button opens it)
 *   [data-testid=section-grid-loading]
 *   [data-testid=back-to-sections]
 *   input#package-search (aria-label "Search packages"; debounced 300 ms), [data-testid=package-search] its wrapper
 *   [data-testid=search-prompt]   Search tab without a query
 *   [data-testid=package-list]    scroll container of the virtualized table
 *   [data-testid=package-row][data-package=<name>]   one row
 *   button[data-action=open|install|remove|upgrade][data-package=<name>]  row buttons
 *       (aria-label "Install <name>" / "Remove <name>" / "Upgrade <name>")
 *   [data-testid=list-count], [data-testid=load-more]
 *   [data-testid=list-loading]    skeleton while a list loads
 *   [data-testid=list-error]      inline error of a failed list (with "Try again")
 *   [data-testid=no-match] + [data-testid=clear-filters]
 *   [data-testid=no-packages], [data-testid=no-repositories], [data-testid=update-lists]   fresh system
 *   [data-testid=no-updates], [data-testid=no-installed]
 *   [data-testid=upgrade-all]  "Upgrade all" (full upgrade); "Upgrade all shown" within a store or repository (those packages only)
 *   #limited-access / [data-testid=limited-access]   shown only when superuser is known absent
 *   [data-testid=store-issues]    store definition problems
 *   #package-details[data-package=<name>]  details view (#/package/NAME), #package-title
 *   #details-tabs (Overview, Dependencies, Versions, Files, Changelog, History)
 *   [data-testid=whats-new] (upgradable: [data-testid=load-whats-new|whats-new-text|whats-new-unavailable])
 *   [data-testid=package-history] rows [data-testid=package-history-row][data-action]
 *   #history-page (#/history, opened by [data-testid=open-history]): [data-testid=history-list],
 *                 [data-testid=history-entry][data-start] with history-summary|history-command|history-automatic,
 *                 [data-testid=history-package][data-package][data-action], [data-testid=history-pagination]
 *   [data-testid=autoremove]  "Remove unused packages (N)" on the Installed tab
 *   [data-testid=package-link][data-package=<name>]   dependency / reverse dependency links
 *   [data-testid=dependencies], [data-testid=reverse-dependencies], [data-testid=versions],
 *   [data-testid=package-files], [data-testid=package-changelog], [data-testid=changelog-unavailable]
 *   [data-testid=details-install|details-remove|details-upgrade|details-back], [data-testid=details-error]
 *   Operation flow:
 *   #apt-preview-dialog  [data-testid=confirm-operation], [data-testid=preview-install|preview-remove|...],
 *                        preview-downgrade|preview-purge|preview-held-back|preview-autoremovable (each [data-count]),
 *                        [data-testid=preview-download-size], [data-testid=preview-disk-space], [data-testid=preview-problems]
 *   #apt-progress-dialog [data-testid=operation-progress], [data-testid=operation-log], [data-testid=cancel-operation]
 *   #apt-result-dialog   [data-testid=operation-result], [data-testid=close-operation]
 *   #apt-locked-dialog   [data-testid=retry-operation]      (lock held by another process)
 *   #apt-repair-dialog   [data-testid=repair-operation]     (dpkg interrupted)
 *   #apt-error-dialog    preview failed (with [data-testid=failure-message])
 *   (each step is a separate dialog; all have role=dialog and the title in #apt-op-title)
 *   [data-testid=toasts]  toast AlertGroup
 *   [data-testid=error-boundary]
 * Deep links: #/package/<name>, #/store/<id>, #/history; the page at /cockpit/@localhost/apt/index.html.
 */
import "@patternfly/patternfly/patternfly-base.css";
import "./app.css";
import React from "react";
import { createRoot } from "react-dom/client";
import { App } from "./components/App.js";
import { followCockpitTheme } from "./theme.js";

function start() {
    followCockpitTheme();
    window.cockpit?.translate?.();
    const root = document.getElementById("app");
    if (!root) throw new Error("index.html has no #app");
    createRoot(root).render(
        <React.StrictMode>
            <App />
        </React.StrictMode>,
    );
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
