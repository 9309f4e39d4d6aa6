import type { Command } from "./command.js";
import type { CommandGroup } from "./groups.js";

/**
 * Every command module of the bridge, with the first word of all its commands.
 * Modules are loaded when a request names their word: one process serves one
 * request, and a package list should not evaluate the stores' YAML parser and
 * JSON Schema validator (two thirds of the bundle) or the operations. Each
 * module exports its own list (test/unit/commands.test.ts checks the words).
 */
export const commandModules: ReadonlyArray<{ group: CommandGroup; load: () => Promise<readonly Command[]> }> = [
    { group: "automatic-updates", load: async () => (await import("./automatic-updates.js")).automaticUpdatesCommands },
    { group: "categories", load: async () => (await import("./categories.js")).categoryCommands },
    { group: "categories", load: async () => (await import("./app-categories.js")).appCategoryCommands },
    { group: "history", load: async () => (await import("./history.js")).historyCommands },
    { group: "operations", load: async () => (await import("./operations.js")).operationCommands },
    { group: "packages", load: async () => (await import("./packages.js")).packageCommands },
    { group: "packages", load: async () => (await import("./insight.js")).insightCommands },
    { group: "repositories", load: async () => (await import("./repositories.js")).repositoryCommands },
    { group: "sections", load: async () => (await import("./sections.js")).sectionCommands },
    { group: "stores", load: async () => (await import("./stores.js")).storeCommands },
    { group: "system", load: async () => (await import("./system.js")).systemCommands },
];

/** The commands whose first word is `word` (all of them for an unknown word, to say what exists). */
export async function loadCommands(word?: string): Promise<readonly Command[]> {
    const known = commandModules.some((m) => m.group === word);
    const modules = commandModules.filter((m) => !known || m.group === word);
    return (await Promise.all(modules.map((m) => m.load()))).flat();
}
