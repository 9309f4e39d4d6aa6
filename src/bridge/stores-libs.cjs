// SPDX-License-Identifier: LGPL-2.1-or-later
// The libraries only the stores' definitions (YAML, JSON Schema) and the AppStream cache's
// build (YAML, XML) need: two thirds of the
// bridge's code. build.mjs bundles them into a file of their own beside the bridge
// (dist/stores-libs.cjs), which lazy-modules.ts requires when a definition is first parsed:
// a package list never parses them (~20 ms of every request, measured with npm run bench).
/* eslint-disable @typescript-eslint/no-require-imports -- exactly what require() gives is the point */
module.exports = { yaml: require("yaml"), ajv: require("ajv"), "fast-xml-parser": require("fast-xml-parser") };
