// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * AppStream categories (the freedesktop.org menu categories an app lists)
 * as browse cards: a translated label for the main and common additional
 * categories, a PatternFly icon name (StoreIcon.tsx) for each; others are
 * shown with their name split into words ("WebDevelopment" -> "Web Development").
 */
import { _, N_, type Translatable } from "../cockpit.js";

export const APP_CATEGORY_PREFIX = "app::";

const LABELS: Record<string, Translatable> = {
    AudioVideo: N_("Audio & Video"),
    Audio: N_("Audio"),
    Video: N_("Video"),
    Development: N_("Development"),
    Education: N_("Education"),
    Game: N_("Games"),
    Graphics: N_("Graphics"),
    Network: N_("Networking"),
    Office: N_("Office"),
    Science: N_("Science"),
    Settings: N_("Settings"),
    System: N_("System"),
    Utility: N_("Utilities"),
    Monitor: N_("Monitoring"),
    WebDevelopment: N_("Web development"),
    Database: N_("Databases"),
    Security: N_("Security"),
    Maps: N_("Maps"),
    Geography: N_("Geography"),
    RemoteAccess: N_("Remote access"),
    FileTransfer: N_("File transfer"),
    Chat: N_("Chat"),
    Email: N_("Email"),
    InstantMessaging: N_("Instant messaging"),
    Finance: N_("Finance"),
    HomeAutomation: N_("Home automation"),
};

const ICONS: Record<string, string> = {
    AudioVideo: "SignalIcon",
    Audio: "SignalIcon",
    Development: "CodeIcon",
    WebDevelopment: "CodeIcon",
    Network: "NetworkIcon",
    RemoteAccess: "NetworkIcon",
    FileTransfer: "NetworkIcon",
    System: "ServerIcon",
    Monitor: "MonitoringIcon",
    Utility: "ToolsIcon",
    Settings: "CogIcon",
    Database: "DatabaseIcon",
    Security: "ShieldAltIcon",
    Maps: "MapIcon",
    Geography: "MapMarkedAltIcon",
    Science: "ChartLineIcon",
    Office: "DesktopIcon",
    HomeAutomation: "HomeIcon",
};

export function appCategoryLabel(id: string): string {
    const label = Object.hasOwn(LABELS, id) ? LABELS[id] : undefined;
    return label ? _(label) : id.replace(/([a-z])([A-Z])/g, "$1 $2");
}

export function appCategoryIcon(id: string): string {
    return (Object.hasOwn(ICONS, id) ? ICONS[id] : undefined) ?? "CubesIcon";
}
