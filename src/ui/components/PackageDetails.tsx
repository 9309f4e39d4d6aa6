/*
 * Everything about one package (`#/package/NAME`): the fields of `packages
 * details`, dependencies both ways with links (each link is a new history
 * entry, so the back button walks back), versions with their origins and
 * priorities, installed files and the changelog (loaded when their tab opens).
 */
import React, { useMemo, useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/dynamic/components/Breadcrumb";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/dynamic/components/DescriptionList";
import { Label, LabelGroup } from "@patternfly/react-core/dist/dynamic/components/Label";
import { List, ListItem } from "@patternfly/react-core/dist/dynamic/components/List";
import { PageSection } from "@patternfly/react-core/dist/dynamic/components/Page";
import { Skeleton } from "@patternfly/react-core/dist/dynamic/components/Skeleton";
import { Switch } from "@patternfly/react-core/dist/dynamic/components/Switch";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/dynamic/components/Tabs";
import { Title } from "@patternfly/react-core/dist/dynamic/components/Title";
import { Flex, FlexItem } from "@patternfly/react-core/dist/dynamic/layouts/Flex";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/dynamic/components/Table";
import type { PackageDetails as Details, PackageRelations, ResolvedDependencyAlternative, ReverseDependency } from "../../protocol/index.js";
import { _, fmt, ngettext } from "../cockpit.js";
import { packageChangelog, packageDependencies, packageDetails, packageFiles, packageReverseDependencies } from "../api/index.js";
import { useAppState } from "../state/AppState.js";
import { useOperations } from "../state/operations.js";
import { useRequest, type Request } from "../state/useRequest.js";
import { navigate } from "../state/cockpit-hooks.js";
import { formatBytes } from "./format.js";
import { useHold } from "./hold-action.js";
import { keptBackHint, keptBackLabel } from "../state/updates.js";

const RELATION_LABELS: Record<keyof PackageRelations, string> = {
    depends: "Depends",
    preDepends: "Pre-Depends",
    recommends: "Recommends",
    suggests: "Suggests",
    enhances: "Enhances",
    conflicts: "Conflicts",
    breaks: "Breaks",
    replaces: "Replaces",
    provides: "Provides",
};
const RELATION_ORDER = Object.keys(RELATION_LABELS) as Array<keyof PackageRelations>;

function relationLabel(r: keyof PackageRelations): string {
    return _(RELATION_LABELS[r]);
}

function PackageLink({ name }: { name: string }) {
    const { openPackage } = useAppState();
    return (
        <Button variant="link" isInline onClick={() => openPackage(name)} data-testid="package-link" data-package={name}>
            {name}
        </Button>
    );
}

function Loading({ what }: { what: string }) {
    return (
        <div data-testid="details-loading">
            <Skeleton width="40%" screenreaderText={what} />
            <Skeleton width="70%" />
            <Skeleton width="55%" />
        </div>
    );
}

function RequestError<T>({ request, title }: { request: Request<T>; title: string }) {
    if (!request.error) return null;
    return (
        <Alert variant="danger" isInline title={title} actionLinks={<AlertActionLink onClick={request.reload}>{_("Try again")}</AlertActionLink>}>
            {request.error.message}
        </Alert>
    );
}

type LabelColor = "green" | "blue" | "purple" | "red" | "orange" | "grey";

/** Relations a package cannot work without: a missing target there is a problem, elsewhere it is normal. */
const NEEDED: ReadonlySet<keyof PackageRelations> = new Set(["depends", "preDepends"]);

function StateLabel({ alt, relation }: { alt: ResolvedDependencyAlternative; relation: keyof PackageRelations }) {
    let text: string;
    let color: LabelColor;
    switch (alt.state) {
        case "installed":
            // Installed, but at a version the constraint does not accept (an upgrade will be needed).
            if (!alt.satisfied && alt.relation && NEEDED.has(relation)) {
                text = fmt(_("installed $0, needs $1"), alt.installedVersion ?? "", `${alt.relation} ${alt.version ?? ""}`);
                color = "orange";
            } else {
                text = alt.installedVersion ? fmt(_("installed $0"), alt.installedVersion) : _("installed");
                color = "green";
            }
            break;
        case "available":
            text = _("available");
            color = "blue";
            break;
        case "virtual":
            text = alt.installedProviders.length > 0 ? _("virtual, provided") : _("virtual");
            color = "purple";
            break;
        default:
            text = NEEDED.has(relation) ? _("missing") : _("not available");
            color = NEEDED.has(relation) ? "red" : "grey";
    }
    return (
        <Label isCompact color={color} data-testid="dependency-state" data-state={alt.state}>
            {text}
        </Label>
    );
}

/** One alternative: a link when there is a package of that name, the providers of a virtual one. */
function Alternative({ alt, relation, resolved }: { alt: ResolvedDependencyAlternative; relation: keyof PackageRelations; resolved: boolean }) {
    const linkable = !resolved || alt.state === "installed" || alt.state === "available";
    const constraint = alt.relation && alt.version ? ` (${alt.relation} ${alt.version})` : "";
    return (
        <span className="apt-alternative" data-testid="dependency" data-package={alt.name}>
            {linkable ? <PackageLink name={alt.name} /> : <span className="apt-virtual-name">{alt.name}</span>}
            {constraint}
            {arch(alt)} {resolved && <StateLabel alt={alt} relation={relation} />}
            {alt.providers.length > 0 && (
                <span className="apt-providers">
                    {" "}
                    {_("provided by")}{" "}
                    {alt.providers.map((p, k) => (
                        <React.Fragment key={p}>
                            {k > 0 && ", "}
                            <PackageLink name={p} />
                            {alt.installedProviders.includes(p) && ` (${_("installed")})`}
                        </React.Fragment>
                    ))}
                </span>
            )}
        </span>
    );
}

function arch(alt: { architecture: string | null }): string {
    return alt.architecture ? `:${alt.architecture}` : "";
}

/** Rows shown at first in a long reverse dependency list (libc6 has 20,000). */
const RDEPENDS_PAGE = 100;

function reverseRelation(r: ReverseDependency): string {
    let text = relationLabel(r.relation);
    if (r.constraint) text += ` (${r.constraint})`;
    return text;
}

function ReverseDependencies({ name }: { name: string }) {
    // A finished operation bumps the generation: what is installed may have changed.
    const { generation } = useAppState();
    const rdeps = useRequest(`rdeps:${name}:${generation}`, (signal) => packageReverseDependencies(name, { signal }));
    const [installedOnly, setInstalledOnly] = useState(false);
    const [shown, setShown] = useState(RDEPENDS_PAGE);
    const all = rdeps.data?.reverseDependencies ?? [];
    const list = useMemo(() => (installedOnly ? all.filter((r) => r.installed) : all), [all, installedOnly]);
    const installedCount = useMemo(() => all.filter((r) => r.installed).length, [all]);
    return (
        <>
            <Title headingLevel="h3">{_("Required by")}</Title>
            <Content component="p" className="apt-subtle">
                {_("Installed and available packages whose relations name this one, also through a virtual package it provides.")}
            </Content>
            {rdeps.status === "loading" && <Loading what={_("Loading reverse dependencies")} />}
            <RequestError request={rdeps} title={_("Reverse dependencies could not be loaded")} />
            {rdeps.data && all.length === 0 && <Content component="p" data-testid="no-reverse-dependencies">{_("No other package names this one.")}</Content>}
            {rdeps.data && all.length > 0 && (
                <>
                    <Flex spaceItems={{ default: "spaceItemsLg" }} alignItems={{ default: "alignItemsCenter" }}>
                        <FlexItem data-testid="reverse-dependencies-count">
                            {fmt(ngettext("$0 relation from another package ($1 from installed ones)", "$0 relations from other packages ($1 from installed ones)", all.length), all.length.toLocaleString(), installedCount.toLocaleString())}
                        </FlexItem>
                        <FlexItem>
                            <Switch id="rdepends-installed-only" label={_("Installed packages only")} isChecked={installedOnly} onChange={(_e, v) => setInstalledOnly(v)} data-testid="rdepends-installed-only" />
                        </FlexItem>
                    </Flex>
                    {list.length === 0 && <Content component="p" data-testid="no-installed-reverse-dependencies">{_("None of these packages is installed.")}</Content>}
                    <Table aria-label={_("Reverse dependencies")} variant="compact" data-testid="reverse-dependencies" hidden={list.length === 0}>
                        <Thead>
                            <Tr>
                                <Th>{_("Package")}</Th>
                                <Th>{_("Relation")}</Th>
                                <Th>{_("Status")}</Th>
                            </Tr>
                        </Thead>
                        <Tbody>
                            {list.slice(0, shown).map((r) => (
                                <Tr key={`${r.name}:${r.relation}`} data-testid="reverse-dependency" data-package={r.name} data-relation={r.relation}>
                                    <Td dataLabel={_("Package")}>
                                        <PackageLink name={r.name} />
                                    </Td>
                                    <Td dataLabel={_("Relation")}>
                                        {reverseRelation(r)}
                                        {r.via && <span className="apt-subtle"> {fmt(_("via $0"), r.via)}</span>}
                                        {r.alternatives.length > 0 && <span className="apt-subtle"> {fmt(_("or $0"), r.alternatives.join(" | "))}</span>}
                                    </Td>
                                    <Td dataLabel={_("Status")}>
                                        {r.installed ? (
                                            <Label isCompact color="green">
                                                {_("installed")}
                                            </Label>
                                        ) : (
                                            _("available")
                                        )}
                                    </Td>
                                </Tr>
                            ))}
                        </Tbody>
                    </Table>
                    {list.length > shown && (
                        <Button variant="link" onClick={() => setShown(list.length)} data-testid="rdepends-show-all">
                            {fmt(_("Show all $0"), list.length.toLocaleString())}
                        </Button>
                    )}
                </>
            )}
        </>
    );
}

function Overview({ pkg }: { pkg: Details }) {
    const installedFrom = pkg.origin ? [pkg.origin.origin || pkg.origin.label, pkg.origin.suite, pkg.origin.component].filter(Boolean).join(" / ") : null;
    return (
        <>
            {/* The summary is already the page's subtitle; repeat nothing when there is no long description. */}
            {pkg.description && pkg.description.trim() !== pkg.summary.trim() && (
                <Content component="p" className="apt-description" data-testid="package-description">
                    {pkg.description}
                </Content>
            )}
            <DescriptionList isHorizontal isCompact columnModifier={{ default: "1Col", lg: "2Col" }} data-testid="package-fields">
                {(
                    [
                        [_("Installed version"), pkg.installedVersion ?? _("Not installed")],
                        [_("Available version"), pkg.candidateVersion ?? _("None")],
                        [_("Status"), pkg.status + (pkg.automaticallyInstalled ? ` (${_("installed automatically")})` : "")],
                        [_("Section"), pkg.section || "—"],
                        [_("Priority"), pkg.priority || "—"],
                        [_("Architecture"), pkg.architecture],
                        [_("Source package"), pkg.source || pkg.name],
                        [_("Maintainer"), pkg.maintainer || "—"],
                        [_("Repository"), installedFrom ?? "—"],
                        [_("Download size"), pkg.size === null ? "—" : formatBytes(pkg.size)],
                        [_("Installed size"), pkg.installedSize === null ? "—" : formatBytes(pkg.installedSize * 1024)],
                        [_("Multi-Arch"), pkg.multiArch ?? "—"],
                        [_("File"), pkg.filename ?? "—"],
                        [_("Essential"), pkg.essential ? _("yes") : _("no")],
                        ...updateFacts(pkg),
                    ] as Array<[string, string]>
                ).map(([term, value]) => (
                    <DescriptionListGroup key={term}>
                        <DescriptionListTerm>{term}</DescriptionListTerm>
                        <DescriptionListDescription>{value}</DescriptionListDescription>
                    </DescriptionListGroup>
                ))}
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Homepage")}</DescriptionListTerm>
                    <DescriptionListDescription>
                        {pkg.homepage && /^https?:\/\//.test(pkg.homepage) ? (
                            <a href={pkg.homepage} target="_blank" rel="noopener noreferrer">
                                {pkg.homepage}
                            </a>
                        ) : (
                            (pkg.homepage ?? "—")
                        )}
                    </DescriptionListDescription>
                </DescriptionListGroup>
                {pkg.tags.length > 0 && (
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Tags")}</DescriptionListTerm>
                        <DescriptionListDescription>
                            <LabelGroup numLabels={12}>
                                {pkg.tags.map((t) => (
                                    <Label key={t} isCompact variant="outline">
                                        {t}
                                    </Label>
                                ))}
                            </LabelGroup>
                        </DescriptionListDescription>
                    </DescriptionListGroup>
                )}
            </DescriptionList>
        </>
    );
}

