// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A repository's InRelease/Release file read the way APT reads it into its
 * cache (apt-pkg/deb/debmetaindex.cc, debReleaseIndex::Merge, APT 2.6): the
 * file APT picks, the OpenPGP clear-signature stripped by APT's rules
 * (apt-pkg/contrib/gpgv.cc, SplitClearSignedFile), the first stanza's
 * Suite/Version/Origin/Codename/Label and its NotAutomatic and
 * ButAutomaticUpgrades flags (StringToBool). `apt-get indextargets` prints
 * exactly these strings from its cache, so reading them here spares building
 * that cache (release-file.test.ts and the index-targets differential test
 * compare them with APT's).
 */
import fs from "node:fs";
import path from "node:path";
import { BridgeError } from "../cli/errors.js";
import { uriToFileName } from "./list-files.js";

export interface ReleaseInfo {
    origin: string;
    label: string;
    suite: string;
    codename: string;
    version: string;
    notAutomatic: boolean;
    /**
     * As the file says, whatever NotAutomatic says: Merge reads both flags
     * apart, and APT's policy gives 100 to a file with this one alone too
     * (pkgPolicy::pkgPolicy; policy.ts).
     */
    butAutomaticUpgrades: boolean;
}

const NO_RELEASE: ReleaseInfo = {
    origin: "",
    label: "",
    suite: "",
    codename: "",
    version: "",
    notAutomatic: false,
    butAutomaticUpgrades: false,
};

/**
 * ReleaseFileName: InRelease when it exists, else Release when it exists,
 * else none (a flat or trusted=yes repository without one: APT then knows no
 * release data for it). `baseUri` is the target's Base-URI.
 */
export function releaseFileOf(listsDir: string, baseUri: string): string | null {
    for (const name of ["InRelease", "Release"]) {
        const p = path.join(listsDir, uriToFileName(baseUri + name));
        if (fs.existsSync(p)) return p;
    }
    return null;
}

/** APT's StringToBool with default -1: true, false, or null (unknown: APT warns and keeps the flag unset). */
export function aptStringToBool(text: string): boolean | null {
    // strtol(text, &end, 0) over the whole string, 0 or 1: "", "0", "1", "+1", "01", "0x1" ...
    const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?$/.exec(text);
    if (m) {
        const digits = m[2] ?? "0";
        const n = Number.parseInt(digits, /^0[xX]/.test(digits) ? 16 : digits.startsWith("0") ? 8 : 10);
        const value = m[1] === "-" ? -n : n;
        if (value === 0 || value === 1) return value === 1;
    }
    const lower = text.toLowerCase();
    if (["no", "false", "without", "off", "disable"].includes(lower)) return false;
    if (["yes", "true", "with", "on", "enable"].includes(lower)) return true;
    return null;
}

function unreadable(file: string, why: string): BridgeError {
    // apt-get itself fails on such a file (its cache cannot be built), and so did the bridge when it asked apt-get.
    return new BridgeError("APT_UNAVAILABLE", `APT cannot read the release file ${file}: ${why}`, { file });
}

/** The end of `line` without trailing characters of `chars` (char codes). */
function endWithout(line: string, end: number, chars: readonly number[]): number {
    while (end > 0 && chars.includes(line.charCodeAt(end - 1))) end--;
    return end;
}

/** getline() lines with "\r"/"\n" and then blanks trimmed from their ends (gpgv.cc LineBuffer::readFrom). */
function armorLines(text: string): string[] {
    if (text === "") return [];
    const lines = text.split("\n");
    if (text.endsWith("\n")) lines.pop();
    for (let i = 0; i < lines.length; i++) {
        const l = lines[i] as string;
        const end = endWithout(l, endWithout(l, l.length, [13, 10]), [32, 9]);
        if (end !== l.length) lines[i] = l.slice(0, end);
    }
    return lines;
}

const BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
const BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
const END_SIGNATURE = "-----END PGP SIGNATURE-----";

/**
 * The signed message of a clear-signed file, or the text itself when it is
 * not one (OpenMaybeClearSignedFile). Throws where APT fails: a signed
 * message that does not start the file, a dash line in the armor or the
 * message, a missing or unclosed signature, unsigned lines after it.
 */
export function clearSignedMessage(text: string, file: string): string {
    const lines = armorLines(text);
    if (lines.length === 0) return text;
    if (lines[0] !== BEGIN_MESSAGE) {
        if (lines.includes(BEGIN_MESSAGE)) throw unreadable(file, "the signed message does not start the file");
        return text;
    }
    let i = 1;
    const next = (): string => {
        if (i >= lines.length) throw unreadable(file, "the clear-signed file is incomplete");
        return lines[i++] as string;
    };
    // Armor headers ("Hash: SHA512") up to the empty line.
    for (;;) {
        const line = next();
        if (line === "") break;
        if (line.startsWith("-")) throw unreadable(file, "a line of the armor headers starts with a dash");
    }
    const message: string[] = [];
    for (;;) {
        const line = next();
        if (line === BEGIN_SIGNATURE) break;
        if (line.startsWith("- ")) message.push(line.slice(2));
        else if (line.startsWith("-")) throw unreadable(file, "a line of the signed message starts with a dash");
        else message.push(line);
    }
    let open = true;
    for (; i < lines.length; i++) {
        const line = lines[i] as string;
        if (open) {
            if (line === END_SIGNATURE) open = false;
            else if (line.startsWith("-")) throw unreadable(file, "a line of the signature starts with a dash");
        } else if (line === BEGIN_SIGNATURE) open = true;
        else throw unreadable(file, "unsigned lines follow the signature");
    }
    if (open) throw unreadable(file, "the signature is not closed");
    // The lines joined without a final newline, as SplitClearSignedFile writes them.
    return message.join("\n");
}

const RELEASE_FIELDS: ReadonlySet<string> = new Set([
    "origin",
    "label",
    "suite",
    "codename",
    "version",
    "notautomatic",
    "butautomaticupgrades",
]);

/**
 * The `wanted` fields of the first stanza of `text`, by the rules of deb822.ts
 * forEachStanza (which would build every checksum list of a Release file, the
 * bulk of it, only to throw it away); null when there is no stanza.
 */
function firstStanzaFields(text: string, wanted: ReadonlySet<string>): Map<string, string> | null {
    const fields = new Map<string, string>();
    let started = false;
    let key: string | null = null;
    let value = "";
    for (let pos = 0; pos < text.length;) {
        const nl = text.indexOf("\n", pos);
        const lineEnd = nl < 0 ? text.length : nl;
        let line = text.slice(pos, lineEnd);
        pos = lineEnd + 1;
        if (line.endsWith("\r")) line = line.slice(0, -1);
        if (line.trim() === "") {
            if (started) break;
            continue;
        }
        started = true;
        const first = line.charCodeAt(0);
        if (first === 32 || first === 9) {
            if (key !== null) value += "\n" + line.slice(1);
            continue;
        }
        if (key !== null) fields.set(key, value);
        const colon = line.indexOf(":");
        const name = colon > 0 ? line.slice(0, colon).toLowerCase() : "";
        key = wanted.has(name) ? name : null;
        if (key !== null) value = line.slice(colon + 1).trim();
    }
    if (key !== null) fields.set(key, value);
    return started ? fields : null;
}

/** The release data of `file` (null: none, as for a repository without a Release file). */
export function readReleaseInfo(file: string | null): ReleaseInfo {
    if (file === null) return { ...NO_RELEASE };
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw unreadable(file, (e as Error).message);
    }
    const s = firstStanzaFields(clearSignedMessage(text, file), RELEASE_FIELDS);
    if (s === null) throw unreadable(file, "it has no stanza");
    const flag = (name: string) => aptStringToBool(s.get(name) ?? "") === true;
    return {
        origin: s.get("origin") ?? "",
        label: s.get("label") ?? "",
        suite: s.get("suite") ?? "",
        codename: s.get("codename") ?? "",
        version: s.get("version") ?? "",
        notAutomatic: flag("notautomatic"),
        butAutomaticUpgrades: flag("butautomaticupgrades"),
    };
}
