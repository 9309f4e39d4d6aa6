// SPDX-License-Identifier: LGPL-2.1-or-later
import { beforeEach, describe, expect, it } from "vitest";
import React from "react";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { launchUrl } from "../../src/ui/components/OpenAppButton.js";
import type { AppDetails, AppSummary } from "../../src/protocol/index.js";
import { installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { details, pkg, standardSystem } from "./fixtures.js";

const ICON = "data:image/png;base64,iVBORw0KGgo=";
const summary: AppSummary = { id: "org.example.Web", name: "Web App", summary: "Serves pages", icon: ICON };
const app: AppDetails = {
    ...summary,
    type: "web-application",
    description: "The app's own words.",
    screenshots: [{ caption: "Offline", image: "https://screenshots.invalid/x.png", thumbnail: null }],
    urls: { homepage: "https://web.example.org" },
    launchable: "http://localhost:8080/ui",
    categories: ["Network"],
    contentRating: null,
    releases: [{ version: "2.0", date: "2026-10-01", description: "Faster." }],
};

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});

describe("AppStream apps on the page", () => {
    it("Open's address: localhost becomes the host the page runs on; other schemes are refused", () => {
        expect(launchUrl("http://localhost:8080/ui", "boat.local")).toBe("http://boat.local:8080/ui");
        expect(launchUrl("https://127.0.0.1/", "10.0.0.5")).toBe("https://10.0.0.5/");
        expect(launchUrl("http://other.example.org:3000/", "boat.local")).toBe("http://other.example.org:3000/");
        expect(launchUrl("http://localhost:3000/", "fe80::1")).toBe("http://[fe80::1]:3000/");
        expect(launchUrl("javascript:alert(1)", "boat.local")).toBeNull();
        expect(launchUrl("not a url", "boat.local")).toBeNull();
    });

    it("list rows of apps show their icon and summary; plain packages look as before", async () => {
        standardSystem(fake, {
            packages: [
                pkg("web-app", { app: summary, summary: "packaged web app", installedVersion: "1" }),
                pkg("nginx", { installedVersion: "1" }),
            ],
        });
        fake.path = [];
        const user = userEvent.setup();
        render(<App />);
        await user.click(await screen.findByRole("tab", { name: /Installed/ }));
        const rows = await screen.findAllByTestId("package-row");
        const web = rows.find((r) => r.dataset.package === "web-app") as HTMLElement;
        const plain = rows.find((r) => r.dataset.package === "nginx") as HTMLElement;
        expect(within(web).getByTestId("app-icon").getAttribute("src")).toBe(ICON);
        expect(web.textContent).toContain("Serves pages");
        expect(within(plain).queryByTestId("app-icon")).toBeNull();
        expect(plain.querySelector(".apt-app-name-cell")).toBeNull();
    });

    it("details: icon, app name above the package name, Open only when installed, no broken screenshot while it cannot load", async () => {
        standardSystem(fake);
        let installed = true;
        fake.on("packages details", (args) =>
            json({
                package: details(args.at(-1)!, {
                    app,
                    ...(installed ? { installedVersion: "2.0", status: "installed" } : {}),
                }),
            })
        );
        fake.path = ["package", "web-app"];
        const { unmount } = render(<App />);
        expect((await screen.findByTestId("app-name")).textContent).toBe("Web App");
        expect(document.getElementById("package-title")?.textContent).toBe("web-app");
        const open = screen.getByTestId("open-app");
        expect(open.getAttribute("href")).toBe(`http://${window.location.hostname}:8080/ui`);
        expect(open.getAttribute("target")).toBe("_blank");
        expect(screen.getByTestId("app-description").textContent).toBe("The app's own words.");
        expect(screen.queryByTestId("package-description")).toBeNull();
        expect(screen.getByTestId("screenshots").dataset.loaded).toBe("0");
        expect(screen.queryByTestId("screenshot")).toBeNull();
        expect(screen.getByTestId("app-release").textContent).toContain("2.0");
        unmount();
        installed = false;
        render(<App />);
        await screen.findByTestId("app-name");
        await waitFor(() => expect(screen.queryByTestId("open-app")).toBeNull());
    });

    it("asks the bridge in the page's language, and not at all for English", async () => {
        standardSystem(fake);
        fake.on("packages details", (args) => json({ package: details(args.at(-1)!) }));
        (window.cockpit as { language?: string }).language = "de";
        fake.path = ["package", "nginx"];
        render(<App />);
        await waitFor(() =>
            expect(fake.callsOf("packages details")[0]?.args).toEqual([
                "packages",
                "details",
                "--lang=de",
                "--no-kept-back",
                "--",
                "nginx",
            ])
        );
    });
});
