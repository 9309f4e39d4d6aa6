/*
 * Configuration files are written whole or not at all: a temporary file
 * beside the target, fsync, rename. Unlike the caches (atomic-write.ts), a
 * failure here is the user's business and is reported.
 */
import fs from "node:fs";
import path from "node:path";
import { BridgeError } from "../cli/errors.js";

export function writeConfigFile(file: string, text: string): void {
    const dir = path.dirname(file);
    const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
    try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
        const fd = fs.openSync(tmp, "w", 0o644);
        try {
            fs.writeSync(fd, text);
            fs.fsyncSync(fd);
        } finally {
            fs.closeSync(fd);
        }
        fs.renameSync(tmp, file);
    } catch (e) {
        try {
            fs.unlinkSync(tmp);
        } catch {
            /* nothing was written */
        }
        const err = e as NodeJS.ErrnoException;
        const code = err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS" ? "PERMISSION_DENIED" : "OPERATION_FAILED";
        throw new BridgeError(code, `Cannot write ${file}: ${err.message}`, { file });
    }
}
