// SPDX-License-Identifier: LGPL-2.1-or-later
// ESLint flat config: typescript-eslint's recommended rules over all TypeScript.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
    { ignores: ["dist/", "node_modules/", "test-results/", "build/", "pkg/", "demo-root/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { globals: { ...globals.node, ...globals.browser } },
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        // APT's files and the index cache are the bottom layers: they never reach up to
        // the commands, the queries or start-up code (docs/architecture.md).
        files: ["src/bridge/apt/**/*.ts", "src/bridge/index/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: ["**/launch/*", "**/commands/*", "**/query/*"],
                            message:
                                "apt/ and index/ are the bottom layers: they may not import from launch/, commands/ or query/.",
                        },
                    ],
                },
            ],
        },
    },
    {
        // React's rules of hooks, and effects that name what they depend on
        files: ["src/ui/**/*.ts", "src/ui/**/*.tsx", "test/ui/**/*.ts", "test/ui/**/*.tsx"],
        plugins: { "react-hooks": reactHooks },
        rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
    },
    {
        // xgettext extracts string literals only: _(variable) can never be translated (scripts/i18n.mjs).
        files: ["src/ui/**/*.ts", "src/ui/**/*.tsx"],
        ignores: ["src/ui/cockpit.ts"],
        rules: {
            "no-restricted-syntax": [
                "error",
                {
                    selector: "CallExpression[callee.name='N_'][arguments.0.type!='Literal']",
                    message: "N_() takes a string literal: xgettext extracts nothing else.",
                },
                {
                    // A literal, or a value typed Translatable (made by N_()): the type checker sees to that.
                    selector:
                        "CallExpression[callee.name='_'][arguments.0.type=/^(ConditionalExpression|LogicalExpression|BinaryExpression|TemplateLiteral)$/]",
                    message:
                        "_() takes one string literal (or an N_() value): xgettext cannot extract the strings of an expression; call _() on each literal.",
                },
                {
                    selector:
                        "CallExpression[callee.name='ngettext']:matches([arguments.0.type!='Literal'], [arguments.1.type!='Literal'])",
                    message: "ngettext() takes two string literals (xgettext cannot extract anything else).",
                },
            ],
        },
    }
);
