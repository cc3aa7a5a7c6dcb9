import { errorText, type GetToken, type SourcedTokenFetcher } from "./types";

/**
 * The SvelteKit team's final fix: hand over the server-rendered token once (on the
 * first unforced call), then ask the client-side session for a token, bypassing its
 * cache when Convex forces a refresh. Errors become `undefined`, as in that fix.
 */
export function createHybridTokenFetcher(deps: {
  initialToken: string | null | undefined;
  getToken: GetToken;
}): SourcedTokenFetcher {
  let initialToken = deps.initialToken ?? null;
  return async ({ forceRefreshToken }) => {
    if (!forceRefreshToken && initialToken) {
      const token = initialToken;
      initialToken = null; // used once
      return { token, source: "server-render" };
    }
    try {
      const token = await deps.getToken({
        template: "convex",
        skipCache: forceRefreshToken,
      });
      return { token: token ?? undefined, source: "client-getToken" };
    } catch (error) {
      return {
        token: undefined,
        source: "client-getToken",
        error: errorText(error),
      };
    }
  };
}
