// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "What's new in <version>": the changelog of the version an upgrade would
 * install, above the installed changelog on the details page. It comes from
 * the archive's changelog server through `apt-get changelog`, so it is loaded
 * only when asked for, and says plainly when the server cannot be reached.
 */
import React, { useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { Spinner } from "@patternfly/react-core/dist/dynamic/components/Spinner";
import { Title } from "@patternfly/react-core/dist/dynamic/components/Title";
import { _, fmt } from "../cockpit.js";
import { candidateChangelog } from "../api/index.js";
import { useRequest } from "../state/useRequest.js";

export function WhatsNew({ name, version }: { name: string; version: string }) {
    const [asked, setAsked] = useState(false);
    const log = useRequest(
        `whats-new:${name}:${version}:${asked}`,
        asked ? (signal) => candidateChangelog(name, { signal }) : null
    );
    const data = log.data;
    return (
        <section className="apt-whats-new" data-testid="whats-new">
            <Title headingLevel="h3">{fmt(_("What's new in $0"), version)}</Title>
            {!asked && (
                <>
                    <Content component="p" className="apt-subtle">
                        {_("The changelog of the new version is fetched from the distribution's changelog server.")}
                    </Content>
                    <Button variant="secondary" onClick={() => setAsked(true)} data-testid="load-whats-new">
                        {_("Show what's new")}
                    </Button>
                </>
            )}
            {asked && log.status === "loading" && (
                <Content component="p" data-testid="whats-new-loading">
                    <Spinner size="md" aria-label={_("Fetching the changelog")} /> {_("Fetching the changelog…")}
                </Content>
            )}
            {log.error && (
                <Alert
                    variant="danger"
                    isInline
                    title={_("The changelog could not be fetched")}
                    actionLinks={<AlertActionLink onClick={log.reload}>{_("Try again")}</AlertActionLink>}
                >
                    {log.error.message}
                </Alert>
            )}
            {data && !data.available && (
                <Alert
                    variant={data.reason === "unreachable" ? "warning" : "info"}
                    isInline
                    title={
                        data.reason === "unreachable"
                            ? _("Cannot reach the changelog server")
                            : _("No changelog is published for this version")
                    }
                    actionLinks={
                        data.reason === "unreachable" ? (
                            <AlertActionLink onClick={log.reload}>{_("Try again")}</AlertActionLink>
                        ) : undefined
                    }
                    data-testid="whats-new-unavailable"
                    data-reason={data.reason ?? ""}
                >
                    {data.reason === "unreachable"
                        ? _(
                              "This system could not fetch the new version's changelog (no network, or the server is down). The installed version's changelog is below."
                          )
                        : data.message}
                </Alert>
            )}
            {data?.available && (
                <>
                    {data.truncated && (
                        <Alert
                            variant="info"
                            isInline
                            isPlain
                            title={_("The changelog is long: only its newest entries are shown.")}
                        />
                    )}
                    <pre
                        className="apt-changelog"
                        data-testid="whats-new-text"
                        tabIndex={0}
                        aria-label={fmt(_("What's new in $0"), version)}
                    >
                        {data.text?.trim()
                            ? data.text
                            : _("The new version's changelog has no entries newer than the installed version.")}
                    </pre>
                </>
            )}
        </section>
    );
}
