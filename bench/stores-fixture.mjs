// SPDX-License-Identifier: LGPL-2.1-or-later
// Writes N store definitions into DIR for the benchmark: `node bench/stores-fixture.mjs DIR N`.
// They look like real ones: every filter category, facet wildcards, custom
// sections and category metadata, matched against the host's Debian index.
import fs from "node:fs";
import path from "node:path";

const [dir, countText = "50"] = process.argv.slice(2);
if (!dir) {
    console.error("usage: node bench/stores-fixture.mjs DIR [N]");
    process.exit(2);
}
const sections = [
    "net",
    "admin",
    "devel",
    "web",
    "database",
    "utils",
    "science",
    "sound",
    "graphics",
    "editors",
    "mail",
    "games",
    "text",
    "python",
];
const facets = [
    "use",
    "role",
    "interface",
    "implemented-in",
    "works-with",
    "network",
    "scope",
    "field",
    "devel",
    "admin",
];
const origins = ["Debian", "Debian Backports", "Container Apps"];
fs.mkdirSync(dir, { recursive: true });
for (let i = 0; i < Number(countText); i++) {
    const s = sections[i % sections.length];
    const t = sections[(i + 5) % sections.length];
    const facet = facets[i % facets.length];
    const lines = [
        `# Benchmark store ${i}`,
        `id: bench-${i}`,
        `name: Benchmark store ${String(i).padStart(2, "0")}`,
        `description: Store ${i} selects ${s} and ${t} packages tagged ${facet}::* from ${origins[i % origins.length]}.`,
        "icon: AnchorIcon",
        "filters:",
        `  include_origins: [${origins[i % origins.length]}, ${origins[(i + 1) % origins.length]}]`,
        `  include_sections: [${s}, contrib/${s}, ${t}]`,
        `  include_tags: [${facet}::*, role::program, use::monitor]`,
        ...(i % 3 === 0 ? ["  include_packages: [bash, curl, nginx, vim, git, openssh-server]"] : []),
        ...(i % 2
            ? ["browse_by: categories"]
            : [
                  "browse_by: sections",
                  "custom_sections:",
                  `  - id: ${s}-tools`,
                  `    label: ${s} tools`,
                  `    description: The ${s} tools of store ${i}.`,
                  `    tags: [role::program]`,
                  `  - id: monitoring`,
                  `    label: Monitoring`,
                  `    description: Monitoring.`,
                  `    tags: [use::monitor]`,
              ]),
        "category_metadata:",
        "  - id: navigation",
        "    label: Navigation",
        "    description: Charts and routes.",
    ];
    fs.writeFileSync(path.join(dir, `bench-${String(i).padStart(2, "0")}.yaml`), lines.join("\n") + "\n");
}
