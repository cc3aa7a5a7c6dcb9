// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Preloaded } from "convex/react";
import { convexToJson } from "convex/values";
import type { api } from "@/convex/_generated/api";
import { ClassesScreen } from "@/components/classes/ClassesScreen";
import { ACTIVE_PAGE_SIZE } from "@/components/classes/pageSizes";
import { uniqueById } from "@/components/live/usePreloadedPages";

let auth = { isLoading: true, isAuthenticated: false, isRefreshing: false };
type Paginated = {
  results: unknown[];
  status: "LoadingFirstPage" | "CanLoadMore" | "LoadingMore" | "Exhausted";
  loadMore: (n: number) => void;
};
let paginated: Record<string, Paginated>;
const paginatedCalls: unknown[] = [];
const loadMore = vi.fn();

vi.mock("convex/react", () => ({
  useConvexAuth: () => auth,
  useConvexConnectionState: () => ({
    hasEverConnected: true,
    isWebSocketConnected: true,
  }),
  usePaginatedQuery: (_query: unknown, args: unknown) => {
    paginatedCalls.push(args);
    if (args === "skip") {
      return { results: [], status: "LoadingFirstPage", loadMore };
    }
    return paginated[String((args as { archived: boolean }).archived)];
  },
  useMutation: () =>
    Object.assign(() => Promise.resolve(null), {
      withOptimisticUpdate: () => () => Promise.resolve(null),
    }),
}));
vi.mock("@clerk/nextjs", () => ({
  useAuth: () => ({ isLoaded: true, isSignedIn: true }),
  useClerk: () => ({ loaded: true }),
}));
vi.mock("next/navigation", () => ({ usePathname: () => "/classes" }));
vi.mock("next/link", () => ({
  default: ({ href, children }: { href: string; children: unknown }) => (
    <a href={href}>{children as never}</a>
  ),
  useLinkStatus: () => ({ pending: false }),
}));

function summary(id: string, name: string, archived = false) {
  return {
    _id: id,
    _creationTime: 1,
    ownerId: "me",
    name,
    archived,
    assignmentCount: 0,
    openCount: 0,
  };
}

function preloadedPage(
  archived: boolean,
  items: unknown[],
  isDone: boolean,
): Preloaded<typeof api.classes.listPage> {
  return {
    _name: "classes:listPage",
    _argsJSON: convexToJson({
      archived,
      paginationOpts: { numItems: ACTIVE_PAGE_SIZE, cursor: null },
    }),
    _valueJSON: convexToJson({
      page: items,
      isDone,
      continueCursor: "c1",
    } as never),
  } as unknown as Preloaded<typeof api.classes.listPage>;
}

function renderScreen() {
  return render(
    <ClassesScreen
      active={preloadedPage(false, [summary("s1", "Server class")], false)}
      archived={preloadedPage(true, [], true)}
    />,
  );
}

beforeEach(() => {
  auth = { isLoading: true, isAuthenticated: false, isRefreshing: false };
  paginatedCalls.length = 0;
  loadMore.mockReset();
  paginated = {
    false: {
      results: [summary("l1", "Live one"), summary("l2", "Live two")],
      status: "CanLoadMore",
      loadMore,
    },
    true: { results: [], status: "Exhausted", loadMore },
  };
});
afterEach(cleanup);

describe("class list pages", () => {
  test("shows the server's first page and subscribes to nothing before auth", () => {
    renderScreen();
    expect(screen.getByText("Server class")).toBeInTheDocument();
    expect(paginatedCalls.every((args) => args === "skip")).toBe(true);
    expect(screen.getByTestId("classes-summary")).toHaveTextContent(
      "The newest 1 active class",
    );
    // More exists, but the live query's cursor is needed to fetch it.
    expect(
      screen.getByRole("button", { name: "Show more classes" }),
    ).toBeDisabled();
  });

  test("hands over to the live pages once authenticated, and loads more a page at a time", async () => {
    const view = renderScreen();
    auth = { isLoading: false, isAuthenticated: true, isRefreshing: false };
    view.rerender(
      <ClassesScreen
        active={preloadedPage(false, [summary("s1", "Server class")], false)}
        archived={preloadedPage(true, [], true)}
      />,
    );
    expect(screen.getByText("Live two")).toBeInTheDocument();
    expect(screen.queryByText("Server class")).toBeNull();
    expect(paginatedCalls).toContainEqual({ archived: false });
    expect(paginatedCalls).toContainEqual({ archived: true });
    await userEvent.click(
      screen.getByRole("button", { name: "Show more classes" }),
    );
    expect(loadMore).toHaveBeenCalledWith(ACTIVE_PAGE_SIZE);
  });

  test("no 'show more' once the list is exhausted", () => {
    auth = { isLoading: false, isAuthenticated: true, isRefreshing: false };
    paginated.false!.status = "Exhausted";
    renderScreen();
    expect(screen.getByTestId("classes-summary")).toHaveTextContent(
      "2 active classes, newest first",
    );
    expect(
      screen.queryByRole("button", { name: "Show more classes" }),
    ).toBeNull();
  });

  test("a class seen on two pages is shown once", () => {
    expect(
      uniqueById([{ _id: "a" }, { _id: "b" }, { _id: "a" }]).map((x) => x._id),
    ).toEqual(["a", "b"]);
  });
});
