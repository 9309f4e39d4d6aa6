// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The dialogs of the operation flow (state in state/operations.tsx): preview,
 * progress with an expandable live log, result, and the two failure modals
 * with their remedies: "locked" (retry) and "dpkg interrupted" (repair).
 */
import React from "react";
import { Alert } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { ExpandableSection } from "@patternfly/react-core/dist/dynamic/components/ExpandableSection";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/dynamic/components/Modal";
import { Progress } from "@patternfly/react-core/dist/dynamic/components/Progress";
import { Spinner } from "@patternfly/react-core/dist/dynamic/components/Spinner";
import type { OperationPreview } from "../../protocol/index.js";
import { _, fmt } from "../cockpit.js";
import { humanMessage, type UiErrorCode } from "../api/errors.js";
import { canCancel, useOperations, type Flow } from "../state/operations.js";
import { operationTitle } from "./format.js";
import { ChangesList, FailureDetails } from "./OperationOutcome.js";
import { SystemStatusNotice } from "./SystemStatusNotice.js";
import { PreviewSummary } from "./PreviewSummary.js";

export { PreviewSummary };

function nothingToDo(p: OperationPreview): boolean {
    return p.install.length + p.upgrade.length + p.downgrade.length + p.remove.length + p.purge.length === 0;
}

function confirmLabel(kind: string): string {
    switch (kind) {
        case "install":
            return _("Install");
        case "remove":
            return _("Remove");
        case "purge":
            return _("Purge");
        case "autoremove":
            return _("Remove");
        default:
            return _("Upgrade");
    }
}

function phaseText(phase: string | null): string {
    switch (phase) {
        case "download":
            return _("Downloading");
        case "install":
            return _("Installing");
        case "remove":
            return _("Removing");
        case "configure":
            return _("Configuring");
        case "update":
            return _("Updating package lists");
        default:
            return _("Starting");
    }
}

function LogView({ lines }: { lines: string[] }) {
    const [expanded, setExpanded] = React.useState(false);
    return (
        <ExpandableSection
            toggleText={expanded ? _("Hide log") : _("Show log")}
            isExpanded={expanded}
            onToggle={(_e, v) => setExpanded(v)}
            data-testid="operation-log"
        >
            <pre className="apt-log" aria-live="off" tabIndex={0} aria-label={_("Operation log")}>
                {lines.length ? lines.join("\n") : _("No output yet.")}
            </pre>
        </ExpandableSection>
    );
}

export function OperationDialogs() {
    const ops = useOperations();
    const { flow } = ops;
    if (flow.step === "idle") return null;
    const title = operationTitle(flow.kind, flow.names);
    // PatternFly's Modal keeps the id it was mounted with: each step's dialog is its own
    // Modal (keyed inside FlowModal) so that its id, the e2e tests' selector, is right.
    return <FlowModal flow={flow} title={title} />;
}

