// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The packages and versions the index build read from the lists and dpkg's
 * status, held compactly until the rows are made: 260,000 versions of 400,000 stanzas on a
 * Raspberry Pi's index (three architectures, several suites) as numbered
 * columns of typed arrays, their strings (names, versions, summaries,
 * Description-md5) stored once each as bytes (byte-interner.ts), read
 * straight from the stanzas' bytes (deb822-stream.ts StanzaView) without a
 * string or object per stanza. A package becomes the objects the row-making
 * loop and the policy want (BuildPackage, BuildVersion) only when its turn
 * comes, one at a time.
 *
 * What a version says is what its first stanza said, as APT keeps it; later
 * stanzas of the same version (another file) only add themselves, and fill
 * what the first left empty (section, summary, tags, Description-md5).
 */
import { parseTags } from "../apt/deb822.js";
import type { StanzaView } from "../apt/deb822-stream.js";
import type { PolicyPackage, PolicyVersion } from "../apt/policy.js";
import { ByteInterner } from "./byte-interner.js";
import type { RecordRef } from "./index-data.js";
import { NO_PHASING } from "./index-data.js";
import { IntColumn } from "./int-column.js";
import { rangeHolding } from "./range-holding.js";
import type { UpdateFlags } from "./update-flags.js";

export interface BuildVersion extends PolicyVersion {
    arch: string;
    records: RecordRef[];
    section: string;
    summary: string;
    tags: string[];
    descriptionMd5: string;
    essential: boolean;
    /** Phased-Update-Percentage, NO_PHASING when none (update-flags.ts). */
    phased: number;
}

export interface BuildPackage extends PolicyPackage {
    versions: BuildVersion[];
    current: BuildVersion | null;
    state: string;
    /** dpkg's selection is "hold". */
    held: boolean;
}

/**
 * The fields of list stanzas a version is made of, in this order at the start of
 * every FieldSet whose stanzas are added (their slots are these indexes).
 */
export const VERSION_FIELDS = [
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
] as const;
const F_PACKAGE = 0;
const F_VERSION = 1;
const F_ARCH = 2;
const F_SOURCE = 3;
const F_SECTION = 4;
const F_DESCRIPTION = 5;
const F_TAG = 6;
const F_MD5 = 7;
const F_ESSENTIAL = 8;
const F_MULTI_ARCH = 9;
const F_PHASED = 10;

const NONE = -1;
const NO_TAGS: string[] = [];
/** The flags column: the phased percentage in the low byte, then essential. */
const ESSENTIAL = 0x100;
const PHASED_MASK = 0xff;
const ARCH_SHIFT = 9;

/** Whether a byte is whitespace to JavaScript's String.prototype.trim, for a Latin-1 string (NBSP included). */
const isJsSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0;

/** Per architecture (an entry of `archs`): what the build does with stanzas of it. */
interface ArchInfo {
    name: string;
    /** A list stanza of this architecture is read (one of APT's, or "all"). */
    listed: boolean;
    /** The package's architecture ("all" and none are the native one). */
    pkgArch: number;
    /** The version's architecture (none is the native one). */
    verArch: number;
}

export class VersionTable {
    /** Names with a Multi-Arch: allowed version (APT's "NAME:any" groups, which glob pins see: policy.ts). */
    readonly anyGroups = new Set<string>();

    private readonly names = new ByteInterner(1 << 20);
    private readonly versionTexts = new ByteInterner(1 << 20);
    private readonly archs = new ByteInterner(256, true);
    private readonly archInfo: ArchInfo[] = [];
    private readonly sources = new ByteInterner(256 * 1024, true);
    private readonly sections = new ByteInterner(4096, true);
    private readonly summaries = new ByteInterner(1 << 20);
    private readonly md5s = new ByteInterner(1 << 20);
    /** Tag fields' texts, each with the tag set it says (parsed once per distinct text). */
    private readonly tagTexts = new ByteInterner(1 << 20);
    private readonly tagSetOfText = new IntColumn(NONE);
    private readonly tagSets: string[][] = [];
    private readonly tagSetIndex = new Map<string, number>();

    // Packages, by number.
    private packageCount = 0;
    private readonly pName = new IntColumn();
    private readonly pArch = new IntColumn();
    private readonly pFirstVersion = new IntColumn();
    private readonly pLastVersion = new IntColumn();
    /** dpkg's word on the packages its status names (a few thousand): their numbers to it. */
    private readonly dpkgStates = new Map<number, { state: string; held: boolean; current: number }>();
    /** Packages of one name: the first (by name), then each the next. */
    private readonly firstPackageOfName = new IntColumn(NONE);
    private readonly pNextOfName = new IntColumn(NONE);

