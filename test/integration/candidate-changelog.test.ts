// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `packages changelog NAME --candidate` through real `apt-get changelog`,
 * which fetches from the server a Release file's Changelogs field names: a
 * local HTTP server here (the entries newer than the installed version), a
 * server that has none (404), and one nobody listens on (unreachable).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CandidateChangelogResponse, ChangelogResponse, ErrorResponse } from "../../src/protocol/index.js";
import { PROJECT_ROOT, createSandbox, type Sandbox } from "../support/sandbox.js";
import { serveDirectory, type HttpRepository } from "../support/http-repository.js";

const entry = (v: string, text: string) =>
    `app (${v}) stable; urgency=medium\n\n  * ${text}\n\n -- Maintainer <m@example.org>  Sun, 29 Nov 2026 10:00:00 +0000\n\n`;

describe("the changelog of the version an upgrade installs", () => {
    let sb: Sandbox;
    let server: HttpRepository;
    let served: string;

    async function candidate(name: string, options = {}): Promise<CandidateChangelogResponse> {
        const r = await sb.bridge(["packages", "changelog", "--candidate", "--", name], options);
        expect(r.status, r.stdout + r.stderr).toBe(0);
        return r.json as CandidateChangelogResponse;
    }

    beforeAll(async () => {
        execFileSync(process.execPath, [path.join(PROJECT_ROOT, "build.mjs")], { stdio: "pipe" });
        served = fs.mkdtempSync(path.join(os.tmpdir(), "changelogs-"));
        fs.chmodSync(served, 0o755);
        server = await serveDirectory(served);
        sb = await createSandbox({
            repos: [
                {
                    name: "main",
                    // APT looks at a Release file's Changelogs field only when it has an Origin or Label
                    origin: "Test",
                    label: "Test",
                    changelogs: `${server.url}/@CHANGEPATH@_changelog`,
                    packages: [
                        { name: "app", version: "1.0" },
                        { name: "app", version: "2.0" },
                        { name: "nolog", version: "1.0" },
                    ],
                },
                {
                    name: "far",
                    origin: "Far",
                    changelogs: "http://127.0.0.1:9/@CHANGEPATH@_changelog",
                    packages: [{ name: "farapp", version: "1.0" }],
                },
            ],
        });
        fs.mkdirSync(path.join(served, "main/a/app"), { recursive: true });
        fs.writeFileSync(
            path.join(served, "main/a/app/app_2.0_changelog"),
            entry("2.0", "New frobnicator.") + entry("1.5", "Faster.") + entry("1.0", "First release.")
        );
        const r = await sb.aptGet(["-y", "install", "app=1.0"]);
        expect(r.status, r.stderr).toBe(0);
    });
    afterAll(async () => {
        await server?.close();
        sb?.cleanup();
        fs.rmSync(served, { recursive: true, force: true });
    });

    it("gives the entries newer than the installed version, fetched by apt-get", async () => {
        const c = await candidate("app");
        expect(c).toMatchObject({
            package: "app",
            version: "2.0",
            installedVersion: "1.0",
            available: true,
            reason: null,
            truncated: false,
        });
        expect(c.text).toBe(entry("2.0", "New frobnicator.") + entry("1.5", "Faster.").trimEnd() + "\n");
        expect(server.requests).toContain("/main/a/app/app_2.0_changelog");
        // without administrative access too
        const nobody = await candidate("app", { user: "nobody" });
        expect(nobody.text).toBe(c.text);
    });

    it("says the server has none, or cannot be reached, with APT's message; the installed changelog is still there", async () => {
        const none = await candidate("nolog");
        expect(none).toMatchObject({ available: false, reason: "unavailable", text: null, version: "1.0" });
        expect(none.message).toMatch(/404|not found|unavailable/i);
        const far = await candidate("farapp");
        expect(far).toMatchObject({ available: false, reason: "unreachable", text: null });
        expect(far.message).toMatch(/connect|refused/i);
        const installed = await sb.bridge(["packages", "changelog", "--", "app"]);
        expect(installed.status).toBe(0);
        expect((installed.json as ChangelogResponse).package).toBe("app");
    });

    it("refuses bad names before apt-get sees them", async () => {
        for (const bad of ["-o", "a;b", "Foo"]) {
            const r = await sb.bridge(["packages", "changelog", "--candidate", "--", bad]);
            expect((r.json as ErrorResponse).error.code, bad).toBe("INVALID_ARGUMENT");
        }
        const r = await sb.bridge(["packages", "changelog", "--candidate", "--", "no-such-package"]);
        expect((r.json as ErrorResponse).error.code).toBe("PACKAGE_NOT_FOUND");
    });
});
