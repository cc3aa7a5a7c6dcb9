/**
 * Shared shapes for the refresh designs compared on /dev/auth-harness.
 *
 * Each design is a factory that returns a `SourcedTokenFetcher`: the same call the
 * Convex client makes (`fetchToken({ forceRefreshToken })`), answered with the token
 * and where it came from, so the harness can record the source without changing
 * what the design returns to Convex.
 */

export type FetchTokenArgs = { forceRefreshToken: boolean };

/** What `ConvexReactClient.setAuth` accepts. */
export type TokenFetcher = (
  args: FetchTokenArgs,
) => Promise<string | null | undefined>;

export type TokenSource =
  | "server-render"
  | "latest-server-render"
  | "clerk-session-getToken"
  | "token-endpoint"
  | "useAuth-getToken"
  | "none";

export type SourcedToken = {
  token: string | null | undefined;
  source: TokenSource;
  /** Set when the design swallowed an error (the token is then null/undefined). */
  error?: string;
};

export type SourcedTokenFetcher = (
  args: FetchTokenArgs,
) => Promise<SourcedToken>;

/** clerk-js's `session.getToken`; `undefined` when there is no session. */
export type ClerkSessionGetToken = (options: {
  template?: string;
  skipCache?: boolean;
}) => Promise<string | null | undefined>;

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