function Dependencies({ name, pkg }: { name: string; pkg: Details }) {
    // A finished operation bumps the generation: what is installed may have changed.
    const { generation } = useAppState();
    const deps = useRequest(`deps:${name}:${generation}`, (signal) => packageDependencies(name, { signal }));
    // Until `packages dependencies` answers (or if it fails), the relations of `packages details` are shown unresolved.
    const relations = deps.data?.relations;
    const unresolved = (rel: keyof PackageRelations): ResolvedDependencyAlternative[][] =>
        pkg.relations[rel].map((g) => g.map((a) => ({ ...a, state: "available" as const, providers: [], installedProviders: [], installedVersion: null, candidateVersion: null, satisfied: false })));
    const any = RELATION_ORDER.some((rel) => (relations ? relations[rel] : pkg.relations[rel]).length > 0);
    return (
        <Flex direction={{ default: "column" }} spaceItems={{ default: "spaceItemsLg" }}>
            <FlexItem>
                <Title headingLevel="h3">{_("Depends on")}</Title>
                {deps.data && (
                    <Content component="p" className="apt-subtle">
                        {fmt(_("Relations of version $0."), deps.data.version)}
                    </Content>
                )}
                {deps.status === "loading" && <Loading what={_("Loading dependencies")} />}
                {deps.error && (
                    // The relations below still come from `packages details`; only their state is unknown.
                    <Alert variant="warning" isInline isPlain title={_("Could not check which of these are installed")} actionLinks={<AlertActionLink onClick={deps.reload}>{_("Try again")}</AlertActionLink>}>
                        {deps.error.message}
                    </Alert>
                )}
                {!any && <Content component="p">{_("This package has no relations to other packages.")}</Content>}
                <DescriptionList isHorizontal isCompact data-testid="dependencies">
                    {RELATION_ORDER.map((rel) => {
                        const groups = relations ? relations[rel] : unresolved(rel);
                        if (!groups || groups.length === 0) return null;
                        return (
                            <DescriptionListGroup key={rel} data-relation={rel}>
                                <DescriptionListTerm>{relationLabel(rel)}</DescriptionListTerm>
                                <DescriptionListDescription>
                                    <List isPlain>
                                        {groups.map((group, i) => (
                                            <ListItem key={i} data-testid="dependency-group">
                                                {group.map((alt, j) => (
                                                    <React.Fragment key={`${alt.name}-${j}`}>
                                                        {j > 0 && <span className="apt-alt-separator"> {_("or")} </span>}
                                                        <Alternative alt={alt} relation={rel} resolved={relations !== undefined} />
                                                    </React.Fragment>
                                                ))}
                                            </ListItem>
                                        ))}
                                    </List>
                                </DescriptionListDescription>
                            </DescriptionListGroup>
                        );
                    })}
                </DescriptionList>
            </FlexItem>
            <FlexItem>
                {/* keyed: another package starts with the whole list and its first page again */}
                <ReverseDependencies key={name} name={name} />
            </FlexItem>
        </Flex>
    );
}

