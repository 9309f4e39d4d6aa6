// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who holds APT's or dpkg's lock. APT and dpkg lock with fcntl (F_SETLK)
 * record locks on lock-frontend, lock (the admin directory), lists/lock and
 * archives/lock. When it cannot get one, APT says which process holds it
 * (apt-pkg/contrib/fileutl.cc GetLock, from F_GETLK):
 *
 *   E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1234 (apt-get)
 *
 * That sentence is the primary source; /proc/locks (device:inode -> pid) is
 * the fallback for the forms without a pid ("Unable to acquire the dpkg
 * frontend lock ..., is another process using it?").
 */
import fs from "node:fs";

export interface LockHolder {
    lockFile: string | null;
    pid: number | null;
    /** The holder's process name (/proc/<pid>/comm), e.g. "apt-get", "unattended-upgr". */
    command: string | null;
    /** Its full command line, when readable. */
    commandLine: string | null;
}

const HELD = /Could not get lock (.+?)\. It is held by process (\d+)(?: \((.*)\))?\s*$/m;
const UNABLE =
    /(?:Unable to acquire the dpkg frontend lock|Unable to lock the administration directory|Unable to lock directory) \(?([^),]+)\)?/m;
const COULD_NOT = /Could not get lock (\S+?)\.?\s*$/m;
// dpkg's own wording (dpkg --configure -a during repair): "dpkg: error: dpkg frontend lock was locked by another process with pid 1234"
const DPKG_LOCKED =
    /dpkg: error: (?:dpkg )?(frontend lock|lock)[^\n]*?(?:locked|held) by another process(?: with pid (\d+))?/m;

/** The lock APT names in its error output, or null when the output is about something else. */
export function parseLockMessage(text: string): LockHolder | null {
    const held = HELD.exec(text);
    if (held) {
        const pid = Number(held[2]);
        const info = processInfo(pid);
        return { lockFile: held[1] as string, pid, command: held[3] ?? info.command, commandLine: info.commandLine };
    }
    const dpkg = DPKG_LOCKED.exec(text);
    if (dpkg) {
        const pid = dpkg[2] !== undefined ? Number(dpkg[2]) : null;
        return { lockFile: null, pid, ...(pid !== null ? processInfo(pid) : { command: null, commandLine: null }) };
    }
    const other = COULD_NOT.exec(text) ?? UNABLE.exec(text);
    if (other) {
        const lockFile = (other[1] as string).trim();
        const found = findLockHolder(lockFile.endsWith("/") ? lockFile + "lock" : lockFile);
        return found ?? { lockFile, pid: null, command: null, commandLine: null };
    }
    return null;
}

export function processInfo(pid: number): { command: string | null; commandLine: string | null } {
    let command: string | null = null;
    let commandLine: string | null = null;
    try {
        command = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() || null;
    } catch {
        /* gone, or another pid namespace */
    }
    try {
        commandLine =
            fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 500) || null;
    } catch {
        /* same */
    }
    return { command, commandLine };
}

/** Parses /proc/locks text into (dev major:minor as numbers, inode) -> pid of a POSIX/OFD lock holder. */
export function parseProcLocks(text: string): Array<{ major: number; minor: number; inode: number; pid: number }> {
    const out: Array<{ major: number; minor: number; inode: number; pid: number }> = [];
    for (const line of text.split("\n")) {
        // "1: POSIX  ADVISORY  WRITE 1234 08:01:131090 0 EOF"; "-> " lines are waiters, skipped
        const m = /^\d+:\s+(?:POSIX|OFDLCK|FLOCK)\s+\S+\s+\S+\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
        if (!m) continue;
        out.push({
            pid: Number(m[1]),
            major: parseInt(m[2] as string, 16),
            minor: parseInt(m[3] as string, 16),
            inode: Number(m[4]),
        });
    }
    return out;
}

/** The process holding a lock on `file` according to /proc/locks, or null. */
export function findLockHolder(file: string): LockHolder | null {
    let st: fs.BigIntStats;
    let text: string;
    try {
        st = fs.statSync(file, { bigint: true });
        text = fs.readFileSync("/proc/locks", "utf8");
    } catch {
        return null;
    }
    // st.dev is the kernel's new_encode_dev: minor low 8 bits | major << 8 | (minor >> 8) << 20
    const dev = Number(st.dev);
    const major = (dev >> 8) & 0xfff;
    const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
    const inode = Number(st.ino);
    for (const l of parseProcLocks(text)) {
        if (l.inode === inode && l.major === major && l.minor === minor && l.pid > 0) {
            return { lockFile: file, pid: l.pid, ...processInfo(l.pid) };
        }
    }
    return null;
}
