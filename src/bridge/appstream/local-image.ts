// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Images on the managed system (metainfo icons and screenshots, a local
 * repository's DEP-11 media) reach the page as data: URLs: Cockpit's CSP
 * admits no other origin, and the page cannot read host files by URL.
 * Only files that are images by their first bytes are read, so a catalog
 * naming /etc/shadow gets nothing out of it.
 */
import fs from "node:fs";
import { resolveInRoot } from "../apt/dpkg-root.js";
import { dataUrl } from "./model.js";

function mimeOf(bytes: Buffer): string | null {
    if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
    if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP")
        return "image/webp";
    if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
    const head = bytes.subarray(0, 512).toString("utf8").trimStart();
    if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head))
        return "image/svg+xml";
    return null;
}

/** Bytes as a data: URL when they are an image, else null. */
export function imageDataUrl(bytes: Buffer): string | null {
    const mime = mimeOf(bytes);
    return mime ? dataUrl(mime, bytes) : null;
}

/** A host file as a data: URL when it is a regular image file of at most maxBytes, else null. */
export function fileDataUrl(hostPath: string, maxBytes: number): string | null {
    try {
        const st = fs.statSync(hostPath);
        if (!st.isFile() || st.size > maxBytes) return null;
        return imageDataUrl(fs.readFileSync(hostPath));
    } catch {
        return null;
    }
}

/** An absolute path (or file: URL) on the managed system, read within its root (dpkg-root.ts). */
export function systemImage(root: string, pathOrUrl: string, maxBytes: number): string | null {
    let inside = pathOrUrl;
    if (/^file:/i.test(inside)) {
        try {
            inside = decodeURIComponent(new URL(inside).pathname);
        } catch {
            return null;
        }
    }
    if (!inside.startsWith("/")) return null;
    const host = resolveInRoot(root, inside);
    return host ? fileDataUrl(host, maxBytes) : null;
}
