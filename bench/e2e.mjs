#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// npm run bench:e2e: the page in real Cockpit and Debian's Chromium against this
// machine's own APT (read-only: nothing is clicked that changes anything), timed
// as a user sees it:
//
//   open        navigation to the shell URL until the first list (Browse's section grid) is visible,
//               split into the shell's part (until the page's document has loaded in its iframe)
//               and the page's own (from there to the first list)
//   installed   click on the Installed tab until its first rows are visible
//   search      typing a word on the Search tab until its results are visible
//               (includes the field's 300 ms debounce, as a user waits for it)
//   scroll      the search's list (its first page: 1,000 rows) driven from top to bottom
//               in 2.5 s by requestAnimationFrame (scrollTop set each frame from the time
//               elapsed): the frame-to-frame intervals as frames per second, and the most
//               package rows in the DOM at once (virtualization keeps it small); headless
//               Chromium without GPU or CPU throttling on this machine, so it tells how
//               much main-thread work a scroll costs here, not a display's refresh rate
//
// Several runs in one browser session (one cockpit-ws allows one session); the
// first run is reported apart ("first"), since it may rebuild the bridge's index
// cache; the figures are the median of the others. `--runs N` (default 7),
// `--query WORD` (default "python3").
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FRAME = 'iframe[name="cockpit1:localhost/apt"]';
const TIMEOUT = 180_000;

function option(name, fallback) {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const RUNS = Math.max(2, Number(option("runs", "7")));
const QUERY = option("query", "python3");

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            const port = typeof address === "object" && address ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}

