// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Layered cache files (src/bridge/index/layered-file.ts): what the rebuild
 * after dpkg writes. A layer names ranges of its base and holds its own bytes;
 * read back it must be exactly the body that was written, checked as it is
 * read, and anything wrong with its base (gone, another build's, damaged, a
 * name that is not a base's) must be a cache miss or CacheDamagedError, never
 * other bytes. The cache directory's clean-up removes the bases nothing names.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pseudoRandomBytes } from "../support/pseudo-random.js";
import type { Chunk } from "../../src/bridge/index/chunk-source.js";
import {
    openCacheFile,
    removeStaleCacheFiles,
    stampFor,
    writeCacheFile,
    type CacheStamp,
} from "../../src/bridge/index/index-cache.js";
import { baseFor, LayeredFile, planLayer, type BaseFile } from "../../src/bridge/index/layered-file.js";
import { CacheDamagedError, BLOCK, type VerifiedFile } from "../../src/bridge/verified-file.js";

let dir: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "layered-file-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const NAME = "0123456789abcdef";
const FORMAT = 99;
const BRIDGE = "test";

const bytes = pseudoRandomBytes;

function stamp(): CacheStamp {
    return stampFor(FORMAT, BRIDGE, []);
}

/** A full cache file at <dir>/<NAME>.hot with `body`, opened. */
function fullFile(body: Buffer): { path: string; stamp: CacheStamp; file: VerifiedFile } {
    const file = path.join(dir, `${NAME}.hot`);
    const s = stamp();
    expect(writeCacheFile(file, s, [body])).toBe(true);
    const opened = openCacheFile(file);
    if (!opened) throw new Error("not opened");
    expect(opened.file).not.toBeInstanceOf(LayeredFile);
    return { path: file, stamp: s, file: opened.file as VerifiedFile };
}

/** A patch's chunks over `base`: its ranges kept, new bytes between, some ranges dropped; and the body they make. */
function patchOver(base: VerifiedFile, seed: number): { chunks: Chunk[]; expected: Buffer } {
    const chunks: Chunk[] = [];
    const parts: Buffer[] = [];
    const whole = base.body();
    for (let pos = 0, k = 0; pos < base.bodyLength; k++) {
        const keep = Math.min(3 * BLOCK + 17 * k, base.bodyLength - pos);
        chunks.push(...base.ranges(pos, keep));
        parts.push(whole.subarray(pos, pos + keep));
        pos += keep + (k % 3 === 0 ? 100 : 0); // some rows dropped
        const fresh = bytes(1 + ((k * 37) % 200), seed + k);
        chunks.push(fresh);
        parts.push(fresh);
    }
    return { chunks, expected: Buffer.concat(parts) };
}

describe("a layered file", () => {
    it("reads back as the body written, across extents, names its base, and is much smaller than it", () => {
        const full = fullFile(bytes(200 * BLOCK + 123, 1));
        const base = baseFor(full.file, full.stamp.buildId, full.path);
        expect(base?.name).toBe(`${NAME}.hot.base-${full.stamp.buildId}`);
        const { chunks, expected } = patchOver(full.file, 7);
        expect(writeCacheFile(full.path, stamp(), chunks, base as BaseFile)).toBe(true);
        const opened = openCacheFile(full.path);
        expect(opened?.stamp.layerOf).toEqual({ file: base?.name, buildId: full.stamp.buildId });
        const layered = opened?.file as LayeredFile;
        expect(layered).toBeInstanceOf(LayeredFile);
        expect(layered.bodyLength).toBe(expected.length);
        expect(layered.body().equals(expected)).toBe(true);
        // any range, across extents and files
        for (const [pos, len] of [
            [0, 1],
            [BLOCK - 3, 10],
            [3 * BLOCK - 5, 40],
            [12345, 3 * BLOCK],
            [expected.length - 9, 9],
        ] as Array<[number, number]>) {
            expect(layered.read(pos, len).equals(expected.subarray(pos, pos + len))).toBe(true);
            const into = Buffer.alloc(len + 2);
            layered.readInto(into, 1, pos, len);
            expect(into.subarray(1, 1 + len).equals(expected.subarray(pos, pos + len))).toBe(true);
        }
        expect(() => layered.read(expected.length - 1, 2)).toThrow(CacheDamagedError);
        expect(fs.statSync(full.path).size).toBeLessThan(fs.statSync(path.join(dir, base?.name as string)).size / 10);
        layered.close();
        full.file.close();
    });

    it("is patched again over the same base, keeping what the first layer added", () => {
        const full = fullFile(bytes(100 * BLOCK, 2));
        const base = baseFor(full.file, full.stamp.buildId, full.path) as BaseFile;
        const first = patchOver(full.file, 11);
        writeCacheFile(full.path, stamp(), first.chunks, base);
        const layer1 = openCacheFile(full.path)?.file as LayeredFile;
        // the second patch: ranges of the first layer (its base's and its own bytes), new bytes between
        const second = patchOver(layer1 as unknown as VerifiedFile, 23);
        const again = baseFor(layer1, "unused", full.path);
        expect(again).toBe(layer1.base); // no second link: the same base
        writeCacheFile(full.path, stamp(), second.chunks, again as BaseFile);
        const layer2 = openCacheFile(full.path);
        expect(layer2?.stamp.layerOf?.file).toBe(base.name);
        expect(layer2?.file.body().equals(second.expected)).toBe(true);
        expect(fs.readdirSync(dir).filter((n) => n.includes(".base-"))).toEqual([base.name]);
        layer2?.file.close();
        layer1.close();
        full.file.close();
    });

    it("is written whole when its own bytes would pass a quarter of its base (and 1 MiB)", () => {
        const full = fullFile(bytes(1024 * BLOCK, 3)); // 4 MiB
        const base = baseFor(full.file, full.stamp.buildId, full.path) as BaseFile;
        const small: Chunk[] = [...full.file.ranges(0, 1000 * BLOCK), bytes(BLOCK, 4)];
        expect(planLayer(small, base)).not.toBeNull();
        const big: Chunk[] = [...full.file.ranges(0, 10 * BLOCK), bytes(300 * BLOCK, 5)];
        expect(planLayer(big, base)).toBeNull();
        expect(writeCacheFile(full.path, stamp(), big, base)).toBe(true);
        const opened = openCacheFile(full.path);
        expect(opened?.stamp.layerOf).toBeUndefined();
        expect(opened?.file.body().equals(Buffer.concat([full.file.read(0, 10 * BLOCK), bytes(300 * BLOCK, 5)]))).toBe(
            true
        );
        opened?.file.close();
        full.file.close();
    });

    it("is a cache miss when its base is gone, another build's, or named by a path", () => {
        const full = fullFile(bytes(50 * BLOCK, 6));
        const base = baseFor(full.file, full.stamp.buildId, full.path) as BaseFile;
        const { chunks } = patchOver(full.file, 8);
        writeCacheFile(full.path, stamp(), chunks, base);
        const basePath = path.join(dir, base.name);
        const saved = fs.readFileSync(basePath);
        fs.unlinkSync(basePath);
        expect(openCacheFile(full.path)).toBeNull();
        // another build's file under the base's name, even one with the same bytes
        const other = path.join(dir, `${NAME}.detail`);
        writeCacheFile(other, stamp(), [full.file.body()]);
        fs.renameSync(other, basePath);
        expect(openCacheFile(full.path)).toBeNull();
        // a stamp naming a file outside the directory (or any name not a base's) is refused
        fs.writeFileSync(basePath, saved);
        expect(openCacheFile(full.path)).not.toBeNull();
        for (const name of ["../" + base.name, `${NAME}.stanzas`, "/etc/passwd"]) {
            const forged = stamp();
            forged.layerOf = { file: name, buildId: full.stamp.buildId };
            writeCacheFile(full.path, forged, [Buffer.alloc(8)]);
            expect(openCacheFile(full.path), name).toBeNull();
        }
        full.file.close();
    });

    it("throws CacheDamagedError when a block of its base it reads was changed", () => {
        const full = fullFile(bytes(50 * BLOCK, 9));
        const base = baseFor(full.file, full.stamp.buildId, full.path) as BaseFile;
        const { chunks } = patchOver(full.file, 10);
        writeCacheFile(full.path, stamp(), chunks, base);
        full.file.close();
        const basePath = path.join(dir, base.name);
        const fd = fs.openSync(basePath, "r+");
        const head = fs.readFileSync(basePath).indexOf(10) + 1;
        fs.writeSync(fd, Buffer.from([0x55]), 0, 1, head + 5 * BLOCK + 7); // inside the body's block 5
        fs.closeSync(fd);
        const opened = openCacheFile(full.path);
        expect(opened).not.toBeNull();
        expect(() => opened?.file.body()).toThrow(CacheDamagedError);
        opened?.file.close();
    });
});

describe("the clean-up of base files", () => {
    it("removes the bases their cache file no longer names, and keeps the one it does", () => {
        const full = fullFile(bytes(20 * BLOCK, 12));
        const base = baseFor(full.file, full.stamp.buildId, full.path) as BaseFile;
        writeCacheFile(full.path, stamp(), patchOver(full.file, 13).chunks, base);
        const stale = `${NAME}.hot.base-ffffffffffffffff`;
        fs.copyFileSync(path.join(dir, base.name), path.join(dir, stale));
        const keep = [`${NAME}.hot`];
        expect(removeStaleCacheFiles(dir, keep, FORMAT, BRIDGE)).toEqual([stale]);
        expect(fs.existsSync(path.join(dir, base.name))).toBe(true);
        // a full build replaces the layer: its base goes
        writeCacheFile(full.path, stamp(), [bytes(100, 14)]);
        expect(removeStaleCacheFiles(dir, keep, FORMAT, BRIDGE)).toEqual([base.name]);
        full.file.close();
    });

    it("leaves another cache's unnamed base alone for an hour after it was linked", () => {
        const other = "fedcba9876543210";
        fs.writeFileSync(path.join(dir, `${other}.hot.base-0000000000000001`), "x");
        expect(removeStaleCacheFiles(dir, [`${NAME}.hot`], FORMAT, BRIDGE)).toEqual([]);
        expect(removeStaleCacheFiles(dir, [`${NAME}.hot`], FORMAT, BRIDGE, Date.now() + 2 * 3600_000)).toEqual([
            `${other}.hot.base-0000000000000001`,
        ]);
    });
});