function Versions({ pkg }: { pkg: Details }) {
    return (
        <Table aria-label={_("Versions")} variant="compact" data-testid="versions">
            <Thead>
                <Tr>
                    <Th>{_("Version")}</Th>
                    <Th>{_("Priority")}</Th>
                    <Th>{_("Origins")}</Th>
                    <Th>{_("State")}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {pkg.versions.map((v) => (
                    <Tr key={`${v.version}:${v.architecture}`}>
                        <Td dataLabel={_("Version")}>{v.version}</Td>
                        <Td dataLabel={_("Priority")}>{v.priority}</Td>
                        <Td dataLabel={_("Origins")}>
                            <List isPlain>
                                {v.sources.map((s, i) => (
                                    <ListItem key={i}>
                                        {s.local ? _("dpkg status (installed)") : `${[s.origin || s.label || s.site, s.suite, s.component].filter(Boolean).join(" / ")} (${s.priority})`}
                                    </ListItem>
                                ))}
                            </List>
                        </Td>
                        <Td dataLabel={_("State")}>
                            {v.installed && (
                                <Label isCompact color="green">
                                    {_("installed")}
                                </Label>
                            )}{" "}
                            {v.candidate && (
                                <Label isCompact color="blue">
                                    {_("candidate")}
                                </Label>
                            )}
                        </Td>
                    </Tr>
                ))}
            </Tbody>
        </Table>
    );
}

