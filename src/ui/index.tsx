// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Entry point of the Cockpit module "apt" (the "Software" page). The selectors
 * tests find things by are listed in test/support/selectors.ts.
 */
import "@patternfly/patternfly/patternfly-base.css";
import "./app.css";
import React from "react";
import { createRoot } from "react-dom/client";
import { App } from "./components/App.js";
import { followCockpitTheme } from "./theme.js";

function start() {
    followCockpitTheme();
    window.cockpit?.translate?.();
    const root = document.getElementById("app");
    if (!root) throw new Error("index.html has no #app");
    createRoot(root).render(
        <React.StrictMode>
            <App />
        </React.StrictMode>
    );
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
