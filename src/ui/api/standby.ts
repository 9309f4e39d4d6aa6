// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A spare bridge process, started while the user types or points and given
 * the next read request once it is known (`cockpit-apt-bridge standby`,
 * protocol STANDBY_COMMANDS). bench:e2e: a search's `packages filter` took
 * ~300 ms from spawn to first output, ~200 of it Node's start and Cockpit's
 * spawn; a standby answers in ~60 ms of its own. At most one spare at a time,
 * only while the page is used (the page calls `prepare` on input and pointer
 * moves), and only while younger than STANDBY_USE_MS: the bridge lets an
 * unused one go after STANDBY_IDLE_MS, so an idle page keeps no process.
 * Still one request per process: a spare is used once.
 */
import { STANDBY_COMMANDS, STANDBY_USE_MS } from "../../protocol/index.js";
import type { CockpitProcess } from "../cockpit.js";

interface Spare {
    proc: CockpitProcess;
    born: number;
    ended: boolean;
}

const standbyCommand = (args: readonly string[]) => STANDBY_COMMANDS.some((w) => w.every((x, k) => args[k] === x));

export class StandbyPool {
    private spare: Spare | null = null;

    /** `spawn`: starts `cockpit-apt-bridge standby` (superuser "try": the reads' own). */
    constructor(private readonly spawn: () => CockpitProcess) {}

    private usable(s: Spare | null): s is Spare {
        return s !== null && !s.ended && performance.now() - s.born < STANDBY_USE_MS;
    }

    /** Makes sure a spare is starting or ready (cheap when one is). */
    prepare(): void {
        if (this.usable(this.spare)) return;
        this.release();
        let proc: CockpitProcess;
        try {
            proc = this.spawn();
        } catch {
            return; // no Cockpit channel now: requests spawn as they always did
        }
        const spare: Spare = { proc, born: performance.now(), ended: false };
        const ended = () => {
            spare.ended = true;
            if (this.spare === spare) this.spare = null;
        };
        proc.then(ended, ended);
        this.spare = spare;
    }

    /**
     * The spare for a read request `args` (one of STANDBY_COMMANDS), taken: the caller sends it the
     * request as JSON (proc.input) after attaching its stream. Null when there is none to take.
     */
    take(args: readonly string[]): CockpitProcess | null {
        const spare = this.spare;
        if (!this.usable(spare) || !standbyCommand(args)) return null;
        this.spare = null;
        return spare.proc;
    }

    /** Lets the spare go (the page is done with it); the bridge exits quietly. */
    release(): void {
        const spare = this.spare;
        this.spare = null;
        if (spare && !spare.ended) spare.proc.close();
    }
}
