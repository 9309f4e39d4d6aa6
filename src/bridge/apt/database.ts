/*
 * The package database: every package APT knows, as APT sees it, served from
 * the index cache. This file is the interface the commands and the store
 * matcher use; the implementation reads APT's files (see the other modules in
 * this folder).
 */
import type { PackageSummary, Repository } from "../../protocol/index.js";

export interface Database {
    /** Packages with a candidate or an installed version, sorted by name. */
    readonly packages: readonly PackageSummary[];
    /** One entry per (origin, suite) over all packages. */
    readonly repositories: readonly Repository[];
}