async function startCockpit() {
    const ws = ["/usr/lib/cockpit/cockpit-ws", "/usr/libexec/cockpit-ws"].find((p) => fs.existsSync(p));
    if (!ws) throw new Error("cockpit-ws not found (Debian package cockpit-ws)");
    for (const f of ["dist/cockpit-apt-bridge.js", "dist/apt/manifest.json"]) {
        if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run node build.mjs`);
    }
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-bench-e2e-"));
    fs.mkdirSync(path.join(base, "bin"));
    fs.mkdirSync(path.join(base, "share/cockpit"), { recursive: true });
    fs.writeFileSync(
        path.join(base, "bin/cockpit-apt-bridge"),
        `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, "dist/cockpit-apt-bridge.js"))} "$@"\n`,
        { mode: 0o755 }
    );
    fs.symlinkSync(path.join(ROOT, "dist/apt"), path.join(base, "share/cockpit/apt"));
    const env = { ...process.env, PATH: `${base}/bin:${process.env.PATH}`, XDG_DATA_DIRS: `${base}/share:/usr/share` };
    // The host's APT: never a sandbox's settings from the calling shell.
    delete env.APT_CONFIG;
    delete env.COCKPIT_APT_STORES_DIR;
    delete env.COCKPIT_APT_CACHE_DIR;
    const port = await freePort();
    const child = spawn(
        ws,
        ["--no-tls", "--local-session=cockpit-bridge", "--address", "127.0.0.1", "--port", String(port)],
        { env, stdio: "ignore" }
    );
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
        try {
            const r = await fetch(`${url}/cockpit/login`);
            await r.arrayBuffer();
            if (r.status < 500) break;
        } catch {
            // not yet listening
        }
        if (Date.now() > deadline || child.exitCode !== null) throw new Error("cockpit-ws did not start");
        await new Promise((r) => setTimeout(r, 200));
    }
    return {
        url,
        stop() {
            child.kill("SIGTERM");
            fs.rmSync(base, { recursive: true, force: true });
        },
    };
}

async function moduleFrame(page) {
    const handle = await page.waitForSelector(FRAME, { state: "attached", timeout: TIMEOUT });
    const frame = await handle.contentFrame();
    if (!frame) throw new Error("no module frame");
    return frame;
}

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// The p-th percentile (0-100) by nearest rank.
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];

const SCROLL_MS = 2500;

/** Scrolls the package list from top to bottom in the page; the frame intervals (ms), the list's rows and the most rows in the DOM. */
function scrollList(frame) {
    return frame.evaluate(async (duration) => {
        const list = document.querySelector("[data-testid=package-list]");
        const rows = Number(list.querySelector("table").getAttribute("aria-rowcount")) - 1;
        const distance = list.scrollHeight - list.clientHeight;
        list.scrollTop = 0;
        const times = [];
        let domRows = 0;
        await new Promise((resolve) => {
            const step = (now) => {
                times.push(now);
                domRows = Math.max(domRows, list.querySelectorAll("tr[data-testid=package-row]").length);
                if (now - times[0] > duration) return resolve();
                list.scrollTop = Math.min(distance, (distance * (now - times[0])) / duration);
                requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
        });
        return { intervals: times.slice(1).map((t, i) => t - times[i]), rows, domRows };
    }, SCROLL_MS);
}

async function main() {
    const cockpit = await startCockpit();
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-bench-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: "/usr/bin/chromium",
        args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--headless",
        ],
        headless: true,
        viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const runs = [];
    try {
        for (let i = 0; i < RUNS; i++) {
            let t = performance.now();
            await page.goto(`${cockpit.url}/apt`, { waitUntil: "commit", timeout: TIMEOUT });
            const frame = await moduleFrame(page);
            // The shell's part: until the page's own document has loaded in its iframe.
            await frame.waitForLoadState("domcontentloaded", { timeout: TIMEOUT });
            const shell = performance.now() - t;
            await frame.waitForSelector("[data-testid=section-grid], [data-testid=package-row]", {
                state: "visible",
                timeout: TIMEOUT,
            });
            const open = performance.now() - t;
            const page_ = open - shell;

            t = performance.now();
            await frame.click("#tab-installed", { timeout: TIMEOUT });
            await frame.waitForSelector("[data-testid=package-row]", { state: "visible", timeout: TIMEOUT });
            const installed = performance.now() - t;

            await frame.click("#tab-search", { timeout: TIMEOUT });
            const input = frame.locator("input#package-search");
            await input.waitFor({ state: "visible", timeout: TIMEOUT });
            await input.fill("");
            t = performance.now();
            await input.pressSequentially(QUERY, { delay: 0 });
            await frame.waitForSelector(`[data-testid=package-row][data-package="${QUERY}"]`, {
                state: "visible",
                timeout: TIMEOUT,
            });
            const search = performance.now() - t;
            const count = await frame
                .locator("[data-testid=list-count]")
                .innerText()
                .catch(() => "");

            await page.waitForTimeout(500); // let the list settle (effects, tab counts)
            const scroll = await scrollList(frame);
            const fps = 1000 / median(scroll.intervals);
            runs.push({ open, shell, page: page_, installed, search, count, scroll });
            process.stderr.write(
                `run ${i + 1}/${RUNS}: open ${open.toFixed(0)} ms, installed ${installed.toFixed(0)} ms, search ${search.toFixed(0)} ms (${count}), scroll ${fps.toFixed(0)} fps (${scroll.intervals.length} frames, ${scroll.domRows} rows in the DOM)\n`
            );
            // The next run starts from the same state: System scope, Browse tab, no query.
            await frame.evaluate(() => localStorage.clear());
        }
    } finally {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
        cockpit.stop();
    }

    const rest = runs.slice(1);
    const row = (name, key, what) =>
        `${name.padEnd(10)} ${runs[0][key].toFixed(0).padStart(8)} ${median(rest.map((r) => r[key]))
            .toFixed(0)
            .padStart(8)} ${Math.min(...rest.map((r) => r[key]))
            .toFixed(0)
            .padStart(8)} ${Math.max(...rest.map((r) => r[key]))
            .toFixed(0)
            .padStart(8)}   ${what}`;
    console.log(
        `\nThe page in Cockpit and Chromium, this machine's APT, ${RUNS} runs (ms; median/min/max of runs 2-${RUNS}):`
    );
    console.log(
        `(${os.cpus().length} CPUs, load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(" ")}: other work on the machine slows every figure)`
    );
    console.log(
        `${"".padEnd(10)} ${"first".padStart(8)} ${"median".padStart(8)} ${"min".padStart(8)} ${"max".padStart(8)}`
    );
    console.log(row("open", "open", "navigation -> first list (Browse's section grid) visible"));
    console.log(
        row("  shell", "shell", "  of which Cockpit's shell, until the page's document has loaded in its iframe")
    );
    console.log(
        row("  page", "page", "  of which the page: its document loaded -> first list visible (bridge calls included)")
    );
    console.log(row("installed", "installed", "Installed tab clicked -> rows visible"));
    console.log(
        row(
            "search",
            "search",
            `typing "${QUERY}" -> its row visible (incl. 300 ms debounce); ${runs.at(-1)?.count ?? ""}`
        )
    );

    // Scrolling: the frames of runs 2-N together.
    const intervals = rest.flatMap((r) => r.scroll.intervals);
    // Intervals come in multiples of the 16.7 ms vsync with some jitter: 1 ms of slack per budget.
    const over = (ms) => intervals.filter((x) => x > ms + 1).length;
    const { rows, domRows } = runs.at(-1).scroll;
    console.log(
        `\nScrolling the search's list of ${rows} rows top to bottom in ${SCROLL_MS / 1000} s, runs 2-${RUNS} (${intervals.length} frames; headless Chromium, no GPU, no CPU throttling, on this machine):`
    );
    const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length;
    console.log(
        `  frames per second  mean ${(1000 / mean).toFixed(1)}, median ${(1000 / median(intervals)).toFixed(1)}, 5th percentile ${(1000 / percentile(intervals, 95)).toFixed(1)} (first run: median ${(1000 / median(runs[0].scroll.intervals)).toFixed(1)})`
    );
    console.log(
        `  frame time         median ${median(intervals).toFixed(1)} ms, 95th percentile ${percentile(intervals, 95).toFixed(1)} ms, worst 1% ${percentile(intervals, 99).toFixed(1)} ms, max ${Math.max(...intervals).toFixed(1)} ms`
    );
    const share = (n) => `${n} (${((100 * n) / intervals.length).toFixed(1)}%)`;
    console.log(
        `  frames over 16.7 ms ${share(over(16.7))}, over 33.3 ms ${share(over(33.3))} (missed 1+ / 2+ vsyncs)`
    );
    console.log(
        `  package rows in the DOM: at most ${Math.max(...runs.map((r) => r.scroll.domRows))} of ${rows} (last run ${domRows})`
    );
    if (rows < 1000) console.log(`  (fewer than 1,000 rows: "${QUERY}" finds too few packages; try --query lib)`);
}

main().catch((error) => {
    console.error(`bench:e2e: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
});
