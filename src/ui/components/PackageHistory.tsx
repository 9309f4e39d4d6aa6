// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A package's own history (the details page's History tab): every run of
 * APT that changed it, newest first, with the versions and who ran it.
 */
import React from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { Label } from "@patternfly/react-core/dist/dynamic/components/Label";
import { Skeleton } from "@patternfly/react-core/dist/dynamic/components/Skeleton";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/dynamic/components/Table";
import { _, fmt, ngettext } from "../cockpit.js";
import { listHistory } from "../api/index.js";
import { useAppState } from "../state/AppState.js";
import { useRequest } from "../state/useRequest.js";
import { actionColor, actionLabel, formatWhen, packageVersions, shortCommand, whoRan } from "./historyText.js";

/** The newest runs shown; the History view has them all. */
export const PACKAGE_HISTORY_LIMIT = 200;

export function PackageHistory({ name }: { name: string }) {
    const { generation } = useAppState();
    const history = useRequest(`package-history:${name}:${generation}`, (signal) =>
        listHistory({ package: name, limit: PACKAGE_HISTORY_LIMIT }, { signal })
    );
    if (history.status === "loading" && !history.data)
        return <Skeleton width="60%" screenreaderText={_("Loading history")} />;
    if (history.error) {
        return (
            <Alert
                variant="danger"
                isInline
                title={_("The history could not be read")}
                actionLinks={<AlertActionLink onClick={history.reload}>{_("Try again")}</AlertActionLink>}
            >
                {history.error.message}
            </Alert>
        );
    }
    const data = history.data;
    if (!data || data.total === 0) {
        return (
            <Content component="p" data-testid="package-history-empty">
                {_("APT's history records no change to this package.")}
            </Content>
        );
    }
    const rows = data.entries.flatMap((e) => e.packages.map((p, i) => ({ e, p, key: `${e.start}:${i}` })));
    return (
        <>
            <Content component="p" className="apt-subtle" data-testid="package-history-count">
                {fmt(ngettext("$0 change recorded by APT", "$0 changes recorded by APT", data.total), data.total)}
            </Content>
            <Table aria-label={_("Package history")} variant="compact" data-testid="package-history">
                <Thead>
                    <Tr>
                        <Th>{_("Date")}</Th>
                        <Th>{_("Change")}</Th>
                        <Th>{_("Version")}</Th>
                        <Th>{_("By")}</Th>
                    </Tr>
                </Thead>
                <Tbody>
                    {rows.map(({ e, p, key }) => (
                        <Tr key={key} data-testid="package-history-row" data-action={p.action}>
                            <Td dataLabel={_("Date")} modifier="nowrap">
                                {formatWhen(e.start)}
                            </Td>
                            <Td dataLabel={_("Change")}>
                                <Label isCompact color={actionColor(p.action)}>
                                    {actionLabel(p.action)}
                                </Label>{" "}
                                {e.error && (
                                    <Label isCompact color="red">
                                        {_("Failed")}
                                    </Label>
                                )}
                            </Td>
                            <Td dataLabel={_("Version")} modifier="nowrap">
                                {packageVersions(p)}
                            </Td>
                            <Td dataLabel={_("By")}>
                                {whoRan(e)}
                                {e.commandLine && !e.automatic && (
                                    <div className="apt-history-command" title={e.commandLine}>
                                        {shortCommand(e.commandLine)}
                                    </div>
                                )}
                            </Td>
                        </Tr>
                    ))}
                </Tbody>
            </Table>
        </>
    );
}
