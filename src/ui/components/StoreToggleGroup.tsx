// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "System" plus one toggle per store. Rendered whenever at least one store
 * exists (also exactly one: a single store must still be choosable), and not
 * at all without stores: vanilla mode never says "No stores installed".
 * A toggle shows that store alone; the "Stores" checkbox menu beside it picks
 * several at once (issue 17), whose union the lists then show.
 */
import React, { useState } from "react";
import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core/dist/dynamic/components/ToggleGroup";
import { MenuToggle } from "@patternfly/react-core/dist/dynamic/components/MenuToggle";
import { Select, SelectList, SelectOption } from "@patternfly/react-core/dist/dynamic/components/Select";
import ServerIcon from "@patternfly/react-icons/dist/esm/icons/server-icon";
import type { Store } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { storeSetIds, toggleInSet } from "../state/store-set.js";
import { StoreIcon } from "./StoreIcon.js";

interface Props {
    stores: Store[];
    /** The active store set (store-set.ts), null for System. */
    active: string | null;
    onSelect(key: string | null): void;
}

function SeveralStores({ stores, active, onSelect }: Props) {
    const [open, setOpen] = useState(false);
    const ids = storeSetIds(active);
    return (
        <Select
            id="store-multi-select"
            role="menu"
            isOpen={open}
            onOpenChange={setOpen}
            onSelect={(_e, value) => onSelect(toggleInSet(active, String(value), stores))}
            toggle={(ref) => (
                <MenuToggle
                    ref={ref}
                    onClick={() => setOpen((o) => !o)}
                    isExpanded={open}
                    data-testid="store-multi-toggle"
                    badge={ids.length > 1 ? String(ids.length) : undefined}
                >
                    {ids.length > 1
                        ? fmt(ngettext("$0 store", "$0 stores", ids.length), String(ids.length))
                        : _("Several stores")}
                </MenuToggle>
            )}
        >
            <SelectList aria-label={_("Stores to show together")}>
                {stores.map((s) => (
                    <SelectOption
                        key={s.id}
                        value={s.id}
                        hasCheckbox
                        isSelected={ids.includes(s.id)}
                        data-testid={`store-multi-${s.id}`}
                    >
                        {s.name}
                    </SelectOption>
                ))}
            </SelectList>
        </Select>
    );
}

export function StoreToggleGroup({ stores, active, onSelect }: Props) {
    if (stores.length === 0) return null;
    const ids = storeSetIds(active);
    return (
        <div className="apt-store-toggle">
            <ToggleGroup aria-label={_("Store")} id="store-toggle" data-testid="store-toggle">
                <ToggleGroupItem
                    text={_("System")}
                    icon={<ServerIcon aria-hidden />}
                    buttonId="store-toggle-system"
                    isSelected={active === null}
                    onChange={() => onSelect(null)}
                />
                {stores.map((s) => (
                    <ToggleGroupItem
                        key={s.id}
                        text={s.name}
                        icon={<StoreIcon icon={s.icon} />}
                        buttonId={`store-toggle-${s.id}`}
                        isSelected={ids.includes(s.id)}
                        onChange={() => onSelect(s.id)}
                        aria-label={s.description ? `${s.name}: ${s.description}` : s.name}
                    />
                ))}
            </ToggleGroup>
            {stores.length > 1 && <SeveralStores stores={stores} active={active} onSelect={onSelect} />}
        </div>
    );
}
