// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The store editor (issue 17): name, id, description, icon, and the filters
 * picked from the values that exist on this machine, with a live preview of
 * what the definition selects (`stores preview -`). Saving sends the
 * definition's text to `stores save ID`, which validates it with the same
 * schema as packaged stores; its findings are shown with their lines.
 */
import React, { useEffect, useMemo, useState } from "react";
import { Alert } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/dynamic/components/Form";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/dynamic/components/FormSelect";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/dynamic/components/HelperText";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/dynamic/components/Modal";
import { TextArea } from "@patternfly/react-core/dist/dynamic/components/TextArea";
import { TextInput } from "@patternfly/react-core/dist/dynamic/components/TextInput";
import type { StoreLoadIssue, StorePreviewResponse } from "../../protocol/index.js";
import { filterPackages, listRepositories, packageFacets, previewStoreText, saveStore } from "../api/index.js";
import { toBridgeError } from "../api/errors.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { ICONS } from "./StoreIcon.js";
import { definitionText, STORE_ID, type StoreForm } from "../state/definition-text.js";
import { ValuePicker, type Choice } from "./ValuePicker.js";

const PREVIEW_DELAY_MS = 600;

interface Props {
    initial: StoreForm;
    /** "edit": a user store saved again under its id (the id cannot change). */
    mode: "new" | "edit";
    /** Ids in use (a new store may not take one). */
    takenIds: readonly string[];
    onClose(): void;
    onSaved(id: string): void;
}

interface Choices {
    origins: Choice[];
    sections: Choice[];
    tags: Choice[];
}

/** Findings as lines "line N: message" (the line the author would look at). */
export function FindingList({ errors, warnings }: { errors: StoreLoadIssue[]; warnings: StoreLoadIssue[] }) {
    if (errors.length === 0 && warnings.length === 0) return null;
    return (
        <HelperText data-testid="store-findings">
            {errors.map((f, k) => (
                <HelperTextItem key={`e${k}`} variant="error">
                    {f.line !== undefined ? fmt(_("Line $0: $1"), String(f.line), f.message) : f.message}
                </HelperTextItem>
            ))}
            {warnings.map((f, k) => (
                <HelperTextItem key={`w${k}`} variant="warning">
                    {f.line !== undefined ? fmt(_("Line $0: $1"), String(f.line), f.message) : f.message}
                </HelperTextItem>
            ))}
        </HelperText>
    );
}

function useChoices(): Choices {
    const [choices, setChoices] = useState<Choices>({ origins: [], sections: [], tags: [] });
    useEffect(() => {
        const ctl = new AbortController();
        Promise.all([packageFacets({}, { signal: ctl.signal }), listRepositories(null, { signal: ctl.signal })]).then(
            ([facets, repos]) => {
                const origins = new Map<string, number>();
                for (const r of repos.repositories) {
                    const o = r.origin || r.label;
                    if (o) origins.set(o, (origins.get(o) ?? 0) + r.packageCount);
                }
                setChoices({
                    origins: [...origins].map(([value, count]) => ({ value, count })),
                    sections: facets.sections.map((s) => ({ value: s.name, count: s.packageCount })),
                    tags: facets.facets
                        .flatMap((f) => f.values.map((v) => ({ value: v.tag, count: v.count })))
                        .sort((a, b) => b.count - a.count),
                });
            },
            () => undefined // no completion: the fields still take any value
        );
        return () => ctl.abort();
    }, []);
    return choices;
}

function usePackageChoices(): [Choice[], (text: string) => void] {
    const [text, setText] = useState("");
    const [found, setFound] = useState<Choice[]>([]);
    useEffect(() => {
        if (text.trim().length < 2) return;
        const ctl = new AbortController();
        const t = setTimeout(() => {
            filterPackages({ tab: "search", query: text.trim(), limit: 30 }, { signal: ctl.signal }).then(
                (r) => setFound(r.packages.map((p) => ({ value: p.name }))),
                () => undefined
            );
        }, 300);
        return () => {
            clearTimeout(t);
            ctl.abort();
        };
    }, [text]);
    return [found, setText];
}

function usePreview(text: string, enabled: boolean): StorePreviewResponse | null {
    const [preview, setPreview] = useState<StorePreviewResponse | null>(null);
    useEffect(() => {
        if (!enabled) return;
        const ctl = new AbortController();
        const t = setTimeout(() => {
            previewStoreText(text, { signal: ctl.signal }).then(setPreview, () => undefined);
        }, PREVIEW_DELAY_MS);
        return () => {
            clearTimeout(t);
            ctl.abort();
        };
    }, [text, enabled]);
    return preview;
}

