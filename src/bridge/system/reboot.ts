// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whether the host needs a reboot: /run/reboot-required (written by
 * packages' postinst through update-notifier-common's hooks) with the
 * packages named in /run/reboot-required.pkgs, and the running kernel
 * against the newest installed kernel of the same flavour.
 */
import fs from "node:fs";
import os from "node:os";
import { compareVersions } from "../apt/version.js";
import { hostPath, systemRoot } from "./root.js";

export interface RebootRequiredFile {
    required: boolean;
    packages: string[];
}

export function readRebootRequired(): RebootRequiredFile {
    const required = fs.existsSync(hostPath("/run/reboot-required"));
    let packages: string[] = [];
    try {
        const text = fs.readFileSync(hostPath("/run/reboot-required.pkgs"), "utf8");
        packages = [
            ...new Set(
                text
                    .split("\n")
                    .map((l) => l.trim())
                    .filter(Boolean)
            ),
        ];
    } catch {
        /* no packages named */
    }
    return { required, packages };
}

export function runningKernel(): string | null {
    try {
        const release = fs.readFileSync(hostPath("/proc/sys/kernel/osrelease"), "utf8").trim();
        if (release) return release;
    } catch {
        /* fall back to uname, unless a test root stands in for the host */
    }
    return systemRoot() === "/" ? os.release() : null;
}

/**
 * "6.1.0-27-amd64" -> "-amd64", "6.6.51+rpt-rpi-v8" -> "+rpt-rpi-v8": what is
 * left without the version. A Raspberry Pi has several flavours installed
 * (rpi-v8, rpi-2712) and runs one; only that one's versions count.
 */
export function kernelFlavour(release: string): string {
    return release.replace(/^\d+(?:\.\d+)*(?:-\d+)?/, "");
}

/** Kernel releases installed: /boot/vmlinuz-* and /lib/modules/* (or /usr/lib/modules) that hold modules. */
export function installedKernels(): string[] {
    const found = new Set<string>();
    try {
        for (const f of fs.readdirSync(hostPath("/boot")))
            if (f.startsWith("vmlinuz-") && f.length > 8) found.add(f.slice(8));
    } catch {
        /* no /boot */
    }
    for (const dir of ["/lib/modules", "/usr/lib/modules"]) {
        let entries: string[] = [];
        try {
            entries = fs.readdirSync(hostPath(dir));
        } catch {
            continue;
        }
        // A removed kernel can leave its directory behind (DKMS builds, ...): count it only with its modules.
        for (const e of entries) {
            if (fs.existsSync(hostPath(`${dir}/${e}/modules.dep`)) || fs.existsSync(hostPath(`${dir}/${e}/kernel`)))
                found.add(e);
        }
    }
    return [...found];
}

/** The newest installed kernel of the running one's flavour (all of them when the running one is unknown). */
export function newestKernel(running: string | null, installed: readonly string[]): string | null {
    const flavour = running === null ? null : kernelFlavour(running);
    let best: string | null = null;
    for (const k of installed) {
        if (flavour !== null && kernelFlavour(k) !== flavour) continue;
        if (best === null || compareVersions(k, best) > 0) best = k;
    }
    return best;
}
