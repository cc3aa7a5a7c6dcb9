import { errorText, type SourcedTokenFetcher } from "./types";

/** The route the server-endpoint design calls for a fresh token. */
export const CONVEX_TOKEN_ROUTE = "/api/convex-token";

/**
 * server-endpoint: the SvelteKit app's first attempt. The server-rendered token once,
 * then every further token from an app route (`/api/convex-token`) that mints one on
 * the server for the session in the request's cookie.
 */
export function createServerEndpointFetcher(deps: {
  initialToken: string | null | undefined;
  fetchFromEndpoint: () => Promise<string | null>;
}): SourcedTokenFetcher {
  let initialToken = deps.initialToken ?? null;
  return async ({ forceRefreshToken }) => {
    if (!forceRefreshToken && initialToken) {
      const token = initialToken;
      initialToken = null;
      return { token, source: "server-render" };
    }
    try {
      return {
        token: await deps.fetchFromEndpoint(),
        source: "token-endpoint",
      };
    } catch (error) {
      return { token: null, source: "token-endpoint", error: errorText(error) };
    }
  };
}

/**
 * GET `/api/convex-token`. 401 means signed out (`null`); anything else that is not
 * `{ token }` is an error the design reports.
 */
export async function fetchTokenFromRoute(
  fetchImpl: typeof fetch,
  url: string = CONVEX_TOKEN_ROUTE,
): Promise<string | null> {
  const response = await fetchImpl(url, {
    method: "GET",
    cache: "no-store",
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  if (response.status === 401) return null;
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  const body: unknown = await response.json();
  if (
    typeof body === "object" &&
    body !== null &&
    "token" in body &&
    (typeof body.token === "string" || body.token === null)
  ) {
    return body.token;
  }
  throw new Error(`${url} answered without a token field`);
}
