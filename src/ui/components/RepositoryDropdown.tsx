// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The repositories of the current scope (all, or the active store's) with
 * package counts. A native select (PatternFly FormSelect): keyboard and
 * screen readers work without extra code. Hidden when there is only one
 * repository: choosing between one and "all" is no choice.
 */
import React from "react";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/dynamic/components/FormSelect";
import type { Repository } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { formatCount } from "./format.js";

interface Props {
    repositories: Repository[];
    active: string | null;
    onSelect(id: string | null): void;
}

export const ALL_REPOSITORIES = "";

export function repositoryLabel(r: Repository): string {
    const where = r.suite || r.codename;
    return where ? `${r.name} ${where}` : r.name;
}

export function RepositoryDropdown({ repositories, active, onSelect }: Props) {
    if (repositories.length <= 1) return null;
    return (
        <FormSelect
            id="repository-select"
            data-testid="repository-select"
            aria-label={_("Repository")}
            value={active ?? ALL_REPOSITORIES}
            onChange={(_e, value) => onSelect(value === ALL_REPOSITORIES ? null : value)}
        >
            <FormSelectOption value={ALL_REPOSITORIES} label={_("All repositories")} />
            {repositories.map((r) => (
                <FormSelectOption
                    key={r.id}
                    value={r.id}
                    label={fmt(
                        ngettext("$0 ($1 package)", "$0 ($1 packages)", r.packageCount),
                        repositoryLabel(r),
                        formatCount(r.packageCount)
                    )}
                />
            ))}
        </FormSelect>
    );
}
