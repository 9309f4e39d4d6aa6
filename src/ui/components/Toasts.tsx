// SPDX-License-Identifier: LGPL-2.1-or-later
/* Toast notifications for transient errors (PatternFly AlertGroup, like Cockpit's pages). */
import React, { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { Alert, AlertActionCloseButton, AlertGroup } from "@patternfly/react-core/dist/dynamic/components/Alert";
import { _ } from "../cockpit.js";

interface Toast {
    key: number;
    variant: "danger" | "warning" | "success" | "info";
    title: string;
    detail?: string;
}

interface ToastApi {
    add(variant: Toast["variant"], title: string, detail?: string): void;
}

const Context = createContext<ToastApi>({ add: () => undefined });

export function useToasts(): ToastApi {
    return useContext(Context);
}

export function ToastProvider({ children }: { children: React.ReactNode }) {
    const [toasts, setToasts] = useState<Toast[]>([]);
    const next = useRef(0);
    const remove = useCallback((key: number) => setToasts((t) => t.filter((x) => x.key !== key)), []);
    const add = useCallback((variant: Toast["variant"], title: string, detail?: string) => {
        const key = ++next.current;
        // At most five at once: an error repeating in a loop must not fill the screen.
        setToasts((t) => [...t.filter((x) => x.title !== title), { key, variant, title, detail }].slice(-5));
    }, []);
    const api = useMemo(() => ({ add }), [add]);
    return (
        <Context.Provider value={api}>
            {children}
            <AlertGroup isToast isLiveRegion data-testid="toasts">
                {toasts.map((t) => (
                    <Alert
                        key={t.key}
                        variant={t.variant}
                        title={t.title}
                        timeout={8000}
                        onTimeout={() => remove(t.key)}
                        actionClose={
                            <AlertActionCloseButton
                                aria-label={_("Close notification")}
                                onClose={() => remove(t.key)}
                            />
                        }
                    >
                        {t.detail}
                    </Alert>
                ))}
            </AlertGroup>
        </Context.Provider>
    );
}
