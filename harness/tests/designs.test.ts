import { describe, expect, it, vi } from "vitest";
import { createSvelteStaticFetcher } from "@/harness/designs/svelteStatic";
import { createSvelteHybridFetcher } from "@/harness/designs/svelteHybrid";
import {
  createServerEndpointFetcher,
  fetchTokenFromRoute,
} from "@/harness/designs/serverEndpoint";
import {
  createPeriodicInvalidationFetcher,
  invalidationIntervalMs,
  startPeriodicInvalidation,
} from "@/harness/designs/periodicInvalidation";
import type { ClerkSessionGetToken } from "@/harness/designs/types";

const first = { forceRefreshToken: false };
const forced = { forceRefreshToken: true };

/** A session that mints a new token per uncached call; signs out on demand. */
function fakeSession() {
  let signedIn = true;
  let minted = 0;
  let cached: string | null = null;
  const getToken = vi.fn<ClerkSessionGetToken>(async (options) => {
    if (!signedIn) return null;
    if (!options?.skipCache && cached) return cached;
    cached = `client-${++minted}`;
    return cached;
  });
  return {
    getToken,
    signOut: () => {
      signedIn = false;
      cached = null;
    },
  };
}

describe("svelte-static design", () => {
  it("returns the server-rendered token on first call, forced refresh and after sign-out", async () => {
    const fetchToken = createSvelteStaticFetcher(() => "server-token");
    expect(await fetchToken(first)).toEqual({
      token: "server-token",
      source: "server-render",
    });
    // Forced: the same string again, which makes the Convex client stop refreshing.
    expect((await fetchToken(forced)).token).toBe("server-token");
    // Nothing tells it about sign-out.
    expect((await fetchToken(forced)).token).toBe("server-token");
  });

  it("returns undefined when the page was rendered signed out", async () => {
    const fetchToken = createSvelteStaticFetcher(() => null);
    expect((await fetchToken(first)).token).toBeUndefined();
  });
});

describe("svelte-hybrid design", () => {
  it("uses the server token once, then the client session", async () => {
    const session = fakeSession();
    const fetchToken = createSvelteHybridFetcher({
      initialToken: "server-token",
      sessionGetToken: session.getToken,
    });
    expect(await fetchToken(first)).toEqual({
      token: "server-token",
      source: "server-render",
    });
    expect(session.getToken).not.toHaveBeenCalled();

    expect(await fetchToken(forced)).toEqual({
      token: "client-1",
      source: "clerk-session-getToken",
    });
    expect(session.getToken).toHaveBeenLastCalledWith({
      template: "convex",
      skipCache: true,
    });
    // A later unforced call does not reuse the server token; it may hit the cache.
    expect((await fetchToken(first)).token).toBe("client-1");
    expect(session.getToken).toHaveBeenLastCalledWith({
      template: "convex",
      skipCache: false,
    });
    expect((await fetchToken(forced)).token).toBe("client-2");
  });

  it("goes to the client at once when forced before the server token was used", async () => {
    const session = fakeSession();
    const fetchToken = createSvelteHybridFetcher({
      initialToken: "server-token",
      sessionGetToken: session.getToken,
    });
    expect((await fetchToken(forced)).token).toBe("client-1");
    expect((await fetchToken(first)).token).toBe("server-token");
  });

  it("returns undefined after sign-out, and on errors (with the error kept)", async () => {
    const session = fakeSession();
    const fetchToken = createSvelteHybridFetcher({
      initialToken: null,
      sessionGetToken: session.getToken,
    });
    expect((await fetchToken(first)).token).toBe("client-1");
    session.signOut();
    expect((await fetchToken(forced)).token).toBeUndefined();

    const failing = createSvelteHybridFetcher({
      initialToken: null,
      sessionGetToken: async () => {
        throw new Error("template missing");
      },
    });
    expect(await failing(forced)).toEqual({
      token: undefined,
      source: "clerk-session-getToken",
      error: "template missing",
    });
  });
});

describe("server-endpoint design", () => {
  it("uses the server token once, then the route; null after sign-out", async () => {
    let minted = 0;
    let signedIn = true;
    const fetchFromEndpoint = vi.fn(async () =>
      signedIn ? `route-${++minted}` : null,
    );
    const fetchToken = createServerEndpointFetcher({
      initialToken: "server-token",
      fetchFromEndpoint,
    });
    expect(await fetchToken(first)).toEqual({
      token: "server-token",
      source: "server-render",
    });
    expect(await fetchToken(forced)).toEqual({
      token: "route-1",
      source: "token-endpoint",
    });
    expect((await fetchToken(first)).token).toBe("route-2");
    signedIn = false;
    expect((await fetchToken(forced)).token).toBeNull();
  });

  it("reports route failures as no token with the error text", async () => {
    const fetchToken = createServerEndpointFetcher({
      initialToken: null,
      fetchFromEndpoint: async () => {
        throw new Error("/api/convex-token answered 500");
      },
    });
    expect(await fetchToken(forced)).toEqual({
      token: null,
      source: "token-endpoint",
      error: "/api/convex-token answered 500",
    });
  });

  it("reads {token} from the route, maps 401 to null and other errors to throws", async () => {
    const respond = (status: number, body: unknown) =>
      vi.fn(async () => Response.json(body, { status })) as never;
    expect(await fetchTokenFromRoute(respond(200, { token: "t" }))).toBe("t");
    expect(
      await fetchTokenFromRoute(respond(401, { error: "signed out" })),
    ).toBeNull();
    await expect(fetchTokenFromRoute(respond(500, {}))).rejects.toThrow(
      "answered 500",
    );
    await expect(fetchTokenFromRoute(respond(200, {}))).rejects.toThrow(
      "without a token field",
    );
    const fetchImpl = respond(200, { token: "t" });
    await fetchTokenFromRoute(fetchImpl);
    expect(fetchImpl).toHaveBeenCalledWith(
      "/api/convex-token",
      expect.objectContaining({ cache: "no-store", method: "GET" }),
    );
  });
});

describe("periodic-invalidation design", () => {
  it("returns whatever token the page data holds at the time of the call", async () => {
    let pageToken: string | null = "render-1";
    const fetchToken = createPeriodicInvalidationFetcher(() => pageToken);
    expect(await fetchToken(first)).toEqual({
      token: "render-1",
      source: "latest-server-render",
    });
    // Forced before the page data changed: the same token.
    expect((await fetchToken(forced)).token).toBe("render-1");
    pageToken = "render-2";
    expect((await fetchToken(forced)).token).toBe("render-2");
    pageToken = null; // re-rendered signed out
    expect((await fetchToken(forced)).token).toBeUndefined();
  });

  it("refreshes page data at 75% of the lifetime by default", () => {
    expect(invalidationIntervalMs(3600)).toBe(45 * 60 * 1000);
    expect(invalidationIntervalMs(60)).toBe(45_000);
    expect(invalidationIntervalMs(60, 0.5)).toBe(30_000);
    expect(invalidationIntervalMs(0.1)).toBe(1000);
  });

  it("invalidates on the interval until stopped (fake clock)", () => {
    vi.useFakeTimers();
    try {
      const invalidate = vi.fn();
      const stop = startPeriodicInvalidation({
        intervalMs: 45_000,
        invalidate,
      });
      vi.advanceTimersByTime(44_999);
      expect(invalidate).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(invalidate).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(90_000);
      expect(invalidate).toHaveBeenCalledTimes(3);
      stop();
      vi.advanceTimersByTime(90_000);
      expect(invalidate).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
