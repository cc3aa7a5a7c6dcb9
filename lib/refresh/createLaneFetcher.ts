import type { LaneId } from "./lanes";
import { createHybridTokenFetcher } from "./svelteHybrid";
import { createStaticTokenFetcher } from "./svelteStatic";
import {
  createServerEndpointTokenFetcher,
  fetchTokenFromRoute,
} from "./serverEndpoint";
import { createLatestServerTokenFetcher } from "./periodicInvalidation";
import type { GetToken, SourcedTokenFetcher } from "./types";

/** Where the designs get tokens from; injected so each design stays testable. */
export type LaneTokenSources = {
  /** The token rendered with the page when it first loaded. */
  initialServerToken: string | null;
  /** The token in the most recent render of the page's server data. */
  latestServerToken: () => string | null;
  /** The app's client-side `useAuth().getToken`, current at call time. */
  getToken: GetToken;
  fetchImpl?: typeof fetch;
};

/** The design's fetcher for a lane; `null` for the official lane (its provider makes one). */
export function createLaneFetcher(
  lane: LaneId,
  sources: LaneTokenSources,
): SourcedTokenFetcher | null {
  switch (lane) {
    case "official":
      return null;
    case "svelte-hybrid":
      return createHybridTokenFetcher({
        initialToken: sources.initialServerToken,
        getToken: sources.getToken,
      });
    case "svelte-static":
      return createStaticTokenFetcher(() => sources.initialServerToken);
    case "server-endpoint":
      return createServerEndpointTokenFetcher({
        initialToken: sources.initialServerToken,
        fetchFromEndpoint: () =>
          fetchTokenFromRoute(sources.fetchImpl ?? globalThis.fetch),
      });
    case "periodic-invalidation":
      return createLatestServerTokenFetcher(sources.latestServerToken);
  }
}
