import { cookies } from "next/headers";
import { auth } from "@clerk/nextjs/server";
import { serverConfig } from "@/lib/config";
import { sessionFromCookie } from "@/lib/localAuth/currentSession";
import { SESSION_COOKIE_NAME } from "@/lib/localAuth/sessionCookie";
import { mintToken } from "@/lib/localAuth/tokens";

/**
 * Server-only: the signed-in user's Convex JWT for this request (for `preloadQuery`,
 * `fetchQuery`, `fetchMutation`), or null when signed out.
 *
 * - clerk, native integration (default): `(await auth()).getToken()` returns the session
 *   token itself, no network call; its `aud` is "convex".
 * - clerk, `CONVEX_TOKEN_SOURCE=template`: `getToken({ template: "convex" })`, which asks
 *   Clerk's Backend API to sign the `convex` JWT template.
 * - local: mints a token for the session in the request's cookie.
 */
export async function getConvexToken(): Promise<string | null> {
  const config = serverConfig();
  if (config.authMode === "clerk") {
    const { getToken } = await auth();
    return config.convexTokenSource === "template"
      ? getToken({ template: "convex" })
      : getToken();
  }
  const cookieStore = await cookies();
  const session = sessionFromCookie(
    config,
    cookieStore.get(SESSION_COOKIE_NAME)?.value,
  );
  if (!session) return null;
  return (await mintToken(config, session)).token;
}
