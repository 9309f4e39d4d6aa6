// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Saved filter presets (issue 17): save the current stores, repository, tab,
 * search text and facets under a name; apply or delete a saved one. Kept in
 * this browser (presets.ts).
 */
import React, { useState } from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Divider } from "@patternfly/react-core/dist/dynamic/components/Divider";
import { Dropdown, DropdownItem, DropdownList } from "@patternfly/react-core/dist/dynamic/components/Dropdown";
import { Form, FormGroup } from "@patternfly/react-core/dist/dynamic/components/Form";
import { MenuToggle } from "@patternfly/react-core/dist/dynamic/components/MenuToggle";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/dynamic/components/Modal";
import { TextInput } from "@patternfly/react-core/dist/dynamic/components/TextInput";
import BookmarkIcon from "@patternfly/react-icons/dist/esm/icons/bookmark-icon";
import TimesIcon from "@patternfly/react-icons/dist/esm/icons/times-icon";
import { _, fmt } from "../cockpit.js";
import { useAppState } from "../state/AppState.js";
import { deletePreset, loadPresets, savePreset, type Preset } from "../state/presets.js";
import { useToasts } from "./Toasts.js";

function SavePresetDialog({ onClose }: { onClose(): void }) {
    const { view } = useAppState();
    const toasts = useToasts();
    const [name, setName] = useState("");
    const save = () => {
        if (!savePreset(name, view)) toasts.add("warning", _("The preset could not be saved in this browser."));
        onClose();
    };
    return (
        <Modal isOpen variant="small" onClose={onClose} aria-labelledby="apt-preset-title" id="apt-preset-dialog">
            <ModalHeader title={_("Save the current view")} labelId="apt-preset-title" />
            <ModalBody>
                <Form
                    onSubmit={(e) => {
                        e.preventDefault();
                        if (name.trim()) save();
                    }}
                >
                    <FormGroup label={_("Name")} isRequired fieldId="preset-name">
                        <TextInput
                            id="preset-name"
                            data-testid="preset-name"
                            value={name}
                            maxLength={100}
                            onChange={(_e, v) => setName(v)}
                            autoFocus
                        />
                    </FormGroup>
                </Form>
            </ModalBody>
            <ModalFooter>
                <Button variant="primary" onClick={save} isDisabled={!name.trim()} data-testid="preset-save">
                    {_("Save")}
                </Button>
                <Button variant="link" onClick={onClose}>
                    {_("Cancel")}
                </Button>
            </ModalFooter>
        </Modal>
    );
}

/** The presets' menu items: each saved one (apply it; delete it), then "Save the current view…". */
export function PresetItems({
    presets,
    onApply,
    onDeleted,
    onSave,
}: {
    presets: Preset[];
    onApply(p: Preset): void;
    /** After a preset was deleted (the caller reloads the list). */
    onDeleted(): void;
    onSave(): void;
}) {
    return (
        <>
            {presets.map((p) => (
                <DropdownItem
                    key={p.name}
                    data-testid="preset-item"
                    data-preset={p.name}
                    onClick={() => onApply(p)}
                    actions={
                        <Button
                            variant="plain"
                            aria-label={fmt(_("Delete preset $0"), p.name)}
                            icon={<TimesIcon />}
                            data-testid="preset-delete"
                            onClick={(e) => {
                                e.stopPropagation();
                                deletePreset(p.name);
                                onDeleted();
                            }}
                        />
                    }
                >
                    {p.name}
                </DropdownItem>
            ))}
            {presets.length > 0 && <Divider component="li" />}
            <DropdownItem data-testid="preset-save-current" onClick={onSave}>
                {_("Save the current view…")}
            </DropdownItem>
        </>
    );
}

/** The presets' menu state: the saved ones (read when the menu opens) and the Save dialog. */
export function usePresets() {
    const { applyPreset } = useAppState();
    const [presets, setPresets] = useState<Preset[]>([]);
    const [saving, setSaving] = useState(false);
    return {
        presets,
        reload: () => setPresets(loadPresets()),
        apply: (p: Preset) => applyPreset(p.view),
        save: () => setSaving(true),
        dialog: saving ? <SavePresetDialog onClose={() => setSaving(false)} /> : null,
    };
}

export function PresetMenu() {
    const [open, setOpen] = useState(false);
    const presets = usePresets();
    return (
        <>
            <Dropdown
                isOpen={open}
                onOpenChange={setOpen}
                toggle={(ref) => (
                    <MenuToggle
                        ref={ref}
                        icon={<BookmarkIcon />}
                        onClick={() => {
                            presets.reload();
                            setOpen((o) => !o);
                        }}
                        isExpanded={open}
                        data-testid="preset-toggle"
                    >
                        {_("Presets")}
                    </MenuToggle>
                )}
            >
                <DropdownList>
                    <PresetItems
                        presets={presets.presets}
                        onApply={(p) => {
                            setOpen(false);
                            presets.apply(p);
                        }}
                        onDeleted={presets.reload}
                        onSave={() => {
                            setOpen(false);
                            presets.save();
                        }}
                    />
                </DropdownList>
            </Dropdown>
            {presets.dialog}
        </>
    );
}
