#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// npm run bench:e2e: the page in real Cockpit and Debian's Chromium against this
// machine's own APT (read-only: nothing is clicked that changes anything), timed
// as a user sees it:
//
//   open        navigation to the shell URL until the first list (Browse's section grid) is visible,
//               split into the shell's part (until the page's document has loaded in its iframe)
//               and the page's own (from there to the first list); and the page's own timeline in
//               its clock (openingWatch): its opening batch asked, answered, the list in the DOM and
//               drawn, which Playwright's notice of the list (up to ~450 ms later) does not blur
//   installed   click on the Installed tab until its first rows are visible
//   search      typing a word on the Search tab, from its last key (the input event) until
//               the first rows of its results are painted ("visible": the word's row is in the
//               DOM and visible, then one more frame has been drawn), and until the whole first
//               page (up to 1,000 rows) is loaded ("loaded": the list no longer says
//               data-pending). Both include the field's 300 ms debounce, as a user waits for it;
//               "after debounce" is visible minus 300 ms. Timed in the page's own clock
//               (performance.now in its frame), so no round trip to the browser is counted.
//               Where the time goes: cockpit.spawn is wrapped in the page to note when each
//               `packages filter` of the search is spawned (or sent to a spare process, `standby`:
//               src/ui/api/standby.ts), its first and last output and its end.
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
// `--query WORD` (default "python3"). `--compare DIR`: a second build's dist/
// (e.g. of an older commit: `git worktree add /tmp/old REV && (cd /tmp/old && node build.mjs)`),
// run in turns with this one, each in its own cockpit-ws and browser context, so
// that the machine's load falls on both alike; both are reported side by side.
// The bridge runs in Cockpit's environment: NODE_EXTRA_CA_CERTS of the calling
// shell (which Cockpit never sets; +60-80 ms per process) is left out. Each
// variant has an index cache of its own in $TMPDIR/cockpit-apt-bench-cache-NAME
// (kept for the next bench): the system's holds one build of the bridge's index,
// which any other checkout's request replaces.
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
const COMPARE = option("compare", null);
const DEBOUNCE_MS = 300;

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

