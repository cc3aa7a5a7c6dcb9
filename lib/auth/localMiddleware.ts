import { NextResponse, type NextRequest } from "next/server";
import type { ServerConfig } from "@/lib/config";
import { sessionFromCookie } from "@/lib/localAuth/currentSession";
import { SESSION_COOKIE_NAME } from "@/lib/localAuth/sessionCookie";
import { isApiPath, isProtectedPath, signInRedirectPath } from "./paths";
import { RETURN_PATH_HEADER } from "./signInRedirect";

/**
 * Local-mode twin of `clerkMiddleware` + `auth.protect()`: protected pages redirect to
 * /sign-in with `redirect_url` (via the sign-in redirect route), protected API routes answer 401 JSON. The session store
 * is checked on every request, so a sign-out is honoured at once. When the provider is
 * off (production without the opt-in) no cookie is accepted.
 */
export function createLocalMiddleware(getConfig: () => ServerConfig) {
  return function localMiddleware(request: NextRequest): NextResponse {
    const { pathname, search } = request.nextUrl;
    if (!isProtectedPath(pathname)) return NextResponse.next();

    const session = sessionFromCookie(
      getConfig(),
      request.cookies.get(SESSION_COOKIE_NAME)?.value,
    );
    if (session) return NextResponse.next();

    if (isApiPath(pathname)) {
      return NextResponse.json(
        { error: "Sign in first: this endpoint needs a signed-in session." },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      );
    }
    // Not NextResponse.redirect: Next's middleware adapter rewrites an absolute Location
    // on 127.0.0.1 to "localhost", which would move the browser to another cookie jar
    // (and to a host `next start -H 127.0.0.1` does not answer). The route below sends
    // a relative Location instead.
    // The page to return to travels in a request header: `next dev` drops the query
    // string of a middleware rewrite before the route handler sees it.
    const headers = new Headers(request.headers);
    headers.set(RETURN_PATH_HEADER, `${pathname}${search}`);
    return NextResponse.rewrite(new URL(signInRedirectPath, request.url), {
      request: { headers },
    });
  };
}
