/**
 * When the Convex client (1.48) asks for the next token, derived from
 * `authentication_manager.ts`:
 * - a token accepted from the first, unforced fetch is followed at once by a forced
 *   fetch (the "initial refetch");
 * - a token accepted from a forced fetch schedules the next forced fetch
 *   `exp - iat - leeway` seconds after acceptance (leeway 10 s by default);
 * - at or under the leeway it refetches immediately (a hot loop), and at 2 s or less,
 *   or without iat/exp, it never refreshes.
 */

/** The client's `authRefreshTokenLeewaySeconds` default (2 s before 1.32). */
export const DEFAULT_LEEWAY_SECONDS = 10;

/** The moment the SvelteKit write-up claims ("90% of the lifetime"), in seconds. */
export const SEED_CLAIMED_FRACTION = 0.9;

export type AcceptanceKind = "cached" | "fresh";

export type RefreshPrediction =
  | { kind: "immediate"; delaySeconds: 0; reason: string }
  | { kind: "scheduled"; delaySeconds: number }
  | { kind: "never"; reason: string };

/** Delay from acceptance to the client's next forced fetch. */
export function predictRefreshDelay(options: {
  acceptance: AcceptanceKind;
  iat: number | null;
  exp: number | null;
  leewaySeconds?: number;
}): RefreshPrediction {
  const leeway = options.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
  if (options.acceptance === "cached") {
    return {
      kind: "immediate",
      delaySeconds: 0,
      reason: "initial refetch after the first token is confirmed",
    };
  }
  if (options.iat === null || options.exp === null) {
    return { kind: "never", reason: "token has no iat/exp" };
  }
  const lifetime = options.exp - options.iat;
  if (lifetime <= 2) {
    return { kind: "never", reason: "token lives 2 s or less" };
  }
  const delay = Math.min(lifetime - leeway, 20 * 24 * 60 * 60);
  if (delay <= 0) {
    return {
      kind: "immediate",
      delaySeconds: 0,
      reason: `lifetime ${lifetime} s is within the ${leeway} s leeway (hot loop)`,
    };
  }
  return { kind: "scheduled", delaySeconds: delay };
}

/** Absolute time (ms) of the predicted next fetch, or null when none is expected. */
export function predictedRefreshAt(
  acceptedAtMs: number,
  prediction: RefreshPrediction,
): number | null {
  return prediction.kind === "never"
    ? null
    : acceptedAtMs + prediction.delaySeconds * 1000;
}

/** Seconds after acceptance: the real schedule beside the SvelteKit write-up's claim. */
export function refreshMomentComparison(
  lifetimeSeconds: number,
  leewaySeconds: number = DEFAULT_LEEWAY_SECONDS,
): {
  lifetimeSeconds: number;
  realSeconds: number;
  seedClaimSeconds: number;
  differenceSeconds: number;
} {
  const realSeconds = Math.max(0, lifetimeSeconds - leewaySeconds);
  const seedClaimSeconds = lifetimeSeconds * SEED_CLAIMED_FRACTION;
  return {
    lifetimeSeconds,
    realSeconds,
    seedClaimSeconds,
    differenceSeconds: seedClaimSeconds - realSeconds,
  };
}
