import { LANE_IDS, type LaneId } from "@/harness/designs/lanes";
import { tokenLifetimeSeconds } from "./jwt";
import {
  laneCounters,
  latestRefreshTiming,
  type LaneCounters,
} from "./laneCounters";
import type { LaneStats } from "./laneStats";
import type { HarnessState } from "./pageState";
import { DEFAULT_LEEWAY_SECONDS } from "./prediction";
import {
  orgSwitchOutcome,
  type OrgSwitch,
  type OrgSwitchOutcome,
} from "./orgSwitch";
import {
  failuresDuringOutages,
  sharedOutages,
  type SharedOutage,
} from "./sharedOutages";
import type { TokenSettings } from "./tokenSettings";

/**
 * The exported session: downloaded as JSON and exposed read-only as
 * `window.__authHarness` for the end-to-end suite. Versioned so readers can check.
 */
export const SNAPSHOT_VERSION = 2;

export type HarnessSettings = {
  pollSeconds: number;
  enabledLanes: LaneId[];
  /** The local Clerk stand-in's token settings; null against real Clerk or before read. */
  tokenSettings: TokenSettings | null;
  periodicIntervalSeconds: number | null;
  leewaySeconds: number;
};

export type LaneSnapshot = {
  id: LaneId;
  enabled: boolean;
  counters: LaneCounters;
  isAuthenticated: boolean | null;
  isRefreshing: boolean;
  refreshStopped: boolean;
  whoamiSubject: string | null;
  lastPingError: string | null;
  lastPingOkAt: number | null;
  lastPingFailedAt: number | null;
  connection: LaneStats["connection"];
  token: {
    iat: number | null;
    exp: number | null;
    lifetimeSeconds: number | null;
    jti: string | null;
    orgId: string | null;
  } | null;
  /** When `setAuth` got a new callback (the first, then the official provider's re-makes). */
  setAuthCalls: number[];
  /** Failed pings during moments when every lane failed at once. */
  failuresDuringSharedOutages: number;
  /** How the lane reacted to the latest organization switch. */
  orgSwitch: OrgSwitchOutcome | null;
  scheduledRefreshAt: number | null;
  refreshTiming: ReturnType<typeof latestRefreshTiming>;
  fetches: LaneStats["fetches"];
  acceptances: LaneStats["acceptances"];
  authFailures: LaneStats["authFailures"];
  disconnects: LaneStats["disconnects"];
  pingSamples: LaneStats["pingSamples"];
  history: LaneStats["history"];
};

export type HarnessSnapshot = {
  version: typeof SNAPSHOT_VERSION;
  takenAt: number;
  startedAt: number;
  settings: HarnessSettings;
  orgSwitches: OrgSwitch[];
  sharedOutages: SharedOutage[];
  lanes: Record<LaneId, LaneSnapshot>;
};

function laneSnapshot(
  lane: LaneStats,
  enabled: boolean,
  outages: SharedOutage[],
  latestSwitch: OrgSwitch | null,
): LaneSnapshot {
  const claims = lane.currentClaims;
  return {
    id: lane.id,
    enabled,
    counters: laneCounters(lane),
    isAuthenticated: lane.isAuthenticated,
    isRefreshing: lane.isRefreshing,
    refreshStopped: lane.refreshStopped,
    whoamiSubject: lane.whoami.subject,
    lastPingError: lane.pings.lastError,
    lastPingOkAt: lane.pings.lastOkAt,
    lastPingFailedAt: lane.pings.lastFailedAt,
    connection: lane.connection,
    token: claims
      ? {
          iat: claims.iat,
          exp: claims.exp,
          lifetimeSeconds: tokenLifetimeSeconds(claims),
          jti: claims.jti,
          orgId: claims.orgId,
        }
      : null,
    setAuthCalls: lane.setAuthCalls,
    failuresDuringSharedOutages: failuresDuringOutages(lane, outages),
    orgSwitch: latestSwitch ? orgSwitchOutcome(lane, latestSwitch) : null,
    scheduledRefreshAt: lane.scheduledRefreshAt,
    refreshTiming: latestRefreshTiming(lane),
    fetches: lane.fetches,
    acceptances: lane.acceptances,
    authFailures: lane.authFailures,
    disconnects: lane.disconnects,
    pingSamples: lane.pingSamples,
    history: lane.history,
  };
}

export function buildSnapshot(
  state: HarnessState,
  settings: Omit<HarnessSettings, "leewaySeconds">,
  takenAt: number,
): HarnessSnapshot {
  const running = LANE_IDS.filter((id) => settings.enabledLanes.includes(id));
  const outages = sharedOutages(state.lanes, running);
  const latestSwitch = state.orgSwitches[state.orgSwitches.length - 1] ?? null;
  const lanes = {} as Record<LaneId, LaneSnapshot>;
  for (const id of LANE_IDS) {
    lanes[id] = laneSnapshot(
      state.lanes[id],
      settings.enabledLanes.includes(id),
      outages,
      latestSwitch,
    );
  }
  return {
    version: SNAPSHOT_VERSION,
    takenAt,
    startedAt: state.startedAt,
    settings: { ...settings, leewaySeconds: DEFAULT_LEEWAY_SECONDS },
    orgSwitches: state.orgSwitches,
    sharedOutages: outages,
    lanes,
  };
}

/** Deep-frozen copy, so page scripts reading `window.__authHarness` cannot alter it. */
export function freezeDeep<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freezeDeep(child);
  }
  return value;
}
