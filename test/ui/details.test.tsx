// SPDX-License-Identifier: LGPL-2.1-or-later
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import React from "react";
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../src/ui/components/App.js";
import { ErrorBoundary } from "../../src/ui/components/ErrorBoundary.js";
import { ToastProvider, useToasts } from "../../src/ui/components/Toasts.js";
import { StoreIcon } from "../../src/ui/components/StoreIcon.js";
import { bridgeError, installFakeCockpit, json, type FakeCockpit } from "./fake-cockpit.js";
import { details, preview, standardSystem } from "./fixtures.js";
import type {
    ChangelogResponse,
    DependenciesResponse,
    FilesResponse,
    ResolvedDependencyAlternative,
    ReverseDependenciesResponse,
    ReverseDependency,
} from "../../src/protocol/index.js";

let fake: FakeCockpit;
beforeEach(() => {
    fake = installFakeCockpit();
});
afterEach(() => {
    vi.restoreAllMocks();
});

const alt = (name: string, over: Partial<ResolvedDependencyAlternative> = {}): ResolvedDependencyAlternative => ({
    name,
    relation: null,
    version: null,
    architecture: null,
    state: "available",
    providers: [],
    installedProviders: [],
    installedVersion: null,
    candidateVersion: "1.0",
    satisfied: false,
    ...over,
});

const noRelations = (): DependenciesResponse["relations"] => ({
    depends: [],
    preDepends: [],
    recommends: [],
    suggests: [],
    enhances: [],
    conflicts: [],
    breaks: [],
    replaces: [],
    provides: [],
});

const rdep = (name: string, over: Partial<ReverseDependency> = {}): ReverseDependency => ({
    name,
    relation: "depends",
    installed: false,
    via: null,
    constraint: null,
    alternatives: [],
    ...over,
});

function insight(
    fake: FakeCockpit,
    over: {
        deps?: Partial<DependenciesResponse["relations"]>;
        rdeps?: ReverseDependency[];
        files?: Partial<FilesResponse>;
        changelog?: Partial<ChangelogResponse>;
    } = {}
) {
    fake.on("packages dependencies", (args) => {
        const body: DependenciesResponse = {
            package: args[3] as string,
            version: "1.0-1",
            relations: {
                ...noRelations(),
                depends: [
                    [
                        alt("libc6", {
                            relation: ">=",
                            version: "2.36",
                            state: "installed",
                            installedVersion: "2.36-9",
                            satisfied: true,
                        }),
                    ],
                    [alt("httpd-cgi", { state: "virtual", providers: ["fcgiwrap"], candidateVersion: null })],
                ],
                ...over.deps,
            },
        };
        return json(body);
    });
    fake.on("packages rdepends", (args) =>
        json({
            package: args[3] as string,
            reverseDependencies: over.rdeps ?? [rdep("nginx-extras")],
        } satisfies ReverseDependenciesResponse)
    );
    fake.on("packages files", (args) =>
        json({
            package: args[3] as string,
            files: ["/usr/sbin/nginx", "/etc/nginx/nginx.conf"],
            truncated: false,
            ...over.files,
        } satisfies FilesResponse)
    );
    fake.on("packages changelog", (args) =>
        json({
            package: args[3] as string,
            available: false,
            text: null,
            reason: "not-installed",
            file: null,
            truncated: false,
            ...over.changelog,
        } satisfies ChangelogResponse)
    );
}

describe("package details", () => {
    it("opens from a deep link and shows the fields of `packages details`", async () => {
        standardSystem(fake);
        insight(fake);
        fake.on("packages details", (args) =>
            json({
                package: details(args.at(-1)!, {
                    installedVersion: "1.0-1",
                    status: "installed",
                    tags: ["role::program", "use::routing"],
                }),
            })
        );
        fake.path = ["package", "nginx"];
        render(<App />);
        expect(await screen.findByText("nginx long description")).toBeTruthy();
        const fields = screen.getByTestId("package-fields");
        expect(fields.textContent).toContain("Jane <jane@example.org>");
        expect(fields.textContent).toContain("123 kB");
        expect(fields.textContent).toContain("use::routing");
        expect(fake.callsOf("packages details")[0]!.args).toEqual([
            "packages",
            "details",
            "--no-kept-back",
            "--",
            "nginx",
        ]);
    });

    it("links dependencies both ways; following a link pushes history", async () => {
        standardSystem(fake);
        insight(fake);
        fake.on("packages details", (args) => json({ package: details(args.at(-1)!) }));
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
        fake.on("packages details", (args) =>
            json({ package: details(args.at(-1)!, { installedVersion: "1.0-1", status: "installed" }) })
        );
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
        fake.on("packages details", (args) => json({ package: details(args.at(-1)!) }));
        fake.path = ["package", "nginx"];
        fake.superuser = "none";
        render(<App />);
        await screen.findByText("nginx long description");
        expect(screen.queryByTestId("details-install")).toBeNull();
        act(() => fake.setSuperuser("root"));
        await screen.findByTestId("details-install");
    });
});

