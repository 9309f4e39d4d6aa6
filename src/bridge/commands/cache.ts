// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `cache refresh`: brings up to date, now, every cache a page's first requests
 * would otherwise make while the user waits: the package index (built after an
 * apt-get update, patched after dpkg ran), the stores (their definitions, after
 * a store package came or went, and their package counts, kept per index
 * build), the reverse relation index (a package's details), the AppStream data
 * (the apps' names and icons) and APT's kept-back packages (the Updates tab's
 * simulation). Each is made as the
 * request that needs it would make it, under the same locks, so a page asking
 * meanwhile waits for this work instead of doing it again.
 *
 * APT runs it after every successful apt-get update and after each dpkg run,
 * detached (packaging/apt-hook.conf and packaging/refresh-cache): the daily
 * apt-get update of apt.systemd.daily and unattended-upgrades' installs then no
 * longer cost the next opening of the page a build (seconds on a Raspberry Pi).
 * After the page's own installs and removals it runs with --no-kept-back: the
 * simulation is a whole apt-get (~250 MB, tens of seconds on a Pi) that the
 * user, still at the page, did not ask for; the Updates tab asks it when shown.
 */
import type { CacheRefreshResponse } from "../../protocol/index.js";
import { flagOption, parseArgs } from "../cli/args.js";
import { openAppStream } from "../appstream/cache.js";
import { openDatabase, sharingIndexFiles } from "../index/database.js";
import { FLAG_UPGRADABLE } from "../index/index-data.js";
import { json, type Command } from "./command.js";
import { listStores } from "./stores.js";

export function refreshCaches(keptBack: boolean): Promise<CacheRefreshResponse> {
    // The stores' list opens the index too: the files are read and checked once (as in a batch).
    return sharingIndexFiles(() => refreshAll(keptBack));
}

async function refreshAll(keptBack: boolean): Promise<CacheRefreshResponse> {
    const started = performance.now();
    const db = openDatabase();
    const packages = db.table.count;
    const stores = listStores().stores.length;
    // The table's flags say which rows are updates; the simulation says which of them "Upgrade all" keeps back.
    if (keptBack) db.withKeptBack();
    const flags = db.table.flags;
    let upgradable = 0;
    let keptBackCount = 0;
    for (let i = 0; i < flags.length; i++) {
        if (((flags[i] as number) & FLAG_UPGRADABLE) === 0) continue;
        upgradable++;
        if (keptBack && db.table.keptBack(i) !== null) keptBackCount++;
    }
    db.detail().relations();
    const apps = (await openAppStream(() => db.config())).size;
    return {
        packages,
        upgradable,
        keptBack: keptBack ? keptBackCount : null,
        stores,
        apps,
        seconds: Math.round(performance.now() - started) / 1000,
    };
}

export const cacheCommands: readonly Command[] = [
    {
        words: ["cache", "refresh"],
        usage: "[--no-kept-back]   (brings the package index, stores, relations, AppStream data and kept-back packages up to date; run by APT's hooks)",
        async run(args) {
            const parsed = parseArgs(args, { "no-kept-back": "flag" }, 0);
            return json(await refreshCaches(!flagOption(parsed, "no-kept-back")));
        },
    },
];
