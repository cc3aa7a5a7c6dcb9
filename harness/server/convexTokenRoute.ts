import { serverConfig } from "@/lib/config";
import { getConvexTemplateToken } from "@/lib/auth/serverToken";
import { fail, ok } from "./adminRoutes";

/**
 * The server-endpoint lane's token source, as the SvelteKit app wrote it:
 * `auth().getToken({ template: "convex" })` for the session in the request's cookie.
 *
 * The template, not the app's `getConvexToken()`: with Clerk's native Convex
 * integration that returns the cookie's session token as it is, without a network
 * call. Two calls before clerk-js rewrites the cookie return the same string, which
 * makes the Convex client stop refreshing, and the token may have only seconds left.
 * The template mints a new token (new `jti`, full lifetime) on every call.
 * Part of the auth harness, so it exists only where the harness does.
 */
export async function GET() {
  if (!serverConfig().authHarnessEnabled) {
    return fail(404, "The auth harness is not enabled here.");
  }
  const token = await getConvexTemplateToken();
  if (!token) {
    return fail(401, "Signed out: there is no session to mint a token for.");
  }
  return ok({ token });
}
