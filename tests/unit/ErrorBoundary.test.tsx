// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import {
  ErrorBoundary,
  UNAVAILABLE_RETRY_MS,
} from "@/components/ErrorBoundary";

type AuthState = {
  isLoading: boolean;
  isAuthenticated: boolean;
  isRefreshing: boolean;
};
let authState: AuthState;
let socket = { hasEverConnected: true, isWebSocketConnected: true };

vi.mock("convex/react", () => ({
  useConvexAuth: () => authState,
  useConvexConnectionState: () => socket,
}));
vi.mock("@clerk/nextjs", () => ({
  useAuth: () => ({ isLoaded: true, isSignedIn: true }),
  useClerk: () => ({ loaded: true }),
}));
vi.mock("next/navigation", () => ({
  usePathname: () => "/classes/abc",
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn() }),
}));

// Which error the child throws right now; null renders normally.
let childError: unknown = null;
function Child() {
  if (childError !== null) throw childError;
  return <p>Class content</p>;
}

let consoleError: { mock: { calls: unknown[][] }; mockRestore: () => void };
beforeEach(() => {
  authState = { isLoading: false, isAuthenticated: true, isRefreshing: false };
  socket = { hasEverConnected: true, isWebSocketConnected: false };
  childError = null;
  // React reports caught errors on console.error; keep the output quiet but inspectable.
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  consoleError.mockRestore();
});

function renderBoundary() {
  return render(
    <ErrorBoundary>
      <Child />
    </ErrorBoundary>,
  );
}

function warningsAboutRenderUpdates() {
  return consoleError.mock.calls
    .map((call) => call.map(String).join(" "))
    .filter((text) =>
      /Cannot update a component|setState.*during.*render|Too many re-renders/i.test(
        text,
      ),
    );
}