    // Versions, by number.
    private versionCount = 0;
    private readonly vText = new IntColumn();
    /** NONE: the package's name. */
    private readonly vSource = new IntColumn();
    private readonly vSection = new IntColumn();
    private readonly vSummary = new IntColumn();
    private readonly vTags = new IntColumn();
    private readonly vMd5 = new IntColumn();
    /** The phased percentage (low byte), ESSENTIAL, and the architecture (from ARCH_SHIFT). */
    private readonly vFlags = new IntColumn();
    private readonly vNext = new IntColumn();
    private readonly vFirstStanza = new IntColumn();
    private readonly vLastStanza = new IntColumn();

    // Stanzas (the detail file's stanza numbers), each of one version; a file's are consecutive.
    private readonly sNext = new IntColumn();
    /** Runs of stanzas of one file: the first stanza of each run, and the file. */
    private readonly runStarts: number[] = [];
    private readonly runFiles: number[] = [];

    /** The package of the version `add` returned last. */
    private lastPackage = NONE;
    private readonly nativeArch: number;
    /** The architecture of a stanza without one (or an empty one). */
    private readonly noArch: number;

    constructor(
        nativeArch: string,
        private readonly apiArchs: ReadonlySet<string>,
        private readonly updates: UpdateFlags
    ) {
        this.nativeArch = this.archOf(nativeArch);
        this.noArch = this.archOf("");
    }

    private archOf(name: string): number {
        return this.archs.internLatin1(name);
    }

    private info(arch: number): ArchInfo {
        let info = this.archInfo[arch];
        if (info === undefined) {
            const name = this.archs.latin1(arch);
            info = {
                name,
                listed: name === "all" || this.apiArchs.has(name),
                pkgArch: name === "all" || name === "" ? this.nativeArch : arch,
                verArch: name === "" ? this.nativeArch : arch,
            };
            this.archInfo[arch] = info;
        }
        return info;
    }

    /** The entry of `into` holding field `slot`'s value, NONE when it is absent or empty. */
    private internField(into: ByteInterner, s: StanzaView, slot: number): number {
        const start = s.start(slot);
        if (start < 0) return NONE;
        if (s.isMultiLine(slot)) return into.internLatin1(s.get(slot) as string);
        const end = s.firstEnd(slot);
        return end === start ? NONE : into.intern(s.data, start, end);
    }

    /**
     * Adds the version a stanza stands for (its package too, when new) and
     * returns its number, or NONE when the stanza is none the index keeps: no name or version, or
     * (listsOnly) an architecture APT does not read. Then `addStanza` says where it is kept.
     */
    add(s: StanzaView, listsOnly: boolean): number {
        const name = this.internField(this.names, s, F_PACKAGE);
        if (name === NONE) return NONE;
        const text = this.internField(this.versionTexts, s, F_VERSION);
        if (text === NONE) return NONE;
        const stanzaArch = s.has(F_ARCH) ? (this.internField(this.archs, s, F_ARCH) as number) : NONE;
        const arch = this.info(stanzaArch === NONE ? this.noArch : stanzaArch);
        if (listsOnly && !arch.listed) return NONE;
        const pkg = this.packageFor(name, arch.pkgArch);
        let ver = this.pFirstVersion.get(pkg);
        while (ver !== NONE && this.vText.get(ver) !== text) ver = this.vNext.get(ver);
        if (ver === NONE) ver = this.newVersion(pkg, text, arch.verArch, this.sourceOf(s));
        this.fillFields(ver, s);
        if (s.equalsLowerCase(F_MULTI_ARCH, "allowed")) this.anyGroups.add(this.names.latin1(name));
        this.lastPackage = pkg;
        return ver;
    }

    /** Version `ver` stands in stanza `stanza` (the detail file's number) of file `fileIdx`. */
    addStanza(ver: number, fileIdx: number, stanza: number): void {
        if (this.runFiles[this.runFiles.length - 1] !== fileIdx) {
            this.runStarts.push(stanza);
            this.runFiles.push(fileIdx);
        }
        this.sNext.set(stanza, NONE);
        const last = this.vLastStanza.get(ver);
        if (last === NONE) this.vFirstStanza.set(ver, stanza);
        else this.sNext.set(last, stanza);
        this.vLastStanza.set(ver, stanza);
    }

    /** dpkg's state of the package of the version `add` returned last; `installed`: that version is. */
    setStatus(ver: number, state: string, held: boolean, installed: boolean): void {
        const known = this.dpkgStates.get(this.lastPackage);
        // As the former code did: the last stanza says the state; the installed version stays.
        this.dpkgStates.set(this.lastPackage, {
            state,
            held,
            current: installed ? ver : (known?.current ?? NONE),
        });
    }

