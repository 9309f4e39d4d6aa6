#!/usr/bin/env node
// Adds `SPDX-License-Identifier: LGPL-2.1-or-later` (the package's licence, as Cockpit's)
// to the project's own source files, once: a file that names an SPDX licence anywhere in
// its first lines is left alone, so running it again changes nothing.
//   node scripts/add-spdx.mjs          add the header where it is missing
//   node scripts/add-spdx.mjs --check  list the files that lack it, exit 1 if any do
// The header goes first, or after a `#!` line (executable scripts must keep it first).
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

const LICENSE = "LGPL-2.1-or-later";
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
/** The comment that opens a line, by file type. */
const COMMENT = {
    ".ts": "//",
    ".tsx": "//",
    ".js": "//",
    ".mjs": "//",
    ".cjs": "//",
    ".mts": "//",
    ".sh": "#",
    ".py": "#",
    ".css": null,
};
/** Generated or third-party files: never given a header. */
const SKIP = [/^dist\//, /^build\//, /^node_modules\//, /^po\//, /\.d\.mts$/];

function header(ext) {
    const c = COMMENT[ext];
    return c === null ? `/* SPDX-License-Identifier: ${LICENSE} */\n` : `${c} SPDX-License-Identifier: ${LICENSE}\n`;
}

/** The file's text with the header added, or null when it has one already. */
export function withHeader(text, ext) {
    const head = text.split("\n", 6).join("\n");
    if (/SPDX-License-Identifier:/.test(head)) return null;
    if (text.startsWith("#!")) {
        const eol = text.indexOf("\n");
        return eol < 0 ? `${text}\n${header(ext)}` : text.slice(0, eol + 1) + header(ext) + text.slice(eol + 1);
    }
    return header(ext) + text;
}

function trackedFiles() {
    // git's list: the project's own files, nothing ignored or untracked by accident
    const out = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" });
    return out.split("\0").filter((f) => f && path.extname(f) in COMMENT && !SKIP.some((re) => re.test(f)));
}

const check = process.argv.includes("--check");
const missing = [];
for (const rel of trackedFiles()) {
    const file = path.join(root, rel);
    const text = fs.readFileSync(file, "utf8");
    const next = withHeader(text, path.extname(rel));
    if (next === null) continue;
    missing.push(rel);
    if (!check) fs.writeFileSync(file, next);
}
if (check) {
    for (const f of missing) console.log(f);
    process.exitCode = missing.length > 0 ? 1 : 0;
} else {
    console.log(`SPDX header added to ${missing.length} files`);
}
