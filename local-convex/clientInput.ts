import { jsonToConvex, type JSONValue, type Value } from "convex/values";

/**
 * Bad input from a client. It is answered the way a deployment answers it:
 * a 4xx status, a short code and a sentence, never a JavaScript message or
 * stack that only describes how this stand-in happened to trip over it.
 */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

/**
 * Deepest nesting accepted in function arguments, as Convex values allow.
 * Checked before decoding because the decoder recurses and a value nested
 * tens of thousands of levels deep would exhaust the stack.
 */
export const MAX_VALUE_DEPTH = 64;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when `value` has arrays or objects nested more than `limit` levels deep (no recursion). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== "object" || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Function arguments as both HTTP calls and sync messages carry them: one convex-encoded object. */
export function decodeFunctionArgs(json: unknown): Record<string, Value> {
  if (!isRecord(json)) {
    throw new RequestError(400, "BadRequest", "Arguments must be an object.");
  }
  if (nestedDeeperThan(json, MAX_VALUE_DEPTH)) {
    throw new RequestError(
      400,
      "BadRequest",
      `Arguments are nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than a Convex value may be.`,
    );
  }
  try {
    return jsonToConvex(json as JSONValue) as Record<string, Value>;
  } catch (error) {
    // convex/values explains what is wrong in its own words ("Malformed $integer field").
    throw new RequestError(
      400,
      "BadRequest",
      `Arguments are not valid Convex values: ${(error as Error).message}`,
    );
  }
}
