// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Serves a directory over HTTP on 127.0.0.1 (a free port), as a mirror would:
 * APT then really downloads .deb files into the sandbox's archive cache
 * (file: repositories are read in place and never fetched).
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export interface HttpRepository {
    url: string;
    /** Paths requested so far ("/pool/main/app_1.0_all.deb"). */
    requests: string[];
    close(): Promise<void>;
}

export async function serveDirectory(dir: string): Promise<HttpRepository> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const url = decodeURIComponent((req.url ?? "/").split("?")[0] as string);
        requests.push(url);
        const file = path.join(dir, url);
        if (!file.startsWith(dir + "/") || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { "Content-Length": String(fs.statSync(file).size) }).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
