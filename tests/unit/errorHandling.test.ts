import { describe, expect, test } from "vitest";
import { ConvexError } from "convex/values";
import {
  asSentence,
  classifyError,
  formErrorMessage,
  isAuthError,
} from "@/lib/errorHandling";

describe("classifyError with ConvexError codes", () => {
  test("UNAUTHENTICATED from requireIdentity", () => {
    const error = new ConvexError({
      code: "UNAUTHENTICATED",
      message: "Not signed in",
    });
    expect(classifyError(error)).toMatchObject({
      kind: "unauthenticated",
      message: "Your session ended. Sign in again to continue.",
      detail: "Not signed in",
    });
    expect(isAuthError(error)).toBe(true);
  });

  test("NOT_FOUND and FORBIDDEN read as not found, with the server's message", () => {
    expect(
      classifyError(
        new ConvexError({ code: "NOT_FOUND", message: "Class not found" }),
      ),
    ).toMatchObject({ kind: "notFound", message: "Class not found" });
    expect(classifyError(new ConvexError({ code: "FORBIDDEN" }))).toMatchObject(
      { kind: "notFound" },
    );
  });

  test("VALIDATION keeps the field name", () => {
    expect(
      classifyError(
        new ConvexError({
          code: "VALIDATION",
          field: "Title",
          message: "Title is required",
        }),
      ),
    ).toEqual({
      kind: "validation",
      message: "Title is required",
      field: "Title",
      detail: "Title is required",
    });
  });

  test("an unknown code falls back to the message text", () => {
    expect(
      classifyError(new ConvexError({ code: "WHATEVER", message: "boom" })),
    ).toMatchObject({ kind: "unknown" });
    expect(classifyError(new ConvexError("Unauthorized"))).toMatchObject({
      kind: "unauthenticated",
    });
  });
});

describe("classifyError with plain messages", () => {
  test.each([
    ["Unauthorized", "unauthenticated"],
    ["Not signed in", "unauthenticated"],
    ["Convex token identity expired", "unauthenticated"],
    [
      "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.",
      "unauthenticated",
    ],
    ["No auth provider found matching the given token", "unauthenticated"],
    [
      "[Request ID: 1] Server Error\nUncaught Error: Unauthorized\n    at handler (../convex/classes.ts:10:5)",
      "unauthenticated",
    ],
    ["Class not found", "notFound"],
    ["ArgumentValidationError: Value does not match validator.", "validation"],
    ["Failed to fetch", "unavailable"],
    ["fetch failed", "unavailable"],
    ["connect ECONNREFUSED 127.0.0.1:3210", "unavailable"],
    ["WebSocket closed with code 1006", "unavailable"],
    ["Service Unavailable", "unavailable"],
    ["Cannot read properties of undefined (reading 'x')", "unknown"],
  ] as const)("%s -> %s", (message, kind) => {
    expect(classifyError(new Error(message)).kind).toBe(kind);
  });

  test("strings, TypeErrors and odd values", () => {
    expect(classifyError("Unauthorized").kind).toBe("unauthenticated");
    expect(
      classifyError(
        new TypeError("NetworkError when attempting to fetch resource."),
      ).kind,
    ).toBe("unavailable");
    expect(classifyError({ message: "Failed to fetch" }).kind).toBe(
      "unavailable",
    );
    expect(classifyError(undefined)).toMatchObject({ kind: "unknown" });
    expect(classifyError(null)).toMatchObject({ kind: "unknown" });
  });

  test("auth words win over network words in the same message", () => {
    expect(
      classifyError(
        new Error("WebSocket closed: Convex token identity expired"),
      ).kind,
    ).toBe("unauthenticated");
  });
});

describe("formErrorMessage", () => {
  test("shows validation text and a sign-in hint, never raw server text", () => {
    expect(
      formErrorMessage(
        new ConvexError({
          code: "VALIDATION",
          field: "Name",
          message: "Name must be at most 80 characters",
        }),
      ),
    ).toBe("Name must be at most 80 characters");
    expect(formErrorMessage(new Error("Unauthorized"))).toMatch(/sign in/i);
    expect(formErrorMessage(new Error("Failed to fetch"))).toMatch(
      /unreachable/,
    );
    expect(formErrorMessage(new Error("[Request ID: 9] Server Error"))).toBe(
      "Couldn't save. Please try again.",
    );
  });
});

describe("asSentence", () => {
  test("ends a bare phrase with a full stop and leaves sentences alone", () => {
    expect(asSentence("Class not found")).toBe("Class not found.");
    expect(asSentence("  Class not found ")).toBe("Class not found.");
    expect(asSentence("Done.")).toBe("Done.");
    expect(asSentence("Really?")).toBe("Really?");
    expect(asSentence("Saving…")).toBe("Saving…");
    expect(asSentence("It said “stop.”")).toBe("It said “stop.”");
    expect(asSentence("")).toBe("");
  });
});
