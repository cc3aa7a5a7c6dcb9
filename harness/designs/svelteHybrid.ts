import {
  errorText,
  type ClerkSessionGetToken,
  type SourcedTokenFetcher,
} from "./types";

/**
 * svelte-hybrid: the SvelteKit app's final fix. It hands over the server-rendered
 * token once (on the first unforced call), then asks clerk-js in the page,
 * `window.Clerk.session.getToken({ template: "convex", skipCache: forceRefreshToken })`.
 * Errors become `undefined`, as in that fix. The callback is made once and never
 * re-made, so it follows whatever session and organization clerk-js holds at call time.
 */
export function createSvelteHybridFetcher(deps: {
  initialToken: string | null | undefined;
  /** `window.Clerk?.session?.getToken`, read at call time. */
  sessionGetToken: ClerkSessionGetToken;
}): SourcedTokenFetcher {
  let initialToken = deps.initialToken ?? null;
  return async ({ forceRefreshToken }) => {
    if (!forceRefreshToken && initialToken) {
      const token = initialToken;
      initialToken = null; // used once
      return { token, source: "server-render" };
    }
    try {
      const token = await deps.sessionGetToken({
        template: "convex",
        skipCache: forceRefreshToken,
      });
      return { token: token ?? undefined, source: "clerk-session-getToken" };
    } catch (error) {
      return {
        token: undefined,
        source: "clerk-session-getToken",
        error: errorText(error),
      };
    }
  };
}
