// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Cache files that prove themselves before they are used. A cache file that
 * was cut short (a crash, a full disk before fsync existed), zeroed or had
 * bytes changed must cost a rebuild, never a crash, a wrong answer or half a
 * JSON document. Layout:
 *
 *   head (headLength bytes: the index caches' stamp line; empty for others)
 *   body (bodyLength bytes)
 *   block table: the checksum (checksum.ts) of each BLOCK bytes of the body, uint32
 *   trailer (40 bytes): magic, headLength, BLOCK, bodyLength, the head's and
 *     the table's checksums, the trailer's own checksum
 *
 * Opening checks, at once and cheaply, the owner and mode (trusted-file.ts),
 * the trailer, the file's length against it (a cut file), the head and the
 * table (~40 KB for a 40 MB index). The body's blocks are checked when first
 * read (VerifiedFile.readInto): a request pays for the bytes it uses, not for
 * hashing 40 MB. A block that does not match removes the file and throws
 * CacheDamagedError, which the bridge answers by starting again without it
 * (main.ts): nothing has been written to stdout by then, since a page's rows
 * are checked before its first byte goes out (StringColumn.verifyRuns).
 */
import fs from "node:fs";
import { checksum } from "./checksum.js";
import { isTrustedFile } from "./trusted-file.js";
import { writeAtomically, writeFully } from "./atomic-write.js";

/** Small enough that scattered reads (the installed packages' rows) hash little beyond what they read. */
export const BLOCK = 4096;
const MAGIC = Buffer.from("CAPTSUM1", "latin1");
const TRAILER = 40;
const HEAD_SEED = 0x68656164;
const TABLE_SEED = 0x7461626c;
const TRAILER_SEED = 0x7472616c;
const WRITE_BATCH = 256 * 1024;

/** A cache file that failed its checks after it was opened; it has been removed (when we could). */
export class CacheDamagedError extends Error {
    constructor(
        readonly file: string,
        what: string
    ) {
        super(`cache file ${file} is damaged (${what})`);
        this.name = "CacheDamagedError";
    }
}

/**
 * Verifies every block as soon as the file is opened, for the rest of this
 * process: set when a damaged file was found and the bridge starts again
 * (main.ts), so that one it cannot remove (root's, read by another user) is
 * not met again halfway through.
 */
export const VERIFY_ALL_ENV = "COCKPIT_APT_CACHE_HEALING";

/** Writes a verified file's parts to `fd` as they come: the head, then the body in any pieces, then finish(). */
export class VerifiedWriter {
    private readonly sums: number[] = [];
    private readonly stage = Buffer.alloc(BLOCK); // not pooled: word-aligned for checksum()
    private staged = 0;
    private bodyLength = 0;
    private readonly headLength: number;
    private readonly headSum: number;
    /** Small pieces are gathered here and written together: a patch's layer is hundreds of them. */
    private readonly pending = Buffer.allocUnsafe(WRITE_BATCH);
    private pendingBytes = 0;

    constructor(
        private readonly fd: number,
        head: Buffer = Buffer.alloc(0)
    ) {
        writeFully(fd, head);
        this.headLength = head.length;
        this.headSum = checksum(head, HEAD_SEED);
    }

    private flush(): void {
        if (this.pendingBytes === 0) return;
        writeFully(this.fd, this.pending.subarray(0, this.pendingBytes));
        this.pendingBytes = 0;
    }

    /** The checksum of a whole block of the body (copied to the stage when not word-aligned, as a piece's may be). */
    private blockSum(block: Buffer): number {
        if ((block.byteOffset & 3) === 0) return checksum(block, this.sums.length);
        block.copy(this.stage, 0);
        return checksum(this.stage, this.sums.length);
    }

    write(data: Buffer): void {
        if (this.pendingBytes + data.length > WRITE_BATCH) this.flush();
        if (data.length >= WRITE_BATCH) writeFully(this.fd, data);
        else {
            data.copy(this.pending, this.pendingBytes);
            this.pendingBytes += data.length;
        }
        this.bodyLength += data.length;
        let off = 0;
        if (this.staged > 0) {
            off = Math.min(BLOCK - this.staged, data.length);
            data.copy(this.stage, this.staged, 0, off);
            this.staged += off;
            if (this.staged < BLOCK) return;
            this.sums.push(checksum(this.stage, this.sums.length));
            this.staged = 0;
        }
        for (; data.length - off >= BLOCK; off += BLOCK) this.sums.push(this.blockSum(data.subarray(off, off + BLOCK)));
        if (off < data.length) {
            data.copy(this.stage, 0, off);
            this.staged = data.length - off;
        }
    }

    /** The block table and the trailer. */
    finish(): void {
        this.flush();
        if (this.staged > 0) this.sums.push(checksum(this.stage.subarray(0, this.staged), this.sums.length));
        this.staged = 0;
        const table = Buffer.alloc(this.sums.length * 4);
        this.sums.forEach((s, i) => table.writeUInt32LE(s, i * 4));
        writeFully(this.fd, table);
        const trailer = Buffer.alloc(TRAILER);
        MAGIC.copy(trailer, 0);
        trailer.writeUInt32LE(this.headLength, 8);
        trailer.writeUInt32LE(BLOCK, 12);
        trailer.writeDoubleLE(this.bodyLength, 16);
        trailer.writeUInt32LE(this.headSum, 24);
        trailer.writeUInt32LE(checksum(table, TABLE_SEED), 28);
        trailer.writeUInt32LE(checksum(trailer.subarray(0, 36), TRAILER_SEED), 36);
        writeFully(this.fd, trailer);
    }
}

function readExactly(fd: number, length: number, pos: number): Buffer | null {
    // never pooled, so word-aligned for checksum(); not zeroed: every byte is read
    const out = Buffer.allocUnsafeSlow(length);
    return readFully(fd, out, 0, length, pos) ? out : null;
}

/** Reads target[at, at + length) from `pos`; false when the file ends first. */
function readFully(fd: number, target: Buffer, at: number, length: number, pos: number): boolean {
    for (let done = 0; done < length;) {
        const n = fs.readSync(fd, target, at + done, length - done, pos + done);
        if (n === 0) return false;
        done += n;
    }
    return true;
}

/** readInto's reads of blocks not checked yet, when they fit: one buffer for every file. */
const PASSING_BYTES = 1 << 20;
let passingBuffer: Buffer | null = null;

/** Bytes [pos, pos + length) of an open cache file's body (VerifiedFile.ranges). */
export interface BodyRange {
    readonly file: VerifiedFile;
    readonly pos: number;
    readonly length: number;
}

/** An open, trusted cache file whose head and block table are sound; its body is checked as it is read. */
export class VerifiedFile {
    private readonly checked: Uint8Array;

    constructor(
        readonly path: string,
        readonly fd: number,
        private readonly ino: number,
        readonly head: Buffer,
        readonly bodyLength: number,
        private readonly sums: Buffer
    ) {
        this.checked = new Uint8Array(sums.length / 4);
    }

    private get bodyStart(): number {
        return this.head.length;
    }

    /** Removes the file (when it is still the one we opened) and throws. */
    private damaged(what: string): never {
        try {
            if (fs.statSync(this.path).ino === this.ino) fs.unlinkSync(this.path);
        } catch {
            /* gone already, or not ours to remove (root's cache): VERIFY_ALL_ENV passes it by */
        }
        throw new CacheDamagedError(this.path, what);
    }

    /** Checks blocks first..last of `span` (their bytes, from block first's start). */
    private checkBlocks(span: Buffer, first: number, last: number): void {
        for (let b = first; b <= last; b++) {
            if (this.checked[b]) continue;
            const from = (b - first) * BLOCK;
            const block = span.subarray(from, Math.min(from + BLOCK, span.length));
            if (checksum(block, b) !== this.sums.readUInt32LE(b * 4)) this.damaged(`block ${b}`);
            this.checked[b] = 1;
        }
    }

    private checkBounds(pos: number, length: number): void {
        if (pos < 0 || pos + length > this.bodyLength) this.damaged("read beyond its end");
    }

    /** Whether blocks first..last are all checked. */
    private allChecked(first: number, last: number): boolean {
        for (let b = first; b <= last; b++) if (!this.checked[b]) return false;
        return true;
    }

    /**
     * Blocks first..last, read in one go, those not checked yet checked. `passing`: the caller
     * copies what it wants at once, so a span that fits is read into one buffer kept for that
     * (a patch streams megabytes of offsets through it: no fresh memory to fault in each time).
     */
    private readBlocks(first: number, last: number, passing = false): Buffer {
        const start = first * BLOCK;
        const length = Math.min((last + 1) * BLOCK, this.bodyLength) - start;
        let span: Buffer | null;
        if (passing && length <= PASSING_BYTES) {
            passingBuffer ??= Buffer.allocUnsafeSlow(PASSING_BYTES); // not pooled: word-aligned for checksum()
            span = readFully(this.fd, passingBuffer, 0, length, this.bodyStart + start)
                ? passingBuffer.subarray(0, length)
                : null;
        } else span = readExactly(this.fd, length, this.bodyStart + start);
        if (!span) this.damaged("shorter than written");
        this.checkBlocks(span, first, last);
        return span;
    }

    /** Checks the blocks under [pos, pos + length) not checked yet, reading only runs of those. */
    private checkRange(pos: number, length: number): void {
        if (length <= 0) return;
        this.checkBounds(pos, length);
        let first = Math.floor(pos / BLOCK);
        let last = Math.floor((pos + length - 1) / BLOCK);
        while (first <= last && this.checked[first]) first++;
        while (last >= first && this.checked[last]) last--;
        if (first <= last) this.readBlocks(first, last, true); // checked, not kept
    }

    /**
     * The body's bytes [pos, pos + length) as a range of this file, not read yet: checked when a
     * reader or a writer copying them reads them (readChunk, writeCacheFile), or named by a
     * layer (layered-file.ts) and never read by the patch that made it. The range stays readable
     * while this file is open, even after a rename replaced it.
     */
    ranges(pos: number, length: number): BodyRange[] {
        this.checkBounds(pos, length);
        return length > 0 ? [{ file: this, pos, length }] : [];
    }

    /** Checks the body's bytes [pos, pos + length) without keeping them. */
    verify(pos: number, length: number): void {
        this.checkRange(pos, length);
    }

    verifyAll(): void {
        const STEP = 256 * BLOCK;
        for (let pos = 0; pos < this.bodyLength; pos += STEP)
            this.checkRange(pos, Math.min(STEP, this.bodyLength - pos));
    }

    /** Copies the body's bytes [pos, pos + length) to target[at...], checked: one read of the file either way. */
    readInto(target: Buffer, at: number, pos: number, length: number): void {
        if (length <= 0) return;
        this.checkBounds(pos, length);
        const first = Math.floor(pos / BLOCK);
        const last = Math.floor((pos + length - 1) / BLOCK);
        if (this.allChecked(first, last)) {
            if (!readFully(this.fd, target, at, length, this.bodyStart + pos)) this.damaged("shorter than written");
            return;
        }
        const from = pos - first * BLOCK;
        this.readBlocks(first, last, true).copy(target, at, from, from + length);
    }

    read(pos: number, length: number): Buffer {
        if (length <= 0) return Buffer.alloc(0);
        this.checkBounds(pos, length);
        const first = Math.floor(pos / BLOCK);
        const last = Math.floor((pos + length - 1) / BLOCK);
        if (this.allChecked(first, last)) {
            // a big read is not pooled, so aligned as the body is (typed views take it as it is; a small one they copy)
            const out = length >= BLOCK ? Buffer.allocUnsafeSlow(length) : Buffer.allocUnsafe(length);
            if (!readFully(this.fd, out, 0, length, this.bodyStart + pos)) this.damaged("shorter than written");
            return out;
        }
        // the blocks just read and checked, not copied: pos keeps its alignment (blocks start 8-aligned)
        const from = pos - first * BLOCK;
        return this.readBlocks(first, last).subarray(from, from + length);
    }

    /** The whole body, checked. */
    body(): Buffer {
        return this.read(0, this.bodyLength);
    }

    close(): void {
        fs.closeSync(this.fd);
    }
}

/**
 * Opens `file` when it is trusted (trusted-file.ts) and its trailer, length,
 * head and block table are sound; else null (missing, foreign, cut short,
 * damaged, an older layout): the caller builds it again.
 */
export function openVerified(file: string): VerifiedFile | null {
    let fd: number;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    } catch {
        return null;
    }
    let ok = false;
    try {
        const st = fs.fstatSync(fd);
        if (!isTrustedFile(st) || st.size < TRAILER) return null;
        const trailer = readExactly(fd, TRAILER, st.size - TRAILER);
        if (
            !trailer ||
            !trailer.subarray(0, 8).equals(MAGIC) ||
            checksum(trailer.subarray(0, 36), TRAILER_SEED) !== trailer.readUInt32LE(36)
        )
            return null;
        const headLength = trailer.readUInt32LE(8);
        const bodyLength = trailer.readDoubleLE(16);
        if (trailer.readUInt32LE(12) !== BLOCK || !Number.isSafeInteger(bodyLength) || bodyLength < 0) return null;
        const blocks = Math.ceil(bodyLength / BLOCK);
        if (st.size !== headLength + bodyLength + blocks * 4 + TRAILER) return null;
        const head = readExactly(fd, headLength, 0);
        if (!head || checksum(head, HEAD_SEED) !== trailer.readUInt32LE(24)) return null;
        const sums = readExactly(fd, blocks * 4, headLength + bodyLength);
        if (!sums || checksum(sums, TABLE_SEED) !== trailer.readUInt32LE(28)) return null;
        const opened = new VerifiedFile(file, fd, st.ino, head, bodyLength, sums);
        if (process.env[VERIFY_ALL_ENV]) {
            try {
                opened.verifyAll();
            } catch {
                return null;
            }
        }
        ok = true;
        return opened;
    } catch {
        return null;
    } finally {
        if (!ok) fs.closeSync(fd);
    }
}

/** The body of a small verified file (code cache, store caches), checked whole; null when missing, untrusted or damaged. */
export function readVerified(file: string, maxBytes = 64 << 20): Buffer | null {
    const opened = openVerified(file);
    if (!opened) return null;
    try {
        return opened.bodyLength <= maxBytes ? opened.body() : null;
    } catch {
        return null; // damaged (and removed): the caller makes it again
    } finally {
        opened.close();
    }
}

/** Writes `body` (after `head`) as a verified file, atomically (atomic-write.ts); false when it could not. */
export function writeVerified(file: string, body: Buffer, head?: Buffer): boolean {
    return writeAtomically(file, (fd) => {
        const w = new VerifiedWriter(fd, head);
        w.write(body);
        w.finish();
    });
}
