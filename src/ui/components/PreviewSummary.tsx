// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a change will do, before it is made: the packages grouped as an
 * administrator reads them (new, upgraded, downgraded, removed, purged, kept
 * back, no longer needed afterwards), each group with its count and sorted by
 * name, a long group folded, then the download size (what is not yet in
 * APT's archive cache) and the disk space the change takes or frees.
 */
import React from "react";
import { Alert } from "@patternfly/react-core/dist/dynamic/components/Alert";
import {
    DescriptionList,
    DescriptionListDescription,
    DescriptionListGroup,
    DescriptionListTerm,
} from "@patternfly/react-core/dist/dynamic/components/DescriptionList";
import { ExpandableSection } from "@patternfly/react-core/dist/dynamic/components/ExpandableSection";
import { Label } from "@patternfly/react-core/dist/dynamic/components/Label";
import { List, ListItem } from "@patternfly/react-core/dist/dynamic/components/List";
import { Title } from "@patternfly/react-core/dist/dynamic/components/Title";
import type { OperationPreview, PreviewPackage } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { formatBytes } from "./format.js";

/** Name without an architecture qualifier ("libfoo:i386" -> "libfoo"). */
const bare = (name: string) => name.split(":")[0] as string;

/** Groups longer than this start folded, so a large upgrade does not push the buttons off screen. */
export const FOLD_AFTER = 12;

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function versions(p: PreviewPackage): string {
    return p.oldVersion && p.newVersion ? `${p.oldVersion} → ${p.newVersion}` : (p.newVersion ?? p.oldVersion ?? "");
}

interface GroupProps {
    title: string;
    testid: string;
    packages: PreviewPackage[];
    /** For removals: the names asked for; the others are marked as taken along. */
    requested?: ReadonlySet<string>;
}

function Group({ title, testid, packages, requested }: GroupProps) {
    const [expanded, setExpanded] = React.useState(packages.length <= FOLD_AFTER);
    if (packages.length === 0) return null;
    const sorted = [...packages].sort(byName);
    const list = (
        <List isPlain className="apt-preview-list">
            {sorted.map((p) => (
                <ListItem key={`${p.name}:${p.architecture}`} data-testid="preview-package" data-package={p.name}>
                    <span className="apt-preview-name">{p.name}</span> <span className="apt-subtle">{versions(p)}</span>
                    {requested && !requested.has(bare(p.name)) && (
                        <>
                            {" "}
                            <Label isCompact color="orange" data-testid="preview-dependent">
                                {_("depends on a removed package")}
                            </Label>
                        </>
                    )}
                </ListItem>
            ))}
        </List>
    );
    return (
        <section className="apt-preview-group" data-testid={testid} data-count={packages.length}>
            <Title headingLevel="h3" size="md">
                {title}
            </Title>
            {packages.length <= FOLD_AFTER ? (
                list
            ) : (
                <ExpandableSection
                    toggleText={expanded ? _("Hide the list") : fmt(_("Show all $0"), packages.length)}
                    isExpanded={expanded}
                    onToggle={(_e, v) => setExpanded(v)}
                    data-testid={`${testid}-toggle`}
                >
                    {list}
                </ExpandableSection>
            )}
        </section>
    );
}

const names = (list: string[]): PreviewPackage[] =>
    list.map((name) => ({ name, architecture: "", oldVersion: null, newVersion: null }));

/**
 * `requested`: the names the user asked to change. For a removal, the other
 * packages APT removes with them are the installed packages that depend on
 * them: they are counted and marked, so nobody removes more than they meant to.
 */
export function PreviewSummary({ preview, requested }: { preview: OperationPreview; requested?: readonly string[] }) {
    const removal = preview.operation === "remove" || preview.operation === "purge";
    const asked = new Set((requested ?? []).map(bare));
    const marks = removal && requested ? asked : undefined;
    const dependents = marks ? [...preview.remove, ...preview.purge].filter((p) => !asked.has(bare(p.name))).length : 0;
    const disk = preview.diskSpaceChange;
    return (
        <>
            {dependents > 0 && (
                <Alert
                    variant="warning"
                    isInline
                    title={fmt(
                        ngettext(
                            "$0 other installed package depends on what you remove and will be removed too",
                            "$0 other installed packages depend on what you remove and will be removed too",
                            dependents
                        ),
                        dependents
                    )}
                    data-testid="preview-dependents"
                />
            )}
            {preview.problems.length > 0 && (
                <Alert variant="danger" isInline title={_("This change cannot be made")} data-testid="preview-problems">
                    <List>
                        {preview.problems.map((p) => (
                            <ListItem key={p}>{p}</ListItem>
                        ))}
                    </List>
                </Alert>
            )}
            <div className="apt-preview-groups" data-testid="preview-groups">
                <Group
                    testid="preview-install"
                    title={fmt(
                        ngettext("$0 new package", "$0 new packages", preview.install.length),
                        preview.install.length
                    )}
                    packages={preview.install}
                />
                <Group
                    testid="preview-upgrade"
                    title={fmt(
                        ngettext("$0 package upgraded", "$0 packages upgraded", preview.upgrade.length),
                        preview.upgrade.length
                    )}
                    packages={preview.upgrade}
                />
                <Group
                    testid="preview-downgrade"
                    title={fmt(
                        ngettext("$0 package downgraded", "$0 packages downgraded", preview.downgrade.length),
                        preview.downgrade.length
                    )}
                    packages={preview.downgrade}
                />
                <Group
                    testid="preview-remove"
                    title={fmt(
                        ngettext("$0 package removed", "$0 packages removed", preview.remove.length),
                        preview.remove.length
                    )}
                    packages={preview.remove}
                    requested={marks}
                />
                <Group
                    testid="preview-purge"
                    title={fmt(
                        ngettext(
                            "$0 package removed with its configuration",
                            "$0 packages removed with their configuration",
                            preview.purge.length
                        ),
                        preview.purge.length
                    )}
                    packages={preview.purge}
                    requested={marks}
                />
                <Group
                    testid="preview-held-back"
                    title={fmt(
                        ngettext("$0 package kept back", "$0 packages kept back", preview.heldBack.length),
                        preview.heldBack.length
                    )}
                    packages={names(preview.heldBack)}
                />
                <Group
                    testid="preview-autoremovable"
                    title={fmt(
                        ngettext(
                            "$0 package no longer needed afterwards",
                            "$0 packages no longer needed afterwards",
                            preview.autoremovable.length
                        ),
                        preview.autoremovable.length
                    )}
                    packages={names(preview.autoremovable)}
                />
            </div>
            <DescriptionList isHorizontal isCompact className="apt-preview-sizes">
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Download size")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="preview-download-size">
                        {preview.downloadSize === null ? _("Unknown") : formatBytes(preview.downloadSize)}
                    </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Disk space")}</DescriptionListTerm>
                    <DescriptionListDescription data-testid="preview-disk-space">
                        {disk === null
                            ? _("Unknown")
                            : disk < 0
                              ? fmt(_("$0 freed"), formatBytes(-disk))
                              : fmt(_("$0 more used"), formatBytes(disk))}
                    </DescriptionListDescription>
                </DescriptionListGroup>
            </DescriptionList>
        </>
    );
}
