/*
 * "System" plus one toggle per store. Rendered whenever at least one store
 * exists (also exactly one: a single store must still be choosable), and not
 * at all without stores: vanilla mode never says "No stores installed".
 */
import React from "react";
import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core/dist/dynamic/components/ToggleGroup";
import ServerIcon from "@patternfly/react-icons/dist/esm/icons/server-icon";
import type { Store } from "../../protocol/index.js";
import { _ } from "../cockpit.js";
import { StoreIcon } from "./StoreIcon.js";

interface Props {
    stores: Store[];
    active: string | null;
    onSelect(id: string | null): void;
}

export function StoreToggleGroup({ stores, active, onSelect }: Props) {
    if (stores.length === 0) return null;
    return (
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
                    isSelected={active === s.id}
                    onChange={() => onSelect(s.id)}
                    aria-label={s.description ? `${s.name}: ${s.description}` : s.name}
                />
            ))}
        </ToggleGroup>
    );
}
