// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Icons of stores, custom sections and categories: either a PatternFly icon
 * name ("MapIcon") from a curated set (importing all 5,000+ icons would bloat
 * the bundle), or an absolute asset path under /usr/share/container-stores/,
 * read through cockpit.file (the page cannot fetch host files by URL).
 */
import React, { useEffect, useState } from "react";
import AnchorIcon from "@patternfly/react-icons/dist/esm/icons/anchor-icon";
import BoxIcon from "@patternfly/react-icons/dist/esm/icons/box-icon";
import ChartLineIcon from "@patternfly/react-icons/dist/esm/icons/chart-line-icon";
import CloudIcon from "@patternfly/react-icons/dist/esm/icons/cloud-icon";
import CodeIcon from "@patternfly/react-icons/dist/esm/icons/code-icon";
import CogIcon from "@patternfly/react-icons/dist/esm/icons/cog-icon";
import CompassIcon from "@patternfly/react-icons/dist/esm/icons/compass-icon";
import CubeIcon from "@patternfly/react-icons/dist/esm/icons/cube-icon";
import CubesIcon from "@patternfly/react-icons/dist/esm/icons/cubes-icon";
import DatabaseIcon from "@patternfly/react-icons/dist/esm/icons/database-icon";
import DesktopIcon from "@patternfly/react-icons/dist/esm/icons/desktop-icon";
import FolderIcon from "@patternfly/react-icons/dist/esm/icons/folder-icon";
import GlobeIcon from "@patternfly/react-icons/dist/esm/icons/globe-icon";
import HeartbeatIcon from "@patternfly/react-icons/dist/esm/icons/heartbeat-icon";
import HomeIcon from "@patternfly/react-icons/dist/esm/icons/home-icon";
import LayerGroupIcon from "@patternfly/react-icons/dist/esm/icons/layer-group-icon";
import MapIcon from "@patternfly/react-icons/dist/esm/icons/map-icon";
import MapMarkedAltIcon from "@patternfly/react-icons/dist/esm/icons/map-marked-alt-icon";
import MonitoringIcon from "@patternfly/react-icons/dist/esm/icons/monitoring-icon";
import NetworkIcon from "@patternfly/react-icons/dist/esm/icons/network-icon";
import RouteIcon from "@patternfly/react-icons/dist/esm/icons/route-icon";
import SatelliteIcon from "@patternfly/react-icons/dist/esm/icons/satellite-icon";
import ServerIcon from "@patternfly/react-icons/dist/esm/icons/server-icon";
import ShieldAltIcon from "@patternfly/react-icons/dist/esm/icons/shield-alt-icon";
import ShipIcon from "@patternfly/react-icons/dist/esm/icons/ship-icon";
import SignalIcon from "@patternfly/react-icons/dist/esm/icons/signal-icon";
import TachometerAltIcon from "@patternfly/react-icons/dist/esm/icons/tachometer-alt-icon";
import TerminalIcon from "@patternfly/react-icons/dist/esm/icons/terminal-icon";
import ThermometerHalfIcon from "@patternfly/react-icons/dist/esm/icons/thermometer-half-icon";
import ToolsIcon from "@patternfly/react-icons/dist/esm/icons/tools-icon";
import WaterIcon from "@patternfly/react-icons/dist/esm/icons/water-icon";
import WifiIcon from "@patternfly/react-icons/dist/esm/icons/wifi-icon";
import WindIcon from "@patternfly/react-icons/dist/esm/icons/wind-icon";
import WrenchIcon from "@patternfly/react-icons/dist/esm/icons/wrench-icon";
import { cockpit } from "../cockpit.js";
import { assetFile } from "../state/asset-directory.js";

import type { SVGIconProps } from "@patternfly/react-icons/dist/esm/createIcon";

export type IconComponent = React.ComponentType<SVGIconProps>;

export const ICONS: Record<string, IconComponent> = {
    AnchorIcon,
    BoxIcon,
    ChartLineIcon,
    CloudIcon,
    CodeIcon,
    CogIcon,
    CompassIcon,
    CubeIcon,
    CubesIcon,
    DatabaseIcon,
    DesktopIcon,
    FolderIcon,
    GlobeIcon,
    HeartbeatIcon,
    HomeIcon,
    LayerGroupIcon,
    MapIcon,
    MapMarkedAltIcon,
    MonitoringIcon,
    NetworkIcon,
    RouteIcon,
    SatelliteIcon,
    ServerIcon,
    ShieldAltIcon,
    ShipIcon,
    SignalIcon,
    TachometerAltIcon,
    TerminalIcon,
    ThermometerHalfIcon,
    ToolsIcon,
    WaterIcon,
    WifiIcon,
    WindIcon,
    WrenchIcon,
};

const MIME: Record<string, string> = {
    svg: "image/svg+xml",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    webp: "image/webp",
    gif: "image/gif",
};

function toBase64(bytes: Uint8Array): string {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
}

/** Reads an asset file into a data: URL; null until loaded or when it cannot be read. */
export function useAssetUrl(path: string | null): string | null {
    const [url, setUrl] = useState<string | null>(null);
    useEffect(() => {
        setUrl(null);
        const file = path ? assetFile(path) : null;
        if (!path || !file) return;
        const mime = MIME[path.split(".").pop()?.toLowerCase() ?? ""];
        if (!mime) return;
        let live = true;
        try {
            const handle = cockpit().file(file, { binary: true, max_read_size: 1024 * 1024 }) as unknown as {
                read(): PromiseLike<Uint8Array | null>;
                close(): void;
            };
            handle.read().then(
                (data) => {
                    handle.close();
                    if (!live || !data) return;
                    // A data: URL, not a blob: one: Cockpit's Content-Security-Policy allows img-src 'self' data: only.
                    setUrl(`data:${mime};base64,${toBase64(data)}`);
                },
                () => handle.close()
            );
        } catch {
            /* missing asset: the fallback icon stays */
        }
        return () => {
            live = false;
        };
    }, [path]);
    return url;
}

export function StoreIcon({
    icon,
    fallback = CubesIcon,
    size = 16,
}: {
    icon: string | null | undefined;
    fallback?: IconComponent;
    size?: number;
}) {
    const assetUrl = useAssetUrl(icon && icon.startsWith("/") ? icon : null);
    if (icon && ICONS[icon]) {
        const Icon = ICONS[icon];
        return <Icon aria-hidden />;
    }
    if (assetUrl) return <img src={assetUrl} alt="" width={size} height={size} style={{ verticalAlign: "middle" }} />;
    const Fallback = fallback;
    return <Fallback aria-hidden />;
}
