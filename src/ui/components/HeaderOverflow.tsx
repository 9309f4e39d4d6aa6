// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * On a phone the header's Presets, Stores and History buttons took three
 * rows of their own, which pushed the tabs down to y≈265 at 360 px: there
 * they are one kebab menu beside the title instead. Desktop keeps the buttons.
 */
import React, { useState } from "react";
import { Divider } from "@patternfly/react-core/dist/dynamic/components/Divider";
import {
    Dropdown,
    DropdownGroup,
    DropdownItem,
    DropdownList,
} from "@patternfly/react-core/dist/dynamic/components/Dropdown";
import { MenuToggle } from "@patternfly/react-core/dist/dynamic/components/MenuToggle";
import EllipsisVIcon from "@patternfly/react-icons/dist/esm/icons/ellipsis-v-icon";
import CogIcon from "@patternfly/react-icons/dist/esm/icons/cog-icon";
import HistoryIcon from "@patternfly/react-icons/dist/esm/icons/history-icon";
import { _ } from "../cockpit.js";
import { useAppState } from "../state/AppState.js";
import { navigate } from "../state/cockpit-hooks.js";
import { PresetItems, usePresets } from "./PresetMenu.js";
import { StoreManager } from "./StoreManager.js";

export function HeaderOverflow() {
    const { access, allStores, refresh } = useAppState();
    const [open, setOpen] = useState(false);
    const [managing, setManaging] = useState(false);
    const presets = usePresets();
    const close = () => setOpen(false);
    return (
        <>
            <Dropdown
                isOpen={open}
                onOpenChange={setOpen}
                popperProps={{ position: "right", appendTo: "inline" }}
                toggle={(ref) => (
                    <MenuToggle
                        ref={ref}
                        variant="plain"
                        aria-label={_("More actions")}
                        icon={<EllipsisVIcon />}
                        onClick={() => {
                            presets.reload();
                            setOpen((o) => !o);
                        }}
                        isExpanded={open}
                        data-testid="header-overflow"
                    />
                )}
            >
                <DropdownGroup label={_("Presets")}>
                    <DropdownList>
                        <PresetItems
                            presets={presets.presets}
                            onApply={(p) => {
                                close();
                                presets.apply(p);
                            }}
                            onDeleted={presets.reload}
                            onSave={() => {
                                close();
                                presets.save();
                            }}
                        />
                    </DropdownList>
                </DropdownGroup>
                <Divider />
                <DropdownList>
                    {/* Store management changes the system: only with administrative access. */}
                    {access === "admin" && (
                        <DropdownItem
                            icon={<CogIcon />}
                            data-testid="manage-stores"
                            onClick={() => {
                                close();
                                setManaging(true);
                            }}
                        >
                            {_("Stores")}
                        </DropdownItem>
                    )}
                    <DropdownItem
                        icon={<HistoryIcon />}
                        data-testid="open-history"
                        onClick={() => {
                            close();
                            navigate(["history"]);
                        }}
                    >
                        {_("History")}
                    </DropdownItem>
                </DropdownList>
            </Dropdown>
            {presets.dialog}
            {managing && <StoreManager stores={allStores} onClose={() => setManaging(false)} onChanged={refresh} />}
        </>
    );
}