function Files({ name }: { name: string }) {
    // A finished operation bumps the generation: what is installed may have changed.
    const { generation } = useAppState();
    const files = useRequest(`files:${name}:${generation}`, (signal) => packageFiles(name, { signal }));
    if (files.status === "loading") return <Loading what={_("Loading files")} />;
    if (files.error) return <RequestError request={files} title={_("Files could not be listed")} />;
    const list = files.data?.files ?? [];
    return (
        <>
            <Content component="p" className="apt-subtle" data-testid="package-files-count">
                {fmt(ngettext("$0 path, from dpkg's database", "$0 paths, from dpkg's database", list.length), list.length.toLocaleString())}
            </Content>
            {files.data?.truncated && <Alert variant="info" isInline isPlain title={_("The list is too long to show whole; only its beginning is shown.")} />}
            <pre className="apt-file-list" data-testid="package-files" tabIndex={0} aria-label={_("Installed files")}>
                {list.length ? list.join("\n") : _("This package installs no files.")}
            </pre>
        </>
    );
}

function Changelog({ name }: { name: string }) {
    // A finished operation bumps the generation: what is installed may have changed.
    const { generation } = useAppState();
    const log = useRequest(`changelog:${name}:${generation}`, (signal) => packageChangelog(name, { signal }));
    if (log.status === "loading") return <Loading what={_("Loading changelog")} />;
    if (log.error) return <RequestError request={log} title={_("The changelog could not be read")} />;
    const data = log.data;
    if (!data?.available || data.text === null) {
        return (
            <Content component="p" data-testid="changelog-unavailable" data-reason={data?.reason ?? ""}>
                {data?.reason === "not-installed"
                    ? _("The changelog is not available: it is read from the installed package, and this package is not installed.")
                    : _("The changelog is not available: this package installed none (its documentation may be excluded on this system).")}
            </Content>
        );
    }
    return (
        <>
            {data.file && (
                <Content component="p" className="apt-subtle" data-testid="changelog-file">
                    {data.file}
                </Content>
            )}
            {data.truncated && <Alert variant="info" isInline isPlain title={_("The changelog is long: only its newest entries are shown.")} data-testid="changelog-truncated" />}
            <pre className="apt-changelog" data-testid="package-changelog" tabIndex={0} aria-label={_("Changelog")}>
                {data.text}
            </pre>
        </>
    );
}

