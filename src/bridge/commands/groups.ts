/**
 * The first words of the bridge's commands, one module each (index.ts). A
 * list of its own so that the launcher can name a code cache after the word
 * without loading any command (launch/launcher.ts).
 */
export const COMMAND_GROUPS = ["automatic-updates", "categories", "history", "operations", "packages", "repositories", "sections", "stores", "system"] as const;

export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** The group `word` names, or "other" (a usage error, --help). */
export function groupOf(word: string | undefined): CommandGroup | "other" {
    return COMMAND_GROUPS.find((g) => g === word) ?? "other";
}
