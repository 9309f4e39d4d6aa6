// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "Manage stores" (issue 17): every store, enabled or not, with what an
 * administrator may do to it: enable or disable (packaged and user stores),
 * export its definition (a download), edit or delete a user store,
 * "Duplicate and edit" a packaged one (read-only), and new and imported
 * stores. Opened only with administrative access (App.tsx).
 */
import React, { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Label } from "@patternfly/react-core/dist/dynamic/components/Label";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/dynamic/components/Modal";
import { Switch } from "@patternfly/react-core/dist/dynamic/components/Switch";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/dynamic/components/Table";
import type { Store } from "../../protocol/index.js";
import { deleteStore, exportStore, setStoreEnabled } from "../api/index.js";
import { toBridgeError } from "../api/errors.js";
import { _, fmt } from "../cockpit.js";
import { StoreIcon } from "./StoreIcon.js";
import { EMPTY_FORM, formOf, type StoreForm } from "../state/definition-text.js";
import { ImportStore } from "./ImportStore.js";
import { StoreEditor } from "./StoreEditor.js";

interface Props {
    stores: Store[];
    onClose(): void;
    /** After any change: the page reads the stores and its lists again. */
    onChanged(): void;
}

/** Offers `text` as a file download (the browser's own save). */
function download(fileName: string, text: string): void {
    const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A free id for a copy of `id`: id-copy, id-copy-2, ... */
function copyId(id: string, taken: readonly string[]): string {
    for (let n = 1; ; n++) {
        const candidate = `${id}-copy${n > 1 ? `-${n}` : ""}`.slice(0, 64);
        if (!taken.includes(candidate)) return candidate;
    }
}

type Editing = { form: StoreForm; mode: "new" | "edit" } | null;

export function StoreManager({ stores, onClose, onChanged }: Props) {
    const [editing, setEditing] = useState<Editing>(null);
    const [importing, setImporting] = useState(false);
    const [busy, setBusy] = useState<string | null>(null);
    const [error, setError] = useState<string | null>(null);
    const ids = stores.map((s) => s.id);

    const act = (id: string, what: () => Promise<unknown>) => {
        setBusy(id);
        setError(null);
        what().then(
            () => {
                setBusy(null);
                onChanged();
            },
            (e: unknown) => {
                setBusy(null);
                setError(toBridgeError(e).message);
            }
        );
    };

    if (editing) {
        return (
            <StoreEditor
                initial={editing.form}
                mode={editing.mode}
                takenIds={ids}
                onClose={() => setEditing(null)}
                onSaved={() => {
                    setEditing(null);
                    onChanged();
                }}
            />
        );
    }
    if (importing) {
        return (
            <ImportStore
                takenIds={ids}
                onClose={() => setImporting(false)}
                onSaved={() => {
                    setImporting(false);
                    onChanged();
                }}
            />
        );
    }
    return (
        <Modal
            isOpen
            variant="large"
            onClose={onClose}
            aria-labelledby="apt-store-manager-title"
            id="apt-store-manager"
        >
            <ModalHeader title={_("Manage stores")} labelId="apt-store-manager-title" />
            <ModalBody>
                {error && <Alert variant="danger" isInline title={error} />}
                <Table aria-label={_("Stores")} variant="compact" data-testid="store-manager-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Store")}</Th>
                            <Th>{_("Kind")}</Th>
                            <Th>{_("Enabled")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    <Tbody>
                        {stores.map((s) => (
                            <Tr key={s.id} data-testid="store-manager-row" data-store={s.id}>
                                <Td dataLabel={_("Store")}>
                                    <StoreIcon icon={s.icon} /> {s.name}
                                </Td>
                                <Td dataLabel={_("Kind")}>
                                    {s.userDefined ? (
                                        <Label color="blue">{_("Yours")}</Label>
                                    ) : (
                                        <Label>{_("From a package")}</Label>
                                    )}
                                </Td>
                                <Td dataLabel={_("Enabled")}>
                                    <Switch
                                        id={`store-enabled-${s.id}`}
                                        data-testid={`store-enabled-${s.id}`}
                                        aria-label={fmt(_("$0 enabled"), s.name)}
                                        isChecked={s.enabled}
                                        isDisabled={busy !== null}
                                        onChange={(_e, on) => act(s.id, () => setStoreEnabled(s.id, on))}
                                    />
                                </Td>
                                <Td dataLabel={_("Actions")} className="apt-store-actions">
                                    <Button
                                        variant="link"
                                        isInline
                                        onClick={() =>
                                            act(s.id, async () => {
                                                const r = await exportStore(s.id);
                                                download(r.fileName, r.text);
                                            })
                                        }
                                        data-testid={`store-export-${s.id}`}
                                    >
                                        {_("Export")}
                                    </Button>{" "}
                                    {s.userDefined ? (
                                        <>
                                            <Button
                                                variant="link"
                                                isInline
                                                onClick={() => setEditing({ form: formOf(s), mode: "edit" })}
                                                data-testid={`store-edit-${s.id}`}
                                            >
                                                {_("Edit")}
                                            </Button>{" "}
                                            <Button
                                                variant="link"
                                                isInline
                                                isDanger
                                                onClick={() => act(s.id, () => deleteStore(s.id))}
                                                data-testid={`store-delete-${s.id}`}
                                            >
                                                {_("Delete")}
                                            </Button>
                                        </>
                                    ) : (
                                        <Button
                                            variant="link"
                                            isInline
                                            onClick={() =>
                                                setEditing({
                                                    form: {
                                                        ...formOf(s),
                                                        id: copyId(s.id, ids),
                                                        name: fmt(_("$0 (copy)"), s.name),
                                                    },
                                                    mode: "new",
                                                })
                                            }
                                            data-testid={`store-duplicate-${s.id}`}
                                        >
                                            {_("Duplicate and edit")}
                                        </Button>
                                    )}
                                </Td>
                            </Tr>
                        ))}
                    </Tbody>
                </Table>
            </ModalBody>
            <ModalFooter>
                <Button
                    variant="primary"
                    onClick={() => setEditing({ form: EMPTY_FORM, mode: "new" })}
                    data-testid="store-new"
                >
                    {_("New store")}
                </Button>
                <Button variant="secondary" onClick={() => setImporting(true)} data-testid="store-import">
                    {_("Import")}
                </Button>
                <Button variant="link" onClick={onClose} data-testid="store-manager-close">
                    {_("Close")}
                </Button>
            </ModalFooter>
        </Modal>
    );
}
