// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Everything about one package (`#/package/NAME`): the fields of `packages
 * details`, dependencies both ways with links (each link is a new history
 * entry, so the back button walks back), versions with their origins and
 * priorities, installed files and the changelog (loaded when their tab opens).
 */
import React, { useEffect, useMemo, useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/dynamic/components/Breadcrumb";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import { Content } from "@patternfly/react-core/dist/dynamic/components/Content";
import {
    DescriptionList,
    DescriptionListDescription,
    DescriptionListGroup,
    DescriptionListTerm,
} from "@patternfly/react-core/dist/dynamic/components/DescriptionList";
import { Label, LabelGroup } from "@patternfly/react-core/dist/dynamic/components/Label";
import { List, ListItem } from "@patternfly/react-core/dist/dynamic/components/List";
import { PageSection } from "@patternfly/react-core/dist/dynamic/components/Page";
import { Skeleton } from "@patternfly/react-core/dist/dynamic/components/Skeleton";
import { Spinner } from "@patternfly/react-core/dist/dynamic/components/Spinner";
import { Switch } from "@patternfly/react-core/dist/dynamic/components/Switch";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/dynamic/components/Tabs";
import { Title } from "@patternfly/react-core/dist/dynamic/components/Title";
import { Flex, FlexItem } from "@patternfly/react-core/dist/dynamic/layouts/Flex";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/dynamic/components/Table";
import LockIcon from "@patternfly/react-icons/dist/esm/icons/lock-icon";
import type {
    PackageDetails as Details,
    PackageRelations,
    ResolvedDependencyAlternative,
    ReverseDependency,
} from "../../protocol/index.js";
import { _, fmt, N_, ngettext, type Translatable } from "../cockpit.js";
import {
    packageChangelog,
    packageDependencies,
    packageDetails,
    packageFiles,
    packageReverseDependencies,
} from "../api/index.js";
import { useAppState, type DetailsTab } from "../state/AppState.js";
import { useOperations } from "../state/operations.js";
import { useRequest, type Request } from "../state/useRequest.js";
import { useKeptBackCheck } from "../state/kept-back-check.js";
import { onTabListKeyDown } from "./tab-keys.js";
import { formatBytes, formatCount } from "./format.js";
import { descriptionBlocks } from "./description.js";
import { AppIcon } from "./AppIcon.js";
import { AppOverview } from "./AppDetailsHeader.js";
import { OpenAppButton } from "./OpenAppButton.js";
import "./PackageDetails.css";
import { PackageHistory } from "./PackageHistory.js";
import { WhatsNew } from "./WhatsNew.js";
import { useHold } from "./hold-action.js";
import { keptBackHint, keptBackLabel } from "../state/updates.js";

const RELATION_LABELS: Record<keyof PackageRelations, Translatable> = {
    depends: N_("Depends"),
    preDepends: N_("Pre-Depends"),
    recommends: N_("Recommends"),
    suggests: N_("Suggests"),
    enhances: N_("Enhances"),
    conflicts: N_("Conflicts"),
    breaks: N_("Breaks"),
    replaces: N_("Replaces"),
    provides: N_("Provides"),
};
const RELATION_ORDER = Object.keys(RELATION_LABELS) as Array<keyof PackageRelations>;

function relationLabel(r: keyof PackageRelations): string {
    return _(RELATION_LABELS[r]);
}

function PackageLink({ name }: { name: string }) {
    const { openPackage } = useAppState();
    return (
        <Button
            variant="link"
            isInline
            onClick={() => openPackage(name)}
            data-testid="package-link"
            data-package={name}
        >
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
        <Alert
            variant="danger"
            isInline
            title={title}
            actionLinks={<AlertActionLink onClick={request.reload}>{_("Try again")}</AlertActionLink>}
        >
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
                text = fmt(
                    _("installed $0, needs $1"),
                    alt.installedVersion ?? "",
                    `${alt.relation} ${alt.version ?? ""}`
                );
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
function Alternative({
    alt,
    relation,
    resolved,
}: {
    alt: ResolvedDependencyAlternative;
    relation: keyof PackageRelations;
    resolved: boolean;
}) {
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
    const all = useMemo(() => rdeps.data?.reverseDependencies ?? [], [rdeps.data]);
    const list = useMemo(() => (installedOnly ? all.filter((r) => r.installed) : all), [all, installedOnly]);
    const installedCount = useMemo(() => all.filter((r) => r.installed).length, [all]);
    return (
        <>
            <Title headingLevel="h3">{_("Required by")}</Title>
            <Content component="p" className="apt-subtle">
                {_(
                    "Installed and available packages whose relations name this one, also through a virtual package it provides."
                )}
            </Content>
            {rdeps.status === "loading" && <Loading what={_("Loading reverse dependencies")} />}
            <RequestError request={rdeps} title={_("Reverse dependencies could not be loaded")} />
            {rdeps.data && all.length === 0 && (
                <Content component="p" data-testid="no-reverse-dependencies">
                    {_("No other package names this one.")}
                </Content>
            )}
            {rdeps.data && all.length > 0 && (
                <>
                    <Flex spaceItems={{ default: "spaceItemsLg" }} alignItems={{ default: "alignItemsCenter" }}>
                        <FlexItem data-testid="reverse-dependencies-count">
                            {fmt(
                                ngettext(
                                    "$0 relation from another package ($1 from installed ones)",
                                    "$0 relations from other packages ($1 from installed ones)",
                                    all.length
                                ),
                                formatCount(all.length),
                                formatCount(installedCount)
                            )}
                        </FlexItem>
                        <FlexItem>
                            <Switch
                                id="rdepends-installed-only"
                                label={_("Installed packages only")}
                                isChecked={installedOnly}
                                onChange={(_e, v) => setInstalledOnly(v)}
                                data-testid="rdepends-installed-only"
                            />
                        </FlexItem>
                    </Flex>
                    {list.length === 0 && (
                        <Content component="p" data-testid="no-installed-reverse-dependencies">
                            {_("None of these packages is installed.")}
                        </Content>
                    )}
                    <Table
                        aria-label={_("Reverse dependencies")}
                        variant="compact"
                        data-testid="reverse-dependencies"
                        hidden={list.length === 0}
                    >
                        <Thead>
                            <Tr>
                                <Th>{_("Package")}</Th>
                                <Th>{_("Relation")}</Th>
                                <Th>{_("Status")}</Th>
                            </Tr>
                        </Thead>
                        <Tbody>
                            {list.slice(0, shown).map((r) => (
                                <Tr
                                    key={`${r.name}:${r.relation}`}
                                    data-testid="reverse-dependency"
                                    data-package={r.name}
                                    data-relation={r.relation}
                                >
                                    <Td dataLabel={_("Package")}>
                                        <PackageLink name={r.name} />
                                    </Td>
                                    <Td dataLabel={_("Relation")}>
                                        {reverseRelation(r)}
                                        {r.via && <span className="apt-subtle"> {fmt(_("via $0"), r.via)}</span>}
                                        {r.alternatives.length > 0 && (
                                            <span className="apt-subtle">
                                                {" "}
                                                {fmt(_("or $0"), r.alternatives.join(" | "))}
                                            </span>
                                        )}
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
                            {fmt(_("Show all $0"), formatCount(list.length))}
                        </Button>
                    )}
                </>
            )}
        </>
    );
}

/** The long description as Debian writes it: paragraphs, lists, verbatim lines (description.ts). */
function Description({ text }: { text: string }) {
    const blocks = useMemo(() => descriptionBlocks(text), [text]);
    return (
        <Content className="apt-long-description" data-testid="package-description">
            {blocks.map((b, i) =>
                b.kind === "paragraph" ? (
                    <p key={i}>{b.text}</p>
                ) : b.kind === "list" ? (
                    <ul key={i}>
                        {b.items.map((item, j) => (
                            <li key={j}>{item}</li>
                        ))}
                    </ul>
                ) : (
                    <pre key={i} className="apt-description-verbatim">
                        {b.text}
                    </pre>
                )
            )}
        </Content>
    );
}

const CHECKING = <Skeleton width="8rem" fontSize="sm" screenreaderText="…" />;

function Overview({ pkg, refreshing }: { pkg: Details; refreshing: boolean }) {
    const installedFrom = pkg.origin
        ? [pkg.origin.origin || pkg.origin.label, pkg.origin.suite, pkg.origin.component].filter(Boolean).join(" / ")
        : null;
    return (
        <>
            {pkg.app && <AppOverview app={pkg.app} />}
            {/* The summary is already the page's subtitle; repeat nothing when there is no long description (or the app's stands for it). */}
            {!pkg.app?.description && pkg.description && pkg.description.trim() !== pkg.summary.trim() && (
                <Description text={pkg.description} />
            )}
            <DescriptionList
                isHorizontal
                isCompact
                columnModifier={{ default: "1Col", lg: "2Col" }}
                data-testid="package-fields"
            >
                {(
                    [
                        // While the state is read again after a change, the old one is not shown.
                        [_("Installed version"), refreshing ? CHECKING : (pkg.installedVersion ?? _("Not installed"))],
                        [_("Available version"), refreshing ? CHECKING : (pkg.candidateVersion ?? _("None"))],
                        [
                            _("Status"),
                            refreshing
                                ? CHECKING
                                : pkg.status + (pkg.automaticallyInstalled ? ` (${_("installed automatically")})` : ""),
                        ],
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
                    ] as Array<[string, React.ReactNode]>
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
        pkg.relations[rel].map((g) =>
            g.map((a) => ({
                ...a,
                state: "available" as const,
                providers: [],
                installedProviders: [],
                installedVersion: null,
                candidateVersion: null,
                satisfied: false,
            }))
        );
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
                    <Alert
                        variant="warning"
                        isInline
                        isPlain
                        title={_("Could not check which of these are installed")}
                        actionLinks={<AlertActionLink onClick={deps.reload}>{_("Try again")}</AlertActionLink>}
                    >
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
                                                        {j > 0 && (
                                                            <span className="apt-alt-separator"> {_("or")} </span>
                                                        )}
                                                        <Alternative
                                                            alt={alt}
                                                            relation={rel}
                                                            resolved={relations !== undefined}
                                                        />
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
                                        {s.local
                                            ? _("dpkg status (installed)")
                                            : `${[s.origin || s.label || s.site, s.suite, s.component].filter(Boolean).join(" / ")} (${s.priority})`}
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
    if (files.data?.listed === false) {
        return (
            <Content component="p" data-testid="package-files-unknown">
                {_("The files of this package are not known: dpkg has no list of them on this system.")}
            </Content>
        );
    }
    return (
        <>
            <Content component="p" className="apt-subtle" data-testid="package-files-count">
                {fmt(
                    ngettext("$0 path, from dpkg's database", "$0 paths, from dpkg's database", list.length),
                    formatCount(list.length)
                )}
            </Content>
            {files.data?.truncated && (
                <Alert
                    variant="info"
                    isInline
                    isPlain
                    title={_("The list is too long to show whole; only its beginning is shown.")}
                />
            )}
            <pre className="apt-file-list" data-testid="package-files" tabIndex={0} aria-label={_("Installed files")}>
                {list.length ? list.join("\n") : _("This package installs no files.")}
            </pre>
        </>
    );
}

/** For an upgradable package, what the new version brings (fetched on demand) above the installed changelog. */
function ChangelogTab({ pkg }: { pkg: Details }) {
    return (
        <>
            {pkg.upgradable && pkg.candidateVersion && <WhatsNew name={pkg.name} version={pkg.candidateVersion} />}
            {pkg.upgradable && pkg.candidateVersion && (
                <Title headingLevel="h3" className="apt-installed-changelog-title">
                    {fmt(_("Changelog of the installed version $0"), pkg.installedVersion ?? "")}
                </Title>
            )}
            <Changelog name={pkg.name} />
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
                    ? _(
                          "The changelog is not available: it is read from the installed package, and this package is not installed."
                      )
                    : _(
                          "The changelog is not available: this package installed none (its documentation may be excluded on this system)."
                      )}
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
            {data.truncated && (
                <Alert
                    variant="info"
                    isInline
                    isPlain
                    title={_("The changelog is long: only its newest entries are shown.")}
                    data-testid="changelog-truncated"
                />
            )}
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
    else if (pkg.phasedPercentage !== null && pkg.upgradable)
        facts.push([_("Phased update"), fmt(_("$0% of machines"), pkg.phasedPercentage)]);
    return facts;
}

function Actions({ pkg }: { pkg: Details }) {
    const { access } = useAppState();
    const ops = useOperations();
    const hold = useHold();
    const installed = pkg.installedVersion !== null;
    // Cockpit's rule: nothing while access is unknown; when it is known to be absent, say why there is no button.
    if (access === "none") {
        const text = !installed
            ? pkg.candidateVersion !== null
                ? _("Administrative access is needed to install")
                : null
            : pkg.upgradable
              ? _("Administrative access is needed to upgrade or remove")
              : _("Administrative access is needed to remove");
        if (!text) return null;
        return (
            <Content component="p" className="apt-subtle" data-testid="details-limited-access">
                <LockIcon aria-hidden /> {text}
            </Content>
        );
    }
    if (access !== "admin") return null;
    return (
        <Flex spaceItems={{ default: "spaceItemsSm" }}>
            {!installed && pkg.candidateVersion !== null && (
                <Button
                    variant="primary"
                    onClick={() => ops.start("install", [pkg.name])}
                    data-testid="details-install"
                >
                    {_("Install")}
                </Button>
            )}
            {pkg.upgradable && (
                <Button
                    variant="primary"
                    onClick={() => ops.start("upgrade", [pkg.name])}
                    data-testid="details-upgrade"
                >
                    {_("Upgrade")}
                </Button>
            )}
            {installed && (
                <Button
                    variant="danger"
                    onClick={() => ops.start("remove", [pkg.name])}
                    data-testid="details-remove"
                    isDisabled={pkg.essential}
                >
                    {_("Remove")}
                </Button>
            )}
            {/* Remove keeps conffiles (dpkg's config-files state); a purge takes them too. */}
            {installed && pkg.keepsConfiguration && (
                <Button
                    variant="secondary"
                    isDanger
                    onClick={() => ops.start("purge", [pkg.name])}
                    data-testid="details-remove-purge"
                    isDisabled={pkg.essential}
                >
                    {_("Remove with configuration")}
                </Button>
            )}
            {pkg.status === "config-files" && (
                <Button variant="danger" onClick={() => ops.start("purge", [pkg.name])} data-testid="details-purge">
                    {_("Purge")}
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

/** A removed package whose configuration files are still on the system. */
function LeftBehindNote({ pkg }: { pkg: Details }) {
    if (pkg.status !== "config-files") return null;
    return (
        <Alert
            variant="info"
            isInline
            isPlain
            title={_("Removed, but its configuration files are still on this system. Purge removes them.")}
            data-testid="details-config-files"
        />
    );
}

export function PackageDetailsPage({ name }: { name: string }) {
    const { generation, detailsTab, setDetailsTab, backToList } = useAppState();
    const key = `details:${name}:${generation}`;
    // At once; an update's reason to be kept back, when it needs APT's simulation, follows.
    const response = useKeptBackCheck(
        key,
        (signal) => packageDetails(name, { signal }, "known"),
        (signal) => packageDetails(name, { signal })
    );
    const details = { ...response, data: response.data?.package ?? null };
    // Never another package's details under this name; this package's from before a change only
    // without its state (installed or not) and actions, until the new answer is there.
    const shownName = details.dataKey?.slice("details:".length, details.dataKey.lastIndexOf(":")) ?? null;
    const pkg = details.data && shownName === name ? details.data : null;
    const refreshing = pkg !== null && details.dataKey !== key;
    // The Files tab of a package that is not installed (any more) shows the overview.
    const tab = detailsTab === "files" && pkg && pkg.installedVersion === null ? "overview" : detailsTab;
    // Focus follows the user to the package they opened (keyboard and screen reader users start at its name).
    // (PatternFly's Title takes no ref: found by its id.)
    useEffect(() => {
        document.getElementById("package-title")?.focus();
    }, [name]);
    return (
        <PageSection hasBodyWrapper={false} id="package-details" data-testid="package-details" data-package={name}>
            <Breadcrumb className="apt-breadcrumb">
                <BreadcrumbItem>
                    <Button variant="link" isInline onClick={backToList} data-testid="details-back">
                        {_("Software")}
                    </Button>
                </BreadcrumbItem>
                <BreadcrumbItem isActive>{name}</BreadcrumbItem>
            </Breadcrumb>
            <Flex
                justifyContent={{ default: "justifyContentSpaceBetween" }}
                alignItems={{ default: "alignItemsCenter" }}
            >
                <FlexItem>
                    <Flex
                        spaceItems={{ default: "spaceItemsMd" }}
                        alignItems={{ default: "alignItemsCenter" }}
                        flexWrap={{ default: "nowrap" }}
                    >
                        {pkg?.app?.icon && (
                            <FlexItem>
                                <AppIcon app={pkg.app} size={64} />
                            </FlexItem>
                        )}
                        <FlexItem className="apt-details-heading">
                            {/* An app's name above the package's (which stays the page's title). */}
                            {pkg?.app && (
                                <Content component="p" className="apt-app-name" data-testid="app-name">
                                    {pkg.app.name}
                                </Content>
                            )}
                            <Title
                                headingLevel="h1"
                                size={pkg?.app ? "lg" : "2xl"}
                                id="package-title"
                                tabIndex={-1}
                                className="apt-focus-heading"
                            >
                                {name}
                            </Title>
                            {pkg && <Content component="p">{pkg.app?.summary || pkg.summary}</Content>}
                        </FlexItem>
                    </Flex>
                </FlexItem>
                <FlexItem className="apt-details-actions">
                    {pkg && !refreshing && pkg.installedVersion !== null && pkg.app?.launchable && (
                        <OpenAppButton launchable={pkg.app.launchable} appName={pkg.app.name} />
                    )}
                    {pkg && refreshing && (
                        <Spinner
                            size="lg"
                            aria-label={_("Checking the package's state")}
                            data-testid="details-refreshing"
                        />
                    )}
                    {pkg && !refreshing && <Actions pkg={pkg} />}
                </FlexItem>
            </Flex>
            {details.status === "loading" && !pkg && <Loading what={_("Loading package details")} />}
            {details.error && (
                <Alert
                    variant="danger"
                    isInline
                    title={
                        details.error.code === "PACKAGE_NOT_FOUND"
                            ? fmt(_("There is no package $0"), name)
                            : _("Package details could not be loaded")
                    }
                    data-testid="details-error"
                    actionLinks={
                        details.error.code === "PACKAGE_NOT_FOUND" ? undefined : (
                            <AlertActionLink onClick={details.reload}>{_("Try again")}</AlertActionLink>
                        )
                    }
                >
                    {details.error.message}
                </Alert>
            )}
            {pkg && <LeftBehindNote pkg={pkg} />}
            {pkg && (
                <Tabs
                    activeKey={tab}
                    onSelect={(_e, k) => setDetailsTab(k as DetailsTab)}
                    onKeyDown={onTabListKeyDown}
                    aria-label={_("Package details")}
                    mountOnEnter
                    unmountOnExit
                    id="details-tabs"
                >
                    <Tab eventKey="overview" title={<TabTitleText>{_("Overview")}</TabTitleText>}>
                        <div className="apt-tab-body">
                            <Overview pkg={pkg} refreshing={refreshing} />
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
                    <Tab
                        eventKey="files"
                        title={<TabTitleText>{_("Files")}</TabTitleText>}
                        isDisabled={pkg.installedVersion === null}
                    >
                        <div className="apt-tab-body">
                            <Files name={name} />
                        </div>
                    </Tab>
                    <Tab eventKey="changelog" title={<TabTitleText>{_("Changelog")}</TabTitleText>}>
                        <div className="apt-tab-body">
                            <ChangelogTab pkg={pkg} />
                        </div>
                    </Tab>
                    <Tab eventKey="history" title={<TabTitleText>{_("History")}</TabTitleText>}>
                        <div className="apt-tab-body">
                            <PackageHistory name={name} />
                        </div>
                    </Tab>
                </Tabs>
            )}
        </PageSection>
    );
}
