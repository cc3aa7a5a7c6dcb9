import { beforeEach, describe, expect, it, vi } from "vitest";

const clerk = vi.hoisted(() => ({
  sessionClaims: null as Record<string, unknown> | null,
  getToken: vi.fn(async (options?: { template?: string }) =>
    options?.template ? "template-token" : "session-token",
  ),
}));

vi.mock("@clerk/nextjs/server", () => ({
  auth: async () => ({
    sessionClaims: clerk.sessionClaims,
    getToken: clerk.getToken,
  }),
}));

const config = vi.hoisted(() => ({ convexTokenSource: "native" }));
vi.mock("@/lib/config", () => ({ serverConfig: () => config }));

beforeEach(() => {
  clerk.getToken.mockClear();
  config.convexTokenSource = "native";
});

describe("getConvexToken", () => {
  it("uses the session token itself when Clerk's Convex integration gave it aud convex", async () => {
    const { getConvexToken } = await import("@/lib/auth/serverToken");
    clerk.sessionClaims = { aud: "convex" };
    expect(await getConvexToken()).toBe("session-token");
    clerk.sessionClaims = { aud: ["convex"] };
    expect(await getConvexToken()).toBe("session-token");
  });

  it("falls back to the convex template when the session token is not for Convex, as the provider does", async () => {
    const { getConvexToken } = await import("@/lib/auth/serverToken");
    clerk.sessionClaims = { sub: "user_1" };
    expect(await getConvexToken()).toBe("template-token");
    expect(clerk.getToken).toHaveBeenCalledWith({ template: "convex" });
  });

  it("always uses the template with CONVEX_TOKEN_SOURCE=template", async () => {
    const { getConvexToken } = await import("@/lib/auth/serverToken");
    config.convexTokenSource = "template";
    clerk.sessionClaims = { aud: "convex" };
    expect(await getConvexToken()).toBe("template-token");
  });
});
