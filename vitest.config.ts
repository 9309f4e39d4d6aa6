// SPDX-License-Identifier: LGPL-2.1-or-later
import { defineConfig } from "vitest/config";

// Five projects, run separately by scripts/test.sh so that a failure says where it is:
//  unit        - pure bridge modules and build tools
//  ui          - the page's wrapper, state and React components (jsdom)
//  integration - the built bridge against sandbox APT roots with real apt-get/dpkg
//  differential- the built bridge against python-apt (libapt), on sandbox roots and the machine's real index
//  e2e         - the page in real Cockpit (cockpit-ws) and Chromium, driven by playwright-core
export default defineConfig({
    test: {
        projects: [
            {
                test: {
                    name: "unit",
                    include: ["test/unit/**/*.test.ts"],
                    environment: "node",
                },
            },
            {
                test: {
                    name: "ui",
                    include: ["test/ui/**/*.test.tsx", "test/ui/**/*.test.ts"],
                    environment: "jsdom",
                    setupFiles: ["test/ui/setup.ts"],
                },
            },
            {
                test: {
                    name: "integration",
                    include: ["test/integration/**/*.test.ts"],
                    testTimeout: 120_000,
                    hookTimeout: 300_000,
                },
            },
            {
                test: {
                    name: "differential",
                    include: ["test/differential/**/*.test.ts"],
                    testTimeout: 600_000,
                    hookTimeout: 600_000,
                },
            },
            {
                test: {
                    name: "e2e",
                    include: ["test/e2e/**/*.test.ts"],
                    testTimeout: 180_000,
                    hookTimeout: 300_000,
                },
            },
        ],
    },
});
