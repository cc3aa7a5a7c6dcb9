// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";
import type { Preloaded } from "convex/react";
import { convexToJson } from "convex/values";
import {
  LivePreloaded,
  SIGN_OUT_SLOW_MS,
} from "@/components/live/LivePreloaded";
import type { api } from "@/convex/_generated/api";

let authState = {
  isLoading: true,
  isAuthenticated: false,
  isRefreshing: false,
};
let clerkState = { isLoaded: true, isSignedIn: true as boolean | undefined };
const usePreloadedQuery = vi.fn();

// clerk-js itself is loaded in every test here; only useAuth's view changes.
vi.mock("@clerk/nextjs", () => ({
  useAuth: () => clerkState,
  useClerk: () => ({ loaded: true }),
}));

vi.mock("convex/react", () => ({
  useConvexAuth: () => authState,
  usePreloadedQuery: (preloaded: unknown) => usePreloadedQuery(preloaded),
}));
vi.mock("next/navigation", () => ({ usePathname: () => "/classes" }));

const serverClasses = [{ _id: "c1", name: "From the server" }];
const preloaded = {
  _name: "classes:list",
  _argsJSON: convexToJson({}),
  _valueJSON: convexToJson(serverClasses),
} as unknown as Preloaded<typeof api.classes.list>;

function renderGate() {
  return render(
    <LivePreloaded preloaded={preloaded}>
      {(classes, live) => (
        <p data-live={live}>{classes.map((c) => c.name).join(", ")}</p>
      )}
    </LivePreloaded>,
  );
}

beforeEach(() => {
  clerkState = { isLoaded: true, isSignedIn: true };
  usePreloadedQuery.mockReset();
  usePreloadedQuery.mockReturnValue([{ _id: "c1", name: "Live value" }]);
});
afterEach(cleanup);

describe("LivePreloaded", () => {
  test("shows the server value and does not subscribe while auth is loading", () => {
    authState = {
      isLoading: true,
      isAuthenticated: false,
      isRefreshing: false,
    };
    renderGate();
    expect(screen.getByText("From the server")).toHaveAttribute(
      "data-live",
      "false",
    );
    expect(usePreloadedQuery).not.toHaveBeenCalled();
  });

  test("subscribes once the client is authenticated", () => {
    authState = {
      isLoading: false,
      isAuthenticated: true,
      isRefreshing: false,
    };
    renderGate();
    expect(screen.getByText("Live value")).toHaveAttribute("data-live", "true");
    expect(usePreloadedQuery).toHaveBeenCalledWith(preloaded);
  });

  test("stays subscribed after sign-out, so the query's own auth error surfaces", () => {
    authState = {
      isLoading: false,
      isAuthenticated: true,
      isRefreshing: false,
    };
    const view = renderGate();
    authState = {
      isLoading: false,
      isAuthenticated: false,
      isRefreshing: false,
    };
    view.rerender(
      <LivePreloaded preloaded={preloaded}>
        {(classes) => <p>{classes.map((c) => c.name).join(", ")}</p>}
      </LivePreloaded>,
    );
    expect(screen.getByText("Live value")).toBeInTheDocument();
  });

  test("while Clerk signs out, says so and shows neither the old data nor an error", () => {
    authState = {
      isLoading: false,
      isAuthenticated: true,
      isRefreshing: false,
    };
    const view = renderGate();
    // clerk-js's sign-out: not loaded while it ends the session, Convex loading again.
    clerkState = { isLoaded: false, isSignedIn: undefined };
    authState = {
      isLoading: true,
      isAuthenticated: false,
      isRefreshing: false,
    };
    usePreloadedQuery.mockImplementation(() => {
      throw new Error("[CONVEX Q(classes:list)] Not signed in");
    });
    view.rerender(
      <LivePreloaded preloaded={preloaded}>
        {(classes) => <p>{classes.map((c) => c.name).join(", ")}</p>}
      </LivePreloaded>,
    );
    expect(screen.getByTestId("signing-out")).toHaveTextContent("Signing out…");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByText("Live value")).toBeNull();
    expect(screen.queryByText("From the server")).toBeNull();

    // Signed out for good and still here (the session ended elsewhere).
    clerkState = { isLoaded: true, isSignedIn: false };
    authState = {
      isLoading: false,
      isAuthenticated: false,
      isRefreshing: false,
    };
    view.rerender(
      <LivePreloaded preloaded={preloaded}>
        {(classes) => <p>{classes.map((c) => c.name).join(", ")}</p>}
      </LivePreloaded>,
    );
    expect(screen.getByTestId("session-ended")).toHaveTextContent(
      "Sign in to see your classes",
    );
  });

  test("asks to sign in again when the client ends up signed out before subscribing", () => {
    authState = {
      isLoading: false,
      isAuthenticated: false,
      isRefreshing: false,
    };
    renderGate();
    expect(screen.getByTestId("session-ended")).toHaveTextContent(
      "Your session ended — sign in again",
    );
    expect(screen.queryByText("From the server")).toBeNull();
    expect(usePreloadedQuery).not.toHaveBeenCalled();
  });

  test("a slow sign-out says so and offers a plain way home", () => {
    vi.useFakeTimers();
    try {
      authState = {
        isLoading: false,
        isAuthenticated: true,
        isRefreshing: false,
      };
      const view = renderGate();
      clerkState = { isLoaded: false, isSignedIn: undefined };
      authState = {
        isLoading: true,
        isAuthenticated: false,
        isRefreshing: false,
      };
      view.rerender(
        <LivePreloaded preloaded={preloaded}>
          {(classes) => <p>{classes.map((c) => c.name).join(", ")}</p>}
        </LivePreloaded>,
      );
      expect(screen.queryByRole("link")).toBeNull();
      act(() => vi.advanceTimersByTime(SIGN_OUT_SLOW_MS));
      expect(screen.getByTestId("signing-out")).toHaveTextContent(
        "Signing out… This is taking longer than usual. Go to the home page.",
      );
      expect(
        screen.getByRole("link", { name: "Go to the home page" }),
      ).toHaveAttribute("href", "/");
    } finally {
      vi.useRealTimers();
    }
  });
});
