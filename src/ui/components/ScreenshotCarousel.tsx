// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An app's screenshots, one at a time with Previous / Next. A boat is often
 * offline: every image is loaded off-screen first (new Image()) and shown
 * only once it has loaded, so an unreachable one never appears as a broken
 * image and nothing waits on the network; one that has not loaded within
 * LOAD_TIMEOUT_MS is given up. When none loads, there is no carousel at all.
 * Loading starts only when the carousel scrolls into view (phone screens).
 */
import React, { useEffect, useRef, useState } from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import AngleLeftIcon from "@patternfly/react-icons/dist/esm/icons/angle-left-icon";
import AngleRightIcon from "@patternfly/react-icons/dist/esm/icons/angle-right-icon";
import type { AppScreenshot } from "../../protocol/index.js";
import { _, fmt } from "../cockpit.js";

export const LOAD_TIMEOUT_MS = 10_000;

/** The image shown: the thumbnail (smaller, faster) when there is one. */
const shown = (s: AppScreenshot) => s.thumbnail ?? s.image;

/** The screenshots whose image has loaded, in their order; starts once `start` is true. */
function useLoadedScreenshots(screenshots: readonly AppScreenshot[], start: boolean): AppScreenshot[] {
    const [loaded, setLoaded] = useState<ReadonlySet<string>>(new Set());
    useEffect(() => {
        if (!start) return;
        let live = true;
        const images: HTMLImageElement[] = [];
        const timers: number[] = [];
        for (const s of screenshots) {
            const url = shown(s);
            if (!/^(https:|data:image\/)/.test(url)) continue;
            const img = new Image();
            images.push(img);
            const timer = window.setTimeout(() => {
                img.src = ""; // give up: stop the request
            }, LOAD_TIMEOUT_MS);
            timers.push(timer);
            img.onload = () => {
                window.clearTimeout(timer);
                if (live && img.naturalWidth > 0) setLoaded((prev) => new Set(prev).add(url));
            };
            img.onerror = () => window.clearTimeout(timer);
            img.referrerPolicy = "no-referrer";
            img.src = url;
        }
        return () => {
            live = false;
            timers.forEach((t) => window.clearTimeout(t));
            for (const img of images) {
                img.onload = null;
                img.onerror = null;
            }
        };
    }, [screenshots, start]);
    return screenshots.filter((s) => loaded.has(shown(s)));
}

/** Whether the element has come into view (at once where IntersectionObserver is missing). */
function useInView(ref: React.RefObject<HTMLElement>): boolean {
    const [seen, setSeen] = useState(typeof IntersectionObserver === "undefined");
    useEffect(() => {
        if (seen || !ref.current) return;
        const observer = new IntersectionObserver(
            (entries) => {
                if (entries.some((e) => e.isIntersecting)) setSeen(true);
            },
            { rootMargin: "200px" }
        );
        observer.observe(ref.current);
        return () => observer.disconnect();
    }, [ref, seen]);
    return seen;
}

export function ScreenshotCarousel({
    screenshots,
    appName,
}: {
    screenshots: readonly AppScreenshot[];
    appName: string;
}) {
    const ref = useRef<HTMLDivElement>(null);
    const inView = useInView(ref);
    const ready = useLoadedScreenshots(screenshots, inView);
    const [index, setIndex] = useState(0);
    const at = Math.min(index, Math.max(0, ready.length - 1));
    const current = ready[at];
    return (
        <div ref={ref} className="apt-screenshots" data-testid="screenshots" data-loaded={ready.length}>
            {current && (
                <figure
                    className="apt-screenshot"
                    aria-roledescription={_("carousel")}
                    aria-label={fmt(_("Screenshots of $0"), appName)}
                >
                    <img
                        src={shown(current)}
                        alt={current.caption || fmt(_("Screenshot of $0"), appName)}
                        className="apt-screenshot-image"
                        data-testid="screenshot"
                        referrerPolicy="no-referrer"
                    />
                    <figcaption className="apt-screenshot-caption">
                        {ready.length > 1 && (
                            <Button
                                variant="plain"
                                size="sm"
                                onClick={() => setIndex((at - 1 + ready.length) % ready.length)}
                                aria-label={_("Previous screenshot")}
                                icon={<AngleLeftIcon />}
                            />
                        )}
                        <span>
                            {current.caption}
                            {ready.length > 1 && (
                                <span className="apt-screenshot-count">{fmt(_("$0 of $1"), at + 1, ready.length)}</span>
                            )}
                        </span>
                        {ready.length > 1 && (
                            <Button
                                variant="plain"
                                size="sm"
                                onClick={() => setIndex((at + 1) % ready.length)}
                                aria-label={_("Next screenshot")}
                                icon={<AngleRightIcon />}
                            />
                        )}
                    </figcaption>
                </figure>
            )}
        </div>
    );
}
