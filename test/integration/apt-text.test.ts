// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UTF-8 text as APT shows it (issue 12 item 9): Debian maintainers with
 * accented names, summaries and long descriptions outside ASCII, in a
 * repository's Packages file and in dpkg's status once installed; the bridge
 * must show exactly what apt-cache shows, and find it by a UTF-8 search word.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageDetailsResponse, PackageListResponse } from "../../src/protocol/index.js";
import { PROJECT_ROOT, createSandbox, type Sandbox } from "../support/sandbox.js";

const MAINTAINER = "Héctor Orón Martínez <zumbi@example.org>";
const SUMMARY = "Café für Größe – 陳昌倬 “quoted” ünïcödé";
const LONG = "Ein längerer Text über Größen.\nΑυτό είναι ελληνικά — ok.";

let sb: Sandbox;
beforeAll(async () => {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, "build.mjs")], { stdio: "pipe" });
    sb = await createSandbox({
        repos: [
            {
                name: "main",
                origin: "Tëst Örigin",
                label: "Tëst",
                suite: "stable",
                packages: [
                    {
                        name: "cafe-app",
                        version: "1.0",
                        maintainer: MAINTAINER,
                        summary: SUMMARY,
                        longDescription: LONG,
                    },
                    {
                        name: "cafe-installed",
                        version: "1.0",
                        maintainer: MAINTAINER,
                        summary: `${SUMMARY} (installed)`,
                        longDescription: LONG,
                    },
                ],
            },
        ],
    });
    const r = await sb.bridge(["operations", "install", "--", "cafe-installed"]);
    expect(r.status, r.stderr).toBe(0);
}, 600_000);
afterAll(() => sb?.cleanup());

async function aptShow(name: string): Promise<Map<string, string>> {
    const r = await sb.aptCache(["show", "--no-all-versions", name]);
    const fields = new Map<string, string>();
    for (const line of r.stdout.split("\n")) {
        const m = /^([A-Za-z-]+): (.*)$/.exec(line);
        if (m) fields.set((m[1] as string).toLowerCase(), m[2] as string);
    }
    return fields;
}

describe("UTF-8 names and descriptions", () => {
    for (const name of ["cafe-app", "cafe-installed"]) {
        it(`${name}: details and lists show what apt-cache shows`, async () => {
            const apt = await aptShow(name);
            expect(apt.get("maintainer")).toBe(MAINTAINER);
            const d = ((await sb.bridge(["packages", "details", name])).json as PackageDetailsResponse).package;
            expect(d.maintainer).toBe(apt.get("maintainer"));
            expect(d.summary).toBe(apt.get("description"));
            expect(d.description).toContain("Größen");
            expect(d.description).toContain("ελληνικά");
            const list = (await sb.bridge(["packages", "filter", "--tab", "browse"])).json as PackageListResponse;
            expect(list.packages.find((p) => p.name === name)?.summary).toBe(apt.get("description"));
            expect(list.packages.find((p) => p.name === name)?.origin?.origin).toBe("Tëst Örigin");
        });
    }

    it("a UTF-8 search word finds them, in any case", async () => {
        for (const word of ["größe", "Größe", "陳昌倬", "ÜNÏCÖDÉ"]) {
            const r = (await sb.bridge(["packages", "search", "--", word])).json as PackageListResponse;
            expect(r.packages.map((p) => p.name).sort(), word).toEqual(["cafe-app", "cafe-installed"]);
        }
    });
});
