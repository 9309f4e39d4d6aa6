// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge against libapt (python3-apt) on this machine's real index:
 * every package, every field the lists show. The host is only read.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bridgePackages, disagreements, ensurePythonApt, oracle } from "./apt-agreement.js";

describe("the bridge agrees with APT on the host's index", () => {
    beforeAll(() => ensurePythonApt());

    it("on every package: candidate, installed, upgradable, section, summary, origin, tags, security, held", async () => {
        // The host's own environment, with the default APT configuration.
        const env = { APT_CONFIG: "" };
        const apt = oracle(env);
        const bridge = await bridgePackages(env);
        // An empty index would make agreement trivial: insist on a real one.
        expect(apt.size).toBeGreaterThan(1000);
        const diff = disagreements(bridge, apt);
        expect(diff.slice(0, 50)).toEqual([]);
        expect(bridge.size).toBe(apt.size);
    });
});
