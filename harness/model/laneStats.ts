import { LANE_IDS, type LaneId } from "@/harness/designs/lanes";
import type { TokenSource } from "@/harness/designs/types";
import type { ConnectionSample, HarnessAction, LaneEvent } from "./events";
import type { OrgSwitch } from "./orgSwitch";
import { tokenLifetimeSeconds, type TokenClaims } from "./jwt";
import {
  predictRefreshDelay,
  predictedRefreshAt,
  type AcceptanceKind,
} from "./prediction";

export const HISTORY_LIMIT = 200;
export const SAMPLE_LIMIT = 2000;

export type FetchRecord = {
  callId: number;
  startedAt: number;
  finishedAt: number | null;
  force: boolean;
  source: TokenSource | null;
  outcome: "pending" | "token" | "empty" | "error";
  claims: TokenClaims | null;
  changed: boolean | null;
  error: string | null;
};

export type AcceptanceRecord = {
  at: number;
  kind: AcceptanceKind;
  claims: TokenClaims | null;
  /** When the client should ask again, per the client's own formula. */
  predictedNextAt: number | null;
  /** When it did ask (the next fetch start), once seen. */
  measuredNextAt: number | null;
};

export type PingSample = { at: number; ok: boolean; error: string | null };

export type HistoryEntry = {
  at: number;
  tone: "info" | "good" | "bad" | "warn";
  text: string;
};

export type LaneStats = {
  id: LaneId;
  fetches: FetchRecord[];
  acceptances: AcceptanceRecord[];
  /** Token last returned with a value; the one the client sends next. */
  lastReturnedClaims: TokenClaims | null;
  /** Token the server last confirmed. */
  currentClaims: TokenClaims | null;
  scheduledRefreshAt: number | null;
  refreshStopped: boolean;
  isAuthenticated: boolean | null;
  isRefreshing: boolean;
  pings: {
    attempts: number;
    successes: number;
    failures: number;
    inFlight: number;
    lastError: string | null;
    lastOkAt: number | null;
    lastFailedAt: number | null;
  };
  pingSamples: PingSample[];
  whoami: {
    subject: string | null;
    updates: number;
    error: string | null;
    at: number | null;
  };
  connection: ConnectionSample | null;
  /** Connections after the first one. */
  reconnects: number;
  disconnects: { from: number; to: number | null }[];
  authFailures: { at: number; error: string }[];
  /** Times `setAuth` was called with a new callback. */
  setAuthCalls: number[];
  history: HistoryEntry[];
};

export type HarnessState = {
  startedAt: number;
  lanes: Record<LaneId, LaneStats>;
  /** Organization switches made on the page, oldest first. */
  orgSwitches: OrgSwitch[];
};

export function emptyLaneStats(id: LaneId): LaneStats {
  return {
    id,
    fetches: [],
    acceptances: [],
    lastReturnedClaims: null,
    currentClaims: null,
    scheduledRefreshAt: null,
    refreshStopped: false,
    isAuthenticated: null,
    isRefreshing: false,
    pings: {
      attempts: 0,
      successes: 0,
      failures: 0,
      inFlight: 0,
      lastError: null,
      lastOkAt: null,
      lastFailedAt: null,
    },
    pingSamples: [],
    whoami: { subject: null, updates: 0, error: null, at: null },
    connection: null,
    reconnects: 0,
    disconnects: [],
    authFailures: [],
    setAuthCalls: [],
    history: [],
  };
}

export function initialHarnessState(startedAt: number): HarnessState {
  const lanes = {} as Record<LaneId, LaneStats>;
  for (const id of LANE_IDS) lanes[id] = emptyLaneStats(id);
  return { startedAt, lanes, orgSwitches: [] };
}

