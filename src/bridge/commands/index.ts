import { categoryCommands } from "./categories.js";
import type { Command } from "./command.js";
import { insightCommands } from "./insight.js";
import { operationCommands } from "./operations.js";
import { packageCommands } from "./packages.js";
import { repositoryCommands } from "./repositories.js";
import { sectionCommands } from "./sections.js";
import { storeCommands } from "./stores.js";

/** Every command of the bridge. Each module exports its own list. */
export const commands: readonly Command[] = [
    ...categoryCommands,
    ...operationCommands,
    ...packageCommands,
    ...insightCommands,
    ...repositoryCommands,
    ...sectionCommands,
    ...storeCommands,
];
