import type { SourcedTokenFetcher } from "./types";

/**
 * svelte-static: the SvelteKit app's code before its fix. The callback returns the
 * token its server rendered with the page (`auth().getToken({ template: "convex" })`),
 * whatever Convex asks for. A forced refresh gets the same string back, which makes
 * the Convex client stop refreshing; once that token expires the server rejects it
 * and re-authentication gets the same expired token again.
 */
export function createSvelteStaticFetcher(
  getPageToken: () => string | null | undefined,
): SourcedTokenFetcher {
  return async () => ({
    token: getPageToken() ?? undefined,
    source: "server-render",
  });
}
