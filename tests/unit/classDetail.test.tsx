// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ClassDetail } from "@/components/classes/ClassDetail";
import type { Doc, Id } from "@/convex/_generated/dataModel";

const mutation = vi.fn();

vi.mock("convex/react", () => ({
  useMutation: () =>
    Object.assign((...args: unknown[]) => mutation(...args), {
      withOptimisticUpdate:
        () =>
        (...args: unknown[]) =>
          mutation(...args),
    }),
  useConvexConnectionState: () => ({
    hasEverConnected: true,
    isWebSocketConnected: true,
  }),
  useConvexAuth: () => ({
    isLoading: false,
    isAuthenticated: true,
    isRefreshing: false,
  }),
}));
vi.mock("@clerk/nextjs", () => ({
  useAuth: () => ({ isLoaded: true, isSignedIn: true }),
  useClerk: () => ({ loaded: true }),
}));
vi.mock("next/link", () => ({
  default: ({ href, children }: { href: string; children: unknown }) => (
    <a href={href}>{children as never}</a>
  ),
}));

const classId = "class1" as Id<"classes">;

function aClass(archived: boolean): Doc<"classes"> {
  return {
    _id: classId,
    _creationTime: 1,
    ownerId: "me",
    name: "Biology",
    archived,
  };
}

const assignment: Doc<"assignments"> = {
  _id: "a1" as Id<"assignments">,
  _creationTime: 2,
  classId,
  ownerId: "me",
  title: "Lab report",
  done: false,
};

beforeEach(() => {
  mutation.mockReset();
  mutation.mockResolvedValue(null);
});
afterEach(cleanup);

describe("deleting an assignment", () => {
  test("asks first; Cancel keeps it and sends nothing", async () => {
    render(
      <ClassDetail found={aClass(false)} assignments={[assignment]} live />,
    );
    await userEvent.click(
      screen.getByRole("button", { name: "Delete “Lab report”" }),
    );
    expect(mutation).not.toHaveBeenCalled();
    const dialog = screen.getByRole("alertdialog", {
      name: "Delete this assignment?",
    });
    await userEvent.click(
      within(dialog).getByRole("button", { name: "Cancel" }),
    );
    expect(mutation).not.toHaveBeenCalled();
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });

  test("deletes only after the confirming click", async () => {
    render(
      <ClassDetail found={aClass(false)} assignments={[assignment]} live />,
    );
    await userEvent.click(
      screen.getByRole("button", { name: "Delete “Lab report”" }),
    );
    const dialog = screen.getByRole("alertdialog");
    await userEvent.click(
      within(dialog).getByRole("button", { name: "Delete" }),
    );
    expect(mutation).toHaveBeenCalledWith({ assignmentId: "a1" });
  });
});

describe("archived class", () => {
  test("shows no form for new assignments, and says why", () => {
    render(<ClassDetail found={aClass(true)} assignments={[]} live />);
    expect(
      screen.queryByRole("form", { name: "Add an assignment" }),
    ).toBeNull();
    expect(screen.getByTestId("archived-note")).toHaveTextContent(
      "Restore it to add more",
    );
  });

  test("an active class has the form", () => {
    render(<ClassDetail found={aClass(false)} assignments={[]} live />);
    expect(
      screen.getByRole("form", { name: "Add an assignment" }),
    ).toBeInTheDocument();
  });
});
