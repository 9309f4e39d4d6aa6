#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
// npm run bench: the bridge's speed on this machine's full APT index, side by side
// with python-apt (Debian's python3-apt) measured in the same run, as ratios.
// `npm run bench -- --index pi`: the same on a Raspberry-Pi-like index of several
// suites and architectures with pins (bench/pi-index.mjs; downloads its lists once a
// day), and how many packages the bridge and libapt disagree on there.
// Every figure is a whole process (Node's start included), the median of N runs,
// in the environment Cockpit gives a spawned program (no NODE_EXTRA_CA_CERTS etc.).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensurePiIndex, piDisagreements } from "./pi-index.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
// BENCH_BRIDGE: another build of the bridge (an older commit's dist/, to compare in the same conditions).
const bridge = process.env.BENCH_BRIDGE
    ? path.resolve(process.env.BENCH_BRIDGE)
    : path.join(root, "dist/cockpit-apt-bridge.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

// Cockpit spawns programs with a minimal environment: mimic it, so that shell extras
// (NODE_EXTRA_CA_CERTS makes Node parse the CA bundle at start) do not count.
const baseEnv = {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: os.homedir(),
    LANG: "C.UTF-8",
};
const indexArg = process.argv.indexOf("--index");
const indexName = indexArg >= 0 ? process.argv[indexArg + 1] : "host";
if (indexName !== "host" && indexName !== "pi") {
    console.error("usage: node bench/run.mjs [--index host|pi] [--builds]");
    process.exit(2);
}
// Every program of the run (the bridge and python-apt alike) reads the chosen index, through a
// configuration of ours that moves dpkg's status to a copy: "after dpkg ran" is then a real change
// of the status file (its copy touched), as an install makes it, and the host's is never touched.
const benchDir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-bench-root-"));
{
    const indexConf = indexName === "pi" ? ensurePiIndex() : null;
    const status = execFileSync("apt-config", ["shell", "S", "Dir::State::status/f"], {
        env: { ...baseEnv, ...(indexConf ? { APT_CONFIG: indexConf } : {}) },
    })
        .toString()
        .replace(/^S='(.*)'\n?$/s, "$1");
    fs.copyFileSync(status, path.join(benchDir, "status"));
    const conf = path.join(benchDir, "apt.conf");
    // APT reads Dir::Etc::main after APT_CONFIG: the index's configuration names its own, which would undo ours.
    const lines = indexConf ? [`#include "${indexConf}";`, `Dir::Etc::main "${conf}";`] : [];
    fs.writeFileSync(conf, [...lines, `Dir::State::status "${path.join(benchDir, "status")}";`, ""].join("\n"));
    baseEnv.APT_CONFIG = conf;
}
/**
 * What dpkg does to its status file on every install, removal or hold: a new file, in which one
 * package changed (its selection goes from install to hold and back, so that its row changes: an
 * install of one package without dependencies, as far as the index can tell).
 */
const dpkgRan = () => {
    const status = path.join(benchDir, "status");
    let text = fs.readFileSync(status, "utf8");
    text = text.includes("Status: hold ok installed")
        ? text.replace("Status: hold ok installed", "Status: install ok installed")
        : text.replace("Status: install ok installed", "Status: hold ok installed");
    fs.writeFileSync(`${status}.new`, text);
    fs.renameSync(`${status}.new`, status);
};

/** Peak RSS (MB) of one run, by /usr/bin/time. */
function peakRss(cmd, args, env) {
    const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], {
        env: { ...baseEnv, ...env },
        encoding: "utf8",
        maxBuffer: 1 << 28,
    });
    if (r.status !== 0)
        throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 500)}`);
    return Number(r.stderr.trim().split("\n").pop()) / 1024;
}

// --builds: only the requests that build (cold, after dpkg, ...) and python-apt, for a quick comparison.
const buildsOnly = process.argv.includes("--builds");
const hasHyperfine = spawnSync("hyperfine", ["--version"]).status === 0;

/**
 * Wall times of `runs` runs (after `warmup` unmeasured ones). With hyperfine (installed by
 * scripts/install-deps.sh) the program is started without a shell and without Node's own
 * spawn in between (~10 ms of a Node parent's fork, which would count against the bridge
 * more than against python-apt); else by spawnSync.
 */
function wallTimes(cmd, args, env, runs, warmup = 0) {
    if (hasHyperfine) {
        const out = path.join(os.tmpdir(), `cockpit-apt-bench-${process.pid}.json`);
        const quote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
        const r = spawnSync(
            "hyperfine",
            [
                "-N",
                "--style",
                "none",
                "-w",
                String(warmup),
                "-r",
                String(runs),
                "--export-json",
                out,
                [cmd, ...args].map(quote).join(" "),
            ],
            {
                env: { ...baseEnv, ...env },
                encoding: "utf8",
            }
        );
        if (r.status !== 0)
            throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stdout.slice(-500)} ${r.stderr.slice(-500)}`);
        const times = JSON.parse(fs.readFileSync(out, "utf8")).results[0].times.map((t) => t * 1000);
        fs.rmSync(out, { force: true });
        return times;
    }
    const times = [];
    for (let i = 0; i < warmup + runs; i++) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(cmd, args, { env: { ...baseEnv, ...env }, stdio: "ignore" });
        if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
        if (i >= warmup) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return times;
}

