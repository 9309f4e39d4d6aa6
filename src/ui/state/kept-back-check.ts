// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Why an update is kept back is APT's simulation of "Upgrade all": seconds,
 * on a Raspberry Pi up to a minute, once after every change (its answer is
 * kept until a file it read changes). The Updates tab and an update's
 * details do not wait for it: they ask at once for what is known without it
 * (`--no-kept-back`), and only when that answer says `keptBackPending` the
 * same request again with APT asked, whose answer then replaces the first.
 */
import { useRequest, type Request } from "./useRequest.js";

export interface KeptBackChecked<T> extends Request<T> {
    /** APT has yet to answer: the data is the first answer's (only "held" known). */
    checking: boolean;
    /** Asking APT failed: its request (error, reload); null otherwise. */
    checkFailed: Request<T> | null;
}

/**
 * `key`'s request at once (`atOnce`), then with APT asked (`asking`) when the first answer says
 * keptBackPending and `needed` says it matters. Status, error, reload and dataKey are the first
 * request's: the second only completes its data.
 */
export function useKeptBackCheck<T extends { keptBackPending?: true }>(
    key: string,
    atOnce: ((signal: AbortSignal) => Promise<T>) | null,
    asking: ((signal: AbortSignal) => Promise<T>) | null,
    needed: (first: T) => boolean = () => true
): KeptBackChecked<T> {
    const first = useRequest<T>(key, atOnce);
    const checkKey = `${key}:kept-back`;
    const pending =
        asking !== null && first.dataKey === key && first.data?.keptBackPending === true && needed(first.data);
    const checked = useRequest<T>(pending ? checkKey : "none", pending ? asking : null);
    const answered = pending && checked.dataKey === checkKey ? checked.data : null;
    return {
        ...first,
        data: answered ?? first.data,
        checking: pending && answered === null,
        checkFailed: pending && checked.status === "error" ? checked : null,
    };
}
