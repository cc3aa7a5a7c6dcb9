import { jsonToConvex, type JSONValue } from "convex/values";
import { MAX_VALUE_DEPTH, nestedDeeperThan } from "./clientInput";

/**
 * A pagination cursor is opaque to clients, but it comes back from them as a
 * query argument, so anyone can send a forged one. convex-test decodes it
 * with `JSON.parse(...).map(...)` and would fail with that JavaScript error;
 * a deployment instead refuses a cursor it did not make, in a sentence.
 * The check below accepts exactly the shape convex-test writes: a JSON array
 * whose items are null or the JSON text of a convex-encoded value.
 */
export const INVALID_CURSOR_MESSAGE =
  "This pagination cursor was not made by this deployment. Start from the first page with cursor: null.";

export const INVALID_CURSOR_CODE = "InvalidCursor";

const END_CURSOR = "_end_cursor";

function isWellFormedCursor(cursor: unknown): boolean {
  if (cursor === null || cursor === undefined || cursor === END_CURSOR) {
    return true;
  }
  if (typeof cursor !== "string") return false;
  try {
    const keys: unknown = JSON.parse(cursor);
    if (!Array.isArray(keys)) return false;
    for (const key of keys) {
      if (key === null) continue;
      if (typeof key !== "string") return false;
      const value = JSON.parse(key) as JSONValue;
      if (nestedDeeperThan(value, MAX_VALUE_DEPTH)) return false;
      jsonToConvex(value);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks the cursors of a `1.0/queryPage` syscall before convex-test sees
 * them. The thrown error reaches the function as a plain `Error` with this
 * message (the syscall layer rebuilds errors from their message alone).
 */
export function checkPageCursors(syscallArgs: string) {
  const { cursor, endCursor } = JSON.parse(syscallArgs) as {
    cursor?: unknown;
    endCursor?: unknown;
  };
  if (!isWellFormedCursor(cursor) || !isWellFormedCursor(endCursor)) {
    throw new Error(INVALID_CURSOR_MESSAGE);
  }
}

export function isInvalidCursorError(error: unknown): boolean {
  return error instanceof Error && error.message === INVALID_CURSOR_MESSAGE;
}
