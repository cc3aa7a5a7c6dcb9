import type { SourcedTokenFetcher } from "./types";

/**
 * The original SvelteKit bug: the callback returns the token rendered into the page,
 * whatever Convex asks for. When Convex forces a refresh it gets the same string back,
 * which makes the client stop refreshing; once that token expires the server rejects
 * it and re-authentication gets the same expired token again.
 */
export function createStaticTokenFetcher(
  getServerToken: () => string | null | undefined,
): SourcedTokenFetcher {
  return async () => ({
    token: getServerToken() ?? undefined,
    source: "server-render",
  });
}
