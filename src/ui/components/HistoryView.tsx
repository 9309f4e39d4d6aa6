// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `#/history`: what APT did, newest first, from its history log (and the
 * rotated files): each run with its date, who ran it ("Automatic updates" for
 * unattended-upgrades), the command and what changed, expandable to its
 * packages, a page of HISTORY_PAGE at a time.
 */
import React, { useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/dynamic/components/Breadcrumb";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import {
    DataList,
    DataListCell,
    DataListContent,
    DataListItem,
    DataListItemCells,
    DataListItemRow,
    DataListToggle,
} from "@patternfly/react-core/dist/dynamic/components/DataList";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/dynamic/components/EmptyState";
import { Label } from "@patternfly/react-core/dist/dynamic/components/Label";
import { PageSection } from "@patternfly/react-core/dist/dynamic/components/Page";
import { Pagination } from "@patternfly/react-core/dist/dynamic/components/Pagination";
import { Skeleton } from "@patternfly/react-core/dist/dynamic/components/Skeleton";
import { Title } from "@patternfly/react-core/dist/dynamic/components/Title";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/dynamic/components/Table";
import HistoryIcon from "@patternfly/react-icons/dist/esm/icons/history-icon";
import type { HistoryEntry } from "../../protocol/index.js";
import { _, fmt } from "../cockpit.js";
import { listHistory } from "../api/index.js";
import { useAppState } from "../state/AppState.js";
import { navigate } from "../state/cockpit-hooks.js";
import { useRequest } from "../state/useRequest.js";
import {
    actionColor,
    actionLabel,
    entrySummary,
    formatWhen,
    packageVersions,
    shortCommand,
    whoRan,
} from "./historyText.js";

export const HISTORY_PAGE = 50;

function EntryPackages({ entry }: { entry: HistoryEntry }) {
    const { openPackage } = useAppState();
    return (
        <Table aria-label={_("Packages changed")} variant="compact" data-testid="history-packages">
            <Thead>
                <Tr>
                    <Th>{_("Package")}</Th>
                    <Th>{_("Change")}</Th>
                    <Th>{_("Version")}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {entry.packages.map((p, i) => (
                    <Tr
                        key={`${p.name}:${p.architecture}:${i}`}
                        data-testid="history-package"
                        data-package={p.name}
                        data-action={p.action}
                    >
                        <Td dataLabel={_("Package")}>
                            <Button variant="link" isInline onClick={() => openPackage(p.name)}>
                                {p.name}
                            </Button>
                            {p.automatic && <span className="apt-subtle"> {_("(as a dependency)")}</span>}
                        </Td>
                        <Td dataLabel={_("Change")}>
                            <Label isCompact color={actionColor(p.action)}>
                                {actionLabel(p.action)}
                            </Label>
                        </Td>
                        <Td dataLabel={_("Version")} modifier="nowrap">
                            {packageVersions(p)}
                        </Td>
                    </Tr>
                ))}
            </Tbody>
        </Table>
    );
}

function EntryRow({ entry, index }: { entry: HistoryEntry; index: number }) {
    const [expanded, setExpanded] = useState(false);
    const id = `history-entry-${index}`;
    return (
        <DataListItem
            isExpanded={expanded}
            aria-labelledby={`${id}-when`}
            data-testid="history-entry"
            data-start={entry.start}
        >
            <DataListItemRow>
                <DataListToggle
                    onClick={() => setExpanded(!expanded)}
                    isExpanded={expanded}
                    id={`${id}-toggle`}
                    aria-controls={`${id}-content`}
                />
                <DataListItemCells
                    dataListCells={[
                        <DataListCell key="when" width={2}>
                            <span id={`${id}-when`} className="apt-history-when">
                                {formatWhen(entry.start)}
                            </span>
                            <div>
                                {entry.automatic ? (
                                    <Label isCompact color="purple" data-testid="history-automatic">
                                        {whoRan(entry)}
                                    </Label>
                                ) : (
                                    <span className="apt-subtle" data-testid="history-who">
                                        {fmt(_("by $0"), whoRan(entry))}
                                    </span>
                                )}
                            </div>
                        </DataListCell>,
                        <DataListCell key="what" width={4} className="apt-history-summary">
                            <div data-testid="history-summary">
                                {entrySummary(entry)}{" "}
                                {entry.error && (
                                    <Label isCompact color="red" data-testid="history-error">
                                        {_("Failed")}
                                    </Label>
                                )}
                                {entry.end === null && !entry.error && (
                                    <Label isCompact color="orange" data-testid="history-unfinished">
                                        {_("Not finished")}
                                    </Label>
                                )}
                            </div>
                            {entry.commandLine && (
                                <div
                                    className="apt-history-command"
                                    data-testid="history-command"
                                    title={entry.commandLine}
                                >
                                    {shortCommand(entry.commandLine)}
                                </div>
                            )}
                        </DataListCell>,
                    ]}
                />
            </DataListItemRow>
            <DataListContent aria-label={_("Packages changed")} id={`${id}-content`} isHidden={!expanded}>
                {entry.error && (
                    <Alert variant="danger" isInline isPlain title={entry.error} data-testid="history-error-message" />
                )}
                {expanded && <EntryPackages entry={entry} />}
            </DataListContent>
        </DataListItem>
    );
}