function FlowModal({ flow, title }: { flow: Exclude<Flow, { step: "idle" }>; title: string }) {
    const ops = useOperations();
    switch (flow.step) {
        case "preview-loading":
            return (
                <Modal
                    key="preview"
                    isOpen
                    variant="medium"
                    onClose={ops.close}
                    aria-labelledby="apt-op-title"
                    id="apt-preview-dialog"
                >
                    <ModalHeader title={title} labelId="apt-op-title" />
                    <ModalBody>
                        <Spinner size="lg" aria-label={_("Checking what will change")} />{" "}
                        {_("Checking what will change…")}
                    </ModalBody>
                    <ModalFooter>
                        <Button variant="link" onClick={ops.close}>
                            {_("Cancel")}
                        </Button>
                    </ModalFooter>
                </Modal>
            );
        case "preview": {
            const blocked = flow.preview.problems.length > 0 || (flow.kind !== "upgrade" && nothingToDo(flow.preview));
            return (
                <Modal
                    key="preview"
                    isOpen
                    variant="medium"
                    onClose={ops.close}
                    aria-labelledby="apt-op-title"
                    id="apt-preview-dialog"
                >
                    <ModalHeader title={title} labelId="apt-op-title" />
                    <ModalBody>
                        <PreviewSummary preview={flow.preview} requested={flow.names} />
                    </ModalBody>
                    <ModalFooter>
                        <Button
                            variant={
                                flow.kind === "remove" || flow.kind === "purge" || flow.kind === "autoremove"
                                    ? "danger"
                                    : "primary"
                            }
                            onClick={ops.confirm}
                            isDisabled={blocked}
                            data-testid="confirm-operation"
                        >
                            {confirmLabel(flow.kind)}
                        </Button>
                        <Button variant="link" onClick={ops.close}>
                            {_("Cancel")}
                        </Button>
                    </ModalFooter>
                </Modal>
            );
        }
        case "preview-error":
            return (
                <FailureModal
                    title={title}
                    code={flow.error.code}
                    message={flow.error.message}
                    technical={flow.error.technical}
                />
            );
        case "running": {
            const cancellable = canCancel(flow);
            const progressTitle = flow.package
                ? fmt(_("$0 $1"), phaseText(flow.phase), flow.package)
                : phaseText(flow.phase);
            return (
                // No onClose: closing the dialog must not look like it stops dpkg.
                <Modal key="progress" isOpen variant="medium" aria-labelledby="apt-op-title" id="apt-progress-dialog">
                    <ModalHeader title={title} labelId="apt-op-title" />
                    <ModalBody>
                        <Progress
                            value={flow.percent}
                            title={progressTitle}
                            aria-label={_("Operation progress")}
                            data-testid="operation-progress"
                        />
                        {flow.message && flow.message !== progressTitle && (
                            <Content component="p">{flow.message}</Content>
                        )}
                        <LogView lines={flow.log} />
                    </ModalBody>
                    <ModalFooter>
                        {cancellable && (
                            <Button variant="secondary" onClick={ops.cancel} data-testid="cancel-operation">
                                {_("Cancel")}
                            </Button>
                        )}
                        {flow.cancelling && <Content component="small">{_("Cancelling…")}</Content>}
                        {flow.cancelRefused && (
                            <Content component="small" data-testid="cancel-refused">
                                {flow.cancelRefused}
                            </Content>
                        )}
                    </ModalFooter>
                </Modal>
            );
        }
        case "result": {
            const r = flow.result;
            if (!r.ok && (r.code === "LOCKED" || r.code === "DPKG_INTERRUPTED")) {
                return (
                    <FailureModal
                        title={title}
                        code={r.code}
                        message={humanMessage(r.code, r.message ?? "", r.details ?? {})}
                        technical={r.message ?? ""}
                        log={flow.log}
                        details={r.details}
                    />
                );
            }
            const uiCode = (
                typeof r.details?.uiCode === "string" ? r.details.uiCode : (r.code ?? "OPERATION_FAILED")
            ) as UiErrorCode;
            return (
                <Modal
                    key="result"
                    isOpen
                    variant="medium"
                    onClose={ops.close}
                    aria-labelledby="apt-op-title"
                    id="apt-result-dialog"
                >
                    <ModalHeader
                        title={title}
                        labelId="apt-op-title"
                        titleIconVariant={r.ok ? "success" : r.code === "CANCELLED" ? "warning" : "danger"}
                    />
                    <ModalBody>
                        {r.ok ? (
                            <>
                                <Alert
                                    variant="success"
                                    isInline
                                    isPlain
                                    title={_("Completed successfully")}
                                    data-testid="operation-result"
                                />
                                {flow.kind !== "update" && <SystemStatusNotice compact />}
                            </>
                        ) : (
                            <Alert
                                variant={r.code === "CANCELLED" ? "warning" : "danger"}
                                isInline
                                title={humanMessage(uiCode, r.message ?? "", r.details ?? {})}
                                data-testid="operation-result"
                            >
                                {r.message && uiCode !== "OPERATION_FAILED" ? r.message : null}
                            </Alert>
                        )}
                        {!r.ok && <FailureDetails details={r.details} />}
                        <ChangesList changes={flow.changes} />
                        {flow.log.length > 0 && <LogView lines={flow.log} />}
                    </ModalBody>
                    <ModalFooter>
                        <Button variant="primary" onClick={ops.close} data-testid="close-operation">
                            {_("Close")}
                        </Button>
                    </ModalFooter>
                </Modal>
            );
        }
    }
}

/** Lock held -> Retry; dpkg interrupted -> Repair; anything else -> the message and Close. */
function FailureModal({
    title,
    code,
    message,
    technical,
    log,
    details,
}: {
    title: string;
    code: UiErrorCode;
    message: string;
    technical: string;
    log?: string[];
    details?: Record<string, unknown>;
}) {
    const ops = useOperations();
    const id =
        code === "LOCKED"
            ? "apt-locked-dialog"
            : code === "DPKG_INTERRUPTED"
              ? "apt-repair-dialog"
              : "apt-error-dialog";
    return (
        <Modal key={id} isOpen variant="medium" onClose={ops.close} aria-labelledby="apt-op-title" id={id}>
            <ModalHeader
                title={
                    code === "LOCKED"
                        ? _("Package system is busy")
                        : code === "DPKG_INTERRUPTED"
                          ? _("Package system needs repair")
                          : title
                }
                labelId="apt-op-title"
                titleIconVariant={code === "LOCKED" ? "warning" : "danger"}
            />
            <ModalBody>
                <Content component="p" data-testid="failure-message">
                    {message}
                </Content>
                {technical && technical !== message && (
                    <Content component="small" className="apt-technical">
                        {technical}
                    </Content>
                )}
                <FailureDetails details={details} />
                {log && log.length > 0 && <LogView lines={log} />}
            </ModalBody>
            <ModalFooter>
                {code === "LOCKED" && (
                    <Button variant="primary" onClick={ops.retry} data-testid="retry-operation">
                        {_("Try again")}
                    </Button>
                )}
                {code === "DPKG_INTERRUPTED" && (
                    <Button variant="primary" onClick={ops.repair} data-testid="repair-operation">
                        {_("Repair")}
                    </Button>
                )}
                <Button
                    variant={code === "LOCKED" || code === "DPKG_INTERRUPTED" ? "link" : "primary"}
                    onClick={ops.close}
                    data-testid="close-operation"
                >
                    {_("Close")}
                </Button>
            </ModalFooter>
        </Modal>
    );
}