async function startCockpit(dist, cacheDir) {
    const ws = ["/usr/lib/cockpit/cockpit-ws", "/usr/libexec/cockpit-ws"].find((p) => fs.existsSync(p));
    if (!ws) throw new Error("cockpit-ws not found (Debian package cockpit-ws)");
    for (const f of ["cockpit-apt-bridge.js", "apt/manifest.json"]) {
        if (!fs.existsSync(path.join(dist, f))) throw new Error(`${path.join(dist, f)} is missing: run node build.mjs`);
    }
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-bench-e2e-"));
    fs.mkdirSync(path.join(base, "bin"));
    fs.mkdirSync(path.join(base, "share/cockpit"), { recursive: true });
    fs.writeFileSync(
        path.join(base, "bin/cockpit-apt-bridge"),
        `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(dist, "cockpit-apt-bridge.js"))} "$@"\n`,
        { mode: 0o755 }
    );
    fs.symlinkSync(path.join(dist, "apt"), path.join(base, "share/cockpit/apt"));
    const env = { ...process.env, PATH: `${base}/bin:${process.env.PATH}`, XDG_DATA_DIRS: `${base}/share:/usr/share` };
    // The host's APT: never a sandbox's settings from the calling shell.
    delete env.APT_CONFIG;
    delete env.COCKPIT_APT_STORES_DIR;
    delete env.NODE_EXTRA_CA_CERTS;
    // An index cache of its own: the system's (/var/cache/cockpit-apt) holds one index per APT
    // configuration, for one build of the bridge, so every other build's request (another checkout,
    // the other variant of --compare) would rebuild it, and this run would time builds.
    env.COCKPIT_APT_CACHE_DIR = cacheDir;
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

/**
 * In the page: wraps cockpit.spawn to note the times (performance.now) of each `packages filter`
 * whose query is `query`: spawned, first and last output, done. Kept in window.__benchSpawns.
 */
function watchSpawns(frame, query) {
    return frame.evaluate((q) => {
        const c = window.cockpit;
        window.__benchSpawns = [];
        if (c.__benchOriginalSpawn) return;
        const original = c.spawn.bind(c);
        c.__benchOriginalSpawn = original;
        const isSearch = (args) => args.includes("filter") && args.includes(`--query=${q}`);
        // A spare process (`standby`) gets its request on stdin: it counts from then, as "spawned".
        c.spawn = (args, opts) => {
            const proc = original(args, opts);
            const standby = args[1] === "standby";
            if (!standby && !isSearch(args)) return proc;
            let entry = null;
            const begin = (request, viaStandby) => {
                entry = { args: request, spawned: performance.now(), first: null, last: null, done: null, viaStandby };
                window.__benchSpawns.push(entry);
            };
            if (standby) {
                const input = proc.input.bind(proc);
                proc.input = (data, more) => {
                    const request = JSON.parse(data);
                    if (isSearch(request)) begin(request, true);
                    return input(data, more);
                };
            } else begin(args.slice(1), false);
            const stream = proc.stream.bind(proc);
            proc.stream = (cb) =>
                stream((data) => {
                    if (entry) {
                        entry.last = performance.now();
                        entry.first ??= entry.last;
                    }
                    return cb(data);
                });
            const done = () => {
                if (entry) entry.done = performance.now();
            };
            proc.then(done, done);
            return proc;
        };
    }, query);
}

/**
 * In the page: resolves when `selector` is visible and one more frame has been drawn (painted),
 * and when the package list no longer says data-pending (every row of its page loaded).
 * Times in performance.now; `lastInput` is the time of the last input event on the search field.
 */
function armSearchWatch(frame, selector) {
    return frame.evaluate((sel) => {
        window.__benchInput = null;
        const input = document.querySelector("input#package-search");
        input.addEventListener("input", () => (window.__benchInput = performance.now()));
        window.__benchSearch = new Promise((resolve) => {
            let visible = null;
            const visibleNow = () => {
                const el = document.querySelector(sel);
                if (!el) return false;
                const r = el.getBoundingClientRect();
                return r.width > 0 && r.height > 0;
            };
            const loadedNow = () => {
                const list = document.querySelector("[data-testid=package-list]");
                return list !== null && !list.hasAttribute("data-pending");
            };
            const step = () => {
                if (visible === null && window.__benchInput !== null && visibleNow()) {
                    // Seen in this frame's DOM: painted once this frame is drawn (a task after the next frame starts).
                    requestAnimationFrame(() =>
                        setTimeout(() => {
                            visible = performance.now();
                        })
                    );
                }
                if (visible !== null && loadedNow()) {
                    resolve({ input: window.__benchInput, visible, loaded: Math.max(visible, performance.now()) });
                    return;
                }
                requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
        });
    }, selector);
}

/**
 * Run in every frame before its scripts (addInitScript); in the page's frame, notes in its own clock
 * (performance.now, from its navigation) when the opening's batch was asked (cockpit.spawn of
 * `batch`), when its first output came, and when the first list was drawn: in the DOM (looked for
 * every 4 ms) and one frame painted. Playwright's own notice of the list comes later, by up to
 * ~450 ms on a busy 2-core machine (its polling and round trips share the page's main thread), so
 * these are the figures of what the page did.
 */
function openingWatch() {
    // The page's frame by its name (the shell names it before loading it, and its first document,
    // about:blank, is the one this runs in: the page's document then takes over the same window).
    if (window.name !== "cockpit1:localhost/apt") return;
    const opening = (window.__benchOpening = { asked: null, answered: null, inDom: null, drawn: null });
    let real;
    Object.defineProperty(window, "cockpit", {
        configurable: true,
        get: () => real,
        set(c) {
            real = c;
            const spawn = c.spawn.bind(c);
            c.spawn = (args, opts) => {
                const proc = spawn(args, opts);
                if (args[1] !== "batch" || opening.asked !== null) return proc;
                opening.asked = performance.now();
                const stream = proc.stream.bind(proc);
                proc.stream = (cb) =>
                    stream((data) => {
                        opening.answered ??= performance.now();
                        return cb(data);
                    });
                return proc;
            };
        },
    });
    const timer = setInterval(() => {
        if (!document.querySelector("[data-testid=section-grid], [data-testid=package-row]")) return;
        clearInterval(timer);
        opening.inDom = performance.now();
        requestAnimationFrame(() => setTimeout(() => (opening.drawn = performance.now())));
    }, 4);
}

async function oneRun(variant) {
    const { page, cockpit } = variant;
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
    // The page's own timeline (openingWatch), read once it is complete.
    const opening = await frame.evaluate(async () => {
        const nav = performance.getEntriesByType("navigation")[0];
        const seen = performance.now();
        const o = window.__benchOpening;
        while (o && o.drawn === null) await new Promise((r) => setTimeout(r, 10));
        return { loaded: nav ? nav.domContentLoadedEventEnd : 0, seen, ...o };
    });

    // Before any click: a spare bridge process (standby) is started by the pointer and keys.
    await watchSpawns(frame, QUERY);
    t = performance.now();
    await frame.click("#tab-installed", { timeout: TIMEOUT });
    await frame.waitForSelector("[data-testid=package-row]", { state: "visible", timeout: TIMEOUT });
    const installed = performance.now() - t;

    await frame.click("#tab-search", { timeout: TIMEOUT });
    const input = frame.locator("input#package-search");
    await input.waitFor({ state: "visible", timeout: TIMEOUT });
    await input.fill("");
    await armSearchWatch(frame, `[data-testid=package-row][data-package="${QUERY}"]`);
    await input.pressSequentially(QUERY, { delay: 0 });
    const times = await frame.evaluate(() => window.__benchSearch);
    const spawns = await frame.evaluate(
        ({ q, after }) => window.__benchSpawns.filter((e) => e.args.includes(`--query=${q}`) && e.spawned >= after),
        { q: QUERY, after: times.input - 1000 }
    );
    const search = times.visible - times.input;
    const loaded = times.loaded - times.input;
    // The search's first spawn: from the last key to its spawn (the debounce and React), to its
    // first output (process start, the bridge's work, Cockpit's transport), to its end, and the rest
    // (parsing and rendering until painted).
    const first = spawns[0];
    const parts = first
        ? {
              toSpawn: first.spawned - times.input,
              toFirstOutput: (first.first ?? first.done) - first.spawned,
              toDone: first.done - (first.first ?? first.done),
              toVisible: times.visible - first.done,
              spawns: spawns.length,
              viaStandby: spawns.filter((e) => e.viaStandby).length,
          }
        : null;
    const count = await frame
        .locator("[data-testid=list-count]")
        .innerText()
        .catch(() => "");

    await page.waitForTimeout(500); // let the list settle (effects, tab counts)
    const scroll = await scrollList(frame);
    // The next run starts from the same state: System scope, Browse tab, no query.
    await frame.evaluate(() => localStorage.clear());
    return { open, shell, page: page_, installed, search, loaded, count, scroll, parts, opening };
}

async function main() {
    const variants = [{ name: "now", dist: path.join(ROOT, "dist") }];
    if (COMPARE) variants.unshift({ name: "before", dist: path.resolve(COMPARE) });
    const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
        headless: true,
    });
    try {
        for (const v of variants) {
            // Kept between runs of the bench (built by its first run, reported apart).
            const cacheDir = path.join(os.tmpdir(), `cockpit-apt-bench-cache-${v.name}`);
            fs.mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
            v.cockpit = await startCockpit(v.dist, cacheDir);
            v.context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            v.page = await v.context.newPage();
            await v.page.addInitScript(openingWatch);
            v.runs = [];
        }
        for (let i = 0; i < RUNS; i++) {
            for (const v of variants) {
                const r = await oneRun(v);
                v.runs.push(r);
                const fps = 1000 / median(r.scroll.intervals);
                process.stderr.write(
                    `${v.name} run ${i + 1}/${RUNS}: open ${r.open.toFixed(0)} ms (page ${r.page.toFixed(0)}), installed ${r.installed.toFixed(0)} ms, search visible ${r.search.toFixed(0)} ms, loaded ${r.loaded.toFixed(0)} ms (${r.count}), scroll ${fps.toFixed(0)} fps (${r.scroll.intervals.length} frames, ${r.scroll.domRows} rows in the DOM)\n`
                );
            }
        }
    } finally {
        for (const v of variants) {
            await v.context?.close();
            v.cockpit?.stop();
        }
        await browser.close();
    }
    for (const v of variants) report(v);
    if (variants.length > 1) {
        console.log(`\nSide by side (median of runs 2-${RUNS}, taken in turns):`);
        console.log(`${"".padEnd(24)} ${variants.map((v) => v.name.padStart(8)).join(" ")}`);
        const keys = [
            ["open", (r) => r.open],
            ["  page", (r) => r.page],
            ["  in the page's clock", (r) => r.opening.drawn],
            ["    batch asked", (r) => r.opening.asked],
            ["    batch answered", (r) => r.opening.answered],
            ["installed", (r) => r.installed],
            ["search visible", (r) => r.search],
            ["  after debounce", (r) => r.search - DEBOUNCE_MS],
            ["search loaded", (r) => r.loaded],
        ];
        for (const [label, get] of keys) {
            const cells = variants.map((v) => median(v.runs.slice(1).map(get)).toFixed(0).padStart(8));
            console.log(`${label.padEnd(24)} ${cells.join(" ")}`);
        }
    }
}