    private packageFor(name: number, arch: number): number {
        let pkg = this.firstPackageOfName.get(name);
        let last = NONE;
        while (pkg !== NONE) {
            if (this.pArch.get(pkg) === arch) return pkg;
            last = pkg;
            pkg = this.pNextOfName.get(pkg);
        }
        pkg = this.packageCount++;
        this.pName.set(pkg, name);
        this.pArch.set(pkg, arch);
        this.pFirstVersion.set(pkg, NONE);
        this.pLastVersion.set(pkg, NONE);
        this.pNextOfName.set(pkg, NONE);
        if (last === NONE) this.firstPackageOfName.set(name, pkg);
        else this.pNextOfName.set(last, pkg);
        return pkg;
    }

    private newVersion(pkg: number, text: number, arch: number, source: number): number {
        const ver = this.versionCount++;
        this.vText.set(ver, text);
        this.vSource.set(ver, source);
        this.vSection.set(ver, NONE);
        this.vSummary.set(ver, NONE);
        this.vTags.set(ver, NONE);
        this.vMd5.set(ver, NONE);
        this.vFlags.set(ver, NO_PHASING | (arch << ARCH_SHIFT));
        this.vNext.set(ver, NONE);
        this.vFirstStanza.set(ver, NONE);
        this.vLastStanza.set(ver, NONE);
        const last = this.pLastVersion.get(pkg);
        if (last === NONE) this.pFirstVersion.set(pkg, ver);
        else this.vNext.set(last, ver);
        this.pLastVersion.set(pkg, ver);
        return ver;
    }

    /** The source package's name (the Source field's first word), NONE when it is the package's. */
    private sourceOf(s: StanzaView): number {
        const start = s.start(F_SOURCE);
        if (start < 0) return NONE;
        if (s.isMultiLine(F_SOURCE)) {
            const src = s.get(F_SOURCE) as string;
            const sp = src.indexOf(" ");
            return this.sources.internLatin1(sp < 0 ? src : src.slice(0, sp));
        }
        const end = s.firstEnd(F_SOURCE);
        if (end === start) return NONE;
        let sp = start;
        while (sp < end && s.data[sp] !== 32) sp++;
        return this.sources.intern(s.data, start, sp);
    }

    private fillFields(ver: number, s: StanzaView): void {
        if (this.vSection.get(ver) === NONE) this.vSection.set(ver, this.internField(this.sections, s, F_SECTION));
        if (this.vSummary.get(ver) === NONE) this.vSummary.set(ver, this.summaryOf(s));
        if (this.vTags.get(ver) === NONE && s.has(F_TAG)) this.vTags.set(ver, this.tagSetOf(s));
        if (this.vMd5.get(ver) === NONE) this.vMd5.set(ver, this.internField(this.md5s, s, F_MD5));
        let flags = this.vFlags.get(ver);
        if (s.equalsLowerCase(F_ESSENTIAL, "yes")) flags |= ESSENTIAL;
        if (s.has(F_PHASED)) flags = (flags & ~PHASED_MASK) | this.updates.phasedPercentage(s.get(F_PHASED) as string);
        this.vFlags.set(ver, flags);
    }

    /**
     * The Description's first line, trimmed as deb822.ts summaryOf trims the Latin-1 string
     * (JavaScript's whitespace: ASCII's and byte 0xA0); NONE when empty.
     */
    private summaryOf(s: StanzaView): number {
        let start = s.start(F_DESCRIPTION);
        if (start < 0) return NONE;
        let end = s.firstEnd(F_DESCRIPTION);
        const data = s.data;
        while (start < end && isJsSpace(data[start] as number)) start++;
        while (end > start && isJsSpace(data[end - 1] as number)) end--;
        return end === start ? NONE : this.summaries.intern(data, start, end);
    }

    /** The Tag field's set (deb822.ts parseTags), NONE when it has none. */
    private tagSetOf(s: StanzaView): number {
        const text = this.tagTexts.intern(s.data, s.start(F_TAG), s.end(F_TAG));
        let set = this.tagSetOfText.get(text);
        if (set === NONE - 1) return NONE;
        if (set !== NONE) return set;
        const tags = parseTags(s.get(F_TAG));
        if (tags.length === 0) {
            this.tagSetOfText.set(text, NONE - 1); // parsed: none
            return NONE;
        }
        const key = tags.join(",");
        set = this.tagSetIndex.get(key) ?? NONE;
        if (set === NONE) {
            set = this.tagSets.push(tags) - 1;
            this.tagSetIndex.set(key, set);
        }
        this.tagSetOfText.set(text, set);
        return set;
    }

