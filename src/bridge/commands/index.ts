// SPDX-License-Identifier: LGPL-2.1-or-later
import { appCategoryCommands } from "./app-categories.js";
import { automaticUpdatesCommands } from "./automatic-updates.js";
import { batchCommand } from "./batch.js";
import { cacheCommands } from "./cache.js";
import { categoryCommands } from "./categories.js";
import { countCommands } from "./counts.js";
import { facetCommands } from "./facets.js";
import type { Command } from "./command.js";
import { historyCommands } from "./history.js";
import { insightCommands } from "./insight.js";
import { operationCommands } from "./operations.js";
import { packageCommands } from "./packages.js";
import { repositoryCommands } from "./repositories.js";
import { sectionCommands } from "./sections.js";
import { storeCommands } from "./stores.js";
import { systemCommands } from "./system.js";

/**
 * Every command of the bridge, one module per first word. Plain imports: what
 * a request does not need costs it nothing measurable (a module's top level is
 * a few declarations); the heavy parts load on first use (lazy-modules.ts).
 */
const single: readonly Command[] = [
    ...automaticUpdatesCommands,
    ...cacheCommands,
    ...categoryCommands,
    ...appCategoryCommands,
    ...historyCommands,
    ...operationCommands,
    ...packageCommands,
    ...insightCommands,
    ...facetCommands,
    ...countCommands,
    ...repositoryCommands,
    ...sectionCommands,
    ...storeCommands,
    ...systemCommands,
];

/** ...and `batch`, which runs some of them in one process. */
export const commands: readonly Command[] = [...single, batchCommand(() => single)];
