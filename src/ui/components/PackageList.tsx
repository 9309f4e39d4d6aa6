// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The package table: PatternFly's composable Table with only the visible rows
 * rendered (@tanstack/react-virtual), rows memoized, and one click handler on
 * the body (event delegation, like cockpit-files) so thousands of rows cost
 * no per-row closures. Spacer rows above and below keep the scrollbar honest.
 *
 * On a phone (PHONE_QUERY) each row is a small card instead (PackageList.css):
 * name and status, the summary, then version and repository beside the
 * buttons. Its height depends on its content, so there the virtualizer
 * measures each row it renders; on wider screens rows have one fixed height
 * and nothing is measured (no ResizeObserver per row while scrolling).
 */
import React, { useCallback, useEffect, useRef, useState } from "react";
import { observeElementRect, useVirtualizer } from "@tanstack/react-virtual";
import { Table, Tbody, Th, Thead, Tr } from "@patternfly/react-table/dist/dynamic/components/Table";
import { Skeleton } from "@patternfly/react-core/dist/dynamic/components/Skeleton";
import type { PackageSummary } from "../../protocol/index.js";
import { AppIcon } from "./AppIcon.js";
import { _ } from "../cockpit.js";
import { useAppState } from "../state/AppState.js";
import "./PackageList.css";

export type RowAction = "install" | "remove" | "upgrade" | "hold" | "unhold";

interface Props {
    packages: PackageSummary[];
    /**
     * Rows of the page still on their way (PackageTabs' rest of a page): placeholders after
     * `packages`, so that the scrollbar and the row count are the page's from the start.
     */
    pendingRows?: number;
    /** Show install/remove buttons (only with administrative access). */
    canChange: boolean;
    onOpen(name: string): void;
    onAction(action: RowAction, name: string): void;
    /** Accessible name of the table. */
    label: string;
    /**
     * "updates": the Updates tab's rows: a wider version column (the version you upgrade to
     * stays visible) and a Hold action, in its own element beside the other actions.
     */
    variant?: "updates";
}

export const ROW_HEIGHT = 52;
/** The card layout's width; the same query is in PackageList.css. */
export const PHONE_QUERY = "(max-width: 767.98px)";
/** A card's usual height (4 lines), the virtualizer's guess before it measures one. */
export const PHONE_ROW_HEIGHT = 108;
/** The sticky header row of the compact table (its height in the desktop layout). */
const HEADER_HEIGHT = 48;
/**
 * Rows rendered beyond the visible ones on each side. Few on purpose: adding or
 * removing a row restyles every row in the table body (PatternFly's sibling and
 * :nth-child table rules), so each extra row costs style time in every scrolled
 * frame. bench:e2e measured 12 -> 5: a fast scroll went from 20% of frames late
 * (over 16.7 ms) to 2%, with 21 rows in the DOM instead of 35.
 */
const OVERSCAN = 5;
const FALLBACK_RECT = { width: 1000, height: 800 };

/** Whether the card layout applies now; follows the window's width. */
export function usePhoneLayout(): boolean {
    const media = () => (typeof window.matchMedia === "function" ? window.matchMedia(PHONE_QUERY) : null);
    const [phone, setPhone] = useState(() => media()?.matches ?? false);
    useEffect(() => {
        const query = media();
        if (!query) return;
        const onChange = () => setPhone(query.matches);
        onChange();
        query.addEventListener?.("change", onChange);
        return () => query.removeEventListener?.("change", onChange);
    }, []);
    return phone;
}

export function statusOf(p: PackageSummary): "upgradable" | "installed" | "available" {
    if (p.upgradable) return "upgradable";
    return p.installedVersion !== null ? "installed" : "available";
}

/*
 * Rows are plain elements with PatternFly's classes rather than PatternFly
 * components: a row mounts on every scroll step, and Button/Label/Td add
 * OUIA ids, tooltip handling and (for truncated cells) a tab stop per cell.
 * Plain rows keep scrolling smooth and leave only real controls in the tab order.
 */
function StatusLabel({
    status,
    security,
    held,
}: {
    status: ReturnType<typeof statusOf>;
    security: boolean;
    held: boolean;
}) {
    const [color, text] =
        status === "upgradable"
            ? security
                ? ["pf-m-red pf-m-filled", _("Security update")]
                : ["pf-m-orange pf-m-filled", _("Update available")]
            : status === "installed"
              ? held
                  ? ["pf-m-blue pf-m-filled", _("Held")]
                  : ["pf-m-green pf-m-filled", _("Installed")]
              : ["pf-m-outline", _("Available")];
    return (
        <span
            className={`pf-v6-c-label pf-m-compact ${color}`}
            data-testid="status-label"
            data-security={security ? "true" : undefined}
        >
            <span className="pf-v6-c-label__content">
                <span className="pf-v6-c-label__text">{text}</span>
            </span>
        </span>
    );
}

