/**
 * Soak metrics for one harness lane, computed from its `window.__authHarness`
 * snapshot. Pure: the same snapshot always gives the same numbers.
 */
import type { LaneSnapshot } from "../../lib/harness/snapshot";
import { max, mean } from "./stats";

/** The snapshot fields the metrics read (so tests can build small fixtures). */
export type LaneSoakInput = Pick<
  LaneSnapshot,
  "id" | "counters" | "fetches" | "acceptances" | "isAuthenticated"
> & { refreshStopped: boolean };

export type LaneSoakMetrics = {
  lane: string;
  /** Confirmed fresh tokens: each is one completed refresh cycle. */
  refreshCycles: number;
  pingAttempts: number;
  pingFailures: number;
  tokenFetches: number;
  forcedFetches: number;
  emptyFetches: number;
  identicalTokens: number;
  /** Forced fetches per confirmed fresh token (1.0 = no wasted fetches); null with no cycles. */
  fetchesPerCycle: number | null;
  /** Measured minus predicted start of each scheduled refresh, in ms. */
  timingErrorMeanMs: number | null;
  timingErrorMaxAbsMs: number | null;
  timingSamples: number;
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
};

export function laneSoakMetrics(lane: LaneSoakInput): LaneSoakMetrics {
  const fresh = lane.acceptances.filter((a) => a.kind === "fresh");
  // Only scheduled refreshes have a formula to compare with; the initial refetch
  // ("cached" acceptance) is immediate by design.
  const timingErrors = fresh
    .filter((a) => a.predictedNextAt !== null && a.measuredNextAt !== null)
    .map((a) => a.measuredNextAt! - a.predictedNextAt!);

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
    pingFailures: lane.counters.pingFailures,
    tokenFetches: lane.counters.fetches,
    forcedFetches: lane.counters.forcedFetches,
    emptyFetches: lane.counters.emptyFetches,
    identicalTokens: lane.counters.identicalTokens,
    fetchesPerCycle: fresh.length > 0 ? forced.length / fresh.length : null,
    timingErrorMeanMs: mean(timingErrors),
    timingErrorMaxAbsMs: max(timingErrors.map(Math.abs)),
    timingSamples: timingErrors.length,
    reconnects: lane.counters.reconnects,
    authFailures: lane.counters.authFailures,
    swapMeanMs: mean(swaps),
    swapMaxMs: max(swaps),
    fetchMeanMs: mean(durations),
    fetchMaxMs: max(durations),
    authenticatedAtEnd: lane.isAuthenticated,
    refreshStopped: lane.refreshStopped,
  };
}
