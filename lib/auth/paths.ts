/** Where signed-out users are sent. Clerk's `<SignIn>` routes its own steps under it. */
export const signInPath = "/sign-in";

/** `/sign-in?redirect_url=…` for a path on this site; anything else returns to `/`. */
export function signInUrlFor(redirectPath: string): string {
  const back = safeRedirectPath(redirectPath);
  if (back === "/" || back.startsWith(signInPath)) return signInPath;
  return `${signInPath}?redirect_url=${encodeURIComponent(back)}`;
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
