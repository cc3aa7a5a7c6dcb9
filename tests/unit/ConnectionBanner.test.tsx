// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";
import {
  ConnectionBanner,
  LOST_BANNER_DELAY_MS,
  RECOVERED_NOTICE_MS,
} from "@/components/connection/ConnectionBanner";
import { ConnectionIndicator } from "@/components/connection/ConnectionIndicator";

let connection = { hasEverConnected: true, isWebSocketConnected: true };
let authState = {
  isLoading: false,
  isAuthenticated: true,
  isRefreshing: false,
};

vi.mock("convex/react", () => ({
  useConvexConnectionState: () => connection,
  useConvexAuth: () => authState,
}));
vi.mock("@clerk/nextjs", () => ({
  useAuth: () => ({ isLoaded: true, isSignedIn: true }),
  useClerk: () => ({ loaded: true }),
}));

function Header() {
  return (
    <>
      <ConnectionIndicator />
      <ConnectionBanner />
    </>
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  connection = { hasEverConnected: true, isWebSocketConnected: true };
  authState = { isLoading: false, isAuthenticated: true, isRefreshing: false };
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("connection indicator and banner", () => {
  test("connected: no banner", () => {
    render(<Header />);
    expect(screen.getByTestId("connection-indicator")).toHaveAttribute(
      "data-state",
      "connected",
    );
    expect(screen.queryByTestId("connection-banner")).toBeNull();
  });

  test("a short drop doesn't flash the banner", () => {
    const view = render(<Header />);
    connection = { hasEverConnected: true, isWebSocketConnected: false };
    view.rerender(<Header />);
    expect(screen.getByTestId("connection-indicator")).toHaveAttribute(
      "data-state",
      "reconnecting",
    );
    act(() => vi.advanceTimersByTime(LOST_BANNER_DELAY_MS - 100));
    connection = { hasEverConnected: true, isWebSocketConnected: true };
    view.rerender(<Header />);
    act(() => vi.advanceTimersByTime(5000));
    expect(screen.queryByTestId("connection-banner")).toBeNull();
  });

  test("a lasting drop shows the banner, which goes away after recovery", () => {
    const view = render(<Header />);
    connection = { hasEverConnected: true, isWebSocketConnected: false };
    view.rerender(<Header />);
    act(() => vi.advanceTimersByTime(LOST_BANNER_DELAY_MS));
    expect(screen.getByTestId("connection-banner")).toHaveTextContent(
      "Connection lost",
    );

    connection = { hasEverConnected: true, isWebSocketConnected: true };
    view.rerender(<Header />);
    expect(screen.getByTestId("connection-banner")).toHaveTextContent(
      "Back online",
    );
    act(() => vi.advanceTimersByTime(RECOVERED_NOTICE_MS));
    expect(screen.queryByTestId("connection-banner")).toBeNull();
  });

  test("shows a refreshing state while the client replaces a rejected token", () => {
    authState = { isLoading: false, isAuthenticated: true, isRefreshing: true };
    render(<Header />);
    expect(screen.getByTestId("connection-indicator")).toHaveAttribute(
      "data-state",
      "refreshing",
    );
    expect(screen.queryByTestId("connection-banner")).toBeNull();
  });
});
