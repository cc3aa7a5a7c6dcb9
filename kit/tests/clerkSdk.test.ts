import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasOwnSignInRoute } from "../appFolder";
import { clerkSdkOf } from "../clerkSdk";
import { KitError } from "../errors";

function appWith(nextjsVersion: string | null) {
  const dir = mkdtempSync(path.join(tmpdir(), "kit-sdk-"));
  if (nextjsVersion) {
    const pkg = path.join(dir, "node_modules", "@clerk", "nextjs");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      path.join(pkg, "package.json"),
      JSON.stringify({ name: "@clerk/nextjs", version: nextjsVersion }),
    );
  }
  return dir;
}

describe("clerkSdkOf", () => {
  it("serves clerk-js 5 to Core 2 apps and clerk-js 6 to Core 3 apps", () => {
    expect(clerkSdkOf(appWith("6.39.1"))).toMatchObject({
      core: 2,
      clerkJsMajor: 5,
    });
    expect(clerkSdkOf(appWith("7.9.17"))).toMatchObject({
      core: 3,
      clerkJsMajor: 6,
    });
  });

  it("refuses an SDK it has no bundle for, naming the version, and a missing one", () => {
    expect(() => clerkSdkOf(appWith("5.7.5"))).toThrow(KitError);
    expect(() => clerkSdkOf(appWith("5.7.5"))).toThrow(/5\.7\.5/);
    expect(() => clerkSdkOf(appWith(null))).toThrow(
      /install the app's dependencies/,
    );
  });
});

describe("hasOwnSignInRoute", () => {
  it("finds App Router and Pages Router sign-in routes, with or without src/", () => {
    for (const route of [
      "app/sign-in/[[...sign-in]]",
      "src/app/sign-in",
      "pages/sign-in.tsx",
    ]) {
      const dir = appWith(null);
      const target = path.join(dir, route);
      if (route.endsWith(".tsx")) {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(
          target,
          "export default function Page() { return null; }",
        );
      } else mkdirSync(target, { recursive: true });
      expect(hasOwnSignInRoute(dir), route).toBe(true);
    }
    expect(hasOwnSignInRoute(appWith(null))).toBe(false);
  });
});
