import { signInUrlFor } from "./paths";

/** Set by the local middleware on the rewritten request: the page to come back to. */
export const RETURN_PATH_HEADER = "x-local-auth-return-path";

/**
 * Redirect to the sign-in page with a *relative* Location, so the browser stays on the
 * host it used (127.0.0.1 or localhost). GET and HEAD keep their method (307); anything
 * else, such as a server action POST, becomes a GET of the sign-in page (303).
 */
export function signInRedirect(request: Request): Response {
  const redirectUrl =
    request.headers.get(RETURN_PATH_HEADER) ??
    new URL(request.url).searchParams.get("redirect_url") ??
    "/";
  const status =
    request.method === "GET" || request.method === "HEAD" ? 307 : 303;
  return new Response(null, {
    status,
    headers: {
      Location: signInUrlFor(redirectUrl),
      "Cache-Control": "no-store",
    },
  });
}
