// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The app part of a package's Overview when the package has an AppStream
 * app: the screenshots, the app's own description, the latest release, the
 * project's links and categories. (Its icon, name and "Open" are in the
 * page's head, PackageDetails.tsx.)
 */
import React from "react";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { Flex, FlexItem } from "@patternfly/react-core/dist/dynamic/layouts/Flex";
import type { AppDetails } from "../../protocol/index.js";
import { _, fmt, N_, type Translatable } from "../cockpit.js";
import { ScreenshotCarousel } from "./ScreenshotCarousel.js";
import { appCategoryLabel } from "./app-categories.js";

const URL_LABELS: Array<[keyof AppDetails["urls"], Translatable]> = [
    ["homepage", N_("Website")],
    ["help", N_("Help")],
    ["bugtracker", N_("Report a problem")],
    ["donation", N_("Donate")],
];

function formatDate(date: string | null): string | null {
    if (!date) return null;
    const d = new Date(date);
    if (Number.isNaN(d.getTime())) return null;
    return d.toLocaleDateString(window.cockpit?.language || undefined, {
        year: "numeric",
        month: "short",
        day: "numeric",
    });
}

/** Screenshots, links, categories and the latest release: the top of the Overview tab. */
export function AppOverview({ app }: { app: AppDetails }) {
    const links = URL_LABELS.filter(([k]) => app.urls[k] && /^https?:\/\//.test(app.urls[k] as string));
    const release = app.releases[0];
    const date = release ? formatDate(release.date) : null;
    return (
        <div className="apt-app-overview" data-testid="app-overview">
            {app.screenshots.length > 0 && <ScreenshotCarousel screenshots={app.screenshots} appName={app.name} />}
            {app.description && (
                <Content className="apt-long-description" data-testid="app-description">
                    {app.description.split(/\n\n+/).map((para, i) => (
                        <p key={i}>{para}</p>
                    ))}
                </Content>
            )}
            {release && (
                <Content className="apt-app-release" data-testid="app-release">
                    <p>
                        <strong>
                            {date
                                ? fmt(_("Version $0, released $1"), release.version, date)
                                : fmt(_("Version $0"), release.version)}
                        </strong>
                    </p>
                    {release.description && <p>{release.description}</p>}
                </Content>
            )}
            {(links.length > 0 || app.categories.length > 0) && (
                <Flex spaceItems={{ default: "spaceItemsMd" }} className="apt-app-links">
                    {links.map(([k, label]) => (
                        <FlexItem key={k}>
                            <a
                                href={app.urls[k]}
                                target="_blank"
                                rel="noopener noreferrer"
                                data-testid={`app-url-${k}`}
                            >
                                {_(label)}
                            </a>
                        </FlexItem>
                    ))}
                    {app.categories.length > 0 && (
                        <FlexItem className="apt-app-categories">
                            {app.categories.map(appCategoryLabel).join(", ")}
                        </FlexItem>
                    )}
                </Flex>
            )}
        </div>
    );
}
