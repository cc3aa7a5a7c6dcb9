import { auth } from "@clerk/nextjs/server";
import { serverConfig } from "@/lib/config";

/**
 * Server-only: the signed-in user's Convex JWT for this request (for `preloadQuery`,
 * `fetchQuery`, `fetchMutation`), or null when signed out.
 *
 * - Native integration (default): `getToken()` returns the request's session token
 *   itself, with no network call; Clerk puts `aud: "convex"` in it.
 * - `CONVEX_TOKEN_SOURCE=template`: the `convex` JWT template, signed by Clerk's
 *   Backend API on each call.
 */
export async function getConvexToken(): Promise<string | null> {
  return serverConfig().convexTokenSource === "template"
    ? getConvexTemplateToken()
    : (await auth()).getToken();
}

/** Server-only: always the `convex` JWT template (one Backend API call). */
export async function getConvexTemplateToken(): Promise<string | null> {
  return (await auth()).getToken({ template: "convex" });
}