function capped<T>(items: T[], item: T, limit: number): T[] {
  const next = [...items, item];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

function note(
  lane: LaneStats,
  at: number,
  tone: HistoryEntry["tone"],
  text: string,
): LaneStats {
  return {
    ...lane,
    history: capped(lane.history, { at, tone, text }, HISTORY_LIMIT),
  };
}

function describeClaims(claims: TokenClaims | null): string {
  if (!claims) return "not a JWT";
  const lifetime = tokenLifetimeSeconds(claims);
  return `…${claims.tail}${lifetime === null ? "" : `, lives ${lifetime} s`}`;
}

function applyFetchStart(
  lane: LaneStats,
  event: Extract<LaneEvent, { type: "fetch-start" }>,
): LaneStats {
  const record: FetchRecord = {
    callId: event.callId,
    startedAt: event.at,
    finishedAt: null,
    force: event.force,
    source: null,
    outcome: "pending",
    claims: null,
    changed: null,
    error: null,
  };
  // The first fetch after an acceptance is the measured refresh moment.
  const acceptances = lane.acceptances.map((acceptance, index) =>
    index === lane.acceptances.length - 1 && acceptance.measuredNextAt === null
      ? { ...acceptance, measuredNextAt: event.at }
      : acceptance,
  );
  return note(
    {
      ...lane,
      fetches: capped(lane.fetches, record, SAMPLE_LIMIT),
      acceptances,
      scheduledRefreshAt: null,
    },
    event.at,
    "info",
    `fetchToken({ forceRefreshToken: ${event.force} }) #${event.callId}`,
  );
}

function applyFetchEnd(
  lane: LaneStats,
  event: Extract<LaneEvent, { type: "fetch-end" }>,
): LaneStats {
  const fetches = lane.fetches.map((record) =>
    record.callId === event.callId
      ? {
          ...record,
          finishedAt: event.at,
          source: event.source,
          outcome: event.outcome,
          claims: event.claims,
          changed: event.changed,
          error: event.error ?? null,
        }
      : record,
  );
  const next = {
    ...lane,
    fetches,
    lastReturnedClaims:
      event.outcome === "token" ? event.claims : lane.lastReturnedClaims,
  };
  if (event.outcome === "token") {
    return note(
      next,
      event.at,
      event.changed ? "good" : "warn",
      `#${event.callId} ${event.source}: ${event.changed ? "new" : "IDENTICAL"} token ${describeClaims(event.claims)}`,
    );
  }
  return note(
    next,
    event.at,
    "bad",
    `#${event.callId} ${event.source}: no token${event.error ? ` (${event.error})` : ""}`,
  );
}

function applyAcceptance(
  lane: LaneStats,
  event: Extract<LaneEvent, { type: "auth-accepted" }>,
): LaneStats {
  const claims = lane.lastReturnedClaims;
  const prediction = predictRefreshDelay({
    acceptance: event.kind,
    iat: claims?.iat ?? null,
    exp: claims?.exp ?? null,
  });
  const record: AcceptanceRecord = {
    at: event.at,
    kind: event.kind,
    claims,
    predictedNextAt: predictedRefreshAt(event.at, prediction),
    measuredNextAt: null,
  };
  return note(
    {
      ...lane,
      acceptances: capped(lane.acceptances, record, SAMPLE_LIMIT),
      currentClaims: claims,
      refreshStopped: false,
    },
    event.at,
    "good",
    `server confirmed ${event.kind === "cached" ? "first" : "fresh"} token ${describeClaims(claims)}`,
  );
}

function applyConnection(
  lane: LaneStats,
  event: Extract<LaneEvent, { type: "connection" }>,
): LaneStats {
  const previous = lane.connection;
  const state = event.state;
  let disconnects = lane.disconnects;
  let next: LaneStats = lane;
  const wasConnected = previous?.isWebSocketConnected ?? false;
  if (wasConnected && !state.isWebSocketConnected) {
    disconnects = capped(
      disconnects,
      { from: event.at, to: null },
      SAMPLE_LIMIT,
    );
    next = note(next, event.at, "bad", "WebSocket disconnected");
  } else if (!wasConnected && state.isWebSocketConnected) {
    disconnects = disconnects.map((gap) =>
      gap.to === null ? { ...gap, to: event.at } : gap,
    );
    if (state.connectionCount > 1) {
      next = note(
        next,
        event.at,
        "info",
        `WebSocket reconnected (connection #${state.connectionCount})`,
      );
    }
  }
  return {
    ...next,
    connection: state,
    disconnects,
    reconnects: Math.max(0, state.connectionCount - 1),
  };
}

function applyPingEnd(
  lane: LaneStats,
  event: Extract<LaneEvent, { type: "ping-end" }>,
): LaneStats {
  const pings = {
    ...lane.pings,
    inFlight: Math.max(0, lane.pings.inFlight - 1),
    successes: lane.pings.successes + (event.ok ? 1 : 0),
    failures: lane.pings.failures + (event.ok ? 0 : 1),
    lastError: event.ok ? lane.pings.lastError : (event.error ?? "failed"),
    lastOkAt: event.ok ? event.at : lane.pings.lastOkAt,
    lastFailedAt: event.ok ? lane.pings.lastFailedAt : event.at,
  };
  const next = {
    ...lane,
    pings,
    pingSamples: capped(
      lane.pingSamples,
      { at: event.at, ok: event.ok, error: event.error ?? null },
      SAMPLE_LIMIT,
    ),
  };
  // Successes are the steady state; only failures go to the history.
  return event.ok
    ? next
    : note(next, event.at, "bad", `ping failed: ${event.error ?? "failed"}`);
}

/** Applies one lane event. Pure: the same events always give the same stats. */
export function reduceLaneEvent(lane: LaneStats, event: LaneEvent): LaneStats {
  switch (event.type) {
    case "fetch-start":
      return applyFetchStart(lane, event);
    case "fetch-end":
      return applyFetchEnd(lane, event);
    case "auth-accepted":
      return applyAcceptance(lane, event);
    case "refresh-scheduled":
      return note(
        { ...lane, scheduledRefreshAt: event.at + event.delayMs },
        event.at,
        "info",
        `client scheduled the next refresh in ${(event.delayMs / 1000).toFixed(1)} s`,
      );
    case "refresh-stopped":
      return note(
        { ...lane, refreshStopped: true, scheduledRefreshAt: null },
        event.at,
        "warn",
        "client stopped refreshing (forced fetch returned the token it already had)",
      );
    case "reauthenticating":
      return note(
        lane,
        event.at,
        "warn",
        `server rejected the token: ${event.error}`,
      );
    case "auth-failed":
      return note(
        {
          ...lane,
          authFailures: capped(
            lane.authFailures,
            { at: event.at, error: event.error },
            SAMPLE_LIMIT,
          ),
        },
        event.at,
        "bad",
        event.error,
      );
    case "auth-change":
      return note(
        { ...lane, isAuthenticated: event.isAuthenticated },
        event.at,
        event.isAuthenticated ? "good" : "bad",
        event.isAuthenticated ? "authenticated" : "unauthenticated",
      );
    case "auth-cleared":
      return note(
        {
          ...lane,
          isAuthenticated: false,
          scheduledRefreshAt: null,
          currentClaims: null,
        },
        event.at,
        "warn",
        "clearAuth()",
      );
    case "set-auth":
      return note(
        {
          ...lane,
          // A new callback replaces the client's schedule: the refresh predicted
          // from the last confirmation will not happen, so it is not measured.
          acceptances: lane.acceptances.map((acceptance, index) =>
            index === lane.acceptances.length - 1 &&
            acceptance.measuredNextAt === null
              ? { ...acceptance, predictedNextAt: null }
              : acceptance,
          ),
          setAuthCalls: capped(lane.setAuthCalls, event.at, SAMPLE_LIMIT),
        },
        event.at,
        "info",
        "setAuth: the client got a new token callback",
      );
    case "refreshing":
      return { ...lane, isRefreshing: event.isRefreshing };
    case "connection":
      return applyConnection(lane, event);
    case "ping-start":
      return {
        ...lane,
        pings: {
          ...lane.pings,
          attempts: lane.pings.attempts + 1,
          inFlight: lane.pings.inFlight + 1,
        },
      };
    case "ping-end":
      return applyPingEnd(lane, event);
    case "whoami": {
      const changed =
        event.subject !== lane.whoami.subject ||
        (event.error ?? null) !== lane.whoami.error;
      const next = {
        ...lane,
        whoami: {
          subject: event.subject,
          updates: lane.whoami.updates + 1,
          error: event.error ?? null,
          at: event.at,
        },
      };
      if (!changed) return next;
      return note(
        next,
        event.at,
        event.error ? "bad" : event.subject ? "good" : "warn",
        event.error
          ? `whoami failed: ${event.error}`
          : `whoami: ${event.subject ?? "null (anonymous)"}`,
      );
    }
    case "note":
      return note(lane, event.at, event.tone, event.text);
    case "client-closed":
      // Calls still open belong to a client nobody listens to any more.
      return {
        ...lane,
        fetches: lane.fetches.filter((f) => f.outcome !== "pending"),
        pings: { ...lane.pings, inFlight: 0 },
      };
    case "client-log":
      return note(
        lane,
        event.at,
        event.level === "error" ? "bad" : "warn",
        event.text,
      );
  }
}

/** Whole-page reducer: lane events, and reset (stats only; the lanes keep running). */
export function harnessReducer(
  state: HarnessState,
  action: HarnessAction,
): HarnessState {
  switch (action.type) {
    case "lane-event":
      return {
        ...state,
        lanes: {
          ...state.lanes,
          [action.lane]: reduceLaneEvent(
            state.lanes[action.lane],
            action.event,
          ),
        },
      };
    case "reset": {
      const fresh = initialHarnessState(action.at);
      // Keep what describes the present, drop what describes the past.
      for (const id of LANE_IDS) {
        const old = state.lanes[id];
        fresh.lanes[id] = {
          ...fresh.lanes[id],
          currentClaims: old.currentClaims,
          lastReturnedClaims: old.lastReturnedClaims,
          isAuthenticated: old.isAuthenticated,
          isRefreshing: old.isRefreshing,
          refreshStopped: old.refreshStopped,
          scheduledRefreshAt: old.scheduledRefreshAt,
          connection: old.connection,
          whoami: old.whoami,
        };
      }
      return fresh;
    }
    case "org-switch":
      return {
        ...state,
        orgSwitches: capped(state.orgSwitches, action.orgSwitch, HISTORY_LIMIT),
      };
  }
}

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
