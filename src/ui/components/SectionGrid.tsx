// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Browse: a grid of sections (Debian sections with counts, the store's custom
 * sections with their icons and descriptions first) or, when the store says
 * `browseBy: categories`, of its debtag categories. A card opens its list.
 */
import React from "react";
import { Badge } from "@patternfly/react-core/dist/dynamic/components/Badge";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/dynamic/components/Card";
import { Skeleton } from "@patternfly/react-core/dist/dynamic/components/Skeleton";
import { Flex, FlexItem } from "@patternfly/react-core/dist/dynamic/layouts/Flex";
import { Gallery } from "@patternfly/react-core/dist/dynamic/layouts/Gallery";
import FolderIcon from "@patternfly/react-icons/dist/esm/icons/folder-icon";
import { _ } from "../cockpit.js";
import { StoreIcon } from "./StoreIcon.js";
import { formatCount } from "./format.js";

export interface GridEntry {
    /** The value put in the view's `section`: a section name, custom section id, or "category::ID". */
    key: string;
    label: string;
    description: string | null;
    icon: string | null;
    count: number;
    custom: boolean;
}

/** Debian section names are terse ("admin", "libdevel"); show them as written but capitalised. */
export function sectionLabel(name: string): string {
    return name.length > 0 ? name[0]!.toUpperCase() + name.slice(1) : name;
}

/** `apps`: the AppStream categories' grid (its own test ids: the sections' grid stays what it was). */
export function SectionGrid({
    entries,
    loading,
    onOpen,
    label,
    apps = false,
}: {
    entries: GridEntry[];
    loading: boolean;
    onOpen(key: string): void;
    label?: string;
    apps?: boolean;
}) {
    if (loading) {
        return (
            <Gallery hasGutter minWidths={{ default: "220px" }} data-testid="section-grid-loading">
                {Array.from({ length: 8 }, (_v, i) => (
                    <Card key={i} isCompact>
                        <CardBody>
                            <Skeleton screenreaderText={i === 0 ? _("Loading sections") : undefined} />
                        </CardBody>
                    </Card>
                ))}
            </Gallery>
        );
    }
    return (
        <Gallery
            hasGutter
            minWidths={{ default: "220px" }}
            data-testid={apps ? "app-category-grid" : "section-grid"}
            role="list"
            aria-label={label ?? _("Sections")}
        >
            {entries.map((e) => (
                <Card
                    key={e.key}
                    isCompact
                    role="listitem"
                    data-testid={apps ? "app-category-card" : "section-card"}
                    data-section={e.key}
                    className={e.custom ? "apt-section-custom" : undefined}
                >
                    <CardHeader>
                        <CardTitle>
                            <Flex
                                spaceItems={{ default: "spaceItemsSm" }}
                                alignItems={{ default: "alignItemsCenter" }}
                                flexWrap={{ default: "nowrap" }}
                            >
                                <FlexItem>
                                    {e.custom || e.icon ? (
                                        <StoreIcon icon={e.icon} fallback={FolderIcon} />
                                    ) : (
                                        <FolderIcon aria-hidden />
                                    )}
                                </FlexItem>
                                <FlexItem grow={{ default: "grow" }}>
                                    <Button
                                        variant="link"
                                        isInline
                                        onClick={() => onOpen(e.key)}
                                        aria-label={`${e.label} (${formatCount(e.count)})`}
                                    >
                                        {e.label}
                                    </Button>
                                </FlexItem>
                                <FlexItem>
                                    <Badge isRead>{formatCount(e.count)}</Badge>
                                </FlexItem>
                            </Flex>
                        </CardTitle>
                    </CardHeader>
                    {e.description && <CardBody className="apt-section-description">{e.description}</CardBody>}
                </Card>
            ))}
        </Gallery>
    );
}
