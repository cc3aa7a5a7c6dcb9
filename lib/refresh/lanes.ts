/** The refresh designs the harness runs side by side, one Convex client each. */
export const LANE_IDS = [
  "official",
  "svelte-hybrid",
  "svelte-static",
  "server-endpoint",
  "periodic-invalidation",
] as const;

export type LaneId = (typeof LANE_IDS)[number];

export type LaneDescription = {
  id: LaneId;
  title: string;
  /** How the lane supplies tokens, in one sentence. */
  design: string;
  /** What the Convex client's refresh flow predicts for it. */
  expectation: string;
};

export const LANES: Record<LaneId, LaneDescription> = {
  official: {
    id: "official",
    title: "Official provider",
    design:
      'ConvexProviderWithClerk with the app\'s useAuth: getToken({ template: "convex", skipCache: forceRefreshToken }), re-made when the session changes.',
    expectation:
      "Refreshes exp - iat - 10 s after each acceptance and keeps working; signs out cleanly.",
  },
  "svelte-hybrid": {
    id: "svelte-hybrid",
    title: "SvelteKit final fix (hybrid)",
    design:
      'The server-rendered token once, then client-side getToken({ template: "convex", skipCache: forceRefreshToken }); errors become undefined.',
    expectation:
      "Behaves like the official lane while signed in; it is never re-made, so it depends on getToken tracking the session.",
  },
  "svelte-static": {
    id: "svelte-static",
    title: "SvelteKit original bug (static)",
    design: "Always returns the token rendered with the page.",
    expectation:
      "The forced refetch right after the first acceptance returns the same token, so refreshing stops; the lane fails once that token expires.",
  },
  "server-endpoint": {
    id: "server-endpoint",
    title: "Server endpoint",
    design:
      "The server-rendered token once, then GET /api/convex-token, minted on the server from the session cookie.",
    expectation:
      "Refreshes like the official lane as long as the route can mint a token for the cookie's session.",
  },
  "periodic-invalidation": {
    id: "periodic-invalidation",
    title: "Periodic page-data refresh",
    design:
      "Returns the latest server-rendered token; router.refresh() re-renders the page data (and the token) on an interval, 75% of the lifetime by default.",
    expectation:
      "Convex's forced refetches often get the unchanged token (refreshing stops); the lane survives only if the server errors on expiry make it re-read a newer token in time.",
  },
};

export function isLaneId(value: string): value is LaneId {
  return (LANE_IDS as readonly string[]).includes(value);
}
