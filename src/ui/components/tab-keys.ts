// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Arrow keys on a tab list (WAI-ARIA tabs pattern, automatic activation):
 * Left/Right move to the previous/next tab, Home/End to the first/last,
 * skipping disabled tabs, and select it. PatternFly's Tabs render the
 * role="tablist" but leave the keys to the page; pass this as `onKeyDown`
 * of <Tabs> (it reaches the element around the tab list, not the panels).
 */
import type React from "react";

export function onTabListKeyDown(event: React.KeyboardEvent<HTMLElement>): void {
    const target = event.target as HTMLElement;
    if (target.getAttribute("role") !== "tab" || event.altKey || event.ctrlKey || event.metaKey) return;
    const list = target.closest('[role="tablist"]');
    if (!list) return;
    const tabs = Array.from(list.querySelectorAll<HTMLElement>('[role="tab"]')).filter(
        (t) => t.getAttribute("aria-disabled") !== "true" && !t.hasAttribute("disabled")
    );
    const at = tabs.indexOf(target);
    if (at < 0 || tabs.length === 0) return;
    const rtl = getComputedStyle(target).direction === "rtl";
    let next: number;
    switch (event.key) {
        case "ArrowRight":
            next = rtl ? at - 1 : at + 1;
            break;
        case "ArrowLeft":
            next = rtl ? at + 1 : at - 1;
            break;
        case "Home":
            next = 0;
            break;
        case "End":
            next = tabs.length - 1;
            break;
        default:
            return;
    }
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    tab.focus();
    tab.click();
}
