import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

const apiFile = path.join(process.cwd(), "convex", "_generated", "api.d.ts");
let convexModules: () => string[];
let printed: unknown[][] = [];
let mtimeBefore = 0;

beforeAll(async () => {
  mtimeBefore = statSync(apiFile).mtimeMs;
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  ({ convexModules } = await import("@/scripts/codegen"));
  // main() is async; give an accidental run time to write.
  await new Promise((resolve) => setTimeout(resolve, 300));
  printed = log.mock.calls;
  log.mockRestore();
});

/** Module names listed in the generated `ApiFromModules<{ name: typeof name }>` block. */
function modulesInGeneratedApi(): string[] {
  const source = readFileSync(apiFile, "utf8");
  const block = /ApiFromModules<\{([\s\S]*?)\}>/.exec(source)?.[1] ?? "";
  return [...block.matchAll(/^\s*"?([\w/.-]+)"?\s*:\s*typeof/gm)]
    .map((match) => match[1]!)
    .sort();
}

describe("convex/_generated/api.d.ts", () => {
  it("lists every function module in convex/ (run `npm run codegen` if this fails)", () => {
    const listed = modulesInGeneratedApi();
    const missing = convexModules().filter((name) => !listed.includes(name));
    expect(missing).toEqual([]);
  });

  it("lists no module that no longer exists", () => {
    const existing = convexModules();
    const stale = modulesInGeneratedApi().filter(
      (name) => !existing.includes(name),
    );
    expect(stale).toEqual([]);
  });

  it("importing scripts/codegen.ts does not run its main()", () => {
    expect(printed.flat().join(" ")).not.toContain("convex/_generated written");
    expect(statSync(apiFile).mtimeMs).toBe(mtimeBefore);
  });
});
