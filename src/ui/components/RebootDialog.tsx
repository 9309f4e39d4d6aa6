// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "Reboot": a confirmation, then `systemctl reboot`. Cockpit's own shutdown
 * dialog lives in its System page and cannot be opened from a module, so the
 * page asks itself, saying what the reboot does to this session.
 */
import React, { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/dynamic/components/Modal";
import { _ } from "../cockpit.js";
import { toBridgeError } from "../api/errors.js";
import { rebootSystem } from "../api/system.js";

export function RebootDialog({ reasons, onClose }: { reasons: string; onClose: () => void }) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const [sent, setSent] = useState(false);
    const reboot = () => {
        setBusy(true);
        rebootSystem().then(
            () => setSent(true),
            (e: unknown) => {
                setBusy(false);
                setError(toBridgeError(e).message);
            }
        );
    };
    return (
        <Modal isOpen variant="small" onClose={onClose} aria-labelledby="apt-reboot-title" id="apt-reboot-dialog">
            <ModalHeader title={_("Reboot the system?")} labelId="apt-reboot-title" titleIconVariant="warning" />
            <ModalBody>
                {sent ? (
                    <Content component="p">
                        {_("The system is rebooting. This page reconnects when it is back.")}
                    </Content>
                ) : (
                    <>
                        {reasons && <Content component="p">{reasons}</Content>}
                        <Content component="p">
                            {_(
                                "Every running program stops and this Cockpit session ends; the system is unreachable for a minute or more."
                            )}
                        </Content>
                    </>
                )}
                {error && <Alert variant="danger" isInline title={error} />}
            </ModalBody>
            <ModalFooter>
                {!sent && (
                    <Button
                        variant="danger"
                        onClick={reboot}
                        isLoading={busy}
                        isDisabled={busy}
                        data-testid="confirm-reboot"
                    >
                        {_("Reboot")}
                    </Button>
                )}
                <Button variant="link" onClick={onClose} isDisabled={busy && !sent}>
                    {sent ? _("Close") : _("Cancel")}
                </Button>
            </ModalFooter>
        </Modal>
    );
}
