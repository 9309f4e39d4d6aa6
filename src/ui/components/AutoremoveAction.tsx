// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "Remove unused packages (N)": APT's autoremove, offered on the Installed
 * tab when there is something to remove and the user has administrative
 * access. N is what `operations preview autoremove` (apt-get -s autoremove)
 * names, so the button promises exactly what the preview will show.
 */
import React from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/dynamic/components/Toolbar";
import { _, fmt } from "../cockpit.js";
import { previewOperation } from "../api/index.js";
import { useAppState } from "../state/AppState.js";
import { useOperations } from "../state/operations.js";
import { useRequest } from "../state/useRequest.js";

/** The number of packages autoremove would remove now (null while unknown or without administrative access). */
export function useAutoremoveCount(): number | null {
    const { access, generation } = useAppState();
    const r = useRequest(
        access === "admin" ? `autoremove:${generation}` : "autoremove:none",
        access === "admin" ? (signal) => previewOperation("autoremove", [], { signal }) : null
    );
    if (!r.data || r.data.problems.length > 0) return null;
    return r.data.remove.length + r.data.purge.length;
}

export function AutoremoveAction() {
    const { access } = useAppState();
    const ops = useOperations();
    const count = useAutoremoveCount();
    if (access !== "admin" || !count) return null;
    return (
        <Toolbar className="apt-installed-toolbar">
            <ToolbarContent>
                <ToolbarItem>
                    <Button variant="secondary" onClick={() => ops.start("autoremove", [])} data-testid="autoremove">
                        {fmt(_("Remove unused packages ($0)"), count)}
                    </Button>
                </ToolbarItem>
            </ToolbarContent>
        </Toolbar>
    );
}
