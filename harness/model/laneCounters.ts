import type { LaneStats } from "./laneStats";

/** Counters a lane panel, the export and the E2E suite read. */
export type LaneCounters = {
  fetches: number;
  forcedFetches: number;
  identicalTokens: number;
  emptyFetches: number;
  acceptances: number;
  pingAttempts: number;
  pingSuccesses: number;
  pingFailures: number;
  authFailures: number;
  reconnects: number;
  disconnects: number;
};

export function laneCounters(lane: LaneStats): LaneCounters {
  return {
    fetches: lane.fetches.length,
    forcedFetches: lane.fetches.filter((f) => f.force).length,
    identicalTokens: lane.fetches.filter(
      (f) => f.outcome === "token" && f.changed === false,
    ).length,
    emptyFetches: lane.fetches.filter(
      (f) => f.outcome === "empty" || f.outcome === "error",
    ).length,
    acceptances: lane.acceptances.length,
    pingAttempts: lane.pings.attempts,
    pingSuccesses: lane.pings.successes,
    pingFailures: lane.pings.failures,
    authFailures: lane.authFailures.length,
    reconnects: lane.reconnects,
    disconnects: lane.disconnects.length,
  };
}

/** The latest acceptance with a measured follow-up: predicted vs measured refresh. */
export function latestRefreshTiming(lane: LaneStats): {
  acceptedAt: number;
  predictedAt: number | null;
  measuredAt: number | null;
  differenceMs: number | null;
} | null {
  const last = lane.acceptances[lane.acceptances.length - 1];
  if (!last) return null;
  return {
    acceptedAt: last.at,
    predictedAt: last.predictedNextAt,
    measuredAt: last.measuredNextAt,
    differenceMs:
      last.predictedNextAt !== null && last.measuredNextAt !== null
        ? last.measuredNextAt - last.predictedNextAt
        : null,
  };
}
