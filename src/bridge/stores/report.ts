// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Readable text for store authors (`--text`): one line per finding, in the
 * form editors and terminals understand (file:line: severity: message).
 */
import type { StoreLoadIssue, StorePreviewResponse, StoreValidateResponse } from "../../protocol/index.js";

function findingLine(severity: "error" | "warning", i: StoreLoadIssue): string {
    return `${i.file}${i.line ? `:${i.line}` : ""}: ${severity}: ${i.message}`;
}

export function validationText(r: StoreValidateResponse): string {
    const lines: string[] = [];
    for (const f of r.files) {
        lines.push(
            ...f.errors.map((e) => findingLine("error", e)),
            ...f.warnings.map((w) => findingLine("warning", w))
        );
        const counts = [
            f.errors.length && `${f.errors.length} error${f.errors.length > 1 ? "s" : ""}`,
            f.warnings.length && `${f.warnings.length} warning${f.warnings.length > 1 ? "s" : ""}`,
        ].filter(Boolean);
        lines.push(`${f.file}: ${f.valid ? "valid" : "NOT VALID"}${counts.length ? ` (${counts.join(", ")})` : ""}`);
    }
    return lines.join("\n");
}

export function previewText(r: StorePreviewResponse): string {
    const lines = [
        ...r.errors.map((e) => findingLine("error", e)),
        ...r.warnings.map((w) => findingLine("warning", w)),
    ];
    if (!r.valid) {
        lines.push(`${r.file}: NOT VALID, nothing to preview`);
        return lines.join("\n");
    }
    lines.push(`${r.file}: selects ${r.total} package${r.total === 1 ? "" : "s"} on this host`);
    for (const [key, values] of Object.entries(r.byFilter)) {
        for (const [value, n] of Object.entries(values)) lines.push(`  ${key} ${value}: ${n} on its own`);
    }
    for (const p of r.packages)
        lines.push(`  ${p.name}  ${p.candidateVersion ?? p.installedVersion ?? ""}  ${p.summary}`);
    if (r.total > r.packages.length) lines.push(`  ... and ${r.total - r.packages.length} more`);
    return lines.join("\n");
}
