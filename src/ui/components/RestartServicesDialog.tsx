// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "Restart services": a preview listing the services that still run replaced
 * code, then one `systemctl restart` each. Cockpit's own services are listed
 * apart, unchecked, with what restarting them does to this session.
 */
import React, { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Checkbox } from "@patternfly/react-core/dist/dynamic/components/Checkbox";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { List, ListItem } from "@patternfly/react-core/dist/dynamic/components/List";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/dynamic/components/Modal";
import type { RestartServicesResponse, ServiceToRestart } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { toBridgeError } from "../api/errors.js";
import { restartServices } from "../api/system.js";

export function isCockpitUnit(unit: string): boolean {
    return unit === "cockpit.service" || unit.startsWith("cockpit-wsinstance-") || unit.startsWith("cockpit-session");
}

export function RestartServicesDialog({
    services,
    onClose,
}: {
    services: ServiceToRestart[];
    onClose: (restarted: boolean) => void;
}) {
    const others = services.filter((s) => !isCockpitUnit(s.unit)).map((s) => s.unit);
    const cockpitUnits = services.filter((s) => isCockpitUnit(s.unit)).map((s) => s.unit);
    const [withCockpit, setWithCockpit] = useState(false);
    const [busy, setBusy] = useState(false);
    const [result, setResult] = useState<RestartServicesResponse | null>(null);
    const [error, setError] = useState<string | null>(null);
    const units = [...others, ...(withCockpit ? cockpitUnits : [])];

    const restart = () => {
        setBusy(true);
        setError(null);
        restartServices(units, withCockpit).then(
            (r) => {
                setBusy(false);
                setResult(r);
            },
            (e: unknown) => {
                setBusy(false);
                const err = toBridgeError(e);
                // Some units failed: the bridge still lists each one's outcome.
                setError(err.message);
            }
        );
    };

    return (
        <Modal
            isOpen
            variant="small"
            onClose={() => onClose(result !== null)}
            aria-labelledby="apt-restart-title"
            id="apt-restart-services-dialog"
        >
            <ModalHeader title={_("Restart services")} labelId="apt-restart-title" />
            <ModalBody>
                {result === null ? (
                    <>
                        <Content component="p">
                            {ngettext(
                                "This service still runs code that an update replaced:",
                                "These services still run code that an update replaced:",
                                services.length
                            )}
                        </Content>
                        <List data-testid="restart-services-list">
                            {others.map((u) => (
                                <ListItem key={u}>{u}</ListItem>
                            ))}
                        </List>
                        {cockpitUnits.length > 0 && (
                            <Checkbox
                                id="apt-restart-cockpit"
                                isChecked={withCockpit}
                                onChange={(_e, v) => setWithCockpit(v)}
                                label={fmt(_("Also restart $0"), cockpitUnits.join(", "))}
                                description={_(
                                    "This ends the current Cockpit session: the page disconnects and you need to log in again."
                                )}
                            />
                        )}
                        {error && <Alert variant="danger" isInline title={error} />}
                    </>
                ) : (
                    <List isPlain data-testid="restart-services-result">
                        {result.results.map((r) => (
                            <ListItem key={r.unit}>
                                {r.ok
                                    ? fmt(_("$0 restarted"), r.unit)
                                    : fmt(_("$0 could not be restarted: $1"), r.unit, r.message)}
                            </ListItem>
                        ))}
                    </List>
                )}
            </ModalBody>
            <ModalFooter>
                {result === null && (
                    <Button
                        variant="primary"
                        onClick={restart}
                        isLoading={busy}
                        isDisabled={busy || units.length === 0}
                        data-testid="confirm-restart-services"
                    >
                        {fmt(ngettext("Restart $0 service", "Restart $0 services", units.length), units.length)}
                    </Button>
                )}
                <Button
                    variant={result === null ? "link" : "primary"}
                    onClick={() => onClose(result !== null)}
                    isDisabled={busy}
                >
                    {result === null ? _("Cancel") : _("Close")}
                </Button>
            </ModalFooter>
        </Modal>
    );
}
