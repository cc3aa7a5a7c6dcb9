import type { TokenSource } from "./types";

/**
 * official: not re-implemented here. The harness runs the real
 * `ConvexProviderWithClerk` from `convex/react-clerk` with `useAuth` from `@clerk/nextjs`, around
 * the lane's own client. The harness only observes the fetcher that provider hands to
 * `setAuth`, and labels its tokens with this source.
 */
export const OFFICIAL_TOKEN_SOURCE: TokenSource = "useAuth-getToken";
