import { auth } from "@clerk/nextjs/server";
import { serverConfig } from "@/lib/config";

/**
 * Server-only: the signed-in user's Convex JWT for this request (for `preloadQuery`,
 * `fetchQuery`, `fetchMutation`), or null when signed out.
 *
 * The same rule `ConvexProviderWithClerk` follows in the browser:
 * - a session token whose `aud` is "convex" (Clerk's native Convex integration) is
 *   the Convex token itself: `getToken()`, no network call;
 * - otherwise the `convex` JWT template, signed by Clerk's Backend API per call.
 * `CONVEX_TOKEN_SOURCE=template` always uses the template.
 */
export async function getConvexToken(): Promise<string | null> {
  const session = await auth();
  if (serverConfig().convexTokenSource === "template") {
    return session.getToken({ template: "convex" });
  }
  return hasConvexAudience(session.sessionClaims?.aud)
    ? session.getToken()
    : session.getToken({ template: "convex" });
}

function hasConvexAudience(aud: unknown): boolean {
  return Array.isArray(aud) ? aud.includes("convex") : aud === "convex";
}

/** Server-only: always the `convex` JWT template (one Backend API call). */
export async function getConvexTemplateToken(): Promise<string | null> {
  return (await auth()).getToken({ template: "convex" });
}