describe("ErrorBoundary", () => {
  test("renders children when nothing fails", () => {
    renderBoundary();
    expect(screen.getByText("Class content")).toBeInTheDocument();
  });

  test("auth errors ask to sign in again, not to reload", () => {
    authState = {
      isLoading: false,
      isAuthenticated: false,
      isRefreshing: false,
    };
    childError = new ConvexError({
      code: "UNAUTHENTICATED",
      message: "Not signed in",
    });
    renderBoundary();
    expect(
      screen.getByRole("heading", {
        name: "Your session ended — sign in again",
      }),
    ).toBeInTheDocument();
    const link = screen.getByRole("link", { name: "Sign in again" });
    expect(link).toHaveAttribute(
      "href",
      "/sign-in?redirect_url=%2Fclasses%2Fabc",
    );
    expect(document.body.textContent).not.toMatch(/reload/i);
    expect(screen.getByTestId("error-boundary")).toHaveAttribute(
      "data-kind",
      "unauthenticated",
    );
  });

  test("plain 'Unauthorized' and 'token identity expired' messages count as auth errors", () => {
    authState = {
      isLoading: false,
      isAuthenticated: false,
      isRefreshing: false,
    };
    childError = new Error("Convex token identity expired");
    renderBoundary();
    expect(screen.getByRole("link", { name: "Sign in again" })).toBeVisible();
  });

  test("while the client refreshes its token, shows a quiet reconnecting state", () => {
    authState = { isLoading: false, isAuthenticated: true, isRefreshing: true };
    childError = new Error("Unauthorized");
    renderBoundary();
    expect(screen.getByRole("status")).toHaveTextContent("Reconnecting…");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByText(/session ended/i)).toBeNull();
  });

  test("retries by itself once the refresh succeeds", () => {
    authState = { isLoading: false, isAuthenticated: true, isRefreshing: true };
    childError = new Error("Convex token identity expired");
    const view = renderBoundary();
    expect(screen.getByText("Reconnecting…")).toBeInTheDocument();

    childError = null;
    authState = {
      isLoading: false,
      isAuthenticated: true,
      isRefreshing: false,
    };
    view.rerender(
      <ErrorBoundary>
        <Child />
      </ErrorBoundary>,
    );
    expect(screen.getByText("Class content")).toBeInTheDocument();
    expect(warningsAboutRenderUpdates()).toEqual([]);
  });

  test("a signed-out auth error recovers after signing in again", () => {
    authState = {
      isLoading: false,
      isAuthenticated: false,
      isRefreshing: false,
    };
    childError = new ConvexError({ code: "UNAUTHENTICATED" });
    const view = renderBoundary();
    expect(screen.getByText(/session ended/i)).toBeInTheDocument();

    childError = null;
    authState = {
      isLoading: false,
      isAuthenticated: true,
      isRefreshing: false,
    };
    view.rerender(
      <ErrorBoundary>
        <Child />
      </ErrorBoundary>,
    );
    expect(screen.getByText("Class content")).toBeInTheDocument();
  });

  test("not found offers a way back", () => {
    childError = new ConvexError({
      code: "NOT_FOUND",
      message: "Class not found",
    });
    renderBoundary();
    expect(screen.getByRole("heading", { name: "Not found" })).toBeVisible();
    // Two sentences, each with its full stop.
    expect(
      screen.getByText(
        "Class not found. It may have been deleted, or it belongs to another account.",
      ),
    ).toBeVisible();
    expect(
      screen.getByRole("link", { name: "Back to your classes" }),
    ).toHaveAttribute("href", "/classes");
  });

  test("network errors explain and offer a retry", async () => {
    childError = new TypeError("Failed to fetch");
    renderBoundary();
    expect(
      screen.getByRole("heading", { name: "Can't reach the server" }),
    ).toBeVisible();
    childError = null;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByText("Class content")).toBeInTheDocument();
  });

  test("'can't reach the server' retries by itself once the socket is connected", () => {
    vi.useFakeTimers();
    try {
      childError = new TypeError("Failed to fetch");
      const view = renderBoundary();
      act(() => vi.advanceTimersByTime(UNAVAILABLE_RETRY_MS * 3));
      // Still offline: the fallback stays.
      expect(
        screen.getByRole("heading", { name: "Can't reach the server" }),
      ).toBeVisible();
      childError = null;
      socket = { hasEverConnected: true, isWebSocketConnected: true };
      view.rerender(
        <ErrorBoundary>
          <Child />
        </ErrorBoundary>,
      );
      act(() => vi.advanceTimersByTime(UNAVAILABLE_RETRY_MS));
      expect(screen.getByText("Class content")).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  test("unknown errors show a generic message with details and a working retry", async () => {
    childError = new Error("Cannot read properties of undefined");
    renderBoundary();
    expect(
      screen.getByRole("heading", { name: "Something went wrong" }),
    ).toBeVisible();
    expect(
      screen.getByText("Cannot read properties of undefined"),
    ).toBeInTheDocument();

    childError = null;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByText("Class content")).toBeInTheDocument();
  });

  test("a custom fallback can take over specific errors", () => {
    childError = new ConvexError({ code: "NOT_FOUND" });
    render(
      <ErrorBoundary renderFallback={() => <p>Class deleted</p>}>
        <Child />
      </ErrorBoundary>,
    );
    expect(screen.getByText("Class deleted")).toBeInTheDocument();
  });

  test("never warns about state updates during render across auth flips", () => {
    childError = new Error("Unauthorized");
    authState = {
      isLoading: false,
      isAuthenticated: true,
      isRefreshing: false,
    };
    const view = renderBoundary();
    for (const next of [
      { isLoading: false, isAuthenticated: true, isRefreshing: true },
      { isLoading: true, isAuthenticated: false, isRefreshing: false },
      { isLoading: false, isAuthenticated: false, isRefreshing: false },
    ]) {
      authState = next;
      act(() => {
        view.rerender(
          <ErrorBoundary>
            <Child />
          </ErrorBoundary>,
        );
      });
    }
    expect(screen.getByText(/session ended/i)).toBeInTheDocument();
    expect(warningsAboutRenderUpdates()).toEqual([]);
  });
});
