// SPDX-License-Identifier: LGPL-2.1-or-later
/* A crash in one part of the page shows an error with "Reload" instead of a blank iframe. */
import React from "react";
import { Button } from "@patternfly/react-core/dist/dynamic/components/Button";
import {
    EmptyState,
    EmptyStateActions,
    EmptyStateBody,
    EmptyStateFooter,
} from "@patternfly/react-core/dist/dynamic/components/EmptyState";
import ExclamationCircleIcon from "@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon";
import { _ } from "../cockpit.js";

interface Props {
    children: React.ReactNode;
    /** Changing it clears the error (for example when the user navigates elsewhere). */
    resetKey?: string;
}

interface State {
    error: Error | null;
    resetKey: string | undefined;
}

export class ErrorBoundary extends React.Component<Props, State> {
    override state: State = { error: null, resetKey: this.props.resetKey };

    static getDerivedStateFromError(error: Error): Partial<State> {
        return { error };
    }

    static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
        if (props.resetKey !== state.resetKey) return { error: null, resetKey: props.resetKey };
        return null;
    }

    override componentDidCatch(error: Error, info: React.ErrorInfo): void {
        console.error("cockpit-apt: page error", error, info.componentStack);
    }

    override render() {
        if (!this.state.error) return this.props.children;
        return (
            <EmptyState
                titleText={_("Something went wrong")}
                headingLevel="h2"
                icon={ExclamationCircleIcon}
                status="danger"
                data-testid="error-boundary"
            >
                <EmptyStateBody>{this.state.error.message}</EmptyStateBody>
                <EmptyStateFooter>
                    <EmptyStateActions>
                        <Button variant="primary" onClick={() => this.setState({ error: null })}>
                            {_("Try again")}
                        </Button>
                        <Button variant="link" onClick={() => window.location.reload()}>
                            {_("Reload page")}
                        </Button>
                    </EmptyStateActions>
                </EmptyStateFooter>
            </EmptyState>
        );
    }
}
