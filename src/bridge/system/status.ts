// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `system status`: does the host need a reboot or service restarts after
 * upgrades, and when did APT last update its lists and upgrade packages.
 */
import type { SystemStatus } from "../../protocol/index.js";
import { AptConfig } from "../apt/config.js";
import { listsUpdated, lastUpgrade } from "./apt-times.js";
import { needrestartPath, runNeedrestart } from "./needrestart.js";
import { installedKernels, newestKernel, readRebootRequired, runningKernel } from "./reboot.js";
import { systemdAvailable } from "./systemd.js";
import { compareVersions } from "../apt/version.js";

/** `quick` leaves needrestart out: it takes seconds (12 s measured on a loaded 2-core machine). */
export function systemStatus(options: { quick: boolean }): SystemStatus {
    const config = AptConfig.load();
    const file = readRebootRequired();
    const running = runningKernel();
    const newest = newestKernel(running, installedKernels());
    const reasons = [...file.packages];
    let kernelPending = running !== null && newest !== null && compareVersions(newest, running) > 0;

    const program = needrestartPath();
    let servicesChecked = false;
    let services: string[] = [];
    let microcodePending = false;
    if (program !== null && !options.quick) {
        const report = runNeedrestart(program);
        if (report !== null) {
            servicesChecked = true;
            services = report.services;
            if (report.kernelStatus === 2 || report.kernelStatus === 3) kernelPending = true;
            microcodePending = report.microcodeStatus === 2;
        }
    }
    if (kernelPending) reasons.push("kernel");
    if (microcodePending) reasons.push("microcode");
    return {
        rebootRequired: file.required || kernelPending || microcodePending,
        rebootReasons: [...new Set(reasons)],
        runningKernel: running,
        newestKernel: newest,
        servicesToRestart: services.map((unit) => ({ unit, packages: [] })),
        servicesChecked,
        needrestartAvailable: program !== null,
        systemdAvailable: systemdAvailable(),
        listsUpdated: listsUpdated(config),
        lastUpgrade: lastUpgrade(config),
    };
}
