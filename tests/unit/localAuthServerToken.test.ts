import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeJwt } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const mocks = vi.hoisted(() => ({
  cookieValue: undefined as string | undefined,
  clerkGetToken: vi.fn(async (options?: { template?: string }) =>
    options?.template ? "template-token" : "session-token",
  ),
}));

vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) =>
      name === "local_auth_session" && mocks.cookieValue !== undefined
        ? { name, value: mocks.cookieValue }
        : undefined,
  }),
}));

// The real module pulls in `server-only`, which refuses to load outside Next.js.
vi.mock("@clerk/nextjs/server", () => ({
  auth: async () => ({ getToken: mocks.clerkGetToken }),
}));

let dir: string;

async function loadWithEnv(env: Record<string, string>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return import("@/lib/auth/serverToken");
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "server-token-test-"));
  mocks.cookieValue = undefined;
  mocks.clerkGetToken.mockClear();
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("getConvexToken", () => {
  const localEnv = () => ({
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "",
    CLERK_SECRET_KEY: "",
    LOCAL_AUTH_DIR: dir,
    LOCAL_AUTH_ISSUER: "http://127.0.0.1:3100/api/local-auth",
  });

  it("local mode: mints a token for the session in the request cookie", async () => {
    const { getConvexToken } = await loadWithEnv(localEnv());
    const { createSession } = await import("@/lib/localAuth/sessions");
    const { signSessionCookie } = await import("@/lib/localAuth/sessionCookie");
    const { localUser } = await import("@/lib/localAuth/users");
    const session = createSession(dir, localUser("Ada", "ada@example.test"));
    mocks.cookieValue = signSessionCookie(dir, session.sessionId);

    const token = await getConvexToken();
    expect(decodeJwt(token!)).toMatchObject({
      iss: "http://127.0.0.1:3100/api/local-auth",
      aud: "convex",
      sid: session.sessionId,
      sub: session.user.sub,
    });
  });

  it("local mode: null without a session", async () => {
    const { getConvexToken } = await loadWithEnv(localEnv());
    await expect(getConvexToken()).resolves.toBeNull();
  });

  const clerkEnv = {
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
    CLERK_SECRET_KEY: "sk_test_x",
    NEXT_PUBLIC_CONVEX_URL: "https://example.convex.cloud",
  };

  it("clerk mode, native integration: getToken() without a template", async () => {
    const { getConvexToken } = await loadWithEnv(clerkEnv);
    await expect(getConvexToken()).resolves.toBe("session-token");
    expect(mocks.clerkGetToken).toHaveBeenCalledWith();
  });

  it('clerk mode, CONVEX_TOKEN_SOURCE=template: getToken({ template: "convex" })', async () => {
    const { getConvexToken } = await loadWithEnv({
      ...clerkEnv,
      CONVEX_TOKEN_SOURCE: "template",
    });
    await expect(getConvexToken()).resolves.toBe("template-token");
    expect(mocks.clerkGetToken).toHaveBeenCalledWith({ template: "convex" });
  });
});
