import type { LaneId } from "./lanes";
import { createSvelteHybridFetcher } from "./svelteHybrid";
import { createSvelteStaticFetcher } from "./svelteStatic";
import {
  createServerEndpointFetcher,
  fetchTokenFromRoute,
} from "./serverEndpoint";
import { createPeriodicInvalidationFetcher } from "./periodicInvalidation";
import type { ClerkSessionGetToken, SourcedTokenFetcher } from "./types";

/** Where the designs get tokens from; injected so each design stays testable. */
export type LaneTokenSources = {
  /** The `convex` template token rendered with the page when it first loaded. */
  initialServerToken: string | null;
  /** The token in the most recent render of the page's server data. */
  latestServerToken: () => string | null;
  /** `window.Clerk.session.getToken`, current at call time. */
  sessionGetToken: ClerkSessionGetToken;
  fetchImpl?: typeof fetch;
};

/** The design's fetcher for a lane; `null` for the provider lanes (the provider makes one). */
export function createLaneFetcher(
  lane: LaneId,
  sources: LaneTokenSources,
): SourcedTokenFetcher | null {
  switch (lane) {
    case "official":
    case "official-reuse":
    case "patient-token":
      return null;
    case "svelte-hybrid":
      return createSvelteHybridFetcher({
        initialToken: sources.initialServerToken,
        sessionGetToken: sources.sessionGetToken,
      });
    case "svelte-static":
      return createSvelteStaticFetcher(() => sources.initialServerToken);
    case "server-endpoint":
      return createServerEndpointFetcher({
        initialToken: sources.initialServerToken,
        fetchFromEndpoint: () =>
          fetchTokenFromRoute(sources.fetchImpl ?? globalThis.fetch),
      });
    case "periodic-invalidation":
      return createPeriodicInvalidationFetcher(sources.latestServerToken);
  }
}
