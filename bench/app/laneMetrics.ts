/**
 * Soak metrics for one harness lane, computed from its `window.__authHarness`
 * snapshot. Pure: the same snapshot always gives the same numbers.
 *
 * Harness times are the page's `Date.now()` (ms); token `iat`/`exp` are whole
 * seconds from the same machine's clock, so they compare directly. `iat` is rounded
 * down by the issuer, which makes a token look up to 1 s older than it is.
 */
import type { LaneSnapshot } from "../../harness/model/snapshot";
import { max, mean, median } from "./stats";

/** The snapshot fields the metrics read (so tests can build small fixtures). */
export type LaneSoakInput = Pick<
  LaneSnapshot,
  "id" | "counters" | "fetches" | "acceptances" | "isAuthenticated"
> &
  Partial<Pick<LaneSnapshot, "history">> & {
    refreshStopped: boolean;
    /** When the soak was read (the snapshot's `takenAt`). */
    endAt: number;
  };

export type LaneSoakMetrics = {
  lane: string;
  /** Confirmed fresh tokens: each is one completed refresh cycle. */
  refreshCycles: number;
  pingAttempts: number;
  /** Failed queries from the lane's first confirmed token on (what refreshing is about). */
  pingFailures: number;
  /** Failed queries before the lane's first token was confirmed (start-up, not expiry). */
  pingFailuresBeforeAuth: number;
  tokenFetches: number;
  forcedFetches: number;
  emptyFetches: number;
  identicalTokens: number;
  /** Forced fetches per confirmed fresh token (1.0 = no wasted fetches); null with no cycles. */
  fetchesPerCycle: number | null;
  /**
   * Age (s) of the token the lane held when it started each scheduled refresh: the
   * design's refresh moment within the token's life. Needs a confirmed fresh token
   * before the fetch (the initial refetch right after the first token is left out).
   */
  refreshAgeMedianSeconds: number | null;
  refreshAgeMaxSeconds: number | null;
  refreshAgeSamples: number;
  /** `exp - iat` of the tokens those refreshes replaced. */
  lifetimeSeconds: number | null;
  /**
   * Seconds, after the first confirmed token, during which the token the server
   * last confirmed had already expired: the time the design ran on an expired token.
   */
  expiredSeconds: number;
  /** Separate stretches of such time. */
  expiredStretches: number;
  reconnects: number;
  authFailures: number;
  /** From a forced fetch's start to the server confirming the token it returned. */
  swapMeanMs: number | null;
  swapMaxMs: number | null;
  /** How long the token fetch itself took (the callback's await). */
  fetchMeanMs: number | null;
  fetchMaxMs: number | null;
  authenticatedAtEnd: boolean | null;
  refreshStopped: boolean;
  /** Distinct reasons queries failed, from the lane's history. */
  pingErrors: string[];
  /** When queries failed, in seconds after the lane's first confirmed token (negative: before it). */
  pingFailureOffsets: number[];
};

type Acceptance = LaneSoakInput["acceptances"][number];

/** A query sent before the first token fails by this long after its confirmation. */
export const STARTUP_ANSWER_MS = 1000;

/** How the harness words a failed query in a lane's history. */
const PING_FAILED = "ping failed: ";

/** The last acceptance at or before `at` (acceptances are in time order). */
function heldAt(acceptances: readonly Acceptance[], at: number) {
  let held: Acceptance | null = null;
  for (const acceptance of acceptances) {
    if (acceptance.at > at) break;
    held = acceptance;
  }
  return held;
}

export function refreshAges(lane: LaneSoakInput): {
  ages: number[];
  lifetimes: number[];
} {
  const ages: number[] = [];
  const lifetimes: number[] = [];
  for (const fetch of lane.fetches) {
    if (!fetch.force) continue;
    const held = heldAt(lane.acceptances, fetch.startedAt);
    const iat = held?.claims?.iat ?? null;
    const exp = held?.claims?.exp ?? null;
    if (held?.kind !== "fresh" || iat === null || exp === null) continue;
    ages.push(fetch.startedAt / 1000 - iat);
    lifetimes.push(exp - iat);
  }
  return { ages, lifetimes };
}

