import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import React from "react";
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { ErrorBoundary } from "../../src/ui/components/ErrorBoundary.js";
import { ToastProvider, useToasts } from "../../src/ui/components/Toasts.js";
import { StoreIcon } from "../../src/ui/components/StoreIcon.js";
import { bridgeError, installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { details, standardSystem } from "./fixtures.js";

let fake: FakeCockpit;
beforeEach(() => {
    localStorage.clear();
    fake = installFakeCockpit();
});
afterEach(() => {
    cleanup();
    delete window.cockpit;
    vi.restoreAllMocks();
});

function insight(fake: FakeCockpit) {
    fake.on("packages dependencies", (args) =>
        json({
            package: args[3],
            version: "1.0-1",
            relations: {
                depends: [[{ name: "libc6", relation: ">=", version: "2.36", architecture: null, state: "installed", providers: [] }], [{ name: "httpd-cgi", relation: null, version: null, architecture: null, state: "virtual", providers: ["fcgiwrap"] }]],
                preDepends: [], recommends: [], suggests: [], enhances: [], conflicts: [], breaks: [], replaces: [], provides: [],
            },
        }),
    );
    fake.on("packages rdepends", (args) => json({ package: args[3], reverseDependencies: [{ name: "nginx-extras", relation: "depends", installed: false, via: null }] }));
    fake.on("packages files", (args) => json({ package: args[3], files: ["/usr/sbin/nginx", "/etc/nginx/nginx.conf"] }));
    fake.on("packages changelog", (args) => json({ package: args[3], available: false, text: null }));
}

describe("package details", () => {
    it("opens from a deep link and shows the fields of `packages details`", async () => {
        standardSystem(fake);
        insight(fake);
        fake.on("packages details", (args) => json({ package: details(args[3]!, { installedVersion: "1.0-1", status: "installed", tags: ["role::program", "use::routing"] }) }));
        fake.path = ["package", "nginx"];
        render(<App />);
        expect(await screen.findByText("nginx long description")).toBeTruthy();
        const fields = screen.getByTestId("package-fields");
        expect(fields.textContent).toContain("Jane <jane@example.org>");
        expect(fields.textContent).toContain("123 kB");
        expect(fields.textContent).toContain("use::routing");
        expect(fake.callsOf("packages details")[0]!.args).toEqual(["packages", "details", "--", "nginx"]);
    });

    it("links dependencies both ways; following a link pushes history", async () => {
        standardSystem(fake);
        insight(fake);
        fake.on("packages details", (args) => json({ package: details(args[3]!) }));
        fake.path = ["package", "nginx"];
        const user = userEvent.setup();
        render(<App />);
        await screen.findByText("nginx long description");
        await user.click(screen.getByRole("tab", { name: "Dependencies" }));
        const deps = await screen.findByTestId("dependencies");
        await waitFor(() => expect(within(deps).getByText("virtual")).toBeTruthy());
        expect(within(deps).getByRole("button", { name: "fcgiwrap" })).toBeTruthy();
        const rdeps = await screen.findByTestId("reverse-dependencies");
        await user.click(within(rdeps).getByRole("button", { name: "nginx-extras" }));
        expect(fake.path).toEqual(["package", "nginx-extras"]);
        expect(fake.history.at(-1)).toEqual(["package", "nginx"]);
        await waitFor(() => expect(document.getElementById("package-details")?.dataset.package).toBe("nginx-extras"));
        // The back button (a location change) returns to the first package.
        act(() => fake.navigate(["package", "nginx"]));
        await waitFor(() => expect(document.getElementById("package-details")?.dataset.package).toBe("nginx"));
    });

    it("shows versions with origins, files and a clear 'no changelog'", async () => {
        standardSystem(fake);
        insight(fake);
        fake.on("packages details", (args) => json({ package: details(args[3]!, { installedVersion: "1.0-1", status: "installed" }) }));
        fake.path = ["package", "nginx"];
        const user = userEvent.setup();
        render(<App />);
        await screen.findByText("nginx long description");
        await user.click(screen.getByRole("tab", { name: "Versions" }));
        expect((await screen.findByTestId("versions")).textContent).toContain("Debian / stable / main (500)");
        await user.click(screen.getByRole("tab", { name: "Files" }));
        expect((await screen.findByTestId("package-files")).textContent).toContain("/usr/sbin/nginx");
        await user.click(screen.getByRole("tab", { name: "Changelog" }));
        expect(await screen.findByTestId("changelog-unavailable")).toBeTruthy();
    });

    it("says clearly when the package does not exist", async () => {
        standardSystem(fake);
        fake.on("packages details", bridgeError("PACKAGE_NOT_FOUND", "no such package", { name: "nope" }));
        fake.path = ["package", "nope"];
        render(<App />);
        expect((await screen.findByTestId("details-error")).textContent).toContain("There is no package nope");
    });

    it("offers Install only with administrative access", async () => {
        standardSystem(fake);
        insight(fake);
        fake.on("packages details", (args) => json({ package: details(args[3]!) }));
        fake.path = ["package", "nginx"];
        fake.superuser = "none";
        render(<App />);
        await screen.findByText("nginx long description");
        expect(screen.queryByTestId("details-install")).toBeNull();
        act(() => fake.setSuperuser("root"));
        await screen.findByTestId("details-install");
    });
});

describe("error handling", () => {
    it("the error boundary catches a crash and offers to try again", async () => {
        vi.spyOn(console, "error").mockImplementation(() => undefined);
        let crash = true;
        function Bomb() {
            if (crash) throw new Error("kaboom");
            return <p>recovered</p>;
        }
        render(
            <ErrorBoundary>
                <Bomb />
            </ErrorBoundary>,
        );
        expect(screen.getByTestId("error-boundary").textContent).toContain("kaboom");
        crash = false;
        await userEvent.setup().click(screen.getByRole("button", { name: "Try again" }));
        expect(screen.getByText("recovered")).toBeTruthy();
    });

    it("toasts appear and can be closed", async () => {
        function Trigger() {
            const t = useToasts();
            return <button onClick={() => t.add("danger", "Connection lost", "disconnected")}>go</button>;
        }
        render(
            <ToastProvider>
                <Trigger />
            </ToastProvider>,
        );
        const user = userEvent.setup();
        await user.click(screen.getByRole("button", { name: "go" }));
        const toasts = screen.getByTestId("toasts");
        expect(toasts.textContent).toContain("Connection lost");
        await user.click(within(toasts).getByRole("button", { name: "Close notification" }));
        expect(screen.getByTestId("toasts").textContent).not.toContain("Connection lost");
    });

    it("a lost connection while listing repositories becomes a toast", async () => {
        standardSystem(fake);
        fake.on("repositories list", { problem: "disconnected" });
        render(<App />);
        await waitFor(() => expect(screen.getByTestId("toasts").textContent).toContain("connection to the system was interrupted"), { timeout: 5000 });
    });
});

describe("icons", () => {
    it("renders a known PatternFly icon by name and falls back for unknown names", () => {
        const { container } = render(
            <>
                <StoreIcon icon="MapIcon" />
                <StoreIcon icon="NoSuchIcon" />
            </>,
        );
        // (PatternFly 6 icons nest <svg> elements, so count the top-level ones.)
        expect([...container.children].map((c) => c.tagName.toLowerCase())).toEqual(["svg", "svg"]);
    });
});
