// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * COCKPIT_APT_TRACE=1: each step of a request on stderr, with the time since
 * Node started and the page faults so far. On small virtual machines the
 * first touch of a page of memory costs more than most of the computing, so
 * a step's faults say as much about its cost as its time.
 */
const enabled = Boolean(process.env.COCKPIT_APT_TRACE);

export function trace(step: string): void {
    if (!enabled) return;
    const faults = process.resourceUsage().minorPageFault;
    const m = process.memoryUsage();
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    process.stderr.write(
        `cockpit-apt-bridge trace: ${performance.now().toFixed(1).padStart(7)} ms ${String(faults).padStart(6)} faults  rss ${mb(m.rss)} heap ${mb(m.heapUsed)} external ${mb(m.external)}  ${step}\n`
    );
}