export function StoreEditor({ initial, mode, takenIds, onClose, onSaved }: Props) {
    const [form, setForm] = useState<StoreForm>(initial);
    const [busy, setBusy] = useState(false);
    const [failure, setFailure] = useState<string | null>(null);
    const [findings, setFindings] = useState<{ errors: StoreLoadIssue[]; warnings: StoreLoadIssue[] }>({
        errors: [],
        warnings: [],
    });
    const choices = useChoices();
    const [packageChoices, typePackage] = usePackageChoices();
    const text = useMemo(() => definitionText(form), [form]);
    const hasFilter = form.origins.length + form.sections.length + form.tags.length + form.packages.length > 0;
    const preview = usePreview(text, hasFilter);
    const idTaken = mode === "new" && takenIds.includes(form.id);
    const idValid = STORE_ID.test(form.id) && !idTaken;
    const canSave = idValid && form.name.trim() !== "" && hasFilter && !busy;
    const set = (patch: Partial<StoreForm>) => setForm((f) => ({ ...f, ...patch }));

    const save = () => {
        setBusy(true);
        setFailure(null);
        saveStore(form.id, text).then(
            (r) => {
                setBusy(false);
                setFindings({ errors: r.errors, warnings: r.warnings });
                if (r.saved) onSaved(r.id);
            },
            (e: unknown) => {
                setBusy(false);
                setFailure(toBridgeError(e).message);
            }
        );
    };

    return (
        <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="apt-store-editor-title" id="apt-store-editor">
            <ModalHeader title={mode === "new" ? _("New store") : _("Edit store")} labelId="apt-store-editor-title" />
            <ModalBody>
                <Form onSubmit={(e) => e.preventDefault()}>
                    <FormGroup label={_("Name")} isRequired fieldId="store-editor-name">
                        <TextInput
                            id="store-editor-name"
                            data-testid="store-editor-name"
                            value={form.name}
                            onChange={(_e, v) => set({ name: v })}
                            isRequired
                        />
                    </FormGroup>
                    <FormGroup label={_("Id")} isRequired fieldId="store-editor-id">
                        <TextInput
                            id="store-editor-id"
                            data-testid="store-editor-id"
                            value={form.id}
                            isDisabled={mode === "edit"}
                            validated={form.id === "" || idValid ? "default" : "error"}
                            onChange={(_e, v) => set({ id: v.toLowerCase() })}
                        />
                        <FormHelperText>
                            <HelperText>
                                <HelperTextItem variant={form.id === "" || idValid ? "default" : "error"}>
                                    {idTaken
                                        ? _("A store with this id exists.")
                                        : _(
                                              "Lower-case letters, digits and “-”; it names the store's file and its address."
                                          )}
                                </HelperTextItem>
                            </HelperText>
                        </FormHelperText>
                    </FormGroup>
                    <FormGroup label={_("Description")} fieldId="store-editor-description">
                        <TextArea
                            id="store-editor-description"
                            data-testid="store-editor-description"
                            value={form.description}
                            onChange={(_e, v) => set({ description: v })}
                            resizeOrientation="vertical"
                        />
                    </FormGroup>
                    <FormGroup label={_("Icon")} fieldId="store-editor-icon">
                        <FormSelect
                            id="store-editor-icon"
                            data-testid="store-editor-icon"
                            value={form.icon}
                            onChange={(_e, v) => set({ icon: v })}
                        >
                            <FormSelectOption value="" label={_("Default icon")} />
                            {Object.keys(ICONS).map((name) => (
                                <FormSelectOption key={name} value={name} label={name.replace(/Icon$/, "")} />
                            ))}
                        </FormSelect>
                    </FormGroup>
                    <Content component="p">
                        {_("A package belongs to the store when it matches one value of every kind of filter given.")}
                    </Content>
                    <ValuePicker
                        id="store-editor-origins"
                        label={_("Origins")}
                        values={form.origins}
                        choices={choices.origins}
                        onChange={(v) => set({ origins: v })}
                    />
                    <ValuePicker
                        id="store-editor-sections"
                        label={_("Sections")}
                        values={form.sections}
                        choices={choices.sections}
                        onChange={(v) => set({ sections: v })}
                    />
                    <ValuePicker
                        id="store-editor-tags"
                        label={_("Tags")}
                        values={form.tags}
                        choices={choices.tags}
                        onChange={(v) => set({ tags: v })}
                    />
                    <ValuePicker
                        id="store-editor-packages"
                        label={_("Packages")}
                        values={form.packages}
                        choices={packageChoices}
                        onChange={(v) => set({ packages: v })}
                        onTyping={typePackage}
                    />
                </Form>
                <div className="apt-store-preview" data-testid="store-editor-preview" aria-live="polite">
                    {!hasFilter ? (
                        <Content component="p">{_("Add at least one filter to see what the store selects.")}</Content>
                    ) : preview === null ? null : preview.valid ? (
                        <>
                            <Content component="p" data-testid="store-editor-preview-total">
                                {fmt(
                                    ngettext(
                                        "Selects $0 package on this system",
                                        "Selects $0 packages on this system",
                                        preview.total
                                    ),
                                    String(preview.total)
                                )}
                            </Content>
                            <Content component="p" className="apt-store-preview-names">
                                {preview.packages
                                    .slice(0, 8)
                                    .map((p) => p.name)
                                    .join(", ")}
                            </Content>
                            <FindingList errors={[]} warnings={preview.warnings} />
                        </>
                    ) : (
                        <FindingList errors={preview.errors} warnings={preview.warnings} />
                    )}
                </div>
                <FindingList errors={findings.errors} warnings={[]} />
                {failure && <Alert variant="danger" isInline title={failure} />}
            </ModalBody>
            <ModalFooter>
                <Button
                    variant="primary"
                    onClick={save}
                    isDisabled={!canSave}
                    isLoading={busy}
                    data-testid="store-editor-save"
                >
                    {_("Save")}
                </Button>
                <Button variant="link" onClick={onClose}>
                    {_("Cancel")}
                </Button>
            </ModalFooter>
        </Modal>
    );
}
