import type { Command } from "./command.js";

// Filled in by the APT reader (issue 2).
export const sectionCommands: readonly Command[] = [];
