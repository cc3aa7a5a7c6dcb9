import type { LaneEvent } from "./events";
import { capped, describeClaims, note } from "./laneHistory";
import {
  SAMPLE_LIMIT,
  type AcceptanceRecord,
  type FetchRecord,
  type LaneStats,
} from "./laneStats";
import { predictRefreshDelay, predictedRefreshAt } from "./prediction";

/**
 * A lane's token cycle, as the client's callbacks and log report it. Each
 * `fetchToken` call is a `FetchRecord`:
 *
 *   pending  -> token | empty | error     (fetch-end)
 *   pending  -> dropped                   (client-closed, in laneEvents.ts)
 *
 * Each confirmation by the server is an `AcceptanceRecord`, which waits for the
 * client's next call so the predicted refresh can be put beside the real one:
 *
 *   awaiting next call -> measured        (fetch-start: measuredNextAt set)
 *   awaiting next call -> not measured    (set-auth: predictedNextAt cleared)
 *
 * The lane's schedule follows the client's:
 *
 *   scheduled (scheduledRefreshAt) -> fetching      (fetch-start)
 *   any                            -> refreshing    (auth-accepted: not stopped)
 *   any                            -> scheduled     (refresh-scheduled)
 *   any                            -> stopped       (refresh-stopped)
 */

type EventOf<T extends LaneEvent["type"]> = Extract<LaneEvent, { type: T }>;

export function applyFetchStart(
  lane: LaneStats,
  event: EventOf<"fetch-start">,
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
  // Awaiting next call -> measured: the first fetch after an acceptance is the
  // measured refresh moment.
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
      // Scheduled -> fetching: the timer the client set has fired.
      scheduledRefreshAt: null,
    },
    event.at,
    "info",
    `fetchToken({ forceRefreshToken: ${event.force} }) #${event.callId}`,
  );
}

export function applyFetchEnd(
  lane: LaneStats,
  event: EventOf<"fetch-end">,
): LaneStats {
  // Pending -> token | empty | error.
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

export function applyAcceptance(
  lane: LaneStats,
  event: EventOf<"auth-accepted">,
): LaneStats {
  // The server confirms the token the client sent, which is the last one returned.
  const claims = lane.lastReturnedClaims;
  const prediction = predictRefreshDelay({
    acceptance: event.kind,
    iat: claims?.iat ?? null,
    exp: claims?.exp ?? null,
  });
  // A new confirmation, awaiting the client's next call.
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
      // Any -> refreshing: a confirmed token restarts the client's refresh.
      refreshStopped: false,
    },
    event.at,
    "good",
    `server confirmed ${event.kind === "cached" ? "first" : "fresh"} token ${describeClaims(claims)}`,
  );
}

export function applyRefreshScheduled(
  lane: LaneStats,
  event: EventOf<"refresh-scheduled">,
): LaneStats {
  // Any -> scheduled.
  return note(
    { ...lane, scheduledRefreshAt: event.at + event.delayMs },
    event.at,
    "info",
    `client scheduled the next refresh in ${(event.delayMs / 1000).toFixed(1)} s`,
  );
}

export function applyRefreshStopped(
  lane: LaneStats,
  event: EventOf<"refresh-stopped">,
): LaneStats {
  // Any -> stopped: nothing is scheduled until the server rejects the token.
  return note(
    { ...lane, refreshStopped: true, scheduledRefreshAt: null },
    event.at,
    "warn",
    "client stopped refreshing (forced fetch returned the token it already had)",
  );
}

export function applySetAuth(
  lane: LaneStats,
  event: EventOf<"set-auth">,
): LaneStats {
  return note(
    {
      ...lane,
      // Awaiting next call -> not measured: a new callback replaces the client's
      // schedule, so the refresh predicted from the last confirmation will not
      // happen.
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
}
