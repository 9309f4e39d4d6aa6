// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The page: toolbar (store toggle, repository dropdown), notices (limited
 * access, store definition problems, no repositories), then either the tabs
 * or a package's details, depending on cockpit.location.
 */
import React, { useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { ExpandableSection } from "@patternfly/react-core/dist/dynamic/components/ExpandableSection";
import { List, ListItem } from "@patternfly/react-core/dist/dynamic/components/List";
import { Page, PageSection } from "@patternfly/react-core/dist/dynamic/components/Page";
import { Title } from "@patternfly/react-core/dist/dynamic/components/Title";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/dynamic/components/Toolbar";
import HistoryIcon from "@patternfly/react-icons/dist/esm/icons/history-icon";
import CogIcon from "@patternfly/react-icons/dist/esm/icons/cog-icon";
import { _, fmt, ngettext } from "../cockpit.js";
import { AppStateProvider, useAppState } from "../state/AppState.js";
import { OperationsProvider } from "../state/operations.js";
import { navigate } from "../state/cockpit-hooks.js";
import { useStandbyWhileUsed } from "../state/use-standby.js";
import { ErrorBoundary } from "./ErrorBoundary.js";
import { HistoryPage } from "./HistoryView.js";
import { OperationDialogs } from "./OperationDialogs.js";
import { PackageDetailsPage } from "./PackageDetails.js";
import { PackageTabs, UpdateListsAction } from "./PackageTabs.js";
import { RepositoryDropdown } from "./RepositoryDropdown.js";
import { StoreToggleGroup } from "./StoreToggleGroup.js";
import { StoreManager } from "./StoreManager.js";
import { PresetMenu } from "./PresetMenu.js";
import { HeaderOverflow } from "./HeaderOverflow.js";
import { usePhoneLayout } from "./PackageList.js";
import { ToastProvider, useToasts } from "./Toasts.js";
import { useAssetUrl } from "./StoreIcon.js";
import { formatCount } from "./format.js";
import "./PageHeader.css";

/** Cockpit's rule: say "limited access" only when access is known to be absent. */
export function LimitedAccessNotice() {
    const { access } = useAppState();
    if (access !== "none") return null;
    return (
        <Alert variant="info" isInline title={_("Limited access")} id="limited-access" data-testid="limited-access">
            {_(
                "You can browse software, but installing, removing and updating need administrative access. Turn it on with the “Limited access” button at the top of Cockpit."
            )}
        </Alert>
    );
}

function StoreIssues() {
    const { storeIssues, storesError, reloadStores } = useAppState();
    if (storesError) {
        return (
            <Alert
                variant="warning"
                isInline
                title={_("Stores could not be loaded")}
                data-testid="stores-error"
                actionLinks={
                    <AlertActionLink onClick={reloadStores} data-testid="stores-retry">
                        {_("Try again")}
                    </AlertActionLink>
                }
            >
                {storesError.message}
            </Alert>
        );
    }
    if (storeIssues.length === 0) return null;
    return (
        <Alert
            variant="warning"
            isInline
            title={fmt(
                ngettext(
                    "$0 store definition could not be loaded",
                    "$0 store definitions could not be loaded",
                    storeIssues.length
                ),
                formatCount(storeIssues.length)
            )}
            data-testid="store-issues"
        >
            <ExpandableSection toggleText={_("Details")}>
                <List>
                    {storeIssues.map((i, n) => (
                        <ListItem key={n}>{`${i.file}: ${i.message}`}</ListItem>
                    ))}
                </List>
            </ExpandableSection>
        </Alert>
    );
}

/** A failed repository list is an inline problem of the toolbar, a toast would vanish too soon. */
function RepositoryProblems() {
    const { repositories, view } = useAppState();
    const toasts = useToasts();
    const err = repositories.error;
    React.useEffect(() => {
        // Connection problems are transient: a toast, the lists will try again on the next change.
        if (err && err.transient) toasts.add("danger", err.message, err.technical);
    }, [err, toasts]);
    if (repositories.status === "ready" && repositories.data && repositories.data.length === 0 && view.store === null) {
        return (
            <Alert
                variant="info"
                isInline
                title={_("No package lists yet")}
                data-testid="no-repositories"
                actionLinks={<UpdateListsAction variant="secondary" />}
            >
                {_(
                    "APT has not downloaded any package lists on this system. Update the package lists to see available software."
                )}
            </Alert>
        );
    }
    if (err && !err.transient) {
        return (
            <Alert
                variant="danger"
                isInline
                title={_("Repositories could not be loaded")}
                data-testid="repositories-error"
                actionLinks={
                    <AlertActionLink onClick={repositories.reload} data-testid="repositories-retry">
                        {_("Try again")}
                    </AlertActionLink>
                }
            >
                {err.message}
            </Alert>
        );
    }
    return null;
}

/** A store's banner image (under /usr/share/container-stores/), read through cockpit.file. */
function StoreBanner({ path }: { path: string | null }) {
    const url = useAssetUrl(path);
    if (!url) return null;
    return <img src={url} alt="" className="apt-store-strip" data-testid="store-banner" />;
}

/** "Stores": the store management view; only with administrative access (its every action changes the system). */
function ManageStores() {
    const { access, allStores, refresh } = useAppState();
    const [open, setOpen] = useState(false);
    if (access !== "admin") return null;
    return (
        <>
            <Button variant="secondary" icon={<CogIcon />} onClick={() => setOpen(true)} data-testid="manage-stores">
                {_("Stores")}
            </Button>
            {open && <StoreManager stores={allStores} onClose={() => setOpen(false)} onChanged={refresh} />}
        </>
    );
}

function Header() {
    const { stores, view, selectStore, repositories, setRepository, activeStore, activeStores } = useAppState();
    // A phone: Presets, Stores and History in one menu beside the title (HeaderOverflow.tsx).
    const phone = usePhoneLayout();
    return (
        <PageSection hasBodyWrapper={false} className="apt-header">
            {activeStore && <StoreBanner path={activeStore.banner} />}
            <div className="apt-title-row">
                <Title headingLevel="h1" size="2xl" id="apt-title">
                    {activeStores.length > 0 ? activeStores.map((s) => s.name).join(", ") : _("Software")}
                </Title>
                {phone && <HeaderOverflow />}
            </div>
            {activeStore?.description && (
                <Content component="p" data-testid="store-description">
                    {activeStore.description}
                </Content>
            )}
            <Toolbar id="apt-toolbar" className="apt-toolbar">
                <ToolbarContent>
                    {stores.length > 0 && (
                        <ToolbarItem>
                            <StoreToggleGroup stores={stores} active={view.store} onSelect={selectStore} />
                        </ToolbarItem>
                    )}
                    {(repositories.data?.length ?? 0) > 1 && (
                        <ToolbarItem>
                            <RepositoryDropdown
                                repositories={repositories.data ?? []}
                                active={view.repository}
                                onSelect={setRepository}
                            />
                        </ToolbarItem>
                    )}
                    {!phone && (
                        <>
                            <ToolbarItem>
                                <PresetMenu />
                            </ToolbarItem>
                            <ToolbarItem align={{ default: "alignEnd" }}>
                                <ManageStores />
                            </ToolbarItem>
                            <ToolbarItem>
                                <Button
                                    variant="secondary"
                                    icon={<HistoryIcon />}
                                    onClick={() => navigate(["history"])}
                                    data-testid="open-history"
                                >
                                    {_("History")}
                                </Button>
                            </ToolbarItem>
                        </>
                    )}
                </ToolbarContent>
            </Toolbar>
            <LimitedAccessNotice />
            <StoreIssues />
            <RepositoryProblems />
        </PageSection>
    );
}

function Main() {
    const { route } = useAppState();
    if (route.kind === "history") {
        return (
            <ErrorBoundary resetKey="history">
                <HistoryPage />
            </ErrorBoundary>
        );
    }
    if (route.kind === "package") {
        return (
            <ErrorBoundary resetKey={`package:${route.name}`}>
                <PackageDetailsPage name={route.name} />
            </ErrorBoundary>
        );
    }
    return (
        <>
            <Header />
            <PageSection hasBodyWrapper={false} className="apt-content">
                <ErrorBoundary resetKey="list">
                    <PackageTabs />
                </ErrorBoundary>
            </PageSection>
        </>
    );
}

export function App() {
    useStandbyWhileUsed();
    return (
        <ErrorBoundary>
            <ToastProvider>
                <AppStateProvider>
                    <OperationsProvider>
                        <Page id="apt-page" className="no-masthead-sidebar">
                            <Main />
                        </Page>
                        <OperationDialogs />
                    </OperationsProvider>
                </AppStateProvider>
            </ToastProvider>
        </ErrorBoundary>
    );
}
