// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";
import {
  ConnectionBanner,
  LOST_BANNER_DELAY_MS,
} from "@/components/connection/ConnectionBanner";
import { ConnectionIndicator } from "@/components/connection/ConnectionIndicator";
import {
  hasUnsentWrites,
  pendingWrites,
  readConnection,
  readSessionPhase,
} from "@/components/connection/connectionState";
import { LiveBadge } from "@/components/live/LiveBadge";
import {
  ReloadWhenReady,
  retryDelayMs,
} from "@/components/server/ReloadWhenReady";

type Socket = {
  hasEverConnected: boolean;
  isWebSocketConnected: boolean;
  inflightMutations: number;
  inflightActions: number;
};
let socket: Socket;
let auth = { isLoading: false, isAuthenticated: true, isRefreshing: false };
const refresh = vi.fn();

vi.mock("convex/react", () => ({
  useConvexConnectionState: () => socket,
  useConvexAuth: () => auth,
}));
let clerk = {
  loaded: true,
  isLoaded: true,
  isSignedIn: true as boolean | undefined,
};
vi.mock("@clerk/nextjs", () => ({
  useAuth: () => ({ isLoaded: clerk.isLoaded, isSignedIn: clerk.isSignedIn }),
  useClerk: () => ({ loaded: clerk.loaded }),
}));
vi.mock("next/navigation", () => ({
  useRouter: () => ({ refresh }),
}));

const online: Socket = {
  hasEverConnected: true,
  isWebSocketConnected: true,
  inflightMutations: 0,
  inflightActions: 0,
};

