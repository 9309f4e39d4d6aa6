import type { Command } from "./command.js";
import { operationCommands } from "./operations.js";
import { packageCommands } from "./packages.js";
import { repositoryCommands } from "./repositories.js";
import { sectionCommands } from "./sections.js";
import { storeCommands } from "./stores.js";

/** Every command of the bridge. Each module exports its own list. */
export const commands: readonly Command[] = [
    ...operationCommands,
    ...packageCommands,
    ...repositoryCommands,
    ...sectionCommands,
    ...storeCommands,
];
