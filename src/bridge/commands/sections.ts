import type { SectionInfo, SectionListResponse } from "../../protocol/index.js";
import type { PackageTable } from "../apt/package-table.js";
import { parseStoreOnly } from "../cli/args.js";
import { openDatabase } from "../apt/database.js";
import { sectionLabel, sectionName } from "../apt/sections.js";
import { storeScope } from "../query/store-scope.js";
import { json, type Command } from "./command.js";

/** Debian sections (without component prefix) with counts, most populated first. */
export function debianSections(sections: Iterable<string>): SectionInfo[] {
    const counts = new Map<string, number>();
    for (const s of sections) {
        const name = sectionName(s) || "misc";
        counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts.entries()]
        .map(([name, packageCount]) => ({ name, label: sectionLabel(name), description: null, icon: null, custom: false, packageCount }))
        .sort((a, b) => a.label.localeCompare(b.label));
}

function* allSections(table: PackageTable): Iterable<string> {
    for (let i = 0; i < table.count; i++) yield table.section(i);
}

export const sectionCommands: readonly Command[] = [
    {
        words: ["sections", "list"],
        usage: "[--store ID]",
        async run(args) {
            const storeId = parseStoreOnly(args);
            const db = openDatabase();
            const sections = storeId !== undefined ? storeScope(storeId, db).sections() : debianSections(allSections(db.table));
            const response: SectionListResponse = { sections };
            return json(response);
        },
    },
];
