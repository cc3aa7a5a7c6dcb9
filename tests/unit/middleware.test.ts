import { beforeEach, describe, expect, it, vi } from "vitest";

const clerk = vi.hoisted(() => ({
  middlewareArgs: [] as unknown[],
  userId: null as string | null,
  redirectToSignIn: vi.fn(() => {
    throw new Error("NEXT_REDIRECT to sign-in");
  }),
}));

// The real module pulls in `server-only`, which refuses to load outside Next.js.
vi.mock("@clerk/nextjs/server", () => ({
  clerkMiddleware: (...args: unknown[]) => {
    clerk.middlewareArgs = args;
    return () => undefined;
  },
  auth: async () => ({
    userId: clerk.userId,
    redirectToSignIn: clerk.redirectToSignIn,
  }),
}));

beforeEach(() => {
  clerk.userId = null;
  clerk.redirectToSignIn.mockClear();
});

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

  it("passes CLERK_CLOCK_SKEW_MS as clockSkewInMs, and ignores a bad value with a sentence", async () => {
    const { middlewareOptions } = await import("@/lib/auth/middleware");
    expect(middlewareOptions({ CLERK_CLOCK_SKEW_MS: "150000" })).toEqual({
      signInUrl: "/sign-in",
      clockSkewInMs: 150_000,
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const bad of ["-1", "1.5", "soon", "600001"]) {
      expect(middlewareOptions({ CLERK_CLOCK_SKEW_MS: bad })).toEqual({
        signInUrl: "/sign-in",
      });
    }
    expect(errors).toHaveBeenCalledTimes(4);
    expect(errors.mock.calls[0][0]).toMatch(
      /^CLERK_CLOCK_SKEW_MS must be a whole number of milliseconds from 0 to 600000/,
    );
    errors.mockRestore();
  });

  it("is given options only: no route rules live in the middleware", async () => {
    await import("@/lib/auth/middleware");
    expect(clerk.middlewareArgs).toHaveLength(1);
    expect(typeof clerk.middlewareArgs[0]).toBe("object");
  });
});

describe("checks where the data is read", () => {
  it("requireSignedInUser redirects a signed-out visitor to sign in", async () => {
    const { requireSignedInUser } = await import("@/lib/auth/requireUser");
    await expect(requireSignedInUser()).rejects.toThrow(/sign-in/);
    expect(clerk.redirectToSignIn).toHaveBeenCalledOnce();
  });

  it("requireSignedInUser returns the signed-in user's id", async () => {
    clerk.userId = "user_1";
    const { requireSignedInUser } = await import("@/lib/auth/requireUser");
    await expect(requireSignedInUser()).resolves.toBe("user_1");
    expect(clerk.redirectToSignIn).not.toHaveBeenCalled();
  });

  it("signedInUserOr401 answers 401 JSON with a sentence when signed out", async () => {
    const { signedInUserOr401 } = await import("@/lib/auth/requireUser");
    const signedOut = await signedInUserOr401();
    expect("response" in signedOut).toBe(true);
    if (!("response" in signedOut)) return;
    expect(signedOut.response.status).toBe(401);
    expect(signedOut.response.headers.get("cache-control")).toBe("no-store");
    expect(await signedOut.response.json()).toEqual({
      error: expect.stringMatching(/^Sign in first: .+\.$/),
    });

    clerk.userId = "user_2";
    expect(await signedInUserOr401()).toEqual({ userId: "user_2" });
  });
});
