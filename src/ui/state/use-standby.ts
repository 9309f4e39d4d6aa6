// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * While the page is being used (the pointer moves, a key or a touch), a spare
 * bridge process is kept starting or ready for the next read (api/standby.ts):
 * a click's or a search's request then skips Node's start. Only once the
 * page's opening batch answered (api/preload.ts). A hidden page (the user went
 * to another Cockpit page) lets the spare go; so does the bridge by itself
 * after a minute unused.
 */
import { useEffect } from "react";
import { prepareStandby, releaseStandby } from "../api/bridge.js";
import { openingSettled } from "../api/preload.js";

const USE_EVENTS = ["pointermove", "pointerdown", "keydown"] as const;

export function useStandbyWhileUsed(): void {
    useEffect(() => {
        const used = () => {
            if (document.visibilityState !== "hidden") prepareStandby();
        };
        const visibility = () => {
            if (document.visibilityState === "hidden") releaseStandby();
        };
        // Not while the opening's own process starts: on 2 cores the two Node starts would slow each other.
        let listening = true;
        void openingSettled().then(() => {
            if (!listening) return;
            for (const e of USE_EVENTS) document.addEventListener(e, used, { capture: true, passive: true });
        });
        document.addEventListener("visibilitychange", visibility);
        return () => {
            listening = false;
            for (const e of USE_EVENTS) document.removeEventListener(e, used, { capture: true });
            document.removeEventListener("visibilitychange", visibility);
            releaseStandby();
        };
    }, []);
}