const median = (list) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)];

function time(cmd, args, env = {}, runs = RUNS, warmup = 1) {
    const times = wallTimes(cmd, args, env, runs, warmup);
    return { median: median(times), min: Math.min(...times), rssMB: peakRss(cmd, args, env) };
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
const count = JSON.parse(
    execFileSync(node, [bridge, "packages", "filter", "--limit", "1"], { env: { ...baseEnv, ...env } }).toString()
).total;

// The reference: python-apt building its cache, the least any python-apt tool pays per request.
const pyCache = time("/usr/bin/python3", ["-c", "import apt; apt.Cache()"], {}, Math.min(RUNS, 7));
const pyStart = time("/usr/bin/python3", ["-c", "pass"], {}, Math.min(RUNS, 7));
const nodeStart = time(node, ["-e", "0"]);
// APT's own floor under the first Updates tab after a change: the simulation of "Upgrade all" that
// request runs (kept-back.ts; apt-get.ts simulateArgs("upgrade")), and APT's cache alone (apt-cache
// stats builds it; pkgcache.bin is off, as on this machine). A request that asks APT's resolver
// cannot use less memory than these.
const aptSimulation = time(
    "apt-get",
    ["-s", "-o", "APT::Get::Show-User-Simulation-Note=false", "-o", "APT::Color=0", "upgrade", "--with-new-pkgs"],
    {},
    3
);
const aptCacheAlone = time("apt-cache", ["stats"], {}, 3);

const rows = [];
const bench = (label, args, extraEnv = {}, runs = RUNS) => {
    if (buildsOnly) return;
    const r = time(node, [bridge, ...args], { ...env, ...extraEnv }, runs);
    rows.push({ label, ...r });
};
// Requests that build the index, in turns (cold, after dpkg, cold, ...) so that the machine's busy
// moments fall on both alike:
//  - cold: the index cache does not exist yet (first request after apt-get update);
//  - after an install or removal: dpkg's status changed (its copy is renamed over, dpkgRan), so the
//    index is rebuilt, but the lists did not, so apt-get indextargets' answer is still current
//    (index-targets-cache.ts);
//  - the first Updates tab after that, which asks APT's simulation of Upgrade all (kept-back-cache.ts);
//  - the first insight request after a build, which makes the reverse relation index (relation-cache.ts).
{
    const removeCacheFiles = (pattern) => {
        for (const f of fs.readdirSync(cacheDir)) if (pattern.test(f)) fs.rmSync(path.join(cacheDir, f));
    };
    const filter = ["packages", "filter"];
    const kinds = [
        {
            label: "cold: packages filter (builds the index cache)",
            args: filter,
            prepare: () => fs.rmSync(cacheDir, { recursive: true, force: true }),
        },
        { label: "after dpkg ran: packages filter (index patched)", args: filter, prepare: dpkgRan },
        {
            label: "first --tab updates after dpkg ran (kept back)",
            args: [...filter, "--tab", "updates"],
            prepare: () => {},
        },
        {
            label: "first rdepends bash after a build (relation index)",
            args: ["packages", "rdepends", "bash"],
            prepare: () => removeCacheFiles(/\.relations$/),
        },
        // with the relation index there (the one just made), a patch patches it too (relation-patch.ts)
        {
            label: "after dpkg ran, relation index there (both patched)",
            args: filter,
            prepare: dpkgRan,
        },
        {
            label: "first rdepends bash after that (patched index)",
            args: ["packages", "rdepends", "bash"],
            prepare: () => {},
        },
    ].map((k) => ({ ...k, times: [], rss: 0 }));
    for (let i = 0; i < Number(process.env.BENCH_BUILD_ROUNDS ?? 3); i++) {
        for (const k of kinds) {
            k.prepare();
            const t0 = process.hrtime.bigint();
            k.rss = Math.max(k.rss, peakRss(node, [bridge, ...k.args], env));
            k.times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
    }
    for (const k of kinds)
        rows.push({ label: k.label, median: median(k.times), min: Math.min(...k.times), rssMB: k.rss });
}
// The headline, measured in turns with apt.Cache() and node -e 0 (bridge, python-apt, node, bridge,
// ...): a busy moment of the machine falls on all alike.
const nodeTurns = [];
const headline = buildsOnly
    ? null
    : (() => {
          const ours = [];
          const theirs = [];
          const rounds = 3;
          for (let k = 0; k < rounds; k++) {
              ours.push(...wallTimes(node, [bridge, "packages", "filter"], env, Math.ceil(RUNS / rounds), 1));
              theirs.push(...wallTimes("/usr/bin/python3", ["-c", "import apt; apt.Cache()"], {}, 3));
              nodeTurns.push(...wallTimes(node, ["-e", "0"], {}, Math.ceil(RUNS / rounds), 1));
          }
          return {
              median: median(ours),
              min: Math.min(...ours),
              rssMB: peakRss(node, [bridge, "packages", "filter"], env),
              py: median(theirs),
          };
      })();
if (headline) rows.push({ label: "packages filter (browse, first 1000)", ...headline });
bench("packages filter --tab installed", ["packages", "filter", "--tab", "installed"]);
bench("packages filter --tab updates", ["packages", "filter", "--tab", "updates"]);
bench("packages search python (first 100)", ["packages", "search", "python", "--limit", "100"]);
bench("packages filter --section net", ["packages", "filter", "--section", "net"]);
bench("repositories list", ["repositories", "list"]);
bench("sections list", ["sections", "list"]);
bench("packages details bash", ["packages", "details", "bash"]);

// Package insight, each next to the same query answered by python-apt in one process
// (apt.Cache(), then the query: what a python-apt backend would pay per request).
const PY_DEPENDENCIES = `
import apt, sys
c = apt.Cache()
p = c[sys.argv[1]]
v = p.candidate or p.installed
out = []
for kind in ("PreDepends", "Depends", "Recommends", "Suggests", "Enhances", "Conflicts", "Breaks"):
    for group in v.get_dependencies(kind):
        for b in group.or_dependencies:
            if b.name in c:
                t = c[b.name]
                out.append((kind, b.name, b.relation, b.version, "installed" if t.is_installed else "available"))
            else:
                out.append((kind, b.name, b.relation, b.version, [x.name for x in c.get_providing_packages(b.name)]))
print(len(out))
`;
const PY_RDEPENDS = `
import apt, sys
c = apt.Cache()
dc = c._depcache
p = c[sys.argv[1]]
out = []
def add(pkg, via):
    for d in pkg.rev_depends_list:
        pp = d.parent_pkg
        cand = dc.get_candidate_ver(pp)
        cur = pp.current_ver
        if (cand and d.parent_ver.id == cand.id) or (cur and d.parent_ver.id == cur.id):
            out.append((pp.name, d.dep_type_untranslated, cur is not None, via))
add(p._pkg, None)
ver = p.candidate or p.installed
for name, _, _ in (ver._cand.provides_list if ver else []):
    if name in c._cache:
        add(c._cache[name], name)
print(len(out))
`;
const insightRows = [];
// The two are measured in turns (bridge, python-apt, bridge, ...), so that a busy moment of the
// machine falls on both alike and the ratio stays fair.
const insight = (label, args, py) => {
    if (buildsOnly) return;
    const ours = [];
    const theirs = [];
    for (let k = 0; k < 5; k++) {
        ours.push(...wallTimes(node, [bridge, ...args], env, Math.ceil(RUNS / 5), k === 0 ? 1 : 0));
        theirs.push(...wallTimes("/usr/bin/python3", ["-c", py.script, ...py.args], {}, 1));
    }
    insightRows.push({
        label,
        median: median(ours),
        min: Math.min(...ours),
        rssMB: peakRss(node, [bridge, ...args], env),
        py: median(theirs),
    });
};
insight("packages dependencies bash", ["packages", "dependencies", "bash"], {
    script: PY_DEPENDENCIES,
    args: ["bash"],
});
insight("packages dependencies python3", ["packages", "dependencies", "python3"], {
    script: PY_DEPENDENCIES,
    args: ["python3"],
});
insight("packages rdepends bash", ["packages", "rdepends", "bash"], { script: PY_RDEPENDS, args: ["bash"] });
insight("packages rdepends libc6 (~22,000 relations)", ["packages", "rdepends", "libc6"], {
    script: PY_RDEPENDS,
    args: ["libc6"],
});
bench("packages files bash", ["packages", "files", "bash"]);
bench("packages changelog bash", ["packages", "changelog", "bash"]);

// Stores: 50 store definitions, if the generator exists (bench/stores-fixture.mjs).
const fixture = path.join(root, "bench/stores-fixture.mjs");
if (!buildsOnly && fs.existsSync(fixture)) {
    const storesDir = fs.mkdtempSync(path.join(os.tmpdir(), "cockpit-apt-stores-"));
    execFileSync(node, [fixture, storesDir, "50"]);
    bench("stores list (50 store files)", ["stores", "list"], { COCKPIT_APT_STORES_DIR: storesDir });
    fs.rmSync(storesDir, { recursive: true, force: true });
}

let cacheBytes = 0;
for (const f of fs.readdirSync(cacheDir)) cacheBytes += fs.statSync(path.join(cacheDir, f)).size;
const pad = (s, n) => String(s).padEnd(n);
const num = (n) => n.toFixed(1).padStart(8);
/** "14.2x faster", or for a request slower than the reference (an index build) "4.3x slower". */
const ratio = (reference, ours) =>
    ours <= reference ? `${(reference / ours).toFixed(1)}x faster` : `${(ours / reference).toFixed(1)}x slower`;
console.log(`\ncache on disk after the run: ${(cacheBytes / 1e6).toFixed(0)} MB`);
console.log(
    `\ncockpit-apt-bridge benchmark: ${count} packages in ${indexName === "pi" ? "the Raspberry-Pi-like index (bench/pi-index.mjs)" : "this machine's index"}, ${RUNS} runs each, median wall time of a whole process`
);
console.log(
    `reference: python-apt apt.Cache() alone, whole process: ${pyCache.median.toFixed(1)} ms (python start alone ${pyStart.median.toFixed(1)} ms); node start alone ${nodeStart.median.toFixed(1)} ms`
);
if (headline)
    console.log(
        `headline, measured in turns: packages filter ${headline.median.toFixed(1)} ms, apt.Cache() ${headline.py.toFixed(1)} ms: ${(headline.py / headline.median).toFixed(1)}x faster; node -e 0 ${median(nodeTurns).toFixed(1)} ms: the bridge's own part ${(headline.median - median(nodeTurns)).toFixed(1)} ms\n`
    );
console.log(`${pad("request", 50)} ${"ms".padStart(8)} ${"min".padStart(8)} ${"RSS MB".padStart(8)}   vs apt.Cache()`);
for (const r of rows) {
    console.log(
        `${pad(r.label, 50)} ${num(r.median)} ${num(r.min)} ${num(r.rssMB)}   ${ratio(pyCache.median, r.median)}`
    );
}
console.log(
    `${pad("python3 -c 'import apt; apt.Cache()'", 50)} ${num(pyCache.median)} ${num(pyCache.min)} ${num(pyCache.rssMB)}   1.0x`
);
for (const [label, r] of [
    ["APT alone: apt-get -s upgrade --with-new-pkgs", aptSimulation],
    ["APT alone: apt-cache stats (its cache, built)", aptCacheAlone],
])
    console.log(
        `${pad(label, 50)} ${num(r.median)} ${num(r.min)} ${num(r.rssMB)}   ${ratio(pyCache.median, r.median)}`
    );
console.log(
    `\n${pad("package insight (same query in python-apt)", 50)} ${"ms".padStart(8)} ${"min".padStart(8)} ${"RSS MB".padStart(8)}   ${"python-apt".padStart(10)}`
);
for (const r of insightRows) {
    console.log(
        `${pad(r.label, 50)} ${num(r.median)} ${num(r.min)} ${num(r.rssMB)}   ${num(r.py)} ms: ${ratio(r.py, r.median)}`
    );
}
if (indexName === "pi") {
    const { packages, disagreements } = piDisagreements(bridge, { ...baseEnv, ...env });
    console.log(
        `\nagreement with libapt (python3-apt) on this index: ${packages} packages, ${disagreements.length} disagreements`
    );
    for (const d of disagreements.slice(0, 20)) console.log(`  ${d}`);
}
fs.rmSync(cacheDir, { recursive: true, force: true });
fs.rmSync(benchDir, { recursive: true, force: true });
