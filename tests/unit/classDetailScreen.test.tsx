// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import type { Preloaded } from "convex/react";
import { convexToJson } from "convex/values";
import type { api } from "@/convex/_generated/api";
import { ClassDetailScreen } from "@/components/classes/ClassDetailScreen";
import { markDeleting, unmarkDeleting } from "@/components/classes/deletedHere";

let liveValue: unknown;
const replace = vi.fn();

vi.mock("convex/react", () => ({
  useConvexAuth: () => ({
    isLoading: false,
    isAuthenticated: true,
    isRefreshing: false,
  }),
  useConvexConnectionState: () => ({
    hasEverConnected: true,
    isWebSocketConnected: true,
  }),
  usePreloadedQuery: () => liveValue,
  useMutation: () =>
    Object.assign(() => Promise.resolve(null), {
      withOptimisticUpdate: () => () => Promise.resolve(null),
    }),
}));
vi.mock("@clerk/nextjs", () => ({
  useAuth: () => ({ isLoaded: true, isSignedIn: true }),
  useClerk: () => ({ loaded: true }),
}));
vi.mock("next/navigation", () => ({ usePathname: () => "/classes/c1" }));
vi.mock("next/link", () => ({
  default: ({ href, children }: { href: string; children: unknown }) => (
    <a href={href}>{children as never}</a>
  ),
  useLinkStatus: () => ({ pending: false }),
}));

const classId = "c1";
const detail = {
  class: {
    _id: classId,
    _creationTime: 1,
    ownerId: "me",
    name: "Biology",
    archived: false,
  },
  assignments: [],
};
const preloaded = {
  _name: "classes:get",
  _argsJSON: convexToJson({ classId }),
  _valueJSON: convexToJson(detail),
} as unknown as Preloaded<typeof api.classes.get>;

let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  liveValue = detail;
  replace.mockReset();
  vi.stubGlobal("location", { ...window.location, replace });
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  cleanup();
  unmarkDeleting(classId);
  vi.unstubAllGlobals();
  consoleError.mockRestore();
});

describe("ClassDetailScreen", () => {
  test("shows the live class", () => {
    render(<ClassDetailScreen classId={classId} preloaded={preloaded} />);
    expect(screen.getByTestId("class-title")).toHaveTextContent("Biology");
  });

  test("a class deleted elsewhere reads as a quiet notice, not an error", () => {
    const view = render(
      <ClassDetailScreen classId={classId} preloaded={preloaded} />,
    );
    // Another tab deleted it: the live query now answers null.
    liveValue = null;
    view.rerender(
      <ClassDetailScreen classId={classId} preloaded={preloaded} />,
    );
    const notice = within(screen.getByTestId("class-not-found"));
    expect(
      notice.getByRole("heading", { name: "Class not found" }),
    ).toBeVisible();
    expect(
      notice.getByText(
        "It may have been deleted, or it belongs to another account.",
      ),
    ).toBeVisible();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByTestId("error-boundary")).toBeNull();
    expect(screen.queryByText("Biology")).toBeNull();
    expect(
      screen.getByRole("link", { name: "Back to your classes" }),
    ).toHaveAttribute("href", "/classes");
    // Nothing was thrown, so React reported nothing.
    expect(consoleError).not.toHaveBeenCalled();
  });

  test("a class this tab is deleting says so and goes back to the list", () => {
    markDeleting(classId);
    liveValue = null;
    render(<ClassDetailScreen classId={classId} preloaded={preloaded} />);
    expect(
      screen.getByRole("heading", { name: "Class deleted" }),
    ).toBeVisible();
    expect(replace).toHaveBeenCalledWith("/classes");
  });
});
