// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Automatic updates (unattended-upgrades): off / download only / security
 * updates / all updates, the time of day, automatic reboot and its time,
 * removing unused dependencies. Shows the effective settings the bridge reads
 * back from APT and systemd, and says which file overrides ours. Read-only
 * without administrative access. A preview of the next run and the last
 * run's log are one click away.
 */
import React, { useEffect, useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/dynamic/components/Card";
import { Checkbox } from "@patternfly/react-core/dist/dynamic/components/Checkbox";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { ExpandableSection } from "@patternfly/react-core/dist/dynamic/components/ExpandableSection";
import { Form, FormGroup } from "@patternfly/react-core/dist/dynamic/components/Form";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/dynamic/components/FormSelect";
import { List, ListItem } from "@patternfly/react-core/dist/dynamic/components/List";
import { TextInput } from "@patternfly/react-core/dist/dynamic/components/TextInput";
import type {
    AutomaticUpdatesMode,
    AutomaticUpdatesPreview,
    AutomaticUpdatesResponse,
    AutomaticUpdatesSetting,
    AutomaticUpdatesSettings,
} from "../../protocol/index.js";
import { _, fmt } from "../cockpit.js";
import { toBridgeError } from "../api/errors.js";
import { previewAutomaticUpdates, setAutomaticUpdates, showAutomaticUpdates } from "../api/system.js";
import { useAppState } from "../state/AppState.js";
import { useOperations } from "../state/operations.js";
import { useRequest } from "../state/useRequest.js";
import { absoluteTime, relativeTime } from "./relative-time.js";
import "./SystemStatus.css";

const MODES: ReadonlyArray<{ mode: AutomaticUpdatesMode; label: () => string }> = [
    { mode: "off", label: () => _("Off") },
    { mode: "download", label: () => _("Download updates only") },
    { mode: "security", label: () => _("Install security updates") },
    { mode: "all", label: () => _("Install all updates") },
];

function settingLabel(setting: AutomaticUpdatesSetting): string {
    switch (setting) {
        case "mode":
            return _("What is updated");
        case "time":
            return _("Time of day");
        case "reboot":
            return _("Reboot automatically");
        case "rebootTime":
            return _("Reboot time");
        case "removeUnused":
            return _("Remove unused dependencies");
    }
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "Install security updates at 04:00" */
export function summary(s: AutomaticUpdatesSettings): string {
    const mode = MODES.find((m) => m.mode === s.mode)?.label() ?? s.mode;
    if (s.mode === "off") return _("Automatic updates are off");
    return s.time ? fmt(_("$0 daily at $1"), mode, s.time) : fmt(_("$0 daily"), mode);
}

export function AutomaticUpdatesCard() {
    const { access, generation } = useAppState();
    const ops = useOperations();
    const admin = access === "admin";
    const [saved, setSaved] = useState(0);
    const shown = useRequest(`auto:${generation}:${saved}`, (signal) => showAutomaticUpdates({ signal }));
    const [draft, setDraft] = useState<AutomaticUpdatesSettings | null>(null);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const [preview, setPreview] = useState<AutomaticUpdatesPreview | "loading" | null>(null);
    const [expanded, setExpanded] = useState(false);
    const data: AutomaticUpdatesResponse | null = shown.data;

    useEffect(() => {
        if (data) setDraft({ ...data.effective, time: data.effective.time ?? data.ours?.time ?? null });
    }, [data]);

    if (!data || !draft) return null;
    const readOnly = !admin || !data.installed;
    const timesValid =
        (draft.time === null || HH_MM.test(draft.time)) &&
        (!draft.reboot || draft.rebootTime === null || draft.rebootTime === "now" || HH_MM.test(draft.rebootTime));
    const changed =
        JSON.stringify(draft) !==
        JSON.stringify({ ...data.effective, time: data.effective.time ?? data.ours?.time ?? null });

    const save = () => {
        setBusy(true);
        setError(null);
        setAutomaticUpdates(draft).then(
            () => {
                setBusy(false);
                setSaved((n) => n + 1);
            },
            (e: unknown) => {
                setBusy(false);
                setError(toBridgeError(e).message);
            }
        );
    };
    const runPreview = () => {
        setPreview("loading");
        previewAutomaticUpdates().then(setPreview, (e: unknown) => {
            setPreview({ ok: false, packages: [], output: [toBridgeError(e).message] });
        });
    };

    return (
        <Card isCompact className="apt-auto-updates" data-testid="automatic-updates">
            <CardTitle>{_("Automatic updates")}</CardTitle>
            <CardBody>
                <ExpandableSection
                    toggleText={summary(data.effective)}
                    isExpanded={expanded}
                    onToggle={(_e, v) => setExpanded(v)}
                    data-testid="automatic-updates-toggle"
                >
                    {!data.installed && (
                        <Alert
                            variant="info"
                            isInline
                            title={_("unattended-upgrades is not installed")}
                            actionLinks={
                                admin ? (
                                    <AlertActionLink
                                        onClick={() => ops.start("install", ["unattended-upgrades"])}
                                        data-testid="install-unattended-upgrades"
                                    >
                                        {_("Install unattended-upgrades")}
                                    </AlertActionLink>
                                ) : undefined
                            }
                        >
                            {_("Automatic updates on Debian are made by unattended-upgrades.")}
                        </Alert>
                    )}
                    {data.installed && !admin && (
                        <Content component="small">{_("Changing these settings needs administrative access.")}</Content>
                    )}
                    {data.overrides.map((o) => (
                        <Alert
                            key={o.setting}
                            variant="warning"
                            isInline
                            isPlain
                            data-testid="automatic-updates-override"
                            title={
                                o.file
                                    ? fmt(_("“$0” is overridden by $1"), settingLabel(o.setting), o.file)
                                    : fmt(
                                          _("“$0” is set differently elsewhere in APT's configuration"),
                                          settingLabel(o.setting)
                                      )
                            }
                        />
                    ))}
                    {!data.systemdAvailable && (
                        <Alert
                            variant="info"
                            isInline
                            isPlain
                            data-testid="automatic-updates-no-systemd"
                            title={_("systemd is not running on this system: no timer starts automatic updates here.")}
                        >
                            {fmt(
                                _("The time of day is saved in $0 for when systemd runs apt-daily-upgrade.timer."),
                                data.timerDropIn
                            )}
                        </Alert>
                    )}
                    <Form isHorizontal={false} onSubmit={(e) => e.preventDefault()}>
                        <FormGroup label={_("What is updated")} fieldId="apt-auto-mode">
                            <FormSelect
                                id="apt-auto-mode"
                                value={draft.mode}
                                isDisabled={readOnly}
                                onChange={(_e, v) => setDraft({ ...draft, mode: v as AutomaticUpdatesMode })}
                                data-testid="automatic-updates-mode"
                            >
                                {MODES.map((m) => (
                                    <FormSelectOption key={m.mode} value={m.mode} label={m.label()} />
                                ))}
                            </FormSelect>
                        </FormGroup>
                        <FormGroup label={_("Time of day")} fieldId="apt-auto-time">
                            <TextInput
                                id="apt-auto-time"
                                type="time"
                                value={draft.time ?? ""}
                                isDisabled={readOnly || draft.mode === "off"}
                                onChange={(_e, v) => setDraft({ ...draft, time: v || null })}
                                data-testid="automatic-updates-time"
                            />
                        </FormGroup>
                        <FormGroup fieldId="apt-auto-reboot">
                            <Checkbox
                                id="apt-auto-reboot"
                                label={_("Reboot automatically when an update needs it")}
                                isChecked={draft.reboot}
                                isDisabled={readOnly || draft.mode === "off" || draft.mode === "download"}
                                onChange={(_e, v) => setDraft({ ...draft, reboot: v })}
                                data-testid="automatic-updates-reboot"
                            />
                        </FormGroup>
                        {draft.reboot && (
                            <FormGroup label={_("Reboot time")} fieldId="apt-auto-reboot-time">
                                <TextInput
                                    id="apt-auto-reboot-time"
                                    type="time"
                                    value={draft.rebootTime === "now" ? "" : (draft.rebootTime ?? "")}
                                    isDisabled={readOnly}
                                    onChange={(_e, v) => setDraft({ ...draft, rebootTime: v || null })}
                                    data-testid="automatic-updates-reboot-time"
                                />
                            </FormGroup>
                        )}
                        <FormGroup fieldId="apt-auto-remove">
                            <Checkbox
                                id="apt-auto-remove"
                                label={_("Remove unused dependencies")}
                                isChecked={draft.removeUnused}
                                isDisabled={readOnly || draft.mode === "off" || draft.mode === "download"}
                                onChange={(_e, v) => setDraft({ ...draft, removeUnused: v })}
                                data-testid="automatic-updates-remove-unused"
                            />
                        </FormGroup>
                        {error && <Alert variant="danger" isInline title={error} />}
                        {!readOnly && (
                            <div className="apt-auto-actions">
                                <Button
                                    variant="primary"
                                    onClick={save}
                                    isDisabled={!changed || busy || !timesValid}
                                    isLoading={busy}
                                    data-testid="automatic-updates-save"
                                >
                                    {_("Save")}
                                </Button>
                                <Button
                                    variant="secondary"
                                    onClick={runPreview}
                                    isDisabled={preview === "loading" || draft.mode === "off"}
                                    isLoading={preview === "loading"}
                                    data-testid="automatic-updates-preview"
                                >
                                    {_("Preview next run")}
                                </Button>
                            </div>
                        )}
                    </Form>
                    {preview !== null && preview !== "loading" && (
                        <div data-testid="automatic-updates-preview-result">
                            <Content component="p">
                                {preview.packages.length > 0
                                    ? fmt(_("The next run would upgrade: $0"), preview.packages.join(", "))
                                    : preview.ok
                                      ? _("The next run would upgrade nothing.")
                                      : _("The preview failed.")}
                            </Content>
                            <ExpandableSection toggleText={_("Output")}>
                                <pre className="apt-log">{preview.output.join("\n")}</pre>
                            </ExpandableSection>
                        </div>
                    )}
                    <Content
                        component="small"
                        data-testid="automatic-updates-last-run"
                        title={data.lastRun.time ? absoluteTime(data.lastRun.time) : undefined}
                    >
                        {data.lastRun.time
                            ? fmt(_("Last automatic run $0"), relativeTime(data.lastRun.time))
                            : _("No automatic run yet")}
                    </Content>
                    {data.lastRun.log.length > 0 && (
                        <ExpandableSection toggleText={_("Log of the last run")}>
                            <pre className="apt-log">{data.lastRun.log.join("\n")}</pre>
                        </ExpandableSection>
                    )}
                    {shown.error && <Alert variant="danger" isInline isPlain title={shown.error.message} />}
                    <List isPlain className="apt-auto-files">
                        <ListItem>
                            <Content component="small">
                                {fmt(_("Settings: $0 and $1"), data.configFile, data.timerDropIn)}
                            </Content>
                        </ListItem>
                    </List>
                </ExpandableSection>
            </CardBody>
        </Card>
    );
}
