// @vitest-environment jsdom
import { act, render, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useAuth } from "@/lib/auth/useAuth";
import {
  LocalAuthProvider,
  useLocalAuthContext,
} from "@/lib/auth/local/LocalAuthProvider";
import type { PublicSession } from "@/lib/auth/local/publicSession";

const signedIn: PublicSession = {
  signedIn: true,
  sessionId: "sess_1",
  user: { sub: "user_1", name: "Ada Teacher", email: "ada@example.test" },
};

/** A fake provider backend: a session answer and a queue of token answers. */
function fakeServer({
  session = signedIn as PublicSession,
  tokenLifetimeMs = 60_000,
}: { session?: PublicSession; tokenLifetimeMs?: number } = {}) {
  let minted = 0;
  let tokenStatus = 200;
  const calls: string[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    if (url.endsWith("/session")) return Response.json(session);
    if (url.endsWith("/sign-out")) return Response.json({ signedIn: false });
    if (url.endsWith("/token")) {
      if (tokenStatus !== 200) {
        return Response.json({ error: "revoked" }, { status: tokenStatus });
      }
      minted += 1;
      return Response.json({
        token: `token-${minted}`,
        expiresAt: Date.now() + tokenLifetimeMs,
      });
    }
    return new Response("not found", { status: 404 });
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    tokenCalls: () => calls.filter((url) => url.endsWith("/token")).length,
    sessionCalls: () => calls.filter((url) => url.endsWith("/session")).length,
    revoke: () => {
      tokenStatus = 401;
    },
  };
}

function wrapperWith(initialSession?: PublicSession) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <LocalAuthProvider initialSession={initialSession}>
        {children}
      </LocalAuthProvider>
    );
  };
}

