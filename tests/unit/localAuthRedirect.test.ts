import { describe, expect, it } from "vitest";
import { isProtectedPath, safeRedirectPath } from "@/lib/auth/paths";

describe("safeRedirectPath", () => {
  it.each([
    ["/classes/abc", "/classes/abc"],
    ["/classes?tab=2#top", "/classes?tab=2#top"],
    ["/dev/auth-harness", "/dev/auth-harness"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    undefined,
    "",
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "javascript:alert(1)",
    "classes",
  ])("falls back to / for %s", (input) => {
    expect(safeRedirectPath(input)).toBe("/");
  });
});

describe("isProtectedPath", () => {
  it("matches the app's protected areas", () => {
    for (const path of [
      "/classes",
      "/classes/1",
      "/dev",
      "/dev/auth-harness",
      "/api/dev/x",
    ]) {
      expect(isProtectedPath(path)).toBe(true);
    }
    for (const path of ["/", "/sign-in", "/api/local-auth/token", "/about"]) {
      expect(isProtectedPath(path)).toBe(false);
    }
  });
});
