// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { NewClassForm } from "@/components/classes/NewClassForm";
import { NewAssignmentForm } from "@/components/assignments/NewAssignmentForm";
import {
  assignmentFormSchema,
  classFormSchema,
} from "@/components/forms/schemas";
import type { Id } from "@/convex/_generated/dataModel";

const mutation = vi.fn();
const optimisticUpdates: unknown[] = [];

vi.mock("convex/react", () => ({
  useMutation: () =>
    Object.assign((...args: unknown[]) => mutation(...args), {
      withOptimisticUpdate: (update: unknown) => {
        optimisticUpdates.push(update);
        return (...args: unknown[]) => mutation(...args);
      },
    }),
}));

function deferred() {
  let resolve!: (value: unknown) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  mutation.mockReset();
  optimisticUpdates.length = 0;
});
afterEach(cleanup);

describe("form schemas count what a person sees", () => {
  const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}";
  const marked = "x\u0323\u0302\u0301";

  test("80 emoji, ZWJ families or accented letters fit a name; 81 do not", () => {
    for (const name of [
      "\u{1F600}".repeat(80),
      family.repeat(80),
      marked.repeat(80),
    ]) {
      expect(
        classFormSchema.safeParse({ name, section: "", term: "" }).success,
      ).toBe(true);
    }
    const tooMany = classFormSchema.safeParse({
      name: family.repeat(81),
      section: "",
      term: "",
    });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toBe(
      "Name must be at most 80 characters",
    );
    expect(
      assignmentFormSchema.safeParse({
        title: "\u{1F44D}\u{1F3FD}".repeat(120),
        dueDate: "",
      }).success,
    ).toBe(true);
  });

  test("stacked combining marks meet the same unit bound as the server", () => {
    const result = classFormSchema.safeParse({
      name: `a${"\u0301".repeat(2000)}`,
      section: "",
      term: "",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      "Name has too many accents or joined symbols for its length; shorten it",
    );
  });
});