/** Held, security, and why Upgrade all would keep it back (issue 13): only the facts that apply. */
function updateFacts(pkg: Details): Array<[string, string]> {
    const facts: Array<[string, string]> = [];
    if (pkg.held) facts.push([_("Held"), _("yes: Upgrade all leaves it at its version")]);
    if (pkg.upgradable && pkg.security) facts.push([_("Update"), _("Security update")]);
    if (pkg.keptBack !== null) facts.push([_("Kept back"), `${keptBackLabel(pkg)}: ${keptBackHint(pkg)}`]);
    else if (pkg.phasedPercentage !== null && pkg.upgradable) facts.push([_("Phased update"), fmt(_("$0% of machines"), pkg.phasedPercentage)]);
    return facts;
}

function Actions({ pkg }: { pkg: Details }) {
    const { access } = useAppState();
    const ops = useOperations();
    const hold = useHold();
    if (access !== "admin") return null;
    const installed = pkg.installedVersion !== null;
    return (
        <Flex spaceItems={{ default: "spaceItemsSm" }}>
            {!installed && pkg.candidateVersion !== null && (
                <Button variant="primary" onClick={() => ops.start("install", [pkg.name])} data-testid="details-install">
                    {_("Install")}
                </Button>
            )}
            {pkg.upgradable && (
                <Button variant="primary" onClick={() => ops.start("upgrade", [pkg.name])} data-testid="details-upgrade">
                    {_("Upgrade")}
                </Button>
            )}
            {installed && (
                <Button variant="danger" onClick={() => ops.start("remove", [pkg.name])} data-testid="details-remove" isDisabled={pkg.essential}>
                    {_("Remove")}
                </Button>
            )}
            {installed && (
                <Button
                    variant="secondary"
                    onClick={() => hold.run(pkg.held ? "unhold" : "hold", pkg.name)}
                    isLoading={hold.busy === pkg.name}
                    isDisabled={hold.busy !== null}
                    data-testid={pkg.held ? "details-unhold" : "details-hold"}
                >
                    {pkg.held ? _("Unhold") : _("Hold")}
                </Button>
            )}
        </Flex>
    );
}