export function expiredTime(
  acceptances: readonly Acceptance[],
  endAt: number,
): { seconds: number; stretches: number } {
  let total = 0;
  let stretches = 0;
  acceptances.forEach((acceptance, index) => {
    const until = Math.min(acceptances[index + 1]?.at ?? endAt, endAt);
    const exp = acceptance.claims?.exp ?? null;
    if (exp === null) return;
    const expired = until - Math.max(exp * 1000, acceptance.at);
    if (expired > 0) {
      total += expired;
      stretches += 1;
    }
  });
  return { seconds: total / 1000, stretches };
}

export function laneSoakMetrics(lane: LaneSoakInput): LaneSoakMetrics {
  const firstConfirmedAt = lane.acceptances[0]?.at ?? Number.POSITIVE_INFINITY;
  const failureEntries = (lane.history ?? []).filter((entry) =>
    entry.text.startsWith(PING_FAILED),
  );
  // The history keeps when a query failed, not when it was sent: one sent before
  // the first token is answered around that token's confirmation. The history is
  // capped, so early entries may be gone: those count as after.
  const beforeAuth = Math.min(
    lane.counters.pingFailures,
    failureEntries.filter(
      (entry) => entry.at <= firstConfirmedAt + STARTUP_ANSWER_MS,
    ).length,
  );
  const fresh = lane.acceptances.filter((a) => a.kind === "fresh");
  const { ages, lifetimes } = refreshAges(lane);
  const expired = expiredTime(lane.acceptances, lane.endAt);

  const forced = lane.fetches.filter((f) => f.force);
  const swaps: number[] = [];
  const durations: number[] = [];
  for (const fetch of forced) {
    if (fetch.finishedAt !== null)
      durations.push(fetch.finishedAt - fetch.startedAt);
    if (
      fetch.outcome !== "token" ||
      !fetch.changed ||
      fetch.finishedAt === null
    )
      continue;
    const confirmed = lane.acceptances.find(
      (a) => a.kind === "fresh" && a.at >= fetch.finishedAt!,
    );
    // A confirmation after a later fetch started belongs to that later fetch.
    const nextFetch = lane.fetches.find((f) => f.startedAt > fetch.startedAt);
    if (confirmed && (!nextFetch || confirmed.at <= nextFetch.startedAt)) {
      swaps.push(confirmed.at - fetch.startedAt);
    }
  }

  return {
    lane: lane.id,
    refreshCycles: fresh.length,
    pingAttempts: lane.counters.pingAttempts,
    pingFailures: lane.counters.pingFailures - beforeAuth,
    pingFailuresBeforeAuth: beforeAuth,
    tokenFetches: lane.counters.fetches,
    forcedFetches: lane.counters.forcedFetches,
    emptyFetches: lane.counters.emptyFetches,
    identicalTokens: lane.counters.identicalTokens,
    fetchesPerCycle: fresh.length > 0 ? forced.length / fresh.length : null,
    refreshAgeMedianSeconds: median(ages),
    refreshAgeMaxSeconds: max(ages),
    refreshAgeSamples: ages.length,
    lifetimeSeconds: median(lifetimes),
    expiredSeconds: expired.seconds,
    expiredStretches: expired.stretches,
    reconnects: lane.counters.reconnects,
    authFailures: lane.counters.authFailures,
    swapMeanMs: mean(swaps),
    swapMaxMs: max(swaps),
    fetchMeanMs: mean(durations),
    fetchMaxMs: max(durations),
    authenticatedAtEnd: lane.isAuthenticated,
    refreshStopped: lane.refreshStopped,
    pingFailureOffsets: failureEntries.map(
      (entry) =>
        Math.round((entry.at - (lane.acceptances[0]?.at ?? entry.at)) / 100) /
        10,
    ),
    pingErrors: [
      ...new Set(
        failureEntries.map((entry) => entry.text.slice(PING_FAILED.length)),
      ),
    ],
  };
}
