import { clerkMiddleware } from "@clerk/nextjs/server";
import { signInPath } from "./paths";

/**
 * Options for `clerkMiddleware`. `jwtKey` lets it verify the session cookie without
 * fetching Clerk's JWKS; the SDK does not pick `CLERK_JWT_KEY` up by itself.
 */
export function middlewareOptions(env: Record<string, string | undefined>) {
  const jwtKey = env.CLERK_JWT_KEY?.trim();
  return { signInUrl: signInPath, ...(jwtKey ? { jwtKey } : {}) };
}

/**
 * `clerkMiddleware` with no route rules: it resolves the session (and runs Clerk's
 * handshake) for every request. Who may see what is decided where the data is read:
 * `requireSignedInUser` in pages and layouts, `signedInUserOr401` in route handlers,
 * and identity checks in every Convex function. This is what `@clerk/nextjs` 7.9
 * asks for in place of a route matcher and `auth.protect()` in the middleware.
 */
export const authMiddleware = clerkMiddleware(middlewareOptions(process.env));