export function PackageDetailsPage({ name }: { name: string }) {
    const { generation, view } = useAppState();
    const details = useRequest(`details:${name}:${generation}`, (signal) => packageDetails(name, { signal }));
    const [tab, setTab] = useState<string | number>("overview");
    const pkg = details.data;
    return (
        <PageSection hasBodyWrapper={false} id="package-details" data-testid="package-details" data-package={name}>
            <Breadcrumb className="apt-breadcrumb">
                <BreadcrumbItem>
                    <Button variant="link" isInline onClick={() => navigate(view.store ? ["store", view.store] : [])} data-testid="details-back">
                        {_("Software")}
                    </Button>
                </BreadcrumbItem>
                <BreadcrumbItem isActive>{name}</BreadcrumbItem>
            </Breadcrumb>
            <Flex justifyContent={{ default: "justifyContentSpaceBetween" }} alignItems={{ default: "alignItemsCenter" }}>
                <FlexItem>
                    <Title headingLevel="h1" size="2xl" id="package-title">
                        {name}
                    </Title>
                    {pkg && <Content component="p">{pkg.summary}</Content>}
                </FlexItem>
                <FlexItem>{pkg && <Actions pkg={pkg} />}</FlexItem>
            </Flex>
            {details.status === "loading" && <Loading what={_("Loading package details")} />}
            {details.error && (
                <Alert
                    variant="danger"
                    isInline
                    title={details.error.code === "PACKAGE_NOT_FOUND" ? fmt(_("There is no package $0"), name) : _("Package details could not be loaded")}
                    data-testid="details-error"
                    actionLinks={details.error.code === "PACKAGE_NOT_FOUND" ? undefined : <AlertActionLink onClick={details.reload}>{_("Try again")}</AlertActionLink>}
                >
                    {details.error.message}
                </Alert>
            )}
            {pkg && (
                <Tabs activeKey={tab} onSelect={(_e, k) => setTab(k)} aria-label={_("Package details")} mountOnEnter unmountOnExit id="details-tabs">
                    <Tab eventKey="overview" title={<TabTitleText>{_("Overview")}</TabTitleText>}>
                        <div className="apt-tab-body">
                            <Overview pkg={pkg} />
                        </div>
                    </Tab>
                    <Tab eventKey="dependencies" title={<TabTitleText>{_("Dependencies")}</TabTitleText>}>
                        <div className="apt-tab-body">
                            <Dependencies name={name} pkg={pkg} />
                        </div>
                    </Tab>
                    <Tab eventKey="versions" title={<TabTitleText>{_("Versions")}</TabTitleText>}>
                        <div className="apt-tab-body">
                            <Versions pkg={pkg} />
                        </div>
                    </Tab>
                    <Tab eventKey="files" title={<TabTitleText>{_("Files")}</TabTitleText>} isDisabled={pkg.installedVersion === null}>
                        <div className="apt-tab-body">
                            <Files name={name} />
                        </div>
                    </Tab>
                    <Tab eventKey="changelog" title={<TabTitleText>{_("Changelog")}</TabTitleText>}>
                        <div className="apt-tab-body">
                            <Changelog name={name} />
                        </div>
                    </Tab>
                </Tabs>
            )}
        </PageSection>
    );
}
