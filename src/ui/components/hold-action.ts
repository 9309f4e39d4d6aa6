// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Hold / Unhold (apt-mark, `operations hold|unhold`): a quick change with no
 * preview; the lists refresh afterwards (a held package moves to "kept back"
 * on the Updates tab), and a toast says what happened.
 */
import { useCallback, useState } from "react";
import { setHold, toBridgeError } from "../api/index.js";
import { _, fmt } from "../cockpit.js";
import { useToasts } from "./Toasts.js";
import { useAppState } from "../state/AppState.js";

export type HoldAction = "hold" | "unhold";

export function useHold(): { busy: string | null; run(action: HoldAction, name: string): void } {
    const { refresh } = useAppState();
    const toasts = useToasts();
    const [busy, setBusy] = useState<string | null>(null);
    const run = useCallback(
        (action: HoldAction, name: string) => {
            setBusy(name);
            setHold(action, [name]).then(
                () => {
                    setBusy(null);
                    toasts.add(
                        "success",
                        action === "hold" ? fmt(_("$0 is held"), name) : fmt(_("$0 is no longer held"), name),
                        action === "hold"
                            ? _("Upgrade all leaves it at its version until you unhold it.")
                            : _("Upgrade all upgrades it again.")
                    );
                    refresh();
                },
                (e: unknown) => {
                    setBusy(null);
                    const err = toBridgeError(e);
                    toasts.add(
                        "danger",
                        action === "hold"
                            ? fmt(_("$0 could not be held"), name)
                            : fmt(_("$0 could not be unheld"), name),
                        err.message
                    );
                }
            );
        },
        [refresh, toasts]
    );
    return { busy, run };
}
