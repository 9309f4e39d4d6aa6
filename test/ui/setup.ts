// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every page test (the "ui" project) starts from an empty localStorage (and no opening batch) and ends with
 * no spare bridge process,
 * React's tree unmounted and the fake cockpit (fake-cockpit.ts) gone: registered here
 * once instead of in each file. A file installs its fake in its own beforeEach.
 */
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import { releaseStandby } from "../../src/ui/api/bridge.js";
import { clearPreloaded } from "../../src/ui/api/preload.js";

beforeEach(() => {
    localStorage.clear();
    clearPreloaded(); // each test is a page load: its opening batch (api/preload.ts) is its own
});

afterEach(() => {
    cleanup();
    releaseStandby(); // and its spare bridge process (api/standby.ts), which the next page must not take
    delete window.cockpit;
});
