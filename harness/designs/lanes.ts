/**
 * The refresh designs the harness runs side by side, one Convex client each. A
 * design has one name everywhere: its lane id, its title, its file under
 * `designs/` and its factory (`svelte-static` = `designs/svelteStatic.ts` =
 * `createSvelteStaticFetcher`).
 */
export const LANE_IDS = [
  "official",
  "official-reuse",
  "patient-token",
  "svelte-hybrid",
  "svelte-static",
  "server-endpoint",
  "periodic-invalidation",
] as const;

export type LaneId = (typeof LANE_IDS)[number];

export type LaneDescription = {
  id: LaneId;
  /** The lane id, shown as the lane's heading. */
  title: LaneId;
  /** Where the design comes from, in plain words. */
  origin: string;
  /** How the lane supplies tokens, in one sentence. */
  design: string;
  /** What the Convex client's refresh flow predicts for it. */
  expectation: string;
};

export const LANES: Record<LaneId, LaneDescription> = {
  official: {
    id: "official",
    title: "official",
    origin: "The library's own path: the way this app does it.",
    design:
      'ConvexProviderWithClerk with useAuth from @clerk/nextjs: getToken({ skipCache: forceRefreshToken }) when the session token is made for Convex (aud "convex"), otherwise getToken({ template: "convex", skipCache }). The provider makes a new callback when the session, organization or role changes.',
    expectation:
      "Refreshes exp - iat - 10 s after each confirmation and keeps working; follows an organization switch at once; signs out cleanly.",
  },
  "official-reuse": {
    id: "official-reuse",
    title: "official-reuse",
    origin:
      "The library's own path with the client option initialAuthTokenReuse (convex 1.48).",
    design:
      "As official, on a ConvexReactClient made with initialAuthTokenReuse: true: the client sends its first token without the immediate forced refetch (authentication_manager.ts).",
    expectation:
      "As official, with one Authenticate message fewer on every page load.",
  },
  "patient-token": {
    id: "patient-token",
    title: "patient-token",
    origin:
      "This app's path: official with a getToken that waits out Clerk outages.",
    design:
      "ConvexProviderWithClerk with useAuthForConvex (lib/auth): Clerk's useAuth whose getToken retries a transient failure (network, 5xx, 429) until Clerk answers, probing with a session touch every 2 s.",
    expectation:
      "As official; and after a Clerk outage of any length, authenticated again once Clerk answers.",
  },
  "svelte-hybrid": {
    id: "svelte-hybrid",
    title: "svelte-hybrid",
    origin: "The SvelteKit app's final fix.",
    design:
      'The server-rendered template token once, then window.Clerk.session.getToken({ template: "convex", skipCache: forceRefreshToken }); errors become undefined. The callback is made once and never re-made.',
    expectation:
      "Refreshes like official. After an organization switch it keeps the old organization's token until its next scheduled refresh.",
  },
  "svelte-static": {
    id: "svelte-static",
    title: "svelte-static",
    origin: "The SvelteKit app's code before the fix (the bug).",
    design:
      'Always returns the token the server rendered with the page (auth().getToken({ template: "convex" })).',
    expectation:
      "The forced refetch right after the first confirmation returns the same token, so refreshing stops; the lane fails once that token expires.",
  },
  "server-endpoint": {
    id: "server-endpoint",
    title: "server-endpoint",
    origin: "The SvelteKit app's first attempt at a fix.",
    design:
      'The server-rendered template token once, then GET /api/convex-token, which mints a new token on the server with auth().getToken({ template: "convex" }) for the session in the cookie.',
    expectation:
      "Refreshes like official as long as the cookie's session is valid.",
  },
  "periodic-invalidation": {
    id: "periodic-invalidation",
    title: "periodic-invalidation",
    origin: 'The SvelteKit write-up\'s "solution 3".',
    design:
      "Returns the latest server-rendered template token; router.refresh() re-renders the page data (and the token) on an interval, 75% of the lifetime by default.",
    expectation:
      "Convex's forced refetches often get the unchanged token (refreshing stops); the lane survives only if the server's rejection of an expired token makes it read a newer page token in time.",
  },
};

/** Lanes that run the real ConvexProviderWithClerk around their client. */
export const PROVIDER_LANES = [
  "official",
  "official-reuse",
  "patient-token",
] as const satisfies readonly LaneId[];

export function usesProvider(
  lane: LaneId,
): lane is (typeof PROVIDER_LANES)[number] {
  return (PROVIDER_LANES as readonly string[]).includes(lane);
}

export function isLaneId(value: string): value is LaneId {
  return (LANE_IDS as readonly string[]).includes(value);
}
