// SPDX-License-Identifier: LGPL-2.1-or-later
import { describe, expect, it } from "vitest";
import { formatBytes, operationTitle } from "../../src/ui/components/format.js";
import { canCancel } from "../../src/ui/state/operations.js";

describe("formatBytes", () => {
    it("uses decimal units like apt", () => {
        expect(formatBytes(0)).toBe("0 B");
        expect(formatBytes(999)).toBe("999 B");
        expect(formatBytes(1000)).toBe("1.0 kB");
        expect(formatBytes(2_500_000)).toBe("2.5 MB");
        expect(formatBytes(123_456_789)).toBe("123 MB");
        expect(formatBytes(-3_000_000)).toBe("-3.0 MB");
    });
});

describe("operationTitle", () => {
    it("names the package or counts them", () => {
        expect(operationTitle("install", ["nginx"])).toBe("Install nginx");
        expect(operationTitle("remove", ["a", "b"])).toBe("Remove 2 packages");
        expect(operationTitle("upgrade", [])).toBe("Upgrade all packages");
        expect(operationTitle("update", [])).toBe("Update package lists");
    });
});

describe("canCancel", () => {
    const base = {
        percent: 0,
        package: null,
        message: "",
        log: [],
        cancelling: false,
        id: "20261129T120000Z-0123abcd",
        cancelRefused: null,
    };
    it("allows Cancel only while downloading (packages or lists)", () => {
        expect(canCancel({ ...base, phase: "download" })).toBe(true);
        expect(canCancel({ ...base, phase: "update" })).toBe(true);
        expect(canCancel({ ...base, phase: "install" })).toBe(false);
        expect(canCancel({ ...base, phase: "configure" })).toBe(false);
        expect(canCancel({ ...base, phase: "remove" })).toBe(false);
        expect(canCancel({ ...base, phase: null })).toBe(false);
        expect(canCancel({ ...base, phase: "download", cancelling: true })).toBe(false);
        // without the operation's id (no "started" event yet) there is nothing to name in `operations cancel`
        expect(canCancel({ ...base, phase: "download", id: null })).toBe(false);
    });
});

describe("formatCount", () => {
    it("groups digits as Cockpit's language writes them", async () => {
        const { formatCount } = await import("../../src/ui/components/format.js");
        const saved = window.cockpit;
        try {
            window.cockpit = { language: "en" } as unknown as NonNullable<typeof window.cockpit>;
            expect(formatCount(30979)).toBe("30,979");
            window.cockpit = { language: "de" } as unknown as NonNullable<typeof window.cockpit>;
            expect(formatCount(30979)).toBe("30.979");
            window.cockpit = { language: "not a language!" } as unknown as NonNullable<typeof window.cockpit>;
            expect(formatCount(7)).toBe("7");
        } finally {
            window.cockpit = saved;
        }
    });
});
