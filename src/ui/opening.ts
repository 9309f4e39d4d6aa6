// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page's first script (opening.js, loaded by index.html right after
 * cockpit.js, before the page's bundle): starts the opening's batch of
 * requests (state/opening.ts) at once, so that the bridge's process starts
 * while the browser still loads and runs the bundle (~750 KB) and React's
 * first render. The bundle then takes that batch over (api/preload.ts).
 * Nothing here may fail the page: the bundle asks for itself when this did
 * nothing.
 */
import { openPage } from "./state/opening.js";

try {
    openPage();
} catch (e) {
    console.warn("cockpit-apt: the opening's requests will be asked by the page:", e);
}