function RowButton({
    action,
    name,
    label,
    danger,
    disabled = false,
    title,
}: {
    action: RowAction;
    name: string;
    label: string;
    danger?: boolean;
    disabled?: boolean;
    title?: string | undefined;
}) {
    return (
        <button
            type="button"
            className={`pf-v6-c-button pf-m-secondary pf-m-small${danger ? " pf-m-danger" : ""}${disabled ? " pf-m-disabled" : ""}`}
            data-action={action}
            data-package={name}
            disabled={disabled}
            title={title}
            aria-label={`${label} ${name}`}
        >
            <span className="pf-v6-c-button__text">{label}</span>
        </button>
    );
}

// (While an operation runs its dialog is modal, so rows need no "busy" state.)
/** "old → new" for an upgrade: the old version gives way (ellipsis) before the new one does. */
function PackageLink({ pkg }: { pkg: PackageSummary }) {
    return (
        <button
            type="button"
            className="pf-v6-c-button pf-m-link pf-m-inline apt-package-link"
            data-action="open"
            data-package={pkg.name}
            title={pkg.app ? `${pkg.app.name} (${pkg.name})` : pkg.name}
        >
            <span className="pf-v6-c-button__text">{pkg.name}</span>
        </button>
    );
}

function VersionText({ pkg }: { pkg: PackageSummary }) {
    if (!pkg.upgradable) return <>{pkg.installedVersion ?? pkg.candidateVersion ?? ""}</>;
    return (
        <span className="apt-version-change">
            <span className="apt-version-old">{pkg.installedVersion}</span>
            <span className="apt-version-arrow" aria-hidden>
                →
            </span>
            <span className="apt-version-new" data-testid="version-new">
                {pkg.candidateVersion}
            </span>
        </span>
    );
}

/** Several stores shown at once: which of them a row comes from (their names, from the page's store list). */
function RowStores({ ids }: { ids: string[] | undefined }) {
    const { activeStores } = useAppState();
    if (!ids || activeStores.length < 2) return null;
    const names = ids.map((id) => activeStores.find((s) => s.id === id)?.name ?? id);
    return (
        <span className="apt-row-stores" data-testid="row-stores">
            {names.join(", ")}
        </span>
    );
}

const PackageRow = React.memo(function PackageRow({
    pkg,
    canChange,
    index,
    measure,
    holdAction,
}: {
    pkg: PackageSummary;
    canChange: boolean;
    index: number;
    measure: ((row: HTMLTableRowElement | null) => void) | undefined;
    holdAction: boolean;
}) {
    const status = statusOf(pkg);
    const version = pkg.upgradable
        ? `${pkg.installedVersion} → ${pkg.candidateVersion}`
        : (pkg.installedVersion ?? pkg.candidateVersion ?? "");
    const repository = pkg.origin ? pkg.origin.origin || pkg.origin.label || pkg.origin.site : (pkg.repository ?? "");
    return (
        // data-index: the virtualizer's key for a measured row. The cells' classes place them on a phone.
        <tr
            className="pf-v6-c-table__tr"
            data-testid="package-row"
            data-package={pkg.name}
            data-index={index}
            aria-rowindex={index + 2}
            ref={measure}
            style={measure ? undefined : { height: ROW_HEIGHT }}
        >
            <td className="pf-v6-c-table__td pf-m-truncate apt-cell-name" data-label={_("Name")}>
                {pkg.app?.icon ? (
                    // An AppStream app: its icon before the name (the package name stays the link's text).
                    <span className="apt-app-name-cell">
                        <AppIcon app={pkg.app} size={20} />
                        <PackageLink pkg={pkg} />
                    </span>
                ) : (
                    <PackageLink pkg={pkg} />
                )}
                {pkg.stores && <RowStores ids={pkg.stores} />}
            </td>
            <td
                className="pf-v6-c-table__td pf-m-truncate apt-cell-summary"
                data-label={_("Summary")}
                title={pkg.app?.summary || pkg.summary}
            >
                {pkg.app?.summary || pkg.summary}
            </td>
            <td className="pf-v6-c-table__td pf-m-truncate apt-cell-version" data-label={_("Version")} title={version}>
                <VersionText pkg={pkg} />
            </td>
            <td
                className="pf-v6-c-table__td pf-m-truncate apt-cell-repository"
                data-label={_("Repository")}
                title={repository}
            >
                {repository}
            </td>
            <td className="pf-v6-c-table__td apt-cell-status" data-label={_("Status")}>
                <StatusLabel status={status} security={pkg.security && pkg.upgradable} held={pkg.held} />
            </td>
            <td className="pf-v6-c-table__td pf-v6-c-table__action apt-cell-actions" data-label={_("Actions")}>
                {canChange && (
                    <span className="apt-row-actions">
                        {status === "upgradable" && <RowButton action="upgrade" name={pkg.name} label={_("Upgrade")} />}
                        {status === "available" ? (
                            <RowButton
                                action="install"
                                name={pkg.name}
                                label={_("Install")}
                                disabled={pkg.candidateVersion === null}
                            />
                        ) : (
                            <RowButton
                                action="remove"
                                name={pkg.name}
                                label={_("Remove")}
                                danger
                                disabled={pkg.essential}
                                title={pkg.essential ? _("Essential package: the system needs it") : undefined}
                            />
                        )}
                        {holdAction && status !== "available" && (
                            // Its own element: a phone layout may place it elsewhere.
                            <span className="apt-row-hold">
                                <button
                                    type="button"
                                    className="pf-v6-c-button pf-m-link pf-m-small"
                                    data-action={pkg.held ? "unhold" : "hold"}
                                    data-package={pkg.name}
                                    aria-label={`${pkg.held ? _("Unhold") : _("Hold")} ${pkg.name}`}
                                >
                                    <span className="pf-v6-c-button__text">{pkg.held ? _("Unhold") : _("Hold")}</span>
                                </button>
                            </span>
                        )}
                    </span>
                )}
            </td>
        </tr>
    );
});

