/** Where signed-out users are sent; the page serves both modes. */
export const signInPath = "/sign-in";

/** Base path of the local identity provider's endpoints (the issuer path on this app). */
export const localAuthApiPath = "/api/local-auth";

/** Route that answers a signed-out page request with a redirect to the sign-in page. */
export const signInRedirectPath = `${localAuthApiPath}/require-sign-in`;

/** `/sign-in?redirect_url=…` for a path on this site. */
export function signInUrlFor(redirectPath: string): string {
  return `${signInPath}?redirect_url=${encodeURIComponent(safeRedirectPath(redirectPath))}`;
}

/**
 * Routes that need a signed-in user. Patterns in `createRouteMatcher` syntax for Clerk;
 * `isProtectedPath` is the same rule for the local middleware.
 */
export const protectedRoutePatterns = [
  "/classes(.*)",
  "/dev(.*)",
  "/api/dev(.*)",
];

const protectedPathRegex = /^\/(?:classes|dev|api\/dev)/;

export function isProtectedPath(pathname: string): boolean {
  return protectedPathRegex.test(pathname);
}

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * `redirect_url` is honoured only for a relative path on this site; anything else
 * (absolute URLs, `//host`, backslash tricks) falls back to `/`.
 */
export function safeRedirectPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//")) return "/";
  if (value.includes("\\")) return "/";
  try {
    const base = "http://same-site.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
