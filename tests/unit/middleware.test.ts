import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseServerConfig, type ServerConfig } from "@/lib/config";
import { createLocalMiddleware } from "@/lib/auth/localMiddleware";
import { RETURN_PATH_HEADER, signInRedirect } from "@/lib/auth/signInRedirect";
import { signSessionCookie } from "@/lib/localAuth/sessionCookie";
import { createSession, deleteSession } from "@/lib/localAuth/sessions";
import { localUser } from "@/lib/localAuth/users";

type ClerkHandler = (
  auth: (() => Promise<{ userId: string | null }>) & {
    protect: () => Promise<void>;
  },
  request: NextRequest,
) => Promise<Response | void>;

const clerk = vi.hoisted(() => ({
  handler: undefined as unknown,
  options: undefined as unknown,
}));

// The real module pulls in `server-only`, which refuses to load outside Next.js.
vi.mock("@clerk/nextjs/server", () => ({
  clerkMiddleware: (handler: unknown, options: unknown) => {
    clerk.handler = handler;
    clerk.options = options;
    return () => undefined;
  },
  createRouteMatcher: (patterns: string[]) => {
    const regexes = patterns.map(
      (pattern) => new RegExp(`^${pattern.replace("(.*)", ".*")}$`),
    );
    return (request: NextRequest) =>
      regexes.some((regex) => regex.test(request.nextUrl.pathname));
  },
}));

const APP = "http://127.0.0.1:3100";
let dir: string;

function configFor(env: Record<string, string> = {}): ServerConfig {
  return parseServerConfig({
    NODE_ENV: "development",
    LOCAL_AUTH_DIR: dir,
    ...env,
  });
}

function get(pathAndQuery: string, cookie?: string) {
  return new NextRequest(`${APP}${pathAndQuery}`, {
    headers: cookie ? { cookie } : {},
  });
}

function signedInCookie(config: ServerConfig) {
  const session = createSession(
    config.localAuth.dir,
    localUser("Ada Teacher", "ada.teacher@example.test"),
  );
  const value = signSessionCookie(config.localAuth.dir, session.sessionId);
  return { cookie: `local_auth_session=${value}`, session };
}

const isSentToSignIn = (response: Response) =>
  (response.headers.get("x-middleware-rewrite") ?? "").includes(
    "/api/local-auth/require-sign-in",
  );

