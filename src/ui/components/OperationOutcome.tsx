// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What an operation's result says beyond ok/failed: the packages it changed
 * ("Installed foo 1.2", from the bridge's "changes" event) and the words of a
 * failing maintainer script (result.details.scriptOutput), which are the
 * reason a user can act on; dpkg's own "returned an error code" is not.
 */
import React from "react";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { List, ListItem } from "@patternfly/react-core/dist/dynamic/components/List";
import type { OperationChange, OperationFailureDetails } from "../../protocol/index.js";
import { _, fmt } from "../cockpit.js";

function changeText(c: OperationChange): string {
    switch (c.action) {
        case "installed":
            return fmt(_("Installed $0 $1"), c.name, c.newVersion ?? "");
        case "upgraded":
            return fmt(_("Upgraded $0 from $1 to $2"), c.name, c.oldVersion ?? "", c.newVersion ?? "");
        case "downgraded":
            return fmt(_("Downgraded $0 from $1 to $2"), c.name, c.oldVersion ?? "", c.newVersion ?? "");
        case "reinstalled":
            return fmt(_("Reinstalled $0 $1"), c.name, c.newVersion ?? "");
        case "configured":
            return fmt(_("Configured $0 $1"), c.name, c.newVersion ?? "");
        case "removed":
            return fmt(_("Removed $0 $1"), c.name, c.oldVersion ?? "");
        case "purged":
            return fmt(_("Purged $0 $1"), c.name, c.oldVersion ?? "");
    }
}

export function ChangesList({ changes }: { changes: readonly OperationChange[] }) {
    if (changes.length === 0) return null;
    return (
        <List isPlain data-testid="operation-changes" aria-label={_("What changed")}>
            {changes.map((c) => (
                <ListItem key={`${c.name}:${c.architecture}:${c.action}`}>{changeText(c)}</ListItem>
            ))}
        </List>
    );
}

/** The maintainer script's own lines, and for repair what is still broken. */
export function FailureDetails({ details }: { details: Record<string, unknown> | undefined }) {
    const d = (details ?? {}) as OperationFailureDetails;
    const script = Array.isArray(d.scriptOutput)
        ? d.scriptOutput.filter((l): l is string => typeof l === "string")
        : [];
    const broken = Array.isArray(d.stillBroken) ? d.stillBroken : [];
    if (script.length === 0 && broken.length === 0) return null;
    return (
        <>
            {script.length > 0 && (
                <>
                    <Content component="p">
                        {d.package ? fmt(_("The script of $0 said:"), d.package) : _("The package's script said:")}
                    </Content>
                    <pre className="apt-log" data-testid="operation-script-output">
                        {script.join("\n")}
                    </pre>
                </>
            )}
            {broken.length > 0 && (
                <List data-testid="operation-still-broken" aria-label={_("Still broken")}>
                    {broken.map((b) => (
                        <ListItem key={b.name}>{fmt(_("$0 ($1): $2"), b.name, b.state, b.reason)}</ListItem>
                    ))}
                </List>
            )}
        </>
    );
}
