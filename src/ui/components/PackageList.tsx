/*
 * The package table: PatternFly's composable Table with only the visible rows
 * rendered (@tanstack/react-virtual), rows memoized, and one click handler on
 * the body (event delegation, like cockpit-files) so thousands of rows cost
 * no per-row closures. Spacer rows above and below keep the scrollbar honest.
 */
import React, { useCallback, useRef } from "react";
import { observeElementRect, useVirtualizer } from "@tanstack/react-virtual";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Label } from "@patternfly/react-core/dist/dynamic/components/Label";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/dynamic/components/Table";
import type { PackageSummary } from "../../protocol/index.js";
import { _ } from "../cockpit.js";

export type RowAction = "install" | "remove" | "upgrade";

interface Props {
    packages: PackageSummary[];
    /** Show install/remove buttons (only with administrative access). */
    canChange: boolean;
    /** Package names with an operation in flight (buttons disabled). */
    busy?: ReadonlySet<string>;
    onOpen(name: string): void;
    onAction(action: RowAction, name: string): void;
    /** Accessible name of the table. */
    label: string;
}

export const ROW_HEIGHT = 52;
const OVERSCAN = 12;
const FALLBACK_RECT = { width: 1000, height: 800 };

export function statusOf(p: PackageSummary): "upgradable" | "installed" | "available" {
    if (p.upgradable) return "upgradable";
    return p.installedVersion !== null ? "installed" : "available";
}

const PackageRow = React.memo(function PackageRow({ pkg, canChange, busy, index }: { pkg: PackageSummary; canChange: boolean; busy: boolean; index: number }) {
    const status = statusOf(pkg);
    const version = pkg.upgradable ? `${pkg.installedVersion} → ${pkg.candidateVersion}` : (pkg.installedVersion ?? pkg.candidateVersion ?? "");
    return (
        <Tr data-testid="package-row" data-package={pkg.name} aria-rowindex={index + 2} style={{ height: ROW_HEIGHT }}>
            <Td dataLabel={_("Name")} modifier="truncate">
                <Button variant="link" isInline data-action="open" data-package={pkg.name} className="apt-package-link">
                    {pkg.name}
                </Button>
            </Td>
            <Td dataLabel={_("Summary")} modifier="truncate">
                {pkg.summary}
            </Td>
            <Td dataLabel={_("Version")} modifier="truncate">
                {version}
            </Td>
            <Td dataLabel={_("Repository")} modifier="truncate">
                {pkg.origin ? pkg.origin.origin || pkg.origin.label || pkg.origin.site : (pkg.repository ?? "")}
            </Td>
            <Td dataLabel={_("Status")}>
                {status === "upgradable" ? (
                    <Label color="orange" isCompact>
                        {_("Update available")}
                    </Label>
                ) : status === "installed" ? (
                    <Label color="green" isCompact>
                        {_("Installed")}
                    </Label>
                ) : (
                    <Label isCompact variant="outline">
                        {_("Available")}
                    </Label>
                )}
            </Td>
            <Td dataLabel={_("Actions")} isActionCell>
                {canChange && (
                    <span className="apt-row-actions">
                        {status === "upgradable" && (
                            <Button size="sm" variant="secondary" data-action="upgrade" data-package={pkg.name} isDisabled={busy} aria-label={`${_("Upgrade")} ${pkg.name}`}>
                                {_("Upgrade")}
                            </Button>
                        )}
                        {status === "available" ? (
                            <Button size="sm" variant="secondary" data-action="install" data-package={pkg.name} isDisabled={busy || pkg.candidateVersion === null} aria-label={`${_("Install")} ${pkg.name}`}>
                                {_("Install")}
                            </Button>
                        ) : (
                            <Button size="sm" variant="secondary" isDanger data-action="remove" data-package={pkg.name} isDisabled={busy} aria-label={`${_("Remove")} ${pkg.name}`}>
                                {_("Remove")}
                            </Button>
                        )}
                    </span>
                )}
            </Td>
        </Tr>
    );
});

export function PackageList({ packages, canChange, busy, onOpen, onAction, label }: Props) {
    const scrollRef = useRef<HTMLDivElement>(null);
    const virtualizer = useVirtualizer({
        count: packages.length,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => ROW_HEIGHT,
        overscan: OVERSCAN,
        // Before layout, and while the container measures 0 x 0 (not laid out yet,
        // or jsdom which has no layout), render a first screenful instead of nothing.
        initialRect: FALLBACK_RECT,
        observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
    });
    const items = virtualizer.getVirtualItems();
    const paddingTop = items.length > 0 ? items[0]!.start : 0;
    const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

    // One handler for every button of every row.
    const onClick = useCallback(
        (e: React.MouseEvent) => {
            const target = (e.target as HTMLElement).closest<HTMLElement>("[data-action]");
            if (!target || target.hasAttribute("disabled") || target.getAttribute("aria-disabled") === "true") return;
            const name = target.dataset.package;
            const action = target.dataset.action;
            if (!name || !action) return;
            if (action === "open") onOpen(name);
            else onAction(action as RowAction, name);
        },
        [onOpen, onAction],
    );

    return (
        <div ref={scrollRef} className="apt-package-scroll" data-testid="package-list" tabIndex={-1}>
            <Table aria-label={label} aria-rowcount={packages.length + 1} variant="compact" isStickyHeader gridBreakPoint="grid-md">
                <Thead>
                    <Tr>
                        <Th width={20}>{_("Name")}</Th>
                        <Th width={35}>{_("Summary")}</Th>
                        <Th width={15}>{_("Version")}</Th>
                        <Th width={10}>{_("Repository")}</Th>
                        <Th width={10}>{_("Status")}</Th>
                        <Th width={10} screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody onClick={onClick}>
                    {paddingTop > 0 && (
                        <tr aria-hidden style={{ height: paddingTop }}>
                            <td colSpan={6} />
                        </tr>
                    )}
                    {items.map((item) => {
                        const pkg = packages[item.index]!;
                        return <PackageRow key={pkg.name} pkg={pkg} index={item.index} canChange={canChange} busy={busy?.has(pkg.name) ?? false} />;
                    })}
                    {paddingBottom > 0 && (
                        <tr aria-hidden style={{ height: paddingBottom }}>
                            <td colSpan={6} />
                        </tr>
                    )}
                </Tbody>
            </Table>
        </div>
    );
}
