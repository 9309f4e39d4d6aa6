import { describe, expect, it } from "vitest";
import { commandModules, loadCommands } from "../../src/bridge/commands/index.js";
import { COMMAND_GROUPS, groupOf } from "../../src/bridge/commands/groups.js";

describe("command modules (loaded by their first word)", () => {
    it("every command's first word is its module's group", async () => {
        for (const m of commandModules) {
            for (const c of await m.load()) expect(c.words.join(" ")).toMatch(new RegExp(`^${m.group} `));
        }
    });

    it("a known word loads only its modules, an unknown one all of them", async () => {
        const packages = (await loadCommands("packages")).map((c) => c.words.join(" "));
        expect(packages).toEqual(expect.arrayContaining(["packages filter", "packages search", "packages details", "packages rdepends"]));
        expect(packages.every((w) => w.startsWith("packages "))).toBe(true);
        const all = (await loadCommands("nonsense")).map((c) => c.words[0]);
        expect(new Set(all)).toEqual(new Set(commandModules.map((m) => m.group)));
        expect(await loadCommands()).toHaveLength(all.length);
    });

    it("the groups the launcher names code caches after are exactly the modules' groups", () => {
        expect([...new Set(commandModules.map((m) => m.group))].sort()).toEqual([...COMMAND_GROUPS].sort());
        expect(groupOf("packages")).toBe("packages");
        expect(groupOf("../../etc")).toBe("other");
        expect(groupOf(undefined)).toBe("other");
    });
});
