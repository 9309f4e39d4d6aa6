import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildDemo } from "../../demo/build-demo.ts";
const dir = "/tmp/i16-bigdemo";
const demo = await buildDemo({ dir, hostLists: true, installStores: [], preinstallOld: false, warmCache: false, log: (l) => console.error(l) });
const lists = path.join(demo.root, "var/lib/apt/lists");
const pk = fs.readdirSync(lists).find((n) => /deb\.debian\.org.*_main_binary-amd64_Packages/.test(n) && !/updates|security|backports/.test(n));
if (!pk) throw new Error("no Debian main Packages list: " + fs.readdirSync(lists).join(" "));
const prefix = pk.replace(/binary-amd64_Packages.*$/, "");
const text = zlib.gunzipSync(fs.readFileSync(path.join(lists, pk))).toString() ;
const names = [...text.matchAll(/^Package: (\S+)$/gm)].map((m) => m[1]).filter((_, i) => i % 6 === 0).slice(0, 10000);
let y = "---\nFile: DEP-11\nVersion: '0.16'\nOrigin: debian-main\nMediaBaseUrl: https://appstream.debian.org/media/pool\n";
for (const n of names) {
  y += `---\nType: desktop-application\nID: org.example.${n.replace(/[^a-z0-9]/g, "_")}\nPackage: ${n}\nName:\n  C: ${n} app\n  de: ${n} Anwendung\n  fr: ${n} appli\nSummary:\n  C: Does ${n} things\n  de: Macht ${n}-Dinge\nDescription:\n  C: >-\n    <p>${n} is an application that does many useful things for you.</p><ul><li>One</li><li>Two</li></ul>\n  de: >-\n    <p>${n} ist eine Anwendung.</p>\nCategories:\n- Utility\n- System\nUrl:\n  homepage: https://example.org/${n}\nIcon:\n  cached:\n  - name: ${n}_icon.png\n    width: 64\n    height: 64\n  stock: ${n}\nLaunchable:\n  desktop-id:\n  - ${n}.desktop\nScreenshots:\n- default: true\n  caption:\n    C: Main window\n  thumbnails:\n  - url: ${n}/a/t_224.png\n    width: 224\n    height: 126\n  - url: ${n}/a/t_624.png\n    width: 624\n    height: 351\n  source-image:\n    url: ${n}/a/orig.png\n    width: 1280\n    height: 720\nReleases:\n- version: '1.0'\n  unix-timestamp: 1700000000\n`;
}
fs.writeFileSync(path.join(lists, prefix + "dep11_Components-amd64.yml.gz"), zlib.gzipSync(y));
fs.writeFileSync(path.join(demo.root, "etc/apt/apt.conf.d/60dep11-on"), 'Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "true";\n');
console.log(JSON.stringify(demo.env), names.length, (y.length / 1e6).toFixed(1) + " MB yaml");
