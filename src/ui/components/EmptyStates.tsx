// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What an empty list says, for each combination of scope (system, store,
 * repository) and tab or section: only what is true of that scope. "Your
 * system is up to date" only when the whole system has no update; "APT has no
 * package lists yet" only when the whole system has no package at all.
 */
import React from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import {
    EmptyState,
    EmptyStateActions,
    EmptyStateBody,
    EmptyStateFooter,
} from "@patternfly/react-core/dist/dynamic/components/EmptyState";
import SearchIcon from "@patternfly/react-icons/dist/esm/icons/search-icon";
import CheckCircleIcon from "@patternfly/react-icons/dist/esm/icons/check-circle-icon";
import CubesIcon from "@patternfly/react-icons/dist/esm/icons/cubes-icon";
import { _, fmt, ngettext } from "../cockpit.js";
import { packageCounts } from "../api/index.js";
import { useAppState } from "../state/AppState.js";
import { useOperations } from "../state/operations.js";
import { useRequest } from "../state/useRequest.js";
import { formatCount } from "./format.js";

/** Shown where a list is empty because APT has no package lists yet (fresh system). */
export function UpdateListsAction({ variant = "primary" }: { variant?: "primary" | "secondary" }) {
    const { access } = useAppState();
    const ops = useOperations();
    if (access !== "admin") return null;
    return (
        <Button variant={variant} onClick={() => ops.start("update", [])} data-testid="update-lists">
            {_("Update package lists")}
        </Button>
    );
}

/** The scope an empty list is about. */
function useScopeKind(): "system" | "store" | "repository" {
    const { view } = useAppState();
    return view.repository !== null ? "repository" : view.store !== null ? "store" : "system";
}

/** Leaves the store and the repository, staying on the same tab: the whole system. */
function ShowWholeSystem({ text, testId }: { text: string; testId: string }) {
    const { selectStore, setRepository } = useAppState();
    return (
        <Button
            variant="link"
            onClick={() => {
                setRepository(null);
                selectStore(null);
            }}
            data-testid={testId}
        >
            {text}
        </Button>
    );
}

/** A search, or a section's list, with no package. */
export function NoMatch({ what }: { what: "search" | "section" }) {
    const { clearFilters, view } = useAppState();
    const scope = useScopeKind();
    const filtered = view.repository !== null || (what === "search" && view.query !== "");
    const body =
        what === "section"
            ? scope === "repository"
                ? _("This section has no packages from the chosen repository.")
                : _("This section has no packages here.")
            : scope === "repository"
              ? _("No package of the chosen repository matches. Try other words, or all repositories.")
              : scope === "store"
                ? _("No package of this store matches. Try other words, or search the whole system.")
                : _("No package matches. Try other words, or part of a name.");
    return (
        <EmptyState
            titleText={what === "section" ? _("No packages in this section") : _("No packages match")}
            headingLevel="h2"
            icon={SearchIcon}
            data-testid="no-match"
        >
            <EmptyStateBody>{body}</EmptyStateBody>
            <EmptyStateFooter>
                <EmptyStateActions>
                    {filtered && (
                        <Button variant="link" onClick={clearFilters} data-testid="clear-filters">
                            {_("Clear filters")}
                        </Button>
                    )}
                    {what === "search" && scope === "store" && (
                        <ShowWholeSystem text={_("Search the whole system")} testId="search-whole-system" />
                    )}
                </EmptyStateActions>
            </EmptyStateFooter>
        </EmptyState>
    );
}