export function HistoryList({ entries }: { entries: HistoryEntry[] }) {
    return (
        <DataList aria-label={_("Package history")} data-testid="history-list" isCompact>
            {entries.map((e, i) => (
                <EntryRow key={`${e.start}:${i}`} entry={e} index={i} />
            ))}
        </DataList>
    );
}

export function HistoryPage() {
    const { generation, view } = useAppState();
    const [page, setPage] = useState(1);
    const [perPage, setPerPage] = useState(HISTORY_PAGE);
    const offset = (page - 1) * perPage;
    const history = useRequest(`history:${generation}:${offset}:${perPage}`, (signal) =>
        listHistory({ limit: perPage, offset }, { signal })
    );
    const data = history.data;
    return (
        <PageSection hasBodyWrapper={false} id="history-page" data-testid="history-page">
            <Breadcrumb className="apt-breadcrumb">
                <BreadcrumbItem>
                    <Button
                        variant="link"
                        isInline
                        onClick={() => navigate(view.store ? ["store", view.store] : [])}
                        data-testid="history-back"
                    >
                        {_("Software")}
                    </Button>
                </BreadcrumbItem>
                <BreadcrumbItem isActive>{_("History")}</BreadcrumbItem>
            </Breadcrumb>
            <Title headingLevel="h1" size="2xl" id="history-title">
                {_("History")}
            </Title>
            <Content component="p" className="apt-subtle">
                {_("What APT installed, upgraded and removed on this system, newest first.")}
            </Content>
            {history.status === "loading" && !data && (
                <div data-testid="history-loading">
                    <Skeleton height="3rem" screenreaderText={_("Loading history")} />
                    <Skeleton height="3rem" />
                </div>
            )}
            {history.error && (
                <Alert
                    variant="danger"
                    isInline
                    title={_("The history could not be read")}
                    actionLinks={<AlertActionLink onClick={history.reload}>{_("Try again")}</AlertActionLink>}
                    data-testid="history-error-alert"
                >
                    {history.error.message}
                </Alert>
            )}
            {data && data.total === 0 && (
                <EmptyState
                    titleText={_("No history yet")}
                    headingLevel="h2"
                    icon={HistoryIcon}
                    data-testid="history-empty"
                >
                    <EmptyStateBody>
                        {fmt(_("APT has recorded no installs, upgrades or removals in $0."), data.file)}
                    </EmptyStateBody>
                </EmptyState>
            )}
            {data && data.total > 0 && (
                <>
                    <HistoryList entries={data.entries} />
                    <Pagination
                        itemCount={data.total}
                        page={page}
                        perPage={perPage}
                        onSetPage={(_e, p) => setPage(p)}
                        onPerPageSelect={(_e, pp) => {
                            setPerPage(pp);
                            setPage(1);
                        }}
                        perPageOptions={[
                            { title: "20", value: 20 },
                            { title: "50", value: 50 },
                            { title: "100", value: 100 },
                        ]}
                        variant="bottom"
                        isCompact
                        data-testid="history-pagination"
                    />
                </>
            )}
        </PageSection>
    );
}
