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

export function PresetMenu() {
    const { applyPreset } = useAppState();
    const [open, setOpen] = useState(false);
    const [saving, setSaving] = useState(false);
    const [presets, setPresets] = useState<Preset[]>([]);
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
                            setPresets(loadPresets());
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
                    {presets.map((p) => (
                        <DropdownItem
                            key={p.name}
                            data-testid="preset-item"
                            data-preset={p.name}
                            onClick={() => {
                                setOpen(false);
                                applyPreset(p.view);
                            }}
                            actions={
                                <Button
                                    variant="plain"
                                    aria-label={fmt(_("Delete preset $0"), p.name)}
                                    icon={<TimesIcon />}
                                    data-testid="preset-delete"
                                    onClick={(e) => {
                                        e.stopPropagation();
                                        deletePreset(p.name);
                                        setPresets(loadPresets());
                                    }}
                                />
                            }
                        >
                            {p.name}
                        </DropdownItem>
                    ))}
                    {presets.length > 0 && <Divider component="li" />}
                    <DropdownItem
                        data-testid="preset-save-current"
                        onClick={() => {
                            setOpen(false);
                            setSaving(true);
                        }}
                    >
                        {_("Save the current view…")}
                    </DropdownItem>
                </DropdownList>
            </Dropdown>
            {saving && <SavePresetDialog onClose={() => setSaving(false)} />}
        </>
    );
}