    /**
     * No more stanzas: lets go of what only adding needed (hash tables, the tag texts, the
     * chains that found a package or a version's last stanza), and gives every package's
     * number in the order of its name as the index shows it (NAME, or NAME:ARCH for a foreign
     * architecture's), compared as JavaScript compares those strings: their bytes, since they
     * are Latin-1 (one character per byte). No string per package is made for it.
     */
    finish(): Int32Array {
        for (const interner of [this.names, this.versionTexts, this.sources, this.sections, this.summaries, this.md5s])
            interner.freeze();
        this.tagTexts.release();
        this.tagSetOfText.release();
        this.tagSetIndex.clear();
        this.firstPackageOfName.release();
        this.pNextOfName.release();
        this.pLastVersion.release();
        this.vLastStanza.release();
        const order = new Int32Array(this.packageCount);
        for (let i = 0; i < order.length; i++) order[i] = i;
        // Per architecture, what follows the name: nothing for the native one, else ":ARCH".
        const suffixes: Buffer[] = [];
        for (let arch = 0; arch < this.archs.count; arch++)
            suffixes.push(Buffer.from(arch === this.nativeArch ? "" : `:${this.archs.latin1(arch)}`, "latin1"));
        const names = this.names;
        const bytes = names.arenaBytes;
        return order.sort((a, b) => {
            const na = this.pName.get(a);
            const nb = this.pName.get(b);
            const sa = suffixes[this.pArch.get(a)] as Buffer;
            const sb = suffixes[this.pArch.get(b)] as Buffer;
            const startA = names.start(na);
            const startB = names.start(nb);
            const nameLengthA = names.end(na) - startA;
            const nameLengthB = names.end(nb) - startB;
            const lengthA = nameLengthA + sa.length;
            const lengthB = nameLengthB + sb.length;
            for (let i = 0; ; i++) {
                if (i === lengthA || i === lengthB) return lengthA - lengthB; // a prefix first (names are unique)
                const ca = i < nameLengthA ? (bytes[startA + i] as number) : (sa[i - nameLengthA] as number);
                const cb = i < nameLengthB ? (bytes[startB + i] as number) : (sb[i - nameLengthB] as number);
                if (ca !== cb) return ca - cb;
            }
        });
    }

    /** Package `pkg` as the objects the policy and the rows want (made anew at each call). */
    package(pkg: number): BuildPackage {
        const name = this.names.latin1(this.pName.get(pkg));
        const versions: BuildVersion[] = [];
        const dpkg = this.dpkgStates.get(pkg);
        const current = dpkg?.current ?? NONE;
        let currentVersion: BuildVersion | null = null;
        for (let ver = this.pFirstVersion.get(pkg); ver !== NONE; ver = this.vNext.get(ver)) {
            const v = this.version(ver, name);
            versions.push(v);
            if (ver === current) currentVersion = v;
        }
        return {
            name,
            arch: this.archs.latin1(this.pArch.get(pkg)),
            versions,
            current: currentVersion,
            state: dpkg?.state ?? "not-installed",
            held: dpkg?.held ?? false,
        };
    }

    private version(ver: number, packageName: string): BuildVersion {
        const files: number[] = [];
        const records: RecordRef[] = [];
        for (let st = this.vFirstStanza.get(ver); st !== NONE; st = this.sNext.get(st)) {
            const file = this.runFiles[rangeHolding(this.runStarts, st)] as number;
            if (files[files.length - 1] !== file) files.push(file);
            records.push([file, st]);
        }
        const source = this.vSource.get(ver);
        const section = this.vSection.get(ver);
        const summary = this.vSummary.get(ver);
        const tags = this.vTags.get(ver);
        const md5 = this.vMd5.get(ver);
        const flags = this.vFlags.get(ver);
        return {
            version: this.versionTexts.latin1(this.vText.get(ver)),
            arch: this.archs.latin1(flags >>> ARCH_SHIFT),
            files,
            records,
            source: source === NONE ? packageName : this.sources.latin1(source),
            section: section === NONE ? "" : this.sections.latin1(section),
            // Latin-1 as read, UTF-8 as it is (list-files.ts latin1ToUtf8)
            summary: summary === NONE ? "" : this.summaries.utf8(summary),
            tags: tags === NONE ? NO_TAGS : (this.tagSets[tags] as string[]),
            descriptionMd5: md5 === NONE ? "" : this.md5s.latin1(md5),
            essential: (flags & ESSENTIAL) !== 0,
            phased: flags & PHASED_MASK,
        };
    }
}
