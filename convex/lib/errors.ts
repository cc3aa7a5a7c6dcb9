import { ConvexError } from "convex/values";

/**
 * Codes carried in `ConvexError.data.code`, so the client can classify a failure
 * without parsing message text. `UNAUTHENTICATED` comes from `requireIdentity`.
 */
export const ErrorCode = {
  unauthenticated: "UNAUTHENTICATED",
  notFound: "NOT_FOUND",
  validation: "VALIDATION",
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The same answer for a missing id and another user's id: nothing leaks. */
export function notFound(what: "Class" | "Assignment"): ConvexError<{
  code: "NOT_FOUND";
  message: string;
}> {
  return new ConvexError({
    code: ErrorCode.notFound,
    message: `${what} not found`,
  });
}

export function invalid(
  field: string,
  message: string,
): ConvexError<{ code: "VALIDATION"; field: string; message: string }> {
  return new ConvexError({ code: ErrorCode.validation, field, message });
}

export const ARCHIVED_CLASS_MESSAGE =
  "This class is archived. Restore it to add assignments.";