/**
 * The Updates list is no taller than its rows: what APT keeps back is shown below it
 * (UpdatesView.tsx), and a short list must not push that out of sight.
 */
function updatesListSize(rows: number): React.CSSProperties {
    return { blockSize: `min(max(24rem, calc(100vh - 20rem)), ${rows * ROW_HEIGHT + HEADER_HEIGHT}px)` };
}

/** A row still loading: the row's height, a skeleton in the name and summary cells. */
const PendingRow = React.memo(function PendingRow({
    index,
    measure,
}: {
    index: number;
    measure: ((row: HTMLTableRowElement | null) => void) | undefined;
}) {
    return (
        <tr
            className="pf-v6-c-table__tr apt-pending-row"
            data-testid="package-row-pending"
            data-index={index}
            aria-rowindex={index + 2}
            aria-busy="true"
            ref={measure}
            style={{ height: measure ? PHONE_ROW_HEIGHT : ROW_HEIGHT }}
        >
            <td className="pf-v6-c-table__td" colSpan={6}>
                <Skeleton height="1rem" screenreaderText={index === 0 ? _("Loading packages") : undefined} />
            </td>
        </tr>
    );
});

export function PackageList({ packages, pendingRows = 0, canChange, onOpen, onAction, label, variant }: Props) {
    const scrollRef = useRef<HTMLDivElement>(null);
    const phone = usePhoneLayout();
    const rowCount = packages.length + pendingRows;
    const virtualizer = useVirtualizer({
        count: rowCount,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => (phone ? PHONE_ROW_HEIGHT : ROW_HEIGHT),
        overscan: OVERSCAN,
        // Before layout, and while the container measures 0 x 0 (not laid out yet,
        // or jsdom which has no layout), render a first screenful instead of nothing.
        initialRect: FALLBACK_RECT,
        observeElementRect: (instance, cb) =>
            observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
    });
    // Sizes measured in the other layout are wrong in this one.
    useEffect(() => virtualizer.measure(), [phone, virtualizer]);
    const measure = phone ? virtualizer.measureElement : undefined;
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
        [onOpen, onAction]
    );

    return (
        // Focusable so that keyboard users can scroll it with the arrow keys.
        <div
            ref={scrollRef}
            className={`apt-package-scroll${phone ? " apt-package-cards" : ""}`}
            data-testid="package-list"
            tabIndex={0}
            role="region"
            aria-label={label}
            style={variant === "updates" && !phone ? updatesListSize(rowCount) : undefined}
            data-pending={pendingRows > 0 ? "true" : undefined}
        >
            {/* No PatternFly grid breakpoint: its stacked rows have no height the virtualizer can know; the cards replace it. */}
            <Table
                aria-label={label}
                aria-rowcount={rowCount + 1}
                variant="compact"
                isStickyHeader={!phone}
                gridBreakPoint=""
                className={variant === "updates" ? "apt-updates-table" : undefined}
            >
                <Thead>
                    <Tr>
                        {/* Widths in PackageList.css */}
                        <Th className="apt-col-name">{_("Name")}</Th>
                        <Th className="apt-col-summary">{_("Summary")}</Th>
                        <Th className="apt-col-version">{_("Version")}</Th>
                        <Th className="apt-col-repository">{_("Repository")}</Th>
                        <Th className="apt-col-status">{_("Status")}</Th>
                        <Th className="apt-col-actions" screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody onClick={onClick}>
                    {paddingTop > 0 && (
                        <tr aria-hidden style={{ height: paddingTop }}>
                            <td colSpan={6} />
                        </tr>
                    )}
                    {items.map((item) => {
                        const pkg = packages[item.index];
                        if (!pkg)
                            return <PendingRow key={`pending-${item.index}`} index={item.index} measure={measure} />;
                        return (
                            <PackageRow
                                key={pkg.name}
                                pkg={pkg}
                                index={item.index}
                                canChange={canChange}
                                measure={measure}
                                holdAction={variant === "updates"}
                            />
                        );
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
