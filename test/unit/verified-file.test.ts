// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The checksum (checksum.ts), verified cache files (verified-file.ts) and
 * the trust check (trusted-file.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pseudoRandomBytes } from "../support/pseudo-random.js";
import { checksum } from "../../src/bridge/checksum.js";
import {
    BLOCK,
    CacheDamagedError,
    openVerified,
    readVerified,
    VerifiedWriter,
    writeVerified,
} from "../../src/bridge/verified-file.js";
import { writeAtomically } from "../../src/bridge/atomic-write.js";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "verified-file-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const bytes = pseudoRandomBytes;

describe("checksum", () => {
    it("changes with every single flipped byte and bit of a block, at any alignment", () => {
        const block = bytes(1027); // whole words and a tail
        const missed: string[] = [];
        for (const offset of [0, 1]) {
            const data = Buffer.concat([Buffer.alloc(offset), block]).subarray(offset);
            const sum = checksum(data, 7);
            for (let i = 0; i < data.length; i++) {
                for (const mask of [0x01, 0x80, 0xff]) {
                    data[i] = (data[i] as number) ^ mask;
                    if (checksum(data, 7) === sum) missed.push(`${offset}:${i}:${mask}`);
                    data[i] = (data[i] as number) ^ mask;
                }
            }
            expect(checksum(data, 7)).toBe(sum);
        }
        expect(missed).toEqual([]);
    });

    it("notices zeroed ranges, a shorter block, a swapped pair of words and another block number", () => {
        const data = bytes(BLOCK);
        const sum = checksum(data, 3);
        const zeroed = Buffer.from(data);
        zeroed.fill(0, 1000, 1064);
        expect(checksum(zeroed, 3)).not.toBe(sum);
        expect(checksum(data.subarray(0, BLOCK - 1), 3)).not.toBe(sum);
        expect(checksum(data.subarray(0, BLOCK - 4), 3)).not.toBe(sum);
        const swapped = Buffer.from(data);
        data.copy(swapped, 0, 4, 8);
        data.copy(swapped, 4, 0, 4);
        expect(checksum(swapped, 3)).not.toBe(sum);
        expect(checksum(data, 4)).not.toBe(sum);
        expect(checksum(Buffer.alloc(BLOCK), 0)).not.toBe(checksum(Buffer.alloc(BLOCK - 4), 0));
    });

    it("two flipped top bits in neighbouring words (which cancel in a plain multiply-xor hash) are noticed", () => {
        const data = bytes(64);
        const sum = checksum(data, 0);
        data[3] = (data[3] as number) ^ 0x80;
        data[7] = (data[7] as number) ^ 0x80;
        expect(checksum(data, 0)).not.toBe(sum);
    });
});

describe("verified files", () => {
    const file = () => path.join(dir, "f.cache");
    /** A file of head + body written in uneven pieces, as the index writer does. */
    function write(head: Buffer, body: Buffer): void {
        expect(
            writeAtomically(file(), (fd) => {
                const w = new VerifiedWriter(fd, head);
                for (let at = 0; at < body.length;) {
                    const n = Math.min(1 + ((at * 7) % 10007), body.length - at);
                    w.write(body.subarray(at, at + n));
                    at += n;
                }
                w.finish();
            })
        ).toBe(true);
    }

    it("reads back what was written, head and body, from any position", () => {
        const body = bytes(5 * BLOCK + 123);
        write(Buffer.from("stamp\n"), body);
        const f = openVerified(file());
        expect(f).not.toBeNull();
        if (!f) return;
        expect(f.head.toString()).toBe("stamp\n");
        expect(f.bodyLength).toBe(body.length);
        expect(f.read(BLOCK - 10, 20)).toEqual(body.subarray(BLOCK - 10, BLOCK + 10));
        expect(f.read(3 * BLOCK, 5)).toEqual(body.subarray(3 * BLOCK, 3 * BLOCK + 5));
        expect(f.body()).toEqual(body);
        f.close();
        expect(writeVerified(file(), Buffer.alloc(0))).toBe(true);
        expect(readVerified(file())).toEqual(Buffer.alloc(0));
    });

    it("cut short, or with anything but the body damaged: not opened at all", () => {
        const body = bytes(3 * BLOCK);
        for (const cut of [1, 4, 40, BLOCK, 2 * BLOCK]) {
            write(Buffer.from("head\n"), body);
            fs.truncateSync(file(), fs.statSync(file()).size - cut);
            expect(openVerified(file())).toBeNull();
        }
        const size = () => fs.statSync(file()).size;
        for (const at of [() => 0, () => 2, () => size() - 3 * 4 - 40 + 1, () => size() - 20, () => size() - 1]) {
            write(Buffer.from("head\n"), body);
            const data = fs.readFileSync(file());
            const i = at();
            data[i] = (data[i] as number) ^ 1;
            fs.writeFileSync(file(), data);
            expect(openVerified(file())).toBeNull();
        }
        write(Buffer.from("head\n"), body);
        fs.appendFileSync(file(), "x");
        expect(openVerified(file())).toBeNull();
    });

    it("a damaged body block: reading it throws CacheDamagedError and removes the file; other blocks read fine", () => {
        const body = bytes(4 * BLOCK);
        write(Buffer.alloc(0), body);
        const data = fs.readFileSync(file());
        data.fill(0, 2 * BLOCK + 100, 2 * BLOCK + 200);
        fs.writeFileSync(file(), data);
        const f = openVerified(file());
        expect(f).not.toBeNull();
        if (!f) return;
        expect(f.read(0, BLOCK)).toEqual(body.subarray(0, BLOCK));
        expect(() => f.read(2 * BLOCK + 150, 1)).toThrow(CacheDamagedError);
        expect(fs.existsSync(file())).toBe(false);
        f.close();
        fs.writeFileSync(file(), data);
        expect(readVerified(file())).toBeNull();
    });

    it("not trusted when group or others may write it, or when it is a symlink", () => {
        expect(writeVerified(file(), Buffer.from("x"))).toBe(true);
        expect(fs.statSync(file()).mode & 0o777).toBe(0o644);
        expect(readVerified(file())).toEqual(Buffer.from("x"));
        for (const mode of [0o664, 0o646, 0o620]) {
            fs.chmodSync(file(), mode);
            expect(readVerified(file())).toBeNull();
        }
        fs.chmodSync(file(), 0o600);
        expect(readVerified(file())).toEqual(Buffer.from("x"));
        fs.symlinkSync(file(), path.join(dir, "link"));
        expect(readVerified(path.join(dir, "link"))).toBeNull();
    });

    it.runIf(process.geteuid?.() === 0)(
        "not trusted when another user owns it (root's own and root-owned files are)",
        () => {
            expect(writeVerified(file(), Buffer.from("x"))).toBe(true);
            fs.chownSync(file(), 65534, 65534);
            expect(readVerified(file())).toBeNull();
            fs.chownSync(file(), 0, 0);
            expect(readVerified(file())).toEqual(Buffer.from("x"));
        }
    );
});
