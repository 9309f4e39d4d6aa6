// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Updates tab's body (issue 13): the updates "Upgrade all" installs,
 * security updates first and marked, with a "Security only" filter; below,
 * apart, the updates APT keeps back, each with its reason ("Held", "Phased:
 * 30% of machines", "Needs a removal") and what to do (Unhold, Upgrade now,
 * Full upgrade… whose preview names every removal). The toolbar and the
 * request live in PackageTabs.tsx (UpdatesTab).
 */
import React from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { ExpandableSection } from "@patternfly/react-core/dist/dynamic/components/ExpandableSection";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Label } from "@patternfly/react-core/dist/dynamic/components/Label";
import { Spinner } from "@patternfly/react-core/dist/dynamic/components/Spinner";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/dynamic/components/Table";
import type { PackageSummary } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { keptBackHint, keptBackLabel } from "../state/updates.js";
import type { Request } from "../state/useRequest.js";
import { PackageList, type RowAction } from "./PackageList.js";

/**
 * While APT's simulation of "Upgrade all" runs (the list above is shown already): a line saying so,
 * since a few of the updates may yet move to "kept back". When it failed: why, and Try again.
 */
export function KeptBackCheck({
    checking,
    failed,
}: {
    checking: boolean;
    failed: Pick<Request<unknown>, "error" | "reload"> | null;
}) {
    if (failed?.error)
        return (
            <Alert
                variant="warning"
                isInline
                title={_("APT could not tell which updates it would keep back")}
                data-testid="kept-back-check-error"
                actionLinks={<AlertActionLink onClick={failed.reload}>{_("Try again")}</AlertActionLink>}
            >
                {failed.error.message}
                {/* APT's own words (a broken dependency, an interrupted dpkg) say what to repair. */}
                {failed.error.technical !== failed.error.message && (
                    <div className="apt-subtle" data-testid="kept-back-check-technical">
                        {failed.error.technical}
                    </div>
                )}
            </Alert>
        );
    if (!checking) return null;
    return (
        <Content component="small" className="apt-kept-back-check" data-testid="kept-back-check" aria-live="polite">
            <Spinner size="sm" aria-hidden="true" />
            <span>{_("Asking APT which updates it would keep back…")}</span>
        </Content>
    );
}

interface KeptBackProps {
    packages: PackageSummary[];
    canChange: boolean;
    busy: string | null;
    onOpen(name: string): void;
    onAction(action: RowAction, name: string): void;
    onFullUpgrade(): void;
}

/** The kept-back updates: a small table (a handful of rows), so no virtual list. */
export function KeptBackSection({ packages, canChange, busy, onOpen, onAction, onFullUpgrade }: KeptBackProps) {
    const [expanded, setExpanded] = React.useState(true);
    if (packages.length === 0) return null;
    const removals = packages.some((p) => p.keptBack === "removal");
    const title = fmt(ngettext("$0 update is kept back", "$0 updates are kept back", packages.length), packages.length);
    return (
        <ExpandableSection
            toggleText={title}
            isExpanded={expanded}
            onToggle={(_e, v) => setExpanded(v)}
            className="apt-kept-back"
            data-testid="kept-back"
        >
            <Content component="p" className="apt-subtle">
                {_("Upgrade all leaves these at their installed version.")}
            </Content>
            {canChange && removals && (
                <Button
                    variant="secondary"
                    onClick={onFullUpgrade}
                    data-testid="full-upgrade"
                    className="apt-full-upgrade"
                >
                    {_("Full upgrade…")}
                </Button>
            )}
            <Table aria-label={title} variant="compact" gridBreakPoint="grid-md" data-testid="kept-back-table">
                <Thead>
                    <Tr>
                        <Th>{_("Name")}</Th>
                        <Th>{_("Version")}</Th>
                        <Th>{_("Reason")}</Th>
                        <Th screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody>
                    {packages.map((p) => (
                        <Tr
                            key={p.name}
                            data-testid="kept-back-row"
                            data-package={p.name}
                            data-reason={p.keptBack ?? ""}
                        >
                            <Td dataLabel={_("Name")}>
                                <Button
                                    variant="link"
                                    isInline
                                    onClick={() => onOpen(p.name)}
                                    data-testid="package-link"
                                    data-package={p.name}
                                >
                                    {p.name}
                                </Button>
                            </Td>
                            <Td
                                dataLabel={_("Version")}
                            >{`${p.installedVersion ?? ""} → ${p.candidateVersion ?? ""}`}</Td>
                            <Td dataLabel={_("Reason")}>
                                <Label
                                    isCompact
                                    color={p.keptBack === "held" ? "blue" : p.keptBack === "phased" ? "teal" : "orange"}
                                    data-testid="kept-back-reason"
                                >
                                    {keptBackLabel(p)}
                                </Label>{" "}
                                {p.security && (
                                    <Label isCompact color="red" data-testid="security-label">
                                        {_("Security")}
                                    </Label>
                                )}
                                <div className="apt-subtle apt-kept-back-hint">{keptBackHint(p)}</div>
                            </Td>
                            <Td dataLabel={_("Actions")} className="apt-kept-back-actions">
                                {canChange && p.keptBack === "held" && (
                                    <Button
                                        variant="secondary"
                                        size="sm"
                                        onClick={() => onAction("unhold", p.name)}
                                        isLoading={busy === p.name}
                                        isDisabled={busy !== null}
                                        data-testid="unhold"
                                        aria-label={`${_("Unhold")} ${p.name}`}
                                    >
                                        {_("Unhold")}
                                    </Button>
                                )}
                                {canChange && p.keptBack === "phased" && (
                                    <Button
                                        variant="secondary"
                                        size="sm"
                                        onClick={() => onAction("upgrade", p.name)}
                                        data-testid="upgrade-now"
                                        aria-label={`${_("Upgrade now")} ${p.name}`}
                                    >
                                        {_("Upgrade now")}
                                    </Button>
                                )}
                            </Td>
                        </Tr>
                    ))}
                </Tbody>
            </Table>
        </ExpandableSection>
    );
}

interface ReadyProps {
    packages: PackageSummary[];
    canChange: boolean;
    label: string;
    onOpen(name: string): void;
    onAction(action: RowAction, name: string): void;
}

/** The updates Upgrade all installs (already sorted security first, splitUpdates). */
export function ReadyUpdates({ packages, canChange, label, onOpen, onAction }: ReadyProps) {
    if (packages.length === 0) {
        return (
            <Content component="p" data-testid="no-ready-updates">
                {_("Upgrade all has nothing to install: every update is kept back.")}
            </Content>
        );
    }
    return (
        <PackageList
            packages={packages}
            canChange={canChange}
            onOpen={onOpen}
            onAction={onAction}
            label={label}
            variant="updates"
        />
    );
}