const passedThrough = (response: Response) =>
  response.headers.get("x-middleware-next") === "1";

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "middleware-test-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("local middleware", () => {
  it("sends a signed-out page request to the sign-in redirect with the path to come back to", async () => {
    const middleware = createLocalMiddleware(() => configFor());
    for (const target of [
      "/classes",
      "/classes/abc?tab=2",
      "/dev/auth-harness",
    ]) {
      const response = middleware(get(target));
      const rewrite = new URL(response.headers.get("x-middleware-rewrite")!);
      expect(rewrite.pathname).toBe("/api/local-auth/require-sign-in");
      // Next hands the rewritten request these overridden request headers.
      const returnPath = response.headers.get(
        `x-middleware-request-${RETURN_PATH_HEADER}`,
      );
      expect(returnPath).toBe(target);

      const redirect = signInRedirect(
        new Request(rewrite, {
          headers: { [RETURN_PATH_HEADER]: returnPath! },
        }),
      );
      expect(redirect.status).toBe(307);
      // Relative, so the browser stays on the host it used.
      expect(redirect.headers.get("location")).toBe(
        `/sign-in?redirect_url=${encodeURIComponent(target)}`,
      );
    }
  });

  it("turns a signed-out POST into a GET of the sign-in page and drops foreign redirect targets", () => {
    const post = signInRedirect(
      new Request(
        `${APP}/api/local-auth/require-sign-in?redirect_url=/classes`,
        {
          method: "POST",
        },
      ),
    );
    expect(post.status).toBe(303);
    const foreign = signInRedirect(
      new Request(
        `${APP}/api/local-auth/require-sign-in?redirect_url=https://evil.example/`,
      ),
    );
    expect(foreign.headers.get("location")).toBe("/sign-in?redirect_url=%2F");
  });

  it("answers 401 JSON for a signed-out request to a protected API route", async () => {
    const middleware = createLocalMiddleware(() => configFor());
    const response = middleware(get("/api/dev/counters"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/sign in/i),
    });
  });

  it("lets signed-in requests through", () => {
    const config = configFor();
    const middleware = createLocalMiddleware(() => config);
    const { cookie } = signedInCookie(config);
    expect(passedThrough(middleware(get("/classes/abc", cookie)))).toBe(true);
    expect(passedThrough(middleware(get("/api/dev/counters", cookie)))).toBe(
      true,
    );
  });

  it("leaves public routes alone", () => {
    const middleware = createLocalMiddleware(() => configFor());
    for (const target of [
      "/",
      "/sign-in",
      "/api/local-auth/jwks",
      "/classic",
    ]) {
      expect(passedThrough(middleware(get(target)))).toBe(true);
    }
  });

  it("refuses a revoked session and a forged cookie", () => {
    const config = configFor();
    const middleware = createLocalMiddleware(() => config);
    const { cookie, session } = signedInCookie(config);
    const forged = `local_auth_session=${session.sessionId}.not-the-signature`;
    expect(isSentToSignIn(middleware(get("/classes", forged)))).toBe(true);

    deleteSession(dir, session.sessionId);
    expect(isSentToSignIn(middleware(get("/classes", cookie)))).toBe(true);
  });

  it("accepts no local cookie in a production build without the opt-in", () => {
    const devConfig = configFor();
    const { cookie } = signedInCookie(devConfig);
    const production = createLocalMiddleware(() =>
      configFor({ NODE_ENV: "production" }),
    );
    expect(isSentToSignIn(production(get("/classes", cookie)))).toBe(true);
    expect(production(get("/api/dev/x", cookie)).status).toBe(401);

    const allowed = createLocalMiddleware(() =>
      configFor({
        NODE_ENV: "production",
        LOCAL_AUTH_ALLOW_IN_PRODUCTION: "true",
      }),
    );
    expect(passedThrough(allowed(get("/classes", cookie)))).toBe(true);
  });
});

describe("clerk middleware", () => {
  const clerkEnv = {
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
    CLERK_SECRET_KEY: "sk_test_x",
    NEXT_PUBLIC_CONVEX_URL: "https://example.convex.cloud",
  };

  async function setUp(env: Record<string, string> = {}) {
    const { createClerkAuthMiddleware } =
      await import("@/lib/auth/clerkMiddleware");
    createClerkAuthMiddleware(configFor({ ...clerkEnv, ...env }));
    return clerk.handler as ClerkHandler;
  }

  function fakeAuth(userId: string | null) {
    const protect = vi.fn(async () => undefined);
    const auth = Object.assign(async () => ({ userId }), { protect });
    return { auth, protect };
  }

  it("passes the JWT key to clerkMiddleware only when CLERK_JWT_KEY is set", async () => {
    await setUp();
    expect(clerk.options).toEqual({ signInUrl: "/sign-in" });
    await setUp({ CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----x" });
    expect(clerk.options).toEqual({
      signInUrl: "/sign-in",
      jwtKey: "-----BEGIN PUBLIC KEY-----x",
    });
  });

  it("calls auth.protect() on protected pages and nowhere else", async () => {
    const handler = await setUp();
    const page = fakeAuth(null);
    await handler(page.auth, get("/classes/abc"));
    expect(page.protect).toHaveBeenCalledOnce();

    const open = fakeAuth(null);
    await handler(open.auth, get("/"));
    expect(open.protect).not.toHaveBeenCalled();
  });

  it("answers 401 JSON on protected API routes when signed out, passes when signed in", async () => {
    const handler = await setUp();
    const signedOut = await handler(fakeAuth(null).auth, get("/api/dev/x"));
    expect(signedOut).toBeInstanceOf(Response);
    expect((signedOut as Response).status).toBe(401);

    const signedIn = await handler(fakeAuth("user_1").auth, get("/api/dev/x"));
    expect(signedIn).toBeUndefined();
  });
});
