// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * After updates: does the system need a reboot or service restarts
 * (`system status`), shown on the Updates tab and in an operation's result.
 * Also the Updates tab's "Package lists updated <when>" line.
 */
import React, { useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { Spinner } from "@patternfly/react-core/dist/dynamic/components/Spinner";
import type { SystemStatus } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { systemStatus } from "../api/system.js";
import { useAppState } from "../state/AppState.js";
import { useOperations } from "../state/operations.js";
import { useRequest } from "../state/useRequest.js";
import { RebootDialog } from "./RebootDialog.js";
import { RestartServicesDialog } from "./RestartServicesDialog.js";
import { absoluteTime, relativeTime } from "./relative-time.js";
import "./SystemStatus.css";

/** "Package lists updated 3 hours ago" (or never), refreshed after every operation. */
export function ListsUpdatedLine() {
    const { generation } = useAppState();
    const status = useRequest(`lists:${generation}`, () => sharedStatus(true, generation));
    const when = status.data?.listsUpdated;
    if (status.status !== "ready") return null;
    return (
        <Content
            component="small"
            className="apt-lists-updated"
            data-testid="lists-updated"
            title={when ? absoluteTime(when) : undefined}
        >
            {when ? fmt(_("Package lists updated $0"), relativeTime(when)) : _("Package lists never updated")}
        </Content>
    );
}

/**
 * One request per kind and generation for the callers that ask at the same
 * time (the lists line, the notice, the result dialog right after an
 * operation), only while it runs: a later mount asks again.
 */
const pending = new Map<string, Promise<SystemStatus>>();
function sharedStatus(quick: boolean, generation: number): Promise<SystemStatus> {
    const key = `${quick ? "quick" : "full"}:${generation}`;
    let promise = pending.get(key);
    if (!promise) {
        promise = systemStatus(quick);
        pending.set(key, promise);
        const done = () => pending.delete(key);
        promise.then(done, done);
    }
    return promise;
}

/** Why a reboot is needed, in words. */
export function rebootReasonText(s: SystemStatus): string {
    const packages = s.rebootReasons.filter((r) => r !== "kernel" && r !== "microcode");
    const parts: string[] = [];
    if (s.rebootReasons.includes("kernel")) {
        parts.push(
            s.newestKernel && s.runningKernel
                ? fmt(_("Kernel $0 is installed; $1 is running."), s.newestKernel, s.runningKernel)
                : _("A newer kernel is installed.")
        );
    }
    if (s.rebootReasons.includes("microcode")) parts.push(_("New processor microcode is installed."));
    if (packages.length > 0)
        parts.push(fmt(ngettext("Updated package: $0", "Updated packages: $0", packages.length), packages.join(", ")));
    return parts.join(" ");
}

export function SystemStatusNotice({ compact = false }: { compact?: boolean }) {
    const { generation, access } = useAppState();
    const ops = useOperations();
    const [restarted, setRestarted] = useState(0);
    // The quick status (files only) shows a needed reboot at once; needrestart's
    // answer (seconds, a minute on a busy Raspberry Pi) adds the services when it comes.
    const quick = useRequest(`system-quick:${generation}`, () => sharedStatus(true, generation));
    const full = useRequest(`system:${generation}:${restarted}`, () =>
        restarted > 0 ? systemStatus(false) : sharedStatus(false, generation)
    );
    const status = full.data ? full : quick;
    const [dialog, setDialog] = useState<"restart" | "reboot" | null>(null);
    const admin = access === "admin";

    const checking = compact && full.status === "loading" && (
        <Content component="small" data-testid="system-status-loading">
            <Spinner size="sm" aria-label={_("Checking")} />{" "}
            {_("Checking whether services or the system need a restart…")}
        </Content>
    );
    const s = status.data;
    if (!s) return checking || null;
    const services = s.servicesToRestart;
    const needsSomething = s.rebootRequired || services.length > 0;
    const noSystemd = !s.systemdAvailable && needsSomething;
    return (
        <div className="apt-system-status" data-testid="system-status">
            {checking}
            {s.rebootRequired && (
                <Alert
                    variant="warning"
                    isInline
                    title={_("A reboot is needed to finish updating")}
                    data-testid="reboot-required"
                    actionLinks={
                        admin && s.systemdAvailable ? (
                            <AlertActionLink onClick={() => setDialog("reboot")} data-testid="reboot">
                                {_("Reboot…")}
                            </AlertActionLink>
                        ) : undefined
                    }
                >
                    {rebootReasonText(s)}
                </Alert>
            )}
            {services.length > 0 && (
                <Alert
                    variant="info"
                    isInline
                    title={fmt(
                        ngettext(
                            "$0 service still runs replaced code",
                            "$0 services still run replaced code",
                            services.length
                        ),
                        services.length
                    )}
                    data-testid="services-to-restart"
                    actionLinks={
                        admin && s.systemdAvailable ? (
                            <AlertActionLink onClick={() => setDialog("restart")} data-testid="restart-services">
                                {_("Restart services…")}
                            </AlertActionLink>
                        ) : undefined
                    }
                >
                    {services.map((x) => x.unit).join(", ")}
                </Alert>
            )}
            {noSystemd && (
                <Alert
                    variant="info"
                    isInline
                    isPlain
                    title={_(
                        "systemd is not running on this system, so this page cannot restart services or reboot it."
                    )}
                    data-testid="no-systemd"
                />
            )}
            {!s.needrestartAvailable && !compact && (
                <Alert
                    variant="custom"
                    isInline
                    isPlain
                    title={_("Install needrestart to see which services still run old libraries after an update.")}
                    data-testid="needrestart-missing"
                    actionLinks={
                        admin ? (
                            <AlertActionLink onClick={() => ops.start("install", ["needrestart"])}>
                                {_("Install needrestart")}
                            </AlertActionLink>
                        ) : undefined
                    }
                />
            )}
            {dialog === "restart" && (
                <RestartServicesDialog
                    services={services}
                    onClose={(done) => {
                        setDialog(null);
                        if (done) setRestarted((n) => n + 1);
                    }}
                />
            )}
            {dialog === "reboot" && <RebootDialog reasons={rebootReasonText(s)} onClose={() => setDialog(null)} />}
        </div>
    );
}