function report({ name, dist, runs }) {
    const rest = runs.slice(1);
    const row = (label, get, what) =>
        `${label.padEnd(16)} ${get(runs[0]).toFixed(0).padStart(8)} ${median(rest.map(get))
            .toFixed(0)
            .padStart(8)} ${Math.min(...rest.map(get))
            .toFixed(0)
            .padStart(8)} ${Math.max(...rest.map(get))
            .toFixed(0)
            .padStart(8)}   ${what}`;
    const key = (k) => (r) => r[k];
    console.log(
        `\n[${name}: ${dist}] The page in Cockpit and Chromium, this machine's APT, ${RUNS} runs (ms; median/min/max of runs 2-${RUNS}):`
    );
    console.log(
        `(${os.cpus().length} CPUs, load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(" ")}: other work on the machine slows every figure)`
    );
    console.log(
        `${"".padEnd(16)} ${"first".padStart(8)} ${"median".padStart(8)} ${"min".padStart(8)} ${"max".padStart(8)}`
    );
    console.log(row("open", key("open"), "navigation -> first list (Browse's section grid) visible"));
    console.log(
        row("  shell", key("shell"), "  of which Cockpit's shell, until the page's document has loaded in its iframe")
    );
    console.log(
        row(
            "  page",
            key("page"),
            "  of which the page: its document loaded -> first list visible (bridge calls included)"
        )
    );
    // The page's own timeline, each from its navigation (openingWatch).
    for (const [label, k, what] of [
        [
            "  in page's clock",
            "drawn",
            "  the page's own timeline, from its navigation (its document and scripts fetched) ...",
        ],
        ["    batch asked", "asked", "    ... to the opening's batch asked (opening.js)"],
        [
            "    answered",
            "answered",
            "    ... to its first output (Cockpit's handshake and spawn, Node's start, the bridge)",
        ],
        ["    in the DOM", "inDom", "    ... to the first list in the DOM (React)"],
        ["    drawn", "drawn", "    ... and one frame painted"],
    ])
        console.log(row(label, (r) => r.opening[k], what));
    console.log(row("installed", key("installed"), "Installed tab clicked -> rows visible"));
    console.log(
        row(
            "search visible",
            key("search"),
            `typing "${QUERY}": last key -> first rows painted (incl. ${DEBOUNCE_MS} ms debounce)`
        )
    );
    console.log(row("  after debounce", (r) => r.search - DEBOUNCE_MS, "  the same without the debounce"));
    console.log(
        row(
            "search loaded",
            key("loaded"),
            `last key -> every row of the first page loaded; ${runs.at(-1)?.count ?? ""}`
        )
    );
    const withParts = runs.filter((r) => r.parts);
    if (withParts.length === runs.length) {
        const part = (k) => (r) => r.parts[k];
        console.log("  where the search's time goes (its first `packages filter`):");
        console.log(
            row(
                "    to spawn",
                part("toSpawn"),
                "    last key -> spawned, or sent to a spare process (debounce, React)"
            )
        );
        console.log(
            row(
                "    to output",
                part("toFirstOutput"),
                "    spawned/sent -> first output (process start unless a spare, bridge, Cockpit)"
            )
        );
        console.log(row("    to end", part("toDone"), "    first output -> process done"));
        console.log(row("    to painted", part("toVisible"), "    process done -> first rows painted (parse, render)"));
        console.log(
            `    filter requests per search: ${rest.map((r) => r.parts.spawns).join(", ")}, of which sent to a spare process (standby): ${rest.map((r) => r.parts.viaStandby).join(", ")} (each run 2-${RUNS})`
        );
    }

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
