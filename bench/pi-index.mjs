// SPDX-License-Identifier: LGPL-2.1-or-later
// The index a Raspberry Pi OS 64-bit machine really has, as a sandbox APT root for
// `npm run bench -- --index pi`: bookworm (main, contrib, non-free, non-free-firmware)
// with its updates, security and backports suites, plus trixie main; architectures
// amd64, arm64 and armhf; APT's binary cache off (Dir::Cache::pkgcache ""),
// as on Debian's container images; pins of the kinds people write (an exact package to
// trixie, a glob, a version never, a release never, an origin, backports and trixie
// defaults). About 157,000 packages. The lists are downloaded with the real apt-get
// (minutes, so never in `npm test`) and kept under build/bench-pi/ for a day.
//
// Also: how many packages the bridge and libapt (python3-apt) disagree on there.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
export const PI_ROOT = path.join(root, "build/bench-pi");
const KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";
const MIRROR = "http://deb.debian.org";
// amd64 first: this machine's own dpkg status (copied in) stays native; arm64 and armhf are foreign.
const ARCHS = ["amd64", "arm64", "armhf"];
const COMPONENTS = "main contrib non-free non-free-firmware";

/** The preferences of the issue that asked for this index (#20). */
const PREFERENCES = [
    ["Package: curl", "Pin: release n=trixie", "Pin-Priority: 990"],
    ["Package: python3*", "Pin: release n=trixie", "Pin-Priority: 600"],
    ["Package: wget", "Pin: version *", "Pin-Priority: -1"],
    ["Package: nano", "Pin: release n=bookworm", "Pin-Priority: -1"],
    ["Package: bash", "Pin: origin deb.debian.org", "Pin-Priority: 700"],
    ["Package: *", "Pin: release a=bookworm-backports", "Pin-Priority: 100"],
    ["Package: *", "Pin: release n=trixie", "Pin-Priority: 50"],
    ["Package: *", "Pin: origin deb.debian.org", "Pin-Priority: 400"],
];

function write(file, text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
}

/** Makes (or refreshes, when older than a day) the root; returns its APT_CONFIG. */
export function ensurePiIndex({ log = console.error } = {}) {
    const conf = path.join(PI_ROOT, "etc/apt/apt.conf");
    const stamp = path.join(PI_ROOT, "updated");
    const fresh = fs.existsSync(stamp) && Date.now() - fs.statSync(stamp).mtimeMs < 24 * 3600_000;
    if (fresh) return conf;
    for (const d of [
        "etc/apt/apt.conf.d",
        "etc/apt/preferences.d",
        "etc/apt/sources.list.d",
        "var/lib/apt/lists/partial",
        "var/lib/dpkg",
        "var/cache/apt/archives/partial",
        "var/log/apt",
    ]) {
        fs.mkdirSync(path.join(PI_ROOT, d), { recursive: true });
    }
    write(
        conf,
        [
            `Dir "${PI_ROOT}/";`,
            `Dir::State "${PI_ROOT}/var/lib/apt/";`,
            `Dir::State::status "${PI_ROOT}/var/lib/dpkg/status";`,
            `Dir::Cache "${PI_ROOT}/var/cache/apt/";`,
            `Dir::Cache::pkgcache "";`,
            `Dir::Etc "${PI_ROOT}/etc/apt/";`,
            `Dir::Log "${PI_ROOT}/var/log/apt/";`,
            `APT::Architecture "${ARCHS[0]}";`,
            `APT::Architectures { ${ARCHS.map((a) => `"${a}";`).join(" ")} };`,
            `Acquire::Languages "none";`,
            `APT::Sandbox::User "root";`,
            "",
        ].join("\n")
    );
    const deb = (archs, uri, suite, components) =>
        `deb [arch=${archs.join(",")} signed-by=${KEYRING}] ${MIRROR}/${uri} ${suite} ${components}`;
    write(
        path.join(PI_ROOT, "etc/apt/sources.list"),
        [
            deb(ARCHS, "debian", "bookworm", COMPONENTS),
            deb(ARCHS, "debian", "bookworm-updates", COMPONENTS),
            // bookworm-security's armhf Packages.xz has been seen not to match its InRelease: left out.
            deb(["amd64", "arm64"], "debian-security", "bookworm-security", COMPONENTS),
            deb(ARCHS, "debian", "bookworm-backports", COMPONENTS),
            deb(ARCHS, "debian", "trixie", "main"),
            "",
        ].join("\n")
    );
    write(path.join(PI_ROOT, "etc/apt/preferences.d/pi.pref"), PREFERENCES.map((p) => p.join("\n") + "\n").join("\n"));
    // The installed packages: this machine's own (their names and versions; nothing here installs them).
    fs.copyFileSync("/var/lib/dpkg/status", path.join(PI_ROOT, "var/lib/dpkg/status"));
    log(
        "bench --index pi: apt-get update of bookworm (+updates, security, backports) and trixie for arm64, armhf, amd64 (minutes) ..."
    );
    execFileSync("apt-get", ["update", "-q"], {
        env: { ...process.env, APT_CONFIG: conf },
        stdio: ["ignore", "ignore", "inherit"],
    });
    write(stamp, new Date().toISOString() + "\n");
    return conf;
}

/** Packages the bridge and libapt disagree on (candidate, installed, upgradable, section, origin). */
export function piDisagreements(bridge, env) {
    const oracle = execFileSync("/usr/bin/python3", [path.join(root, "test/differential/oracle.py")], {
        env,
        encoding: "utf8",
        maxBuffer: 1 << 30,
    });
    const apt = new Map();
    for (const line of oracle.split("\n")) if (line) apt.set(JSON.parse(line).name, JSON.parse(line));
    const ours = new Map();
    for (let offset = 0; ; offset += 1000) {
        const page = JSON.parse(
            execFileSync(process.execPath, [bridge, "packages", "filter", "--offset", String(offset)], {
                env,
                encoding: "utf8",
                maxBuffer: 1 << 28,
            })
        );
        for (const p of page.packages) ours.set(p.name, p);
        if (offset + 1000 >= page.total) break;
    }
    const out = [];
    for (const name of apt.keys()) if (!ours.has(name)) out.push(`${name}: missing from the bridge`);
    for (const [name, p] of ours) {
        const o = apt.get(name);
        if (!o) {
            out.push(`${name}: unknown to APT`);
            continue;
        }
        for (const field of ["candidateVersion", "installedVersion", "upgradable", "section"]) {
            if (JSON.stringify(p[field]) !== JSON.stringify(o[field]))
                out.push(`${name}: ${field} bridge=${JSON.stringify(p[field])} apt=${JSON.stringify(o[field])}`);
        }
        if (p.origin && !o.origins.some((x) => JSON.stringify(x) === JSON.stringify(p.origin)))
            out.push(`${name}: origin ${JSON.stringify(p.origin)} not among APT's`);
    }
    return { packages: apt.size, disagreements: out };
}