/** Browse without any section: nothing in this scope at all. */
export function NoPackages() {
    const scope = useScopeKind();
    if (scope === "system") {
        return (
            <EmptyState
                titleText={_("No packages available")}
                headingLevel="h2"
                icon={CubesIcon}
                data-testid="no-packages"
                data-scope="system"
            >
                <EmptyStateBody>
                    {_("APT has no package lists yet. Update the package lists to see the software you can install.")}
                </EmptyStateBody>
                <EmptyStateFooter>
                    <UpdateListsAction />
                </EmptyStateFooter>
            </EmptyState>
        );
    }
    return (
        <EmptyState
            titleText={scope === "repository" ? _("No packages in this repository") : _("No packages in this store")}
            headingLevel="h2"
            icon={CubesIcon}
            data-testid="no-packages"
            data-scope={scope}
        >
            <EmptyStateBody>
                {scope === "repository"
                    ? _(
                          "APT's lists of this repository name no packages here. Updating the package lists fetches its newest lists."
                      )
                    : _(
                          "None of the packages this store selects is in APT's package lists. Updating the package lists may bring them, if the store's repository is configured."
                      )}
            </EmptyStateBody>
            <EmptyStateFooter>
                <EmptyStateActions>
                    <UpdateListsAction variant="secondary" />
                    <ShowWholeSystem text={_("Show all packages")} testId="show-all-packages" />
                </EmptyStateActions>
            </EmptyStateFooter>
        </EmptyState>
    );
}

export function NoInstalled() {
    const scope = useScopeKind();
    const body =
        scope === "repository"
            ? _("Nothing from this repository is installed.")
            : scope === "store"
              ? _("Nothing from this store is installed yet.")
              : _("dpkg lists no installed packages.");
    return (
        <EmptyState
            titleText={_("No installed packages")}
            headingLevel="h2"
            icon={CubesIcon}
            data-testid="no-installed"
            data-scope={scope}
        >
            <EmptyStateBody>{body}</EmptyStateBody>
            {scope !== "system" && (
                <EmptyStateFooter>
                    <ShowWholeSystem text={_("Show all installed packages")} testId="show-all-installed" />
                </EmptyStateFooter>
            )}
        </EmptyState>
    );
}

/** The system's number of updates, asked only when a scoped Updates tab is empty. */
function useSystemUpdates(enabled: boolean): number | null {
    const { generation } = useAppState();
    const r = useRequest(
        `system-updates:${generation}`,
        enabled ? (signal) => packageCounts(null, null, { signal }) : null
    );
    return r.data?.upgradable ?? null;
}

export function NoUpdates() {
    const scope = useScopeKind();
    const systemUpdates = useSystemUpdates(scope !== "system");
    if (scope === "system") {
        return (
            <EmptyState
                titleText={_("Your system is up to date")}
                headingLevel="h2"
                icon={CheckCircleIcon}
                status="success"
                data-testid="no-updates"
                data-scope="system"
            >
                <EmptyStateBody>{_("Update the package lists to check for newer versions.")}</EmptyStateBody>
            </EmptyState>
        );
    }
    const elsewhere =
        systemUpdates === null
            ? null
            : systemUpdates === 0
              ? _("The rest of the system is up to date too.")
              : fmt(
                    ngettext(
                        "The system has $0 update elsewhere.",
                        "The system has $0 updates elsewhere.",
                        systemUpdates
                    ),
                    formatCount(systemUpdates)
                );
    return (
        <EmptyState
            titleText={scope === "repository" ? _("No updates from this repository") : _("No updates in this store")}
            headingLevel="h2"
            icon={CheckCircleIcon}
            status="success"
            data-testid="no-updates"
            data-scope={scope}
        >
            <EmptyStateBody>
                {scope === "repository"
                    ? _("No installed package of this repository has a newer version.")
                    : _("No installed package of this store has a newer version.")}
                {elsewhere && (
                    <>
                        {" "}
                        <span data-testid="system-updates">{elsewhere}</span>
                    </>
                )}
            </EmptyStateBody>
            {systemUpdates !== 0 && (
                <EmptyStateFooter>
                    <ShowWholeSystem text={_("Show all updates")} testId="show-all-updates" />
                </EmptyStateFooter>
            )}
        </EmptyState>
    );
}
