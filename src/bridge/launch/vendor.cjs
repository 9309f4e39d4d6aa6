// The libraries only the stores' commands (and the AppStream cache build) use, bundled apart from the bridge
// (build.mjs): what `require("yaml")` and `require("ajv")` give, by name.
/* eslint-disable @typescript-eslint/no-require-imports -- exactly what require() gives is the point */
module.exports = { yaml: require("yaml"), ajv: require("ajv"), "fast-xml-parser": require("fast-xml-parser") };
