// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "Configuration left behind": packages that were removed but not purged
 * (dpkg's config-files state, `dpkg -l` "rc"), shown below the Installed
 * tab's own list, which it leaves unchanged. Each can be purged, or all at
 * once; purging goes through the usual preview and confirmation.
 */
import React, { useState } from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import {
    DataList,
    DataListAction,
    DataListCell,
    DataListItem,
    DataListItemCells,
    DataListItemRow,
} from "@patternfly/react-core/dist/dynamic/components/DataList";
import { ExpandableSection } from "@patternfly/react-core/dist/dynamic/components/ExpandableSection";
import { _, fmt, ngettext } from "../cockpit.js";
import { residualPackages } from "../api/index.js";
import { useAppState } from "../state/AppState.js";
import { useOperations } from "../state/operations.js";
import { useRequest } from "../state/useRequest.js";

export function ConfigurationLeftBehind() {
    const { generation, access, openPackage } = useAppState();
    const ops = useOperations();
    const [expanded, setExpanded] = useState(false);
    const residual = useRequest(`residual:${generation}`, (signal) => residualPackages({ signal }));
    const list = residual.data ?? [];
    // A side view: while loading, on error or with nothing left behind it takes no room.
    if (list.length === 0) return null;
    const admin = access === "admin";
    return (
        <ExpandableSection
            className="apt-left-behind"
            isExpanded={expanded}
            onToggle={(_e, v) => setExpanded(v)}
            toggleText={fmt(
                ngettext(
                    "Configuration left behind: $0 package",
                    "Configuration left behind: $0 packages",
                    list.length
                ),
                list.length
            )}
            data-testid="left-behind"
        >
            <Content component="p">
                {_(
                    "These packages were removed, but their configuration files are still on this system. Purging removes them."
                )}
            </Content>
            {admin && list.length > 1 && (
                <Button
                    variant="secondary"
                    isDanger
                    onClick={() =>
                        ops.start(
                            "purge",
                            list.map((p) => p.name)
                        )
                    }
                    data-testid="left-behind-purge-all"
                >
                    {_("Purge all")}
                </Button>
            )}
            <DataList
                aria-label={_("Packages with configuration left behind")}
                isCompact
                data-testid="left-behind-list"
            >
                {list.map((p) => (
                    <DataListItem
                        key={p.name}
                        aria-labelledby={`left-behind-${p.name}`}
                        data-testid="left-behind-row"
                        data-package={p.name}
                    >
                        <DataListItemRow>
                            <DataListItemCells
                                dataListCells={[
                                    <DataListCell key="name">
                                        <Button
                                            variant="link"
                                            isInline
                                            id={`left-behind-${p.name}`}
                                            onClick={() => openPackage(p.name)}
                                        >
                                            {p.name}
                                        </Button>{" "}
                                        <span className="pf-v6-u-color-200">{p.version}</span>
                                    </DataListCell>,
                                    <DataListCell key="summary">{p.summary}</DataListCell>,
                                ]}
                            />
                            {admin && (
                                <DataListAction
                                    id={`left-behind-action-${p.name}`}
                                    aria-labelledby={`left-behind-${p.name} left-behind-action-${p.name}`}
                                    aria-label={fmt(_("Purge $0"), p.name)}
                                >
                                    <Button
                                        variant="secondary"
                                        isDanger
                                        size="sm"
                                        onClick={() => ops.start("purge", [p.name])}
                                        data-testid="left-behind-purge"
                                    >
                                        {_("Purge")}
                                    </Button>
                                </DataListAction>
                            )}
                        </DataListItemRow>
                    </DataListItem>
                ))}
            </DataList>
        </ExpandableSection>
    );
}