describe("NewClassForm", () => {
  test("shows inline errors and sends nothing when the name is missing", async () => {
    const user = userEvent.setup();
    render(<NewClassForm />);
    await user.type(screen.getByLabelText("Section"), "A");
    await user.click(screen.getByRole("button", { name: "Add class" }));

    const name = screen.getByLabelText("Name");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("Name is required");
    expect(screen.getByRole("alert")).toHaveTextContent("Name is required");
    expect(mutation).not.toHaveBeenCalled();
  });

  test("rejects a name over the limit, and the error clears on typing", async () => {
    const user = userEvent.setup();
    render(<NewClassForm />);
    const name = screen.getByLabelText("Name");
    await user.click(name);
    await user.paste("x".repeat(81));
    await user.click(screen.getByRole("button", { name: "Add class" }));
    expect(
      screen.getByText("Name must be at most 80 characters"),
    ).toBeInTheDocument();
    await user.type(name, "{Backspace}");
    expect(screen.queryByText(/at most 80/)).toBeNull();
    expect(mutation).not.toHaveBeenCalled();
  });

  test("a name of 80 emoji is sent, 81 are not", async () => {
    const user = userEvent.setup();
    mutation.mockResolvedValue("new-id");
    render(<NewClassForm />);
    const name = screen.getByLabelText("Name");
    await user.click(name);
    await user.paste("\u{1F44D}\u{1F3FD}".repeat(81));
    await user.click(screen.getByRole("button", { name: "Add class" }));
    expect(
      screen.getByText("Name must be at most 80 characters"),
    ).toBeInTheDocument();
    expect(mutation).not.toHaveBeenCalled();
    // One emoji (four UTF-16 units with its skin tone) less is within the limit.
    await user.clear(name);
    await user.paste("\u{1F44D}\u{1F3FD}".repeat(80));
    await user.click(screen.getByRole("button", { name: "Add class" }));
    expect(mutation).toHaveBeenCalledWith({
      name: "\u{1F44D}\u{1F3FD}".repeat(80),
      section: undefined,
      term: undefined,
    });
  });

  test("sends trimmed values, disables the form while saving, then resets", async () => {
    const user = userEvent.setup();
    const pending = deferred();
    mutation.mockReturnValue(pending.promise);
    render(<NewClassForm />);
    await user.type(screen.getByLabelText("Name"), "  Biology 101  ");
    await user.type(screen.getByLabelText("Term"), "Fall");
    await user.click(screen.getByRole("button", { name: "Add class" }));

    expect(mutation).toHaveBeenCalledWith({
      name: "Biology 101",
      section: undefined,
      term: "Fall",
    });
    expect(optimisticUpdates[0]).toBeTypeOf("function");
    expect(screen.getByLabelText("Name")).toBeDisabled();
    expect(screen.getByRole("button", { name: "Adding…" })).toBeDisabled();

    pending.resolve("new-id");
    await waitFor(() => expect(screen.getByLabelText("Name")).toBeEnabled());
    expect(screen.getByLabelText("Name")).toHaveValue("");
    expect(screen.getByLabelText("Term")).toHaveValue("");
  });

  test("puts a server validation error next to its field and keeps the input", async () => {
    const user = userEvent.setup();
    mutation.mockRejectedValue(
      new ConvexError({
        code: "VALIDATION",
        field: "Section",
        message: "Section must be at most 40 characters",
      }),
    );
    render(<NewClassForm />);
    await user.type(screen.getByLabelText("Name"), "Chemistry");
    await user.type(screen.getByLabelText("Section"), "S1");
    await user.click(screen.getByRole("button", { name: "Add class" }));

    await waitFor(() =>
      expect(screen.getByLabelText("Section")).toHaveAccessibleDescription(
        "Section must be at most 40 characters",
      ),
    );
    expect(screen.getByLabelText("Name")).toHaveValue("Chemistry");
  });

  test("an auth failure shows a form-level sign-in hint", async () => {
    const user = userEvent.setup();
    mutation.mockRejectedValue(
      new ConvexError({ code: "UNAUTHENTICATED", message: "Not signed in" }),
    );
    render(<NewClassForm />);
    await user.type(screen.getByLabelText("Name"), "Art");
    await user.click(screen.getByRole("button", { name: "Add class" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/sign in/i);
    expect(screen.getByLabelText("Name")).toHaveValue("Art");
  });

  test("stays disabled until the live subscription is up", () => {
    render(<NewClassForm disabled />);
    expect(screen.getByLabelText("Name")).toBeDisabled();
  });
});

describe("NewAssignmentForm", () => {
  const classId = "class123" as Id<"classes">;

  test("requires a title", async () => {
    const user = userEvent.setup();
    render(<NewAssignmentForm classId={classId} />);
    await user.type(screen.getByLabelText("Title"), "   ");
    await user.click(screen.getByRole("button", { name: "Add" }));
    expect(screen.getByLabelText("Title")).toHaveAccessibleDescription(
      "Title is required",
    );
    expect(mutation).not.toHaveBeenCalled();
  });

  test("adds with the class id and due date, optimistically", async () => {
    const user = userEvent.setup();
    mutation.mockResolvedValue("a1");
    render(<NewAssignmentForm classId={classId} />);
    await user.type(screen.getByLabelText("Title"), "Essay");
    await user.type(screen.getByLabelText("Due date"), "2030-05-01");
    await user.keyboard("{Enter}");
    await waitFor(() =>
      expect(mutation).toHaveBeenCalledWith({
        classId,
        title: "Essay",
        dueDate: "2030-05-01",
      }),
    );
    expect(optimisticUpdates[0]).toBeTypeOf("function");
    await waitFor(() => expect(screen.getByLabelText("Title")).toHaveValue(""));
  });
});

describe("form schemas", () => {
  test("class: optional fields become undefined when blank", () => {
    expect(
      classFormSchema.parse({ name: " A ", section: " ", term: "" }),
    ).toEqual({ name: "A", section: undefined, term: undefined });
    expect(
      classFormSchema.safeParse({
        name: "A",
        section: "s".repeat(41),
        term: "",
      }).success,
    ).toBe(false);
  });

  test("assignment: due date must be a real calendar day", () => {
    const ok = (dueDate: string) =>
      assignmentFormSchema.safeParse({ title: "t", dueDate }).success;
    expect(ok("")).toBe(true);
    expect(ok("2028-02-29")).toBe(true);
    expect(ok("2027-02-29")).toBe(false);
    expect(ok("next week")).toBe(false);
    expect(
      assignmentFormSchema.safeParse({ title: "t".repeat(121), dueDate: "" })
        .success,
    ).toBe(false);
  });

  test("names are cleaned like the server does, with the same messages", () => {
    const parsed = classFormSchema.safeParse({
      name: "\u200B\u200D",
      section: "",
      term: "",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      "Name must contain visible characters, not only spaces or invisible ones",
    );
    expect(
      classFormSchema.parse({ name: "\u202Eevil\u202C", section: "", term: "" })
        .name,
    ).toBe("evil");
  });

  test("assignment: a due date out of range names the range", () => {
    const parsed = assignmentFormSchema.safeParse({
      title: "t",
      dueDate: "3000-01-01",
    });
    expect(parsed.error?.issues[0]?.message).toBe(
      "Enter a date between Jan 1, 1900 and Dec 31, 2999",
    );
  });
});
