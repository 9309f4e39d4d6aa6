// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A preview of the next automatic run: `unattended-upgrade --dry-run`, run
 * through Debian's own python3 so that it can be pointed at a root.
 *
 * unattended-upgrade does not honour APT_CONFIG's Dir: it opens
 * apt.Cache(rootdir="/"), which sets Dir back to "/" (measured: a dry run
 * with a sandbox's APT_CONFIG simulated upgrades of the host's packages). So
 * the module is loaded from /usr/bin/unattended-upgrade and its main() is
 * called with rootdir = APT's Dir, and for a root other than "/" its
 * hard-coded /var/run paths (lock, pid, progress, reboot-required) are moved
 * into that root. A dry run still logs its simulated transaction in APT's
 * history log and its own log; both go to a temporary directory here, so
 * that neither the last upgrade nor the last automatic run is faked by a
 * preview. It never fixes an interrupted dpkg (AutoFixInterruptedDpkg off):
 * a preview changes nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AutomaticUpdatesPreview } from "../../protocol/index.js";
import { BridgeError } from "../cli/errors.js";
import { execProgram } from "../system/exec.js";
import { UNATTENDED_UPGRADE } from "./paths.js";

const PYTHON = "/usr/bin/python3";

const DRY_RUN = String.raw`
import importlib.machinery, importlib.util, os, sys
import apt_pkg
program, tmp = sys.argv[1], sys.argv[2]
loader = importlib.machinery.SourceFileLoader("unattended_upgrade", program)
spec = importlib.util.spec_from_loader(loader.name, loader)
uu = importlib.util.module_from_spec(spec)
loader.exec_module(uu)
root = apt_pkg.config.find_dir("Dir").rstrip("/") or "/"
if root != "/":
    run = os.path.join(root, "var", "run")
    os.makedirs(run, exist_ok=True)
    uu.LOCK_FILE = os.path.join(run, "unattended-upgrades.lock")
    uu.PID_FILE = os.path.join(run, "unattended-upgrades.pid")
    uu.PROGRESS_LOG = os.path.join(run, "unattended-upgrades.progress")
    uu.REBOOT_REQUIRED_FILE = os.path.join(run, "reboot-required")
def quiet_logs():
    apt_pkg.config.set("Unattended-Upgrade::LogDir", tmp)
    apt_pkg.config.set("Dir::Log::History", os.path.join(tmp, "history.log"))
    apt_pkg.config.set("Dir::Log::Terminal", os.path.join(tmp, "term.log"))
    apt_pkg.config.set("Unattended-Upgrade::AutoFixInterruptedDpkg", "false")
    apt_pkg.config.set("Unattended-Upgrade::Mail", "")
setup = uu._setup_alternative_rootdir
def setup_then_quiet(rootdir):
    setup(rootdir)
    quiet_logs()
uu._setup_alternative_rootdir = setup_then_quiet
quiet_logs()
apt_pkg.config.set("Commandline::AsString", "unattended-upgrade --dry-run (cockpit-apt preview)")
os.environ["DEBIAN_FRONTEND"] = "noninteractive"
options = uu.Options()
options.dry_run = True
options.verbose = True
sys.exit(uu.main(options, root))
`;

/** "Packages that will be upgraded: a b c" lines of its output. */
export function parsePreviewOutput(text: string): string[] {
    const out: string[] = [];
    for (const line of text.split("\n")) {
        const m = /Packages that will be upgraded:\s*(.*)$/.exec(line);
        if (m) for (const p of (m[1] as string).split(/\s+/)) if (p && !out.includes(p)) out.push(p);
    }
    return out;
}

export function previewNextRun(): AutomaticUpdatesPreview {
    if (!fs.existsSync(UNATTENDED_UPGRADE)) {
        throw new BridgeError("APT_UNAVAILABLE", "unattended-upgrades is not installed", {
            program: UNATTENDED_UPGRADE,
        });
    }
    if (process.getuid && process.getuid() !== 0) {
        throw new BridgeError(
            "PERMISSION_DENIED",
            "A preview of the next automatic run needs administrative access (unattended-upgrade takes APT's lock)"
        );
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-uu-preview-"));
    try {
        const r = execProgram(PYTHON, ["-c", DRY_RUN, UNATTENDED_UPGRADE, tmp], { timeoutMs: 600_000 });
        if (r.missing) throw new BridgeError("APT_UNAVAILABLE", `${PYTHON} is not installed`, { program: PYTHON });
        const output = `${r.stdout}\n${r.stderr}`
            .split("\n")
            .filter((l) => l.trim() !== "")
            .slice(-500);
        return { ok: r.status === 0, packages: parsePreviewOutput(r.stdout + "\n" + r.stderr), output };
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
