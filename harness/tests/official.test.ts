// @vitest-environment jsdom
import { createElement } from "react";
import { act, cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import type { TokenFetcher } from "@/harness/designs/types";

/** What the provider reads from the `useAuth` hook it is given. */
type AuthState = ReturnType<
  Parameters<typeof ConvexProviderWithClerk>[0]["useAuth"]
>;

/**
 * The official lane is the real provider from `convex/react-clerk`; these tests pin
 * what it asks the app's `useAuth().getToken` for, so the harness's reading of it holds.
 */

afterEach(cleanup);

function harness(initial: Partial<AuthState>) {
  let minted = 0;
  const getToken = vi.fn<AuthState["getToken"]>(async (options) =>
    options?.skipCache ? `fresh-${++minted}` : "cached",
  );
  let state: AuthState = {
    isLoaded: true,
    isSignedIn: true,
    getToken,
    sessionId: "sess_1",
    orgId: null,
    orgRole: null,
    sessionClaims: null,
    ...initial,
  };
  const useAuth = () => state;
  const client = {
    setAuth: vi.fn<(fetchToken: TokenFetcher) => void>(),
    clearAuth: vi.fn(),
  };
  return {
    getToken,
    client,
    useAuth,
    set(next: Partial<AuthState>) {
      state = { ...state, ...next };
    },
    lastFetcher(): TokenFetcher {
      const call = client.setAuth.mock.calls.at(-1);
      if (!call) throw new Error("setAuth was not called");
      return call[0];
    },
  };
}

function provider(h: ReturnType<typeof harness>) {
  return createElement(ConvexProviderWithClerk, {
    client: h.client as never,
    useAuth: h.useAuth,
    children: undefined,
  } as Parameters<typeof ConvexProviderWithClerk>[0]);
}

function mount(h: ReturnType<typeof harness>) {
  return render(provider(h));
}

describe("official design (ConvexProviderWithClerk)", () => {
  it("asks for the convex template, skipping the cache only when forced", async () => {
    const h = harness({});
    mount(h);
    expect(h.client.setAuth).toHaveBeenCalledTimes(1);
    const fetchToken = h.lastFetcher();
    expect(await fetchToken({ forceRefreshToken: false })).toBe("cached");
    expect(h.getToken).toHaveBeenLastCalledWith({
      template: "convex",
      skipCache: false,
    });
    expect(await fetchToken({ forceRefreshToken: true })).toBe("fresh-1");
    expect(h.getToken).toHaveBeenLastCalledWith({
      template: "convex",
      skipCache: true,
    });
  });

  it("uses the session token itself with Clerk's native Convex integration", async () => {
    const h = harness({ sessionClaims: { aud: "convex" } });
    mount(h);
    const fetchToken = h.lastFetcher();
    await fetchToken({ forceRefreshToken: false });
    expect(h.getToken).toHaveBeenLastCalledWith({ skipCache: false });
    await fetchToken({ forceRefreshToken: true });
    expect(h.getToken).toHaveBeenLastCalledWith({ skipCache: true });
  });

  it("turns getToken errors into null", async () => {
    const h = harness({});
    h.getToken.mockRejectedValue(new Error("no template"));
    mount(h);
    expect(await h.lastFetcher()({ forceRefreshToken: true })).toBeNull();
  });

  it("clears auth on sign-out and re-makes the fetcher for a new session", () => {
    const h = harness({});
    const view = mount(h);
    h.set({ isSignedIn: false, sessionId: null });
    act(() => {
      view.rerender(provider(h));
    });
    expect(h.client.clearAuth).toHaveBeenCalled();
    const before = h.client.setAuth.mock.calls.length;
    h.set({ isSignedIn: true, sessionId: "sess_2" });
    act(() => {
      view.rerender(provider(h));
    });
    expect(h.client.setAuth.mock.calls.length).toBe(before + 1);
  });
});
