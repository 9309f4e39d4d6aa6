// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Configuration files are written whole or not at all, the way the caches are
 * (atomic-write.ts: a temporary file beside the target, fsync, rename); unlike
 * a cache's, a failure here is the user's business and is reported.
 */
import { writeAtomicallyOrThrow, writeFully } from "../atomic-write.js";
import { BridgeError } from "../cli/errors.js";

export function writeConfigFile(file: string, text: string): void {
    try {
        writeAtomicallyOrThrow(file, (fd) => writeFully(fd, Buffer.from(text, "utf8")));
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const code =
            err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS"
                ? "PERMISSION_DENIED"
                : "OPERATION_FAILED";
        throw new BridgeError(code, `Cannot write ${file}: ${err.message}`, { file });
    }
}