beforeEach(() => {
  vi.unstubAllGlobals();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("useAuth (local mode)", () => {
  it("goes from loading to signed in, then hands out a token", async () => {
    fakeServer();
    const { result } = renderHook(() => useAuth(), {
      wrapper: wrapperWith(undefined),
    });
    expect(result.current.isLoaded).toBe(false);
    expect(result.current.isSignedIn).toBeUndefined();

    await waitFor(() => expect(result.current.isLoaded).toBe(true));
    expect(result.current).toMatchObject({
      isSignedIn: true,
      sessionId: "sess_1",
      orgId: null,
      orgRole: null,
    });
    // The native-integration marker ConvexProviderWithClerk looks for.
    expect(result.current.sessionClaims?.aud).toBe("convex");
    await expect(result.current.getToken()).resolves.toBe("token-1");
  });

  it("is signed in on the first render when the server passed the session", () => {
    const server = fakeServer();
    const { result } = renderHook(() => useAuth(), {
      wrapper: wrapperWith(signedIn),
    });
    expect(result.current.isLoaded).toBe(true);
    expect(result.current.isSignedIn).toBe(true);
    expect(server.sessionCalls()).toBe(0);
  });

  it("caches the token until near expiry and shares one request between callers", async () => {
    const server = fakeServer();
    const { result } = renderHook(() => useAuth(), {
      wrapper: wrapperWith(signedIn),
    });
    const [a, b] = await Promise.all([
      result.current.getToken(),
      result.current.getToken({ template: "convex" }),
    ]);
    expect(a).toBe("token-1");
    expect(b).toBe("token-1");
    await expect(result.current.getToken()).resolves.toBe("token-1");
    expect(server.tokenCalls()).toBe(1);
  });

  it("fetches a new token with skipCache, and caches that one", async () => {
    const server = fakeServer();
    const { result } = renderHook(() => useAuth(), {
      wrapper: wrapperWith(signedIn),
    });
    await expect(result.current.getToken()).resolves.toBe("token-1");
    await expect(result.current.getToken({ skipCache: true })).resolves.toBe(
      "token-2",
    );
    await expect(result.current.getToken()).resolves.toBe("token-2");
    expect(server.tokenCalls()).toBe(2);
  });

  it("does not reuse a token with less than 15 s left", async () => {
    const server = fakeServer({ tokenLifetimeMs: 14_000 });
    const { result } = renderHook(() => useAuth(), {
      wrapper: wrapperWith(signedIn),
    });
    await expect(result.current.getToken()).resolves.toBe("token-1");
    await expect(result.current.getToken()).resolves.toBe("token-2");
    expect(server.tokenCalls()).toBe(2);
  });

  it("gives null when signed out, without asking for a token", async () => {
    const server = fakeServer({
      session: { signedIn: false, sessionId: null, user: null },
    });
    const { result } = renderHook(() => useAuth(), {
      wrapper: wrapperWith(undefined),
    });
    await waitFor(() => expect(result.current.isLoaded).toBe(true));
    expect(result.current.isSignedIn).toBe(false);
    expect(result.current.sessionId).toBeNull();
    expect(result.current.sessionClaims).toBeNull();
    await expect(result.current.getToken()).resolves.toBeNull();
    expect(server.tokenCalls()).toBe(0);
  });

  it("returns null and turns signed out when the token endpoint answers 401", async () => {
    const server = fakeServer();
    const { result } = renderHook(() => useAuth(), {
      wrapper: wrapperWith(signedIn),
    });
    await expect(result.current.getToken()).resolves.toBe("token-1");
    server.revoke();
    let token: string | null = "unset";
    await act(async () => {
      token = await result.current.getToken({ skipCache: true });
    });
    expect(token).toBeNull();
    expect(result.current.isSignedIn).toBe(false);
    await expect(result.current.getToken()).resolves.toBeNull();
  });

  it("rejects templates the local provider does not issue", async () => {
    fakeServer();
    const { result } = renderHook(() => useAuth(), {
      wrapper: wrapperWith(signedIn),
    });
    await expect(
      result.current.getToken({ template: "supabase" }),
    ).rejects.toThrow(/only issues "convex" tokens/);
  });

  it("flips to signed out on sign-out and forgets the cached token", async () => {
    const server = fakeServer();
    const { result } = renderHook(
      () => ({ auth: useAuth(), local: useLocalAuthContext() }),
      { wrapper: wrapperWith(signedIn) },
    );
    await expect(result.current.auth.getToken()).resolves.toBe("token-1");
    await act(() => result.current.local.signOut());
    expect(result.current.auth.isSignedIn).toBe(false);
    expect(result.current.auth.sessionId).toBeNull();
    await expect(result.current.auth.getToken()).resolves.toBeNull();
    expect(server.tokenCalls()).toBe(1);
  });
});

describe("signOut({ redirectUrl })", () => {
  it("revokes the session on the server, then loads the given page", async () => {
    fakeServer();
    const order: string[] = [];
    const fetchMock = vi.mocked(globalThis.fetch);
    fetchMock.mockImplementationOnce(async (input) => {
      order.push(`fetch ${String(input)}`);
      return Response.json({ signedIn: false });
    });
    const assign = vi.fn((url: string) => order.push(`load ${url}`));
    vi.stubGlobal("location", { ...window.location, assign });
    const { result } = renderHook(() => useLocalAuthContext(), {
      wrapper: wrapperWith(signedIn),
    });
    await act(() => result.current.signOut({ redirectUrl: "/" }));
    expect(order).toEqual(["fetch /api/local-auth/sign-out", "load /"]);
  });
});

describe("useAuth inside ConvexProviderWithClerk", () => {
  it("takes the native path, forces fresh tokens on refresh and clears auth on sign-out", async () => {
    const server = fakeServer();
    const client = { setAuth: vi.fn(), clearAuth: vi.fn() };
    let signOut: () => Promise<void> = async () => undefined;
    function CaptureSignOut() {
      signOut = useLocalAuthContext().signOut;
      return null;
    }
    render(
      <LocalAuthProvider initialSession={signedIn}>
        <ConvexProviderWithClerk client={client} useAuth={useAuth}>
          <CaptureSignOut />
        </ConvexProviderWithClerk>
      </LocalAuthProvider>,
    );

    await waitFor(() => expect(client.setAuth).toHaveBeenCalled());
    const fetchAccessToken = client.setAuth.mock.calls.at(-1)![0] as (args: {
      forceRefreshToken: boolean;
    }) => Promise<string | null>;
    await expect(fetchAccessToken({ forceRefreshToken: false })).resolves.toBe(
      "token-1",
    );
    // The Convex client's scheduled refresh always forces; it must get a new token.
    await expect(fetchAccessToken({ forceRefreshToken: true })).resolves.toBe(
      "token-2",
    );
    expect(server.tokenCalls()).toBe(2);

    await act(() => signOut());
    await waitFor(() => expect(client.clearAuth).toHaveBeenCalled());
  });
});
