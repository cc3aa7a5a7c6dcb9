import type { Page } from "@playwright/test";
import type { HarnessSnapshot, LaneSnapshot } from "../../model/snapshot";

export type { HarnessSnapshot, LaneSnapshot };

/** `window.__authHarness`, or null before the harness has mounted. */
export async function readHarness(page: Page): Promise<HarnessSnapshot | null> {
  return page.evaluate(() =>
    window.__authHarness ? structuredClone(window.__authHarness) : null,
  );
}

/** What one lane did during the run, reduced to the numbers the matrix reports. */
export type LaneSummary = {
  lane: string;
  firstAcceptedAt: number | null;
  /** `exp` of the first token the server accepted, in ms. */
  firstExpiryAt: number | null;
  fetches: number;
  forcedFetches: number;
  unforcedFetches: number;
  identicalTokens: number;
  emptyFetches: number;
  acceptances: number;
  freshAcceptances: number;
  /** Fresh acceptances whose next fetch was seen: measured - predicted, ms. */
  refreshErrorsMs: number[];
  pingAttempts: number;
  pingSuccesses: number;
  pingFailures: number;
  lastPingOkAt: number | null;
  lastPingFailedAt: number | null;
  authFailures: number;
  reconnects: number;
  isAuthenticated: boolean | null;
  refreshStopped: boolean;
  whoamiSubject: string | null;
};

export function summarizeLane(lane: LaneSnapshot): LaneSummary {
  const first = lane.acceptances[0];
  const fresh = lane.acceptances.filter((a) => a.kind === "fresh");
  return {
    lane: lane.id,
    firstAcceptedAt: first?.at ?? null,
    firstExpiryAt: first?.claims?.exp != null ? first.claims.exp * 1000 : null,
    fetches: lane.counters.fetches,
    forcedFetches: lane.counters.forcedFetches,
    unforcedFetches: lane.counters.fetches - lane.counters.forcedFetches,
    identicalTokens: lane.counters.identicalTokens,
    emptyFetches: lane.counters.emptyFetches,
    acceptances: lane.counters.acceptances,
    freshAcceptances: fresh.length,
    refreshErrorsMs: fresh
      .filter((a) => a.predictedNextAt !== null && a.measuredNextAt !== null)
      .map((a) => a.measuredNextAt! - a.predictedNextAt!),
    pingAttempts: lane.counters.pingAttempts,
    pingSuccesses: lane.counters.pingSuccesses,
    pingFailures: lane.counters.pingFailures,
    lastPingOkAt: lane.lastPingOkAt,
    lastPingFailedAt: lane.lastPingFailedAt,
    authFailures: lane.counters.authFailures,
    reconnects: lane.counters.reconnects,
    isAuthenticated: lane.isAuthenticated,
    refreshStopped: lane.refreshStopped,
    whoamiSubject: lane.whoamiSubject,
  };
}

export function maxAbs(values: number[]): number | null {
  return values.length === 0
    ? null
    : Math.max(...values.map((value) => Math.abs(value)));
}