describe("package insight on the details page", () => {
    async function openTab(name: string, tab: string, detailsOver = {}) {
        fake.on("packages details", (args) => json({ package: details(args.at(-1)!, detailsOver) }));
        fake.path = ["package", name];
        const user = userEvent.setup();
        render(<App />);
        await screen.findByText(`${name} long description`);
        await user.click(screen.getByRole("tab", { name: tab }));
        return user;
    }

    it("shows each dependency's state, alternatives with 'or', providers of virtual packages and unmet constraints", async () => {
        standardSystem(fake);
        insight(fake, {
            deps: {
                depends: [
                    [
                        alt("default-mta", { state: "missing", candidateVersion: null }),
                        alt("mail-transport-agent", {
                            state: "virtual",
                            providers: ["exim4", "postfix"],
                            installedProviders: ["postfix"],
                            candidateVersion: null,
                            satisfied: true,
                        }),
                    ],
                    [
                        alt("libssl3", {
                            relation: ">=",
                            version: "3.1",
                            state: "installed",
                            installedVersion: "3.0.2",
                            satisfied: false,
                        }),
                    ],
                    [alt("libgone", { state: "missing", candidateVersion: null })],
                ],
                suggests: [[alt("nothing-here", { state: "missing", candidateVersion: null })]],
            },
        });
        await openTab("mailer", "Dependencies");
        const deps = await screen.findByTestId("dependencies");
        await waitFor(() => expect(within(deps).getAllByTestId("dependency-state").length).toBe(5));
        const groups = within(deps).getAllByTestId("dependency-group");
        expect(groups[0]!.textContent).toBe(
            "default-mta missing or mail-transport-agent virtual, provided provided by exim4, postfix (installed)"
        );
        // A missing or virtual name is not a link (there is no page for it); its providers are.
        expect(within(groups[0]!).queryByRole("button", { name: "default-mta" })).toBeNull();
        expect(within(groups[0]!).queryByRole("button", { name: "mail-transport-agent" })).toBeNull();
        expect(within(groups[0]!).getByRole("button", { name: "postfix" })).toBeTruthy();
        expect(groups[1]!.textContent).toContain("libssl3 (>= 3.1)");
        expect(groups[1]!.textContent).toContain("installed 3.0.2, needs >= 3.1");
        expect(
            within(deps)
                .getAllByTestId("dependency-state")
                .map((l) => l.textContent)
        ).toEqual(["missing", "virtual, provided", "installed 3.0.2, needs >= 3.1", "missing", "not available"]);
        expect(screen.getByText("Relations of version 1.0-1.")).toBeTruthy();
    });

    it("lists reverse dependencies with relation, constraint, via and alternatives; filters installed ones; pages long lists", async () => {
        standardSystem(fake);
        const many = Array.from({ length: 150 }, (_, i) =>
            rdep(`user-${String(i).padStart(3, "0")}`, { installed: i % 3 === 0 })
        );
        insight(fake, {
            rdeps: [
                rdep("exim4", {
                    relation: "preDepends",
                    installed: true,
                    constraint: ">= 2.0",
                    alternatives: ["other-lib"],
                }),
                rdep("mutt", { relation: "recommends", via: "mail-transport-agent" }),
                ...many,
            ],
        });
        const user = await openTab("libfoo", "Dependencies");
        const table = await screen.findByTestId("reverse-dependencies");
        expect(screen.getByTestId("reverse-dependencies-count").textContent).toBe(
            "152 relations from other packages (51 from installed ones)"
        );
        const rows = () => within(screen.getByTestId("reverse-dependencies")).getAllByTestId("reverse-dependency");
        expect(rows()).toHaveLength(100);
        expect(rows()[0]!.textContent).toBe("exim4Pre-Depends (>= 2.0) or other-libinstalled");
        expect(rows()[1]!.textContent).toBe("muttRecommends via mail-transport-agentavailable");
        await user.click(screen.getByTestId("rdepends-show-all"));
        expect(rows()).toHaveLength(152);
        await user.click(screen.getByRole("switch", { name: "Installed packages only" }));
        expect(rows()).toHaveLength(51);
        expect(rows().every((r) => r.textContent?.endsWith("installed"))).toBe(true);
        expect(table).toBeTruthy();
        // A row's link opens that package.
        await user.click(within(rows()[0]!).getByRole("button", { name: "exim4" }));
        expect(fake.path).toEqual(["package", "exim4"]);
    }, 30_000); // 150 table rows in jsdom: slow on a busy machine

    it("says so when none of the dependents is installed, and starts over on another package", async () => {
        standardSystem(fake);
        insight(fake, { rdeps: [rdep("not-here")] });
        const user = await openTab("libfoo", "Dependencies");
        await screen.findByTestId("reverse-dependencies");
        await user.click(screen.getByRole("switch", { name: "Installed packages only" }));
        expect(screen.getByTestId("no-installed-reverse-dependencies").textContent).toBe(
            "None of these packages is installed."
        );
        act(() => fake.navigate(["package", "not-here"]));
        await waitFor(() => expect(document.getElementById("package-details")?.dataset.package).toBe("not-here"));
        await user.click(await screen.findByRole("tab", { name: "Dependencies" }));
        await screen.findByTestId("reverse-dependencies");
        expect((screen.getByRole("switch", { name: "Installed packages only" }) as HTMLInputElement).checked).toBe(
            false
        );
    });

    it("says so when nothing depends on the package", async () => {
        standardSystem(fake);
        insight(fake, { rdeps: [] });
        await openTab("leaf", "Dependencies");
        expect((await screen.findByTestId("no-reverse-dependencies")).textContent).toBe(
            "No other package names this one."
        );
    });

    it("shows the installed changelog as text, with its file and a note when it was cut", async () => {
        standardSystem(fake);
        insight(fake, {
            changelog: {
                available: true,
                text: "nginx (1.0-1) unstable; urgency=low\n\n  * <b>not html</b>\n",
                reason: null,
                file: "/usr/share/doc/nginx/changelog.Debian.gz",
                truncated: true,
            },
        });
        await openTab("nginx", "Changelog", { installedVersion: "1.0-1", status: "installed" });
        const pre = await screen.findByTestId("package-changelog");
        expect(pre.textContent).toBe("nginx (1.0-1) unstable; urgency=low\n\n  * <b>not html</b>\n");
        expect(pre.querySelector("b")).toBeNull();
        expect(screen.getByTestId("changelog-file").textContent).toBe("/usr/share/doc/nginx/changelog.Debian.gz");
        expect(screen.getByTestId("changelog-truncated")).toBeTruthy();
        expect(fake.callsOf("packages changelog")[0]!.args).toEqual(["packages", "changelog", "--", "nginx"]);
    });

    it("says why there is no changelog", async () => {
        standardSystem(fake);
        insight(fake, { changelog: { reason: "absent" } });
        await openTab("nginx", "Changelog", { installedVersion: "1.0-1", status: "installed" });
        const none = await screen.findByTestId("changelog-unavailable");
        expect(none.dataset.reason).toBe("absent");
        expect(none.textContent).toContain("this package installed none");
    });

    it("lists installed files with their count; the Files tab is off for a package that is not installed", async () => {
        standardSystem(fake);
        insight(fake, { files: { files: ["/usr/sbin/nginx"], truncated: true } });
        await openTab("nginx", "Files", { installedVersion: "1.0-1", status: "installed" });
        expect((await screen.findByTestId("package-files")).textContent).toBe("/usr/sbin/nginx");
        expect(screen.getByTestId("package-files-count").textContent).toBe("1 path, from dpkg's database");
        expect(screen.getByText("The list is too long to show whole; only its beginning is shown.")).toBeTruthy();
        cleanup();
        fake.calls = [];
        fake.on("packages details", (args) => json({ package: details(args.at(-1)!) }));
        render(<App />);
        await screen.findByText("nginx long description");
        expect(screen.getByRole("tab", { name: "Files" }).getAttribute("aria-disabled")).toBe("true");
        expect(fake.callsOf("packages files")).toEqual([]);
    });

    it("Remove from the details page previews the installed packages that go with it, marked", async () => {
        standardSystem(fake);
        insight(fake);
        fake.on(
            "operations preview",
            json({
                preview: preview({
                    operation: "remove",
                    remove: [
                        { name: "libfoo", architecture: "amd64", oldVersion: "1.0", newVersion: null },
                        { name: "foo-tools", architecture: "amd64", oldVersion: "1.0", newVersion: null },
                        { name: "foo-gui", architecture: "amd64", oldVersion: "1.0", newVersion: null },
                    ],
                }),
            })
        );
        const user = await openTab("libfoo", "Overview", { installedVersion: "1.0", status: "installed" });
        await user.click(await screen.findByTestId("details-remove"));
        const dialog = await screen.findByRole("dialog");
        const group = await within(dialog).findByTestId("preview-remove");
        expect(within(dialog).getByTestId("preview-dependents").textContent).toContain(
            "2 other installed packages depend on what you remove and will be removed too"
        );
        const marked = within(group)
            .getAllByTestId("preview-package")
            .filter((li) => within(li).queryByTestId("preview-dependent"))
            .map((li) => li.dataset.package);
        // sorted by name within the group
        expect(marked).toEqual(["foo-gui", "foo-tools"]);
        expect(fake.callsOf("operations preview")[0]!.args).toEqual([
            "operations",
            "preview",
            "remove",
            "--",
            "libfoo",
        ]);
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
            </ErrorBoundary>
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
            </ToastProvider>
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
        await waitFor(
            () =>
                expect(screen.getByTestId("toasts").textContent).toContain("connection to the system was interrupted"),
            { timeout: 5000 }
        );
    });
});

describe("icons", () => {
    it("renders a known PatternFly icon by name and falls back for unknown names", () => {
        const { container } = render(
            <>
                <StoreIcon icon="MapIcon" />
                <StoreIcon icon="NoSuchIcon" />
            </>
        );
        // (PatternFly 6 icons nest <svg> elements, so count the top-level ones.)
        expect([...container.children].map((c) => c.tagName.toLowerCase())).toEqual(["svg", "svg"]);
    });
});
