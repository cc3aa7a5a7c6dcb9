import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";

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

const APP = "http://localhost:3100";

function get(pathAndQuery: string) {
  return new NextRequest(`${APP}${pathAndQuery}`);
}

function fakeAuth(userId: string | null) {
  const protect = vi.fn(async () => undefined);
  const auth = Object.assign(async () => ({ userId }), { protect });
  return { auth, protect };
}

async function handler() {
  await import("@/lib/auth/middleware");
  return clerk.handler as ClerkHandler;
}

describe("the app's clerkMiddleware", () => {
  it("passes the JWT key to clerkMiddleware only when CLERK_JWT_KEY is set", async () => {
    const { middlewareOptions } = await import("@/lib/auth/middleware");
    expect(middlewareOptions({})).toEqual({ signInUrl: "/sign-in" });
    expect(middlewareOptions({ CLERK_JWT_KEY: "  " })).toEqual({
      signInUrl: "/sign-in",
    });
    expect(
      middlewareOptions({ CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----x" }),
    ).toEqual({ signInUrl: "/sign-in", jwtKey: "-----BEGIN PUBLIC KEY-----x" });
  });

  it("calls auth.protect() on protected pages and nowhere else", async () => {
    const run = await handler();
    for (const path of ["/classes", "/classes/abc", "/dev/auth-harness"]) {
      const page = fakeAuth(null);
      await run(page.auth, get(path));
      expect(page.protect, path).toHaveBeenCalledOnce();
    }
    for (const path of ["/", "/sign-in", "/sign-in/factor-one", "/about"]) {
      const open = fakeAuth(null);
      await run(open.auth, get(path));
      expect(open.protect, path).not.toHaveBeenCalled();
    }
  });

  it("answers 401 JSON with a sentence on protected API routes when signed out", async () => {
    const run = await handler();
    const signedOut = await run(fakeAuth(null).auth, get("/api/dev/x"));
    expect(signedOut).toBeInstanceOf(Response);
    expect((signedOut as Response).status).toBe(401);
    expect(await (signedOut as Response).json()).toEqual({
      error: expect.stringMatching(/^Sign in first/),
    });

    const signedIn = await run(fakeAuth("user_1").auth, get("/api/dev/x"));
    expect(signedIn).toBeUndefined();
  });
});
