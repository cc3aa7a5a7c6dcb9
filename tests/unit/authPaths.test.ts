import { describe, expect, it } from "vitest";
import { safeRedirectPath, signInUrlFor } from "@/lib/auth/paths";

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

describe("signInUrlFor", () => {
  it("carries a safe return path", () => {
    expect(signInUrlFor("/classes/1?x=2")).toBe(
      "/sign-in?redirect_url=%2Fclasses%2F1%3Fx%3D2",
    );
  });

  it("drops a return path that leads off the site, home or back to sign-in", () => {
    expect(signInUrlFor("https://evil.example/")).toBe("/sign-in");
    expect(signInUrlFor("/")).toBe("/sign-in");
    expect(signInUrlFor("/sign-in/factor-one")).toBe("/sign-in");
  });
});
