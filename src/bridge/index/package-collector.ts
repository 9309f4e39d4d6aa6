// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Gathers packages and their versions from list and dpkg status stanzas, by
 * APT's rules (the first file to name a version says what it is; later files
 * only add themselves to it). Used by the full build (index-builder.ts) for
 * every stanza and by the rebuild after dpkg (status-patch.ts) for the
 * stanzas of the packages whose status changed, so both gather alike.
 */
import { parseTags, summaryOf, type Stanza } from "../apt/deb822.js";
import { FieldSet } from "../apt/deb822-stream.js";
import { isInstalledState, STATUS_ENTRY_FIELDS, type StatusEntry } from "../apt/dpkg-status.js";
import { latin1ToUtf8 } from "../apt/list-files.js";
import { NO_PHASING, type RecordRef } from "./index-data.js";
import type { BuildPackage, BuildVersion } from "./package-rows.js";
import type { UpdateFlags } from "./update-flags.js";

/*
 * The fields of list stanzas the build reads (deb822-stream.ts decodes only these;
 * add a field here before reading it from a stanza). Details read everything else
 * from the stanzas' bytes, which are kept whole.
 */
const VERSION_FIELDS = [
    "package",
    "version",
    "architecture",
    "source",
    "section",
    "description",
    "tag",
    "description-md5",
    "essential",
    "multi-arch",
    "phased-update-percentage",
];
export const LIST_FIELDS = new FieldSet(VERSION_FIELDS);
export const STATUS_FIELDS = new FieldSet([...VERSION_FIELDS, ...STATUS_ENTRY_FIELDS]);

const NO_TAGS: string[] = [];

export class PackageCollector {
    /** By key: the name for the native architecture, else name:arch (packageKey). */
    readonly packages = new Map<string, BuildPackage>();
    /** Names with a Multi-Arch: allowed version: APT's cache has a group "NAME:any" for them, which glob pins see (policy.ts). */
    readonly anyGroups = new Set<string>();
    // 60,000 packages are held until the policy ran: kept lean (no Map per package, one string
    // per distinct architecture, section and source name).
    private readonly shared = new Map<string, string>();
    // Tag sets repeat: one array per distinct set.
    private readonly tagArrays = new Map<string, string[]>();

    constructor(
        readonly nativeArch: string,
        private readonly archs: ReadonlySet<string>,
        private readonly updates: UpdateFlags
    ) {}

    private share(value: string): string {
        const known = this.shared.get(value);
        if (known !== undefined) return known;
        this.shared.set(value, value);
        return value;
    }

    private internTags(tags: string[]): string[] {
        const key = tags.join(",");
        const known = this.tagArrays.get(key);
        if (known) return known;
        this.tagArrays.set(key, tags);
        return tags;
    }

    /** The packages map's key: the name for the native architecture, else name:arch. */
    keyOf(name: string, stanzaArch: string): string {
        const pkgArch = stanzaArch === "all" || stanzaArch === "" ? this.nativeArch : stanzaArch;
        return pkgArch === this.nativeArch ? name : `${name}:${pkgArch}`;
    }

    /** Whether a list stanza is one APT reads (a package, a version, an architecture it is configured for). */
    wants(s: Stanza): boolean {
        if (!s.get("package") || !s.get("version")) return false;
        const arch = s.get("architecture") ?? "";
        return arch === "all" || this.archs.has(arch);
    }

    /**
     * The version a stanza of file `fileIdx` stands for, with the file and the stanza added to it.
     * Arrays are made as literals of their final size: `[]` and a push would reserve 17 slots.
     */
    private addVersion(
        name: string,
        stanzaArch: string,
        version: string,
        source: string,
        fileIdx: number,
        record: RecordRef
    ): BuildVersion {
        const pkgArch = stanzaArch === "all" || stanzaArch === "" ? this.nativeArch : this.share(stanzaArch);
        const key = pkgArch === this.nativeArch ? name : `${name}:${pkgArch}`;
        const pkg = this.packages.get(key);
        let ver = pkg?.versions.find((v) => v.version === version);
        if (ver) {
            if (ver.files[ver.files.length - 1] !== fileIdx) ver.files.push(fileIdx);
            ver.records.push(record);
            return ver;
        }
        ver = {
            version,
            arch: stanzaArch ? this.share(stanzaArch) : this.nativeArch,
            files: [fileIdx],
            records: [record],
            source,
            section: "",
            summary: "",
            tags: NO_TAGS,
            descriptionMd5: "",
            essential: false,
            phased: NO_PHASING,
        };
        if (pkg) pkg.versions.push(ver);
        else
            this.packages.set(key, {
                name,
                arch: pkgArch,
                versions: [ver],
                current: null,
                state: "not-installed",
                held: false,
            });
        return ver;
    }

    private fillFields(ver: BuildVersion, s: Stanza): void {
        // APT keeps what the first file said about a version; later files only add themselves.
        if (!ver.section) ver.section = this.share(s.get("section") ?? "");
        if (!ver.summary) ver.summary = latin1ToUtf8(summaryOf(s.get("description")));
        if (ver.tags.length === 0) ver.tags = this.internTags(parseTags(s.get("tag")));
        if (!ver.descriptionMd5) ver.descriptionMd5 = s.get("description-md5") ?? "";
        if (s.get("essential")?.toLowerCase() === "yes") ver.essential = true;
        const phased = s.get("phased-update-percentage");
        if (phased !== undefined) ver.phased = this.updates.phasedPercentage(phased);
    }

    private sourceOf(s: Stanza, name: string): string {
        const src = s.get("source");
        if (!src) return name;
        const sp = src.indexOf(" ");
        return this.share(sp < 0 ? src : src.slice(0, sp));
    }

    /** A list stanza that wants() accepted, kept as stanza `stanzaIdx` of list file `fileIdx`. */
    addListStanza(s: Stanza, fileIdx: number, stanzaIdx: number): void {
        const name = s.get("package") as string;
        const ver = this.addVersion(
            name,
            s.get("architecture") ?? "",
            s.get("version") as string,
            this.sourceOf(s, name),
            fileIdx,
            [fileIdx, stanzaIdx]
        );
        this.fillFields(ver, s);
        if (s.get("multi-arch")?.toLowerCase() === "allowed") this.anyGroups.add(name);
    }

    /** A dpkg status entry with a version, kept as status stanza `stanzaIdx` (the status file is file `statusIdx`). */
    addStatusEntry(e: StatusEntry, statusIdx: number, stanzaIdx: number): void {
        const ver = this.addVersion(e.name, e.architecture, e.version, this.sourceOf(e.stanza, e.name), statusIdx, [
            statusIdx,
            stanzaIdx,
        ]);
        this.fillFields(ver, e.stanza);
        if (e.stanza.get("multi-arch")?.toLowerCase() === "allowed") this.anyGroups.add(e.name);
        const pkg = this.packages.get(this.keyOf(e.name, e.architecture)) as BuildPackage;
        pkg.state = e.state;
        pkg.held = e.want === "hold";
        if (isInstalledState(e.state)) pkg.current = ver;
    }

    /** Done with what only gathering needed. */
    release(): void {
        this.shared.clear();
        this.tagArrays.clear();
    }
}
