import { clerkMiddleware } from "@clerk/nextjs/server";
import { signInPath } from "./paths";

/** The most clock skew the server may be told to allow: 10 minutes. */
export const MAX_CLOCK_SKEW_MS = 600_000;

/**
 * `CLERK_CLOCK_SKEW_MS`: how far the session cookie's times may be from this
 * server's clock (Clerk's default is 5 s). A server whose clock is off by more
 * sees every cookie as expired or not yet valid, and signed-in pages bounce
 * between themselves and sign-in. A bad value is reported and ignored.
 */
function clockSkewInMs(raw: string | undefined): number | null {
  const text = raw?.trim();
  if (!text) return null;
  const value = Number(text);
  if (Number.isInteger(value) && value >= 0 && value <= MAX_CLOCK_SKEW_MS)
    return value;
  console.error(
    `CLERK_CLOCK_SKEW_MS must be a whole number of milliseconds from 0 to ${MAX_CLOCK_SKEW_MS}; it is ignored, so Clerk's default of 5 s applies.`,
  );
  return null;
}

/**
 * Options for `clerkMiddleware`. `jwtKey` lets it verify the session cookie without
 * fetching Clerk's JWKS; the SDK does not pick `CLERK_JWT_KEY` up by itself.
 */
export function middlewareOptions(env: Record<string, string | undefined>) {
  const jwtKey = env.CLERK_JWT_KEY?.trim();
  const skew = clockSkewInMs(env.CLERK_CLOCK_SKEW_MS);
  return {
    signInUrl: signInPath,
    ...(jwtKey ? { jwtKey } : {}),
    ...(skew !== null ? { clockSkewInMs: skew } : {}),
  };
}

/**
 * `clerkMiddleware` with no route rules: it resolves the session (and runs Clerk's
 * handshake) for every request. Who may see what is decided where the data is read:
 * `requireSignedInUser` in pages and layouts, `signedInUserOr401` in route handlers,
 * and identity checks in every Convex function. This is what `@clerk/nextjs` 7.9
 * asks for in place of a route matcher and `auth.protect()` in the middleware.
 */
export const authMiddleware = clerkMiddleware(middlewareOptions(process.env));
