#!/usr/bin/env node
// npm run bench: the bridge's speed on this machine's full APT index, side by side
// with python-apt (Debian's python3-apt) measured in the same run, as ratios.
// Every figure is a whole process (Node's start included), the median of N runs,
// in the environment Cockpit gives a spawned program (no NODE_EXTRA_CA_CERTS etc.).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bridge = path.join(root, "dist/cockpit-apt-bridge.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

// Cockpit spawns programs with a minimal environment: mimic it, so that shell extras
// (NODE_EXTRA_CA_CERTS makes Node parse the CA bundle at start) do not count.
const baseEnv = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: os.homedir(), LANG: "C.UTF-8" };

function time(cmd, args, env = {}, runs = RUNS) {
    const times = [];
    let rss = 0;
    for (let i = 0; i < runs; i++) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], { env: { ...baseEnv, ...env }, encoding: "utf8", maxBuffer: 1 << 28 });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 500)}`);
        times.push(ms);
        rss = Math.max(rss, Number(r.stderr.trim().split("\n").pop()));
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], min: times[0], rssMB: rss / 1024 };
}

if (!fs.existsSync(bridge)) execFileSync("node", [path.join(root, "build.mjs")], { stdio: "inherit" });
try {
    execFileSync("/usr/bin/python3", ["-c", "import apt"], { stdio: "ignore" });
} catch {
    console.error("python3-apt is missing: run `bash scripts/install-deps.sh` (as root) first");
    process.exit(1);
}

const node = process.execPath;
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-bench-"));
const env = { COCKPIT_APT_CACHE_DIR: cacheDir };
const count = JSON.parse(execFileSync(node, [bridge, "packages", "filter", "--limit", "1"], { env: { ...baseEnv, ...env } }).toString()).total;

// The reference: python-apt building its cache, the least any python-apt tool pays per request.
const pyCache = time("/usr/bin/python3", ["-c", "import apt; apt.Cache()"], {}, Math.min(RUNS, 7));
const pyStart = time("/usr/bin/python3", ["-c", "pass"], {}, Math.min(RUNS, 7));
const nodeStart = time(node, ["-e", "0"]);

const rows = [];
const bench = (label, args, extraEnv = {}, runs = RUNS) => {
    const r = time(node, [bridge, ...args], { ...env, ...extraEnv }, runs);
    rows.push({ label, ...r });
};
// Cold: the index cache does not exist yet (first request after apt-get update).
rows.push({ label: "cold: packages filter (builds the index cache)", ...(() => {
    const times = [];
    let rss = 0;
    for (let i = 0; i < 3; i++) {
        fs.rmSync(cacheDir, { recursive: true, force: true });
        const r = time(node, [bridge, "packages", "filter"], env, 1);
        times.push(r.median);
        rss = Math.max(rss, r.rssMB);
    }
    times.sort((a, b) => a - b);
    return { median: times[1], min: times[0], rssMB: rss };
})() });
bench("packages filter (browse, first 1000)", ["packages", "filter"]);
bench("packages filter --tab installed", ["packages", "filter", "--tab", "installed"]);
bench("packages filter --tab updates", ["packages", "filter", "--tab", "updates"]);
bench("packages search python (first 100)", ["packages", "search", "python", "--limit", "100"]);
bench("packages filter --section net", ["packages", "filter", "--section", "net"]);
bench("repositories list", ["repositories", "list"]);
bench("sections list", ["sections", "list"]);
bench("packages details bash", ["packages", "details", "bash"]);

// Stores: 50 store definitions, if the generator exists (bench/stores-fixture.mjs).
const fixture = path.join(root, "bench/stores-fixture.mjs");
if (fs.existsSync(fixture)) {
    const storesDir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-stores-"));
    execFileSync(node, [fixture, storesDir, "50"]);
    bench("stores list (50 store files)", ["stores", "list"], { COCKPIT_APT_STORES_DIR: storesDir });
    fs.rmSync(storesDir, { recursive: true, force: true });
}

const pad = (s, n) => String(s).padEnd(n);
const num = (n) => n.toFixed(1).padStart(8);
console.log(`\ncockpit-apt-bridge benchmark: ${count} packages in this machine's index, ${RUNS} runs each, median wall time of a whole process`);
console.log(`reference: python-apt apt.Cache() alone, whole process: ${pyCache.median.toFixed(1)} ms (python start alone ${pyStart.median.toFixed(1)} ms); node start alone ${nodeStart.median.toFixed(1)} ms\n`);
console.log(`${pad("request", 50)} ${"ms".padStart(8)} ${"min".padStart(8)} ${"RSS MB".padStart(8)}   vs apt.Cache()`);
for (const r of rows) {
    console.log(`${pad(r.label, 50)} ${num(r.median)} ${num(r.min)} ${num(r.rssMB)}   ${(pyCache.median / r.median).toFixed(1)}x faster`);
}
console.log(`${pad("python3 -c 'import apt; apt.Cache()'", 50)} ${num(pyCache.median)} ${num(pyCache.min)} ${num(pyCache.rssMB)}   1.0x`);
fs.rmSync(cacheDir, { recursive: true, force: true });
