#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// Exports of src/ that no other module of src/ uses: unused ones, and those only tests use
// (a test should exercise what the code uses, not a door left open for it). Uses TypeScript's
// own resolution of every import, so re-exports and `import type` count like any other use.
//   node scripts/unused-exports.mjs    lists them; exit 1 if there are any
import path from "node:path";
import ts from "typescript";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} }
);
const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
const checker = program.getTypeChecker();
const rel = (f) => path.relative(root, f);
const isSrc = (f) => rel(f).startsWith("src/");
const isTest = (f) => rel(f).startsWith("test/") || rel(f).startsWith("demo/") || rel(f).startsWith("bench/");

/** symbol (resolved through aliases) -> the files that import it */
const users = new Map();
function note(sym, file) {
    if (!sym) return;
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (!users.has(target)) users.set(target, new Set());
    users.get(target).add(file);
}
for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || rel(sf.fileName).startsWith("node_modules")) continue;
    const visit = (node) => {
        if (
            ts.isImportSpecifier(node) ||
            ts.isExportSpecifier(node) ||
            ts.isImportClause(node) ||
            ts.isNamespaceImport(node)
        ) {
            const name = node.name;
            if (name) note(checker.getSymbolAtLocation(name), sf.fileName);
        }
        // `ns.member` of a namespace import, and import("...").X types
        if (ts.isPropertyAccessExpression(node) || ts.isQualifiedName(node) || ts.isImportTypeNode(node)) {
            const id = ts.isPropertyAccessExpression(node)
                ? node.name
                : ts.isQualifiedName(node)
                  ? node.right
                  : node.qualifier;
            if (id) {
                const s = checker.getSymbolAtLocation(id);
                if (s && s.declarations?.some((d) => d.getSourceFile() !== sf)) note(s, sf.fileName);
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(sf);
}

const findings = [];
for (const sf of program.getSourceFiles()) {
    if (!isSrc(sf.fileName) || sf.isDeclarationFile) continue;
    const moduleSym = checker.getSymbolAtLocation(sf);
    if (!moduleSym) continue;
    for (const exp of checker.getExportsOfModule(moduleSym)) {
        const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
        const files = [...(users.get(target) ?? [])].filter((f) => f !== sf.fileName);
        const fromSrc = files.filter(isSrc);
        if (fromSrc.length > 0) continue;
        // entry points' exports are for their loaders
        if (/^src\/(ui\/index\.tsx|bridge\/main\.ts)$/.test(rel(sf.fileName))) continue;
        findings.push(
            `${rel(sf.fileName)}: ${exp.name} ${files.some(isTest) ? "is used only by tests" : "is not used elsewhere"}`
        );
    }
}
for (const f of findings.sort()) console.log(f);
process.exitCode = findings.length > 0 ? 1 : 0;