beforeEach(() => {
  vi.useFakeTimers();
  socket = { ...online };
  auth = { isLoading: false, isAuthenticated: true, isRefreshing: false };
  clerk = { loaded: true, isLoaded: true, isSignedIn: true };
  refresh.mockClear();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("readConnection", () => {
  test("counts queued mutations and actions as pending writes", () => {
    expect(pendingWrites({ ...online, inflightMutations: 2 })).toBe(2);
    expect(
      pendingWrites({ ...online, inflightMutations: 1, inflightActions: 1 }),
    ).toBe(2);
    expect(
      pendingWrites({ hasEverConnected: true, isWebSocketConnected: true }),
    ).toBe(0);
  });

  test("one status from socket and auth; nothing pending before hydration", () => {
    const offline = { ...online, isWebSocketConnected: false };
    expect(readConnection(offline, auth, true)).toEqual({
      status: "reconnecting",
      signedIn: true,
      pendingWrites: 0,
    });
    const queued = readConnection(
      { ...offline, inflightMutations: 3 },
      auth,
      true,
    );
    expect(queued.pendingWrites).toBe(3);
    expect(hasUnsentWrites(queued)).toBe(true);
    expect(
      readConnection({ ...offline, inflightMutations: 3 }, auth, false),
    ).toEqual({ status: "connecting", signedIn: null, pendingWrites: 0 });
    expect(
      readConnection(
        online,
        { isLoading: false, isAuthenticated: false },
        true,
      ),
    ).toMatchObject({ status: "connected", signedIn: false });
    expect(
      readConnection(online, { ...auth, isRefreshing: true }, true).status,
    ).toBe("refreshing");
  });
});

describe("sign-out", () => {
  test("Clerk's phases: loading, signed in, ending the session, signed out", () => {
    expect(
      readSessionPhase({
        clerkLoaded: false,
        isLoaded: false,
        isSignedIn: undefined,
      }),
    ).toBe("unknown");
    expect(
      readSessionPhase({ clerkLoaded: true, isLoaded: true, isSignedIn: true }),
    ).toBe("signedIn");
    // clerk-js has loaded but empties its session while it signs out.
    expect(
      readSessionPhase({
        clerkLoaded: true,
        isLoaded: false,
        isSignedIn: undefined,
      }),
    ).toBe("signingOut");
    expect(
      readSessionPhase({
        clerkLoaded: true,
        isLoaded: true,
        isSignedIn: false,
      }),
    ).toBe("signedOut");
    // Server-rendered initial state before clerk-js loads is not a sign-out.
    expect(
      readSessionPhase({
        clerkLoaded: false,
        isLoaded: true,
        isSignedIn: true,
      }),
    ).toBe("signedIn");
  });

  test("signing out wins over 'connected' and keeps unsent writes counted", () => {
    const loading = { isLoading: true, isAuthenticated: false };
    expect(readConnection(online, loading, true, "signingOut")).toEqual({
      status: "signingOut",
      signedIn: false,
      pendingWrites: 0,
    });
    expect(
      readConnection(
        { ...online, inflightMutations: 1 },
        loading,
        true,
        "signingOut",
      ),
    ).toMatchObject({ status: "signingOut", pendingWrites: 1 });
    // Before hydration the server's HTML still says "connecting".
    expect(readConnection(online, loading, false, "signingOut").status).toBe(
      "connecting",
    );
    // The other phases leave the socket's reading alone.
    for (const phase of ["unknown", "signedIn", "signedOut"] as const) {
      expect(readConnection(online, auth, true, phase).status).toBe(
        "connected",
      );
    }
  });

  test("the header says 'Signing out…', never 'Online', while Clerk ends the session", () => {
    const view = render(
      <>
        <ConnectionIndicator />
        <LiveBadge live />
      </>,
    );
    expect(screen.getByTestId("connection-indicator")).toHaveTextContent(
      "Online",
    );
    clerk = { loaded: true, isLoaded: false, isSignedIn: undefined };
    auth = { isLoading: true, isAuthenticated: false, isRefreshing: false };
    view.rerender(
      <>
        <ConnectionIndicator />
        <LiveBadge live />
      </>,
    );
    const indicator = screen.getByTestId("connection-indicator");
    expect(indicator).toHaveAttribute("data-state", "signingOut");
    expect(indicator).toHaveTextContent("Signing out…");
    expect(indicator).not.toHaveTextContent("Online");
    expect(screen.getByTestId("live-badge")).toHaveTextContent("Signing out…");
  });
});

describe("unsent changes", () => {
  function beforeUnloadCancelled() {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  }

  test("leaving the page asks for confirmation only while writes are unsent", () => {
    const view = render(<ConnectionBanner />);
    expect(beforeUnloadCancelled()).toBe(false);

    socket = { ...online, isWebSocketConnected: false, inflightMutations: 1 };
    view.rerender(<ConnectionBanner />);
    expect(beforeUnloadCancelled()).toBe(true);

    socket = { ...online };
    view.rerender(<ConnectionBanner />);
    expect(beforeUnloadCancelled()).toBe(false);
  });

  test("the banner says how many changes wait, and that they need the tab open", () => {
    const view = render(<ConnectionBanner />);
    socket = { ...online, isWebSocketConnected: false, inflightMutations: 2 };
    view.rerender(<ConnectionBanner />);
    act(() => vi.advanceTimersByTime(LOST_BANNER_DELAY_MS));
    expect(screen.getByTestId("connection-banner")).toHaveTextContent(
      "2 unsent changes will be sent when the connection is back, if this tab stays open.",
    );
  });
});

describe("header and badge agree", () => {
  test("offline: the header says offline and the badge is not green 'Live'", () => {
    socket = { ...online, isWebSocketConnected: false };
    render(
      <>
        <ConnectionIndicator />
        <LiveBadge live />
      </>,
    );
    expect(screen.getByTestId("connection-indicator")).toHaveTextContent(
      "Offline",
    );
    expect(screen.getByTestId("live-badge")).toHaveAttribute(
      "data-state",
      "offline",
    );
    expect(screen.getByTestId("live-badge")).not.toHaveTextContent(/^Live$/);
  });

  test("signed out, the header says what it is connected to and that nobody is signed in", () => {
    auth = { isLoading: false, isAuthenticated: false, isRefreshing: false };
    render(<ConnectionIndicator />);
    const indicator = screen.getByTestId("connection-indicator");
    expect(indicator).toHaveTextContent("Online · signed out");
    expect(indicator.getAttribute("title")).toMatch(
      /Classroom server, but not signed in/,
    );
  });
});

describe("ReloadWhenReady", () => {
  test("waits while offline, reloads once connected, then backs off", () => {
    socket = { ...online, isWebSocketConnected: false };
    const view = render(<ReloadWhenReady waitFor="connection" />);
    act(() => vi.advanceTimersByTime(60_000));
    expect(refresh).not.toHaveBeenCalled();
    expect(screen.getByTestId("reload-when-ready")).toHaveAttribute(
      "data-state",
      "waiting",
    );

    socket = { ...online };
    view.rerender(<ReloadWhenReady waitFor="connection" />);
    act(() => vi.advanceTimersByTime(0));
    expect(refresh).toHaveBeenCalledTimes(1);
    // Still mounted means the server still couldn't load it: try again later, not at once.
    act(() => vi.advanceTimersByTime(retryDelayMs(1) - 1));
    expect(refresh).toHaveBeenCalledTimes(1);
    act(() => vi.advanceTimersByTime(1));
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  test("a signed-out page reloads once this tab is signed in", () => {
    auth = { isLoading: false, isAuthenticated: false, isRefreshing: false };
    const view = render(<ReloadWhenReady waitFor="signIn" />);
    act(() => vi.advanceTimersByTime(10_000));
    expect(refresh).not.toHaveBeenCalled();
    auth = { isLoading: false, isAuthenticated: true, isRefreshing: false };
    view.rerender(<ReloadWhenReady waitFor="signIn" />);
    act(() => vi.advanceTimersByTime(0));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  test("retry delays grow and stop at 30 s", () => {
    expect([0, 1, 2, 3, 10].map(retryDelayMs)).toEqual([
      0, 2_000, 4_000, 8_000, 30_000,
    ]);
  });
});
