// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * Real Cockpit for the end-to-end tests: one cockpit-ws per test file (one
 * browser session per cockpit-ws process), with the built module found through
 * XDG_DATA_DIRS and the built bridge on PATH, and Debian's Chromium driven by
 * playwright-core.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Frame, type Page } from "playwright-core";
import { ROOT } from "./bridge.js";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--headless",
];
/** The module's frame in the Cockpit shell. */
export const MODULE_FRAME = 'iframe[name="cockpit1:localhost/apt"]';
export const RESULTS_DIR = path.join(ROOT, "test-results");

const COCKPIT_WS_CANDIDATES = ["/usr/lib/cockpit/cockpit-ws", "/usr/libexec/cockpit-ws"];

export interface CockpitOptions {
    /** A sandbox APT configuration (the bridge honours APT_CONFIG). */
    aptConfig?: string;
    /** Store definitions directory (COCKPIT_APT_STORES_DIR). */
    storesDir?: string;
    /** The bridge's index cache directory (COCKPIT_APT_CACHE_DIR). */
    cacheDir?: string;
    /** Further environment for cockpit-ws and so for the bridge. */
    env?: Record<string, string>;
    /**
     * "local" (default): `cockpit-ws --local-session`, one browser session per process.
     * "demo": Cockpit as npm start runs it (scripts/run-cockpit.sh), any number of sessions.
     */
    sessions?: "local" | "demo";
}

export interface Cockpit {
    port: number;
    url: string;
    /** http://127.0.0.1:<port>/apt: the module in the Cockpit shell. */
    shellUrl: string;
    /** The page on its own, outside the shell. */
    pageUrl: string;
    /** Everything cockpit-ws (and the bridges it ran) wrote on stderr/stdout. */
    log(): string;
    stop(): Promise<void>;
}

function findCockpitWs(): string {
    const found = COCKPIT_WS_CANDIDATES.find((p) => existsSync(p));
    if (!found)
        throw new Error(
            `cockpit-ws not found in ${COCKPIT_WS_CANDIDATES.join(", ")}: install the Debian package cockpit-ws`
        );
    return found;
}

/** A port nobody listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            if (address === null || typeof address === "string") {
                server.close();
                reject(new Error("no port"));
                return;
            }
            const port = address.port;
            server.close(() => resolve(port));
        });
    });
}

/** The launcher directory (cockpit-apt-bridge on PATH) and the data directory (cockpit/apt). */
export async function prepareModuleDirs(): Promise<{ binDir: string; dataDir: string }> {
    const bridge = path.join(ROOT, "dist/cockpit-apt-bridge.js");
    const module = path.join(ROOT, "dist/apt/manifest.json");
    for (const file of [bridge, module]) {
        if (!existsSync(file)) throw new Error(`${file} is missing: run node build.mjs first`);
    }
    const base = await fs.mkdtemp(path.join(os.tmpdir(), "cockpit-apt-e2e-"));
    const binDir = path.join(base, "bin");
    const dataDir = path.join(base, "share");
    await fs.mkdir(binDir, { recursive: true });
    await fs.mkdir(path.join(dataDir, "cockpit"), { recursive: true });
    await fs.writeFile(
        path.join(binDir, "cockpit-apt-bridge"),
        `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bridge)} "$@"\n`,
        { mode: 0o755 }
    );
    await fs.symlink(path.join(ROOT, "dist/apt"), path.join(dataDir, "cockpit/apt"));
    return { binDir, dataDir };
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError = "";
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`cockpit-ws exited (${child.exitCode ?? child.signalCode}) before it answered:\n${log()}`);
        }
        try {
            const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
            await response.arrayBuffer();
            if (response.status < 500) return;
            lastError = `HTTP ${response.status}`;
        } catch (error) {
            lastError = String(error);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`cockpit-ws did not answer ${url} within ${timeoutMs} ms (${lastError}):\n${log()}`);
}

/** Starts cockpit-ws --no-tls on 127.0.0.1 and a free port (see CockpitOptions.sessions). */
export async function startCockpit(options: CockpitOptions = {}): Promise<Cockpit> {
    const cockpitWs = findCockpitWs();
    const { binDir, dataDir } = await prepareModuleDirs();
    const port = await freePort();
    // Never inherit the test runner's sandbox settings by accident: only what is asked for here.
    const inherited: NodeJS.ProcessEnv = { ...process.env };
    delete inherited.APT_CONFIG;
    delete inherited.COCKPIT_APT_STORES_DIR;
    delete inherited.COCKPIT_APT_CACHE_DIR;
    const env: NodeJS.ProcessEnv = {
        ...inherited,
        PATH: `${binDir}:${process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"}`,
        XDG_DATA_DIRS: `${dataDir}:/usr/share`,
        // e.g. a sandbox's env (APT_CONFIG and friends)
        ...options.env,
    };
    if (options.aptConfig) env.APT_CONFIG = options.aptConfig;
    if (options.storesDir) env.COCKPIT_APT_STORES_DIR = options.storesDir;
    if (options.cacheDir) env.COCKPIT_APT_CACHE_DIR = options.cacheDir;

    const child =
        options.sessions === "demo"
            ? spawn("bash", [path.join(ROOT, "scripts/run-cockpit.sh"), "127.0.0.1", String(port)], {
                  env,
                  stdio: ["ignore", "pipe", "pipe"],
              })
            : spawn(
                  cockpitWs,
                  ["--no-tls", "--local-session=cockpit-bridge", "--address", "127.0.0.1", "--port", String(port)],
                  { env, stdio: ["ignore", "pipe", "pipe"] }
              );
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const log = () => output;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            await exited;
            clearTimeout(timer);
        }
        await fs.rm(path.dirname(binDir), { recursive: true, force: true });
    };

    const url = `http://127.0.0.1:${port}`;
    try {
        await waitForHttp(`${url}/cockpit/login`, child, log, 60_000);
    } catch (error) {
        await stop();
        throw error;
    }
    return {
        port,
        url,
        shellUrl: `${url}/apt`,
        pageUrl: `${url}/cockpit/@localhost/apt/index.html`,
        log,
        stop,
    };
}

export interface BrowserSession {
    context: BrowserContext;
    page: Page;
    /** Console messages and page errors seen so far, in order. */
    console: string[];
    close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile, one page, console messages collected (from all frames). */
export async function launchBrowser(): Promise<BrowserSession> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install the Debian package chromium`);
    const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), "cockpit-apt-chromium-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
        viewport: { width: 1280, height: 900 },
        timeout: 120_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const messages: string[] = [];
    page.on("console", (message) => {
        const location = message.location();
        messages.push(`${message.type()}: ${message.text()}${location.url ? ` (${location.url})` : ""}`);
    });
    page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
    return {
        context,
        page,
        console: messages,
        close: async () => {
            await context.close();
            await fs.rm(userDataDir, { recursive: true, force: true });
        },
    };
}

/** The module's frame inside the Cockpit shell, once its document has loaded. */
export async function moduleFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
    const handle = await page.waitForSelector(MODULE_FRAME, { state: "attached", timeout: timeoutMs });
    const frame = await handle.contentFrame();
    if (!frame) throw new Error(`${MODULE_FRAME} has no content frame`);
    await frame.waitForSelector("#app", { state: "attached", timeout: timeoutMs });
    return frame;
}

export async function screenshot(page: Page, name: string): Promise<string> {
    await fs.mkdir(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await page.screenshot({ path: file, fullPage: false });
    return file;
}
