// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Facet filters beside the search (issue 17): the debtag facets present in
 * the current scope with their counts (`packages facets`), as a checkbox
 * menu grouped by facet. OR within a facet, AND between facets, as the
 * bridge's --tag. Also says how many of the matches are installed and
 * upgradable.
 */
import React, { useState } from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Label, LabelGroup } from "@patternfly/react-core/dist/dynamic/components/Label";
import { MenuToggle } from "@patternfly/react-core/dist/dynamic/components/MenuToggle";
import { Select, SelectGroup, SelectList, SelectOption } from "@patternfly/react-core/dist/dynamic/components/Select";
import FilterIcon from "@patternfly/react-icons/dist/esm/icons/filter-icon";
import type { PackageFacetsResponse } from "../../protocol/index.js";
import { packageFacets, type PackageQuery } from "../api/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { useRequest } from "../state/useRequest.js";

/** At most this many values a facet in the menu (the most common first); a phone must not scroll for ever. */
const VALUES_SHOWN = 12;

interface Props {
    /** The search tab's query without facets; null while the scope is not known yet. */
    query: PackageQuery | null;
    tags: string[];
    generation: number;
    onChange(tags: string[]): void;
}

export function FacetFilter({ query, tags, generation, onChange }: Props) {
    const [open, setOpen] = useState(false);
    // Asked for only once the menu is opened or a facet is chosen: a search alone costs no second bridge process.
    const wanted = query !== null && (open || tags.length > 0);
    const key = wanted
        ? `facets:${JSON.stringify([query.store, query.repository, query.query, tags])}:${generation}`
        : "facets:none";
    const facets = useRequest<PackageFacetsResponse>(
        key,
        wanted ? (signal) => packageFacets({ ...query, tab: "search", tags }, { signal }) : null
    );
    const toggle = (tag: string) => onChange(tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag]);
    const data = facets.data;
    return (
        <div className="apt-facets" data-testid="facet-filter">
            <Select
                id="facet-select"
                role="menu"
                isOpen={open}
                onOpenChange={setOpen}
                onSelect={(_e, value) => toggle(String(value))}
                isScrollable
                toggle={(ref) => (
                    <MenuToggle
                        ref={ref}
                        icon={<FilterIcon />}
                        onClick={() => setOpen((o) => !o)}
                        isExpanded={open}
                        data-testid="facet-toggle"
                        badge={tags.length ? String(tags.length) : undefined}
                    >
                        {_("Tags")}
                    </MenuToggle>
                )}
            >
                {!data && (
                    <SelectList>
                        <SelectOption isDisabled value="">
                            {facets.status === "error" ? _("The tags could not be read.") : _("Loading…")}
                        </SelectOption>
                    </SelectList>
                )}
                {(data?.facets ?? []).map((f) => (
                    <SelectGroup key={f.facet} label={f.facet}>
                        <SelectList>
                            {f.values
                                .filter((v, k) => k < VALUES_SHOWN || tags.includes(v.tag))
                                .map((v) => (
                                    <SelectOption
                                        key={v.tag}
                                        value={v.tag}
                                        hasCheckbox
                                        isSelected={tags.includes(v.tag)}
                                        data-testid={`facet-${v.tag}`}
                                    >
                                        {fmt(_("$0 ($1)"), v.value, String(v.count))}
                                    </SelectOption>
                                ))}
                        </SelectList>
                    </SelectGroup>
                ))}
            </Select>
            {tags.length > 0 && (
                <LabelGroup categoryName={_("Tags")} numLabels={6} data-testid="facet-chosen">
                    {tags.map((t) => (
                        <Label key={t} onClose={() => toggle(t)} closeBtnAriaLabel={fmt(_("Remove $0"), t)}>
                            {t}
                        </Label>
                    ))}
                </LabelGroup>
            )}
            {tags.length > 0 && (
                <Button variant="link" isInline onClick={() => onChange([])} data-testid="facet-clear">
                    {_("Clear tags")}
                </Button>
            )}
            {data && (query?.query || tags.length > 0) && (
                <span className="apt-subtle" data-testid="facet-counts">
                    {fmt(
                        ngettext(
                            "$0 match, $1 installed, $2 upgradable",
                            "$0 matches, $1 installed, $2 upgradable",
                            data.total
                        ),
                        String(data.total),
                        String(data.installed),
                        String(data.upgradable)
                    )}
                </span>
            )}
        </div>
    );
}
