// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "Open" for an installed web app: its AppStream launchable of type "url",
 * with "localhost" (and the other loopback names) replaced by the host this
 * page runs on, since the browser is rarely on the managed machine. In a
 * multi-host session that is the managed host (cockpit.transport.host).
 */
import React from "react";
import ExternalLinkAltIcon from "@patternfly/react-icons/dist/esm/icons/external-link-alt-icon";
import { _, fmt } from "../cockpit.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "0.0.0.0", "localhost.localdomain"]);

/** The host name the browser reaches the managed machine by. */
export function managedHost(): string {
    const transport = window.cockpit?.transport?.host;
    if (transport && transport !== "localhost") return transport.replace(/^[^@]*@/, "").replace(/:\d+$/, "");
    return window.location.hostname;
}

/** The app's address for this browser, or null when it is not a web address. */
export function launchUrl(launchable: string, host = managedHost()): string | null {
    let url: URL;
    try {
        url = new URL(launchable);
    } catch {
        return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (LOOPBACK.has(url.hostname) && host)
        url.hostname = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
    return url.toString();
}

export function OpenAppButton({ launchable, appName }: { launchable: string; appName: string }) {
    const href = launchUrl(launchable);
    if (!href) return null;
    return (
        <a
            className="pf-v6-c-button pf-m-primary"
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="open-app"
            aria-label={fmt(_("Open $0 (new window)"), appName)}
        >
            <span className="pf-v6-c-button__text">{_("Open")}</span>
            <span className="pf-v6-c-button__icon pf-m-end">
                <ExternalLinkAltIcon aria-hidden />
            </span>
        </a>
    );
}
