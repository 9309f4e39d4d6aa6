// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `automatic-updates show` and `set`: our settings written into our two
 * files, and the effective ones read back through APT and systemd.
 */
import fs from "node:fs";
import type {
    AutomaticUpdatesOverride,
    AutomaticUpdatesResponse,
    AutomaticUpdatesSettings,
} from "../../protocol/index.js";
import { AptConfig } from "../apt/config.js";
import { systemctl, systemdAvailable } from "../system/systemd.js";
import { lastRun } from "./last-run.js";
import { distribution } from "./origins.js";
import { filesReadAfter, overridingFile } from "./overrides.js";
import { configFilePath, timerDropInPath, TIMER_UNIT, UNATTENDED_UPGRADE } from "./paths.js";
import { DEFAULT_SETTINGS, effectiveAptSettings, readOurs, renderConfig, SETTING_KEYS } from "./settings.js";
import { calendarTime, readOurDropIn, readTimerFromSystemd, renderDropIn } from "./timer.js";
import { writeConfigFile } from "./write-file.js";

export function showAutomaticUpdates(): AutomaticUpdatesResponse {
    const config = AptConfig.load();
    const configFile = configFilePath(config);
    const dropIn = timerDropInPath();
    const ours = readOurs(configFile);
    const ourTime = readOurDropIn(dropIn);
    if (ours) ours.time = ourTime;
    const systemd = systemdAvailable();
    const timer = systemd ? readTimerFromSystemd() : null;
    // Without systemd nothing runs the timer; the drop-in is what it would use.
    const time = timer ? calendarTime(timer.values) : ourTime;
    const effective: AutomaticUpdatesSettings = { ...effectiveAptSettings(config), time };

    const overrides: AutomaticUpdatesOverride[] = [];
    if (ours) {
        const later = filesReadAfter(config, configFile);
        for (const setting of Object.keys(SETTING_KEYS) as Array<keyof typeof SETTING_KEYS>) {
            if (effective[setting] !== ours[setting])
                overrides.push({ setting, file: overridingFile(later, SETTING_KEYS[setting]) });
        }
        if (timer && ours.time !== null && effective.time !== ours.time)
            overrides.push({ setting: "time", file: timer.file });
    }
    return {
        installed: fs.existsSync(UNATTENDED_UPGRADE),
        effective,
        ours,
        overrides,
        configFile,
        timerDropIn: dropIn,
        systemdAvailable: systemd,
        timerCalendar: timer ? timer.values : null,
        lastRun: lastRun(config),
    };
}

/** Writes our settings: unspecified ones keep our file's values (or the defaults). */
export function setAutomaticUpdates(changes: Partial<AutomaticUpdatesSettings>): AutomaticUpdatesResponse {
    const config = AptConfig.load();
    const configFile = configFilePath(config);
    const dropIn = timerDropInPath();
    const previous = readOurs(configFile);
    const base: AutomaticUpdatesSettings = { ...DEFAULT_SETTINGS, ...previous, time: readOurDropIn(dropIn) };
    const next: AutomaticUpdatesSettings = { ...base, ...changes };
    writeConfigFile(configFile, renderConfig(next, distribution()));
    if (next.time !== null) {
        writeConfigFile(dropIn, renderDropIn(next.time));
        if (systemdAvailable()) {
            // The new OnCalendar= counts once systemd has read it; the timer then computes its next elapse.
            systemctl(["daemon-reload"]);
            systemctl(["try-restart", "--", TIMER_UNIT]);
        }
    }
    return showAutomaticUpdates();
}
