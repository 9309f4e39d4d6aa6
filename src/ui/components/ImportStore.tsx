// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Import a store definition (a YAML file from this computer): checked by the
 * bridge first (`stores save ID --check`), every finding shown with its line,
 * and saved only when valid, under an id the user may change (a copy of an
 * existing store needs another id).
 */
import React, { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { Form, FormGroup } from "@patternfly/react-core/dist/dynamic/components/Form";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/dynamic/components/Modal";
import { TextInput } from "@patternfly/react-core/dist/dynamic/components/TextInput";
import type { StoreLoadIssue } from "../../protocol/index.js";
import { saveStore } from "../api/index.js";
import { toBridgeError } from "../api/errors.js";
import { _ } from "../cockpit.js";
import { declaredId, STORE_ID } from "../state/definition-text.js";
import { FindingList } from "./StoreEditor.js";

/** Larger than any definition the bridge accepts (256 KiB): refused here without sending it. */
const MAX_FILE_BYTES = 256 * 1024;

export function ImportStore({
    takenIds,
    onClose,
    onSaved,
}: {
    takenIds: readonly string[];
    onClose(): void;
    onSaved(id: string): void;
}) {
    const [text, setText] = useState<string | null>(null);
    const [fileName, setFileName] = useState("");
    const [id, setId] = useState("");
    const [checked, setChecked] = useState<{
        valid: boolean;
        errors: StoreLoadIssue[];
        warnings: StoreLoadIssue[];
    } | null>(null);
    const [busy, setBusy] = useState(false);
    const [failure, setFailure] = useState<string | null>(null);
    const idOk = STORE_ID.test(id) && !takenIds.includes(id);

    const run = (check: boolean, body: string, as: string) => {
        setBusy(true);
        setFailure(null);
        saveStore(as, body, check).then(
            (r) => {
                setBusy(false);
                setChecked({ valid: r.valid, errors: r.errors, warnings: r.warnings });
                if (r.saved) onSaved(r.id);
            },
            (e: unknown) => {
                setBusy(false);
                setFailure(toBridgeError(e).message);
            }
        );
    };

    const pick = (file: File | undefined) => {
        if (!file) return;
        setChecked(null);
        if (file.size > MAX_FILE_BYTES) {
            setFailure(_("This file is too large for a store definition."));
            return;
        }
        file.text().then(
            (t) => {
                setText(t);
                setFileName(file.name);
                const declared = declaredId(t);
                // An id already in use: suggest a copy's id.
                const suggestion = declared && takenIds.includes(declared) ? `${declared}-copy` : declared;
                setId(suggestion);
                if (STORE_ID.test(suggestion)) run(true, t, suggestion);
            },
            () => setFailure(_("The file cannot be read."))
        );
    };

    return (
        <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="apt-store-import-title" id="apt-store-import">
            <ModalHeader title={_("Import a store")} labelId="apt-store-import-title" />
            <ModalBody>
                <Form onSubmit={(e) => e.preventDefault()}>
                    <FormGroup label={_("Store definition (YAML)")} fieldId="store-import-file">
                        <input
                            id="store-import-file"
                            data-testid="store-import-file"
                            type="file"
                            accept=".yaml,.yml,application/yaml,text/yaml"
                            onChange={(e) => pick(e.target.files?.[0])}
                        />
                    </FormGroup>
                    {text !== null && (
                        <>
                            <Content component="p">{fileName}</Content>
                            <FormGroup label={_("Id")} isRequired fieldId="store-import-id">
                                <TextInput
                                    id="store-import-id"
                                    data-testid="store-import-id"
                                    value={id}
                                    validated={idOk ? "default" : "error"}
                                    onChange={(_e, v) => {
                                        setId(v.toLowerCase());
                                        setChecked(null);
                                    }}
                                />
                            </FormGroup>
                        </>
                    )}
                </Form>
                {checked && <FindingList errors={checked.errors} warnings={checked.warnings} />}
                {checked?.valid && (
                    <Content component="p" data-testid="store-import-valid">
                        {_("The definition is valid.")}
                    </Content>
                )}
                {failure && <Alert variant="danger" isInline title={failure} />}
            </ModalBody>
            <ModalFooter>
                {checked?.valid ? (
                    <Button
                        variant="primary"
                        onClick={() => text !== null && run(false, text, id)}
                        isDisabled={!idOk || busy}
                        isLoading={busy}
                        data-testid="store-import-save"
                    >
                        {_("Save")}
                    </Button>
                ) : (
                    <Button
                        variant="primary"
                        onClick={() => text !== null && run(true, text, id)}
                        isDisabled={text === null || !idOk || busy}
                        isLoading={busy}
                        data-testid="store-import-check"
                    >
                        {_("Check")}
                    </Button>
                )}
                <Button variant="link" onClick={onClose}>
                    {_("Cancel")}
                </Button>
            </ModalFooter>
        </Modal>
    );
}
